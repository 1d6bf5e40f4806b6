//! Test support: a fresh, migrated database on each backend, and `both_dbs!`.
//!
//! PostgreSQL comes from `TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! each test gets its own new database. When PostgreSQL is unreachable the PostgreSQL half of a
//! test prints why and passes as skipped, except with `CI=true`, where it fails.

use store::Db;

pub async fn sqlite() -> Db {
    let dir = std::env::temp_dir().join(format!(
        "conferencia-test-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = format!("sqlite://{}/t.db", dir.display());
    let db = Db::connect(&url).await.expect("sqlite connect");
    db.migrate().await.expect("sqlite migrate");
    db
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A fresh PostgreSQL database, or None (with a printed reason) when PostgreSQL is not there.
pub async fn postgres() -> Option<Db> {
    let url = postgres_url().await?;
    let db = Db::connect(&url).await.expect("postgres connect");
    db.migrate().await.expect("postgres migrate");
    Some(db)
}

/// The URL of a fresh, empty (unmigrated) PostgreSQL database, or None (with a printed reason)
/// when PostgreSQL is not there; with `CI=true` a missing PostgreSQL panics instead.
/// For tests that start the `conferencia` binary on their own database.
pub async fn postgres_url() -> Option<String> {
    use sqlx::Connection;
    let base = std::env::var("TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let mut admin = match sqlx::PgConnection::connect(&base).await {
        Ok(c) => c,
        Err(e) => {
            if ci() {
                panic!("CI=true and PostgreSQL is unreachable at {base}: {e}");
            }
            eprintln!(
                "SKIPPED (PostgreSQL): unreachable at {base}: {e}. Set TEST_PG_URL or start PostgreSQL."
            );
            return None;
        }
    };
    let name = format!("conferencia_t_{}", uuid::Uuid::now_v7().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await
        .expect("create test database");
    let (prefix, _) = base.rsplit_once('/').expect("database url has a path");
    Some(format!("{prefix}/{name}"))
}

/// Runs one async test body on SQLite and on PostgreSQL: `both_dbs!(name, |db| async move { … });`
#[macro_export]
macro_rules! both_dbs {
    ($name:ident, |$db:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let $db = $crate::sqlite().await;
                $body.await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some($db) = $crate::postgres().await else {
                    return;
                };
                $body.await
            }
        }
    };
}
