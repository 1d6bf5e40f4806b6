//! Test support: a fresh, migrated database on each backend, `both_dbs!`, and the row builders
//! both the app and the web tests use (a conference by slug, a stage open now, a check-in today).
//!
//! PostgreSQL comes from `TEST_PG_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
//! each test gets its own new database. When PostgreSQL is unreachable the PostgreSQL half of a
//! test prints why and passes as skipped, except with `CI=true`, where it fails.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::Db;
use store::entities::{checkin, conference, eixo, registration, stage, unit};

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

/// The conference with this slug; panics when there is none.
pub async fn conference_by_slug(db: &Db, slug: &str) -> conference::Model {
    conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

/// Adds a stage of `kind` to the conference `slug`, open from `around` ago until `around` from
/// now (the demo's own stages are in 2025).
pub async fn open_stage(db: &Db, slug: &str, kind: &str, title: &str, around: chrono::Duration) {
    let c = conference_by_slug(db, slug).await;
    let now = chrono::Utc::now();
    stage::Entity::insert(stage::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(c.id),
        kind: Set(kind.into()),
        title: Set(title.into()),
        description: Set(None),
        starts_at: Set(now - around),
        ends_at: Set(Some(now + around)),
        place: Set(None),
        online_url: Set(None),
        set_by_units: Set(false),
        cancelled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

/// The registration with this code; panics when there is none.
pub async fn registration_by_code(db: &Db, code: &str) -> registration::Model {
    registration::Entity::find()
        .filter(registration::Column::Code.eq(code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

/// Today in São Paulo, the conferences' time zone.
/// The clock the tests seed the demo conference with (`app::demo::seed::seed_on`): 3 July 2025,
/// 10:00 in São Paulo, a conference day in the past, so the tests' own stages and check-ins
/// decide what is open; its calendar is the one the tests were written against.
pub fn demo_clock() -> chrono::DateTime<chrono::Utc> {
    use chrono::TimeZone;
    chrono_tz::America::Sao_Paulo
        .with_ymd_and_hms(2025, 7, 3, 10, 0, 0)
        .single()
        .expect("demo clock")
        .with_timezone(&chrono::Utc)
}

pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
}

/// Records `r` as present on `day`, checked in by code.
pub async fn check_in(db: &Db, r: &registration::Model, day: chrono::NaiveDate) {
    checkin::Entity::insert(checkin::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(r.conference_id),
        registration_id: Set(r.id),
        day: Set(day),
        checked_at: Set(chrono::Utc::now()),
        checked_by: Set(None),
        replaces_registration_id: Set(None),
        method: Set("code".into()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

/// Records `r` as present today (São Paulo time), checked in by code.
pub async fn check_in_today(db: &Db, r: &registration::Model) {
    check_in(db, r, today()).await;
}

/// The eixos of a conference, in their order (by number).
pub async fn eixos(db: &Db, conference_id: uuid::Uuid) -> Vec<eixo::Model> {
    eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conference_id))
        .order_by_asc(eixo::Column::Number)
        .all(&db.conn)
        .await
        .unwrap()
}

/// The unit (CRAS, CREAS…) with this name; panics when there is none.
pub async fn unit_by_name(db: &Db, name: &str) -> unit::Model {
    unit::Entity::find()
        .filter(unit::Column::Name.eq(name))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}
