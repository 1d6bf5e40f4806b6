//! Storage: SeaORM entities and migrations for SQLite and PostgreSQL, one code path.
//!
//! - [`Db::connect`] opens either backend from a URL (`sqlite://…` or `postgres://…`);
//!   SQLite gets WAL, foreign keys, a busy timeout and `synchronous=FULL`: every commit that
//!   answers a person (a vote, a check-in, a registration with its receipt) is on disk before the
//!   answer, even if the machine loses power (ADR 0030).
//! - [`Db::migrate`] runs the migrations; on PostgreSQL under an advisory lock so that
//!   several instances may start at once.
//! - [`Db::write`] begins a write transaction (`BEGIN IMMEDIATE` on SQLite, so concurrent
//!   writers queue on the lock instead of failing with `SQLITE_BUSY` mid-transaction).
//! - [`Db::write_exclusive`] begins a write transaction that also excludes every other
//!   `write_exclusive` transaction on the same database, across processes: for run-once
//!   work (seeding) that checks "already done?" and then writes.

pub mod backup;
pub mod entities;
pub mod migrations;
pub mod schema;

use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, IsolationLevel, SqlErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use std::time::Duration;

pub use sea_orm;

/// Errors of the storage layer. `Conflict` carries the name of the violated unique index.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("registro não encontrado")]
    NotFound,
    #[error("conflito com um registro existente ({0})")]
    Conflict(String),
    #[error("erro de banco de dados: {0}")]
    Db(#[from] DbErr),
    #[error("{0}")]
    Other(String),
}

impl Error {
    /// Maps a unique-constraint violation to `Conflict`, leaving other errors as they are.
    pub fn from_db(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(m)) => Error::Conflict(m),
            _ => Error::Db(e),
        }
    }
    /// True when this is a unique violation whose message mentions `needle` (an index or column name).
    pub fn is_conflict_on(&self, needle: &str) -> bool {
        matches!(self, Error::Conflict(m) if m.contains(needle))
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A connection pool on either backend.
#[derive(Clone, Debug)]
pub struct Db {
    pub conn: DatabaseConnection,
    pub backend: Backend,
}

/// Advisory-lock key under which PostgreSQL migrations run ("conferencia" in ASCII, truncated).
const MIGRATION_LOCK_KEY: i64 = 0x636f_6e66_6572_656e;
/// Transaction advisory-lock key of [`Db::write_exclusive`] ("seed" in ASCII).
const EXCLUSIVE_LOCK_KEY: i64 = 0x7365_6564;

impl Db {
    /// Opens a pool. For a SQLite file URL, the parent folder is created and `mode=rwc` implied.
    pub async fn connect(url: &str) -> Result<Db> {
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(Error::Other(
                "DATABASE_URL deve começar com sqlite:// ou postgres:// (unsupported database URL)"
                    .into(),
            ));
        };
        let mut url = url.to_owned();
        if backend == Backend::Sqlite {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            let path = path.split('?').next().unwrap_or("");
            let parent = std::path::Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty());
            if let (false, Some(parent)) = (path.is_empty() || path == ":memory:", parent) {
                std::fs::create_dir_all(parent).map_err(|e| {
                    Error::Other(format!("cannot create {}: {e}", parent.display()))
                })?;
            }
            if !url.contains("mode=") {
                url.push_str(if url.contains('?') {
                    "&mode=rwc"
                } else {
                    "?mode=rwc"
                });
            }
        }
        let mut opt = ConnectOptions::new(url);
        opt.sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        match backend {
            Backend::Sqlite => {
                opt.max_connections(8).min_connections(1);
                opt.map_sqlx_sqlite_opts(|o| {
                    o.journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
                        .foreign_keys(true)
                        .busy_timeout(Duration::from_secs(10))
                        // Deleted rows are overwritten with zeros, not left in free space (sealed
                        // ballots and their salts at a vote's closing, ADR 0011; erasures).
                        .pragma("secure_delete", "on")
                });
            }
            Backend::Postgres => {
                opt.max_connections(16).min_connections(1);
            }
        }
        let conn = Database::connect(opt).await?;
        Ok(Db { conn, backend })
    }

    /// Runs pending migrations. On PostgreSQL, holds a session advisory lock while doing so.
    pub async fn migrate(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => migrations::Migrator::up(&self.conn, None).await?,
            Backend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                let mut c = pool
                    .acquire()
                    .await
                    .map_err(|e| Error::Other(e.to_string()))?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .execute(&mut *c)
                    .await
                    .map_err(|e| Error::Other(e.to_string()))?;
                let r = migrations::Migrator::up(&self.conn, None).await;
                let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK_KEY)
                    .execute(&mut *c)
                    .await;
                r?;
            }
        }
        Ok(())
    }

    /// Begins a write transaction (`BEGIN IMMEDIATE` on SQLite).
    pub async fn write(&self) -> Result<DatabaseTransaction> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: (self.backend == Backend::Sqlite)
                .then_some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.conn.begin_with_options(opts).await?)
    }

    /// Begins a read-only transaction whose every read sees the database at one moment
    /// (REPEATABLE READ on PostgreSQL; on SQLite in WAL mode a deferred transaction keeps the
    /// snapshot its first read took). For documents assembled from many queries (the report).
    pub async fn snapshot(&self) -> Result<DatabaseTransaction> {
        let opts = match self.backend {
            Backend::Postgres => TransactionOptions {
                isolation_level: Some(IsolationLevel::RepeatableRead),
                access_mode: Some(AccessMode::ReadOnly),
                ..Default::default()
            },
            Backend::Sqlite => TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Deferred),
                ..Default::default()
            },
        };
        Ok(self.conn.begin_with_options(opts).await?)
    }

    /// Begins a write transaction that no other `write_exclusive` transaction on this database
    /// runs alongside, in this process or another. On PostgreSQL it takes a transaction-level
    /// advisory lock (released at commit or rollback); on SQLite `BEGIN IMMEDIATE` already
    /// excludes every other writer. Check "already done?" *inside* the transaction: once the
    /// lock is held, a concurrent run has either committed (and is visible) or not started.
    pub async fn write_exclusive(&self) -> Result<DatabaseTransaction> {
        let tx = self.write().await?;
        if self.backend == Backend::Postgres {
            tx.execute_raw(sea_orm::Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock($1)",
                [EXCLUSIVE_LOCK_KEY.into()],
            ))
            .await?;
        }
        Ok(tx)
    }

    /// Answers when the database does (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        self.conn.execute_unprepared("SELECT 1").await?;
        Ok(())
    }

    pub fn db_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }
}
