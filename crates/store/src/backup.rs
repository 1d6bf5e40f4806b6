//! Backup and restore of the whole database as one portable archive (ADR 0031).
//!
//! [`backup`] writes every table of a SQLite or PostgreSQL database, read at one moment while the
//! server keeps running (a deferred read transaction on SQLite in WAL mode, `REPEATABLE READ READ
//! ONLY` on PostgreSQL), to a gzip-compressed stream of JSON lines. Uploaded files live in the
//! database (`stored_file`, ADR 0004), so they are in the archive too. [`restore`] loads an archive
//! into an *empty* database of either kind: this is how a council that started on the embedded
//! SQLite moves to PostgreSQL.
//!
//! # The archive
//!
//! One JSON value per line, in this order:
//!
//! 1. the [`Header`]: `format` (`"conferencia-backup"`), `version` ([`VERSION`]), the `source`
//!    backend, the time it was taken and the names of the applied migrations;
//! 2. for each table, in foreign-key order (a table after the tables it points to):
//!    `{"table": name, "columns": [[name, kind], …]}`, then one JSON array per row with the values
//!    in that column order, then `{"end_table": name, "rows": n}`;
//! 3. `{"end": true, "tables": n, "rows": n}`: an archive without it was cut short and is refused.
//!
//! Values are typed by their column's [`Kind`], the same on both backends: `null`; integers as
//! JSON numbers; reals as strings (exact); text and JSON documents as strings; booleans as
//! `true`/`false` (SQLite keeps 0/1); UUIDs hyphenated (SQLite keeps 16-byte blobs); timestamps
//! with time zone in RFC 3339, UTC, with the stored fraction of a second (SQLite keeps
//! nanoseconds, PostgreSQL microseconds: a move to PostgreSQL truncates to microseconds, as the
//! application itself does there); dates `YYYY-MM-DD`; blobs in standard base64. The migrations
//! bookkeeping table (`seaql_migrations`) is not copied: restore creates it by migrating.
//!
//! # Restore
//!
//! The target must have no rows in any table (it may have none at all). Restore runs the
//! migrations on it, so it gets the DDL of its own backend, and refuses an archive whose migrations
//! are not exactly the target's (use the version of `conferencia` that made the archive, then
//! upgrade). Rows are inserted in batches in one transaction, table by table in the archive's
//! order, which must put every table after those it references; foreign keys a table has to itself
//! (and, should tables ever reference each other in a cycle, one nullable key of the cycle) are
//! inserted empty and filled in once every row is in. On PostgreSQL, sequences of serial or
//! identity columns are moved past the restored values.

use crate::{Backend, Db, Error, Result};
use base64::Engine as _;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sqlx::pool::PoolConnection;
use sqlx::{Postgres, Row, Sqlite, TypeInfo, ValueRef};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::ops::DerefMut;
use uuid::Uuid;

/// The `format` of the header line.
pub const FORMAT: &str = "conferencia-backup";
/// The version of the archive format this build writes and the newest it reads.
pub const VERSION: u32 = 1;
/// The migrations bookkeeping table of sea-orm: not copied, restore migrates instead.
const MIGRATIONS_TABLE: &str = "seaql_migrations";
/// Rows per `INSERT` at most; also bounded by [`MAX_PARAMS`] and [`BATCH_BYTES`].
const BATCH_ROWS: usize = 500;
/// Bound parameters per statement at most (SQLite allows 32766, PostgreSQL 65535).
const MAX_PARAMS: usize = 30_000;
/// Bytes of values held for one `INSERT` at most (blobs of stored files are large).
const BATCH_BYTES: usize = 8 * 1024 * 1024;

/// The type family of a column, as the archive records it; the same on both backends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Uuid,
    Text,
    Integer,
    Real,
    Bool,
    /// Timestamp with time zone, in UTC.
    Timestamptz,
    /// Timestamp without time zone.
    Timestamp,
    Date,
    Time,
    Bytes,
    Json,
}

impl Kind {
    /// The family of a SQLite declared type, as sea-query writes them (`uuid_text`,
    /// `timestamp_with_timezone_text`, `boolean`, `integer`, `blob`, …).
    fn of_sqlite(declared: &str) -> Option<Kind> {
        let t = declared.to_ascii_lowercase();
        Some(if t.contains("uuid") {
            Kind::Uuid
        } else if t.contains("json") {
            Kind::Json
        } else if t.contains("timestamp") && (t.contains("zone") || t.contains("tz")) {
            Kind::Timestamptz
        } else if t.contains("timestamp") || t.contains("datetime") {
            Kind::Timestamp
        } else if t.starts_with("date") {
            Kind::Date
        } else if t.starts_with("time") {
            Kind::Time
        } else if t.contains("bool") {
            Kind::Bool
        } else if t.contains("int") {
            Kind::Integer
        } else if t.contains("real") || t.contains("floa") || t.contains("doub") {
            Kind::Real
        } else if t.contains("blob") || t.contains("binary") {
            Kind::Bytes
        } else if t.contains("text") || t.contains("char") || t.contains("clob") {
            Kind::Text
        } else {
            return None;
        })
    }

    /// The family of a PostgreSQL type (`pg_type.typname`).
    fn of_postgres(udt: &str) -> Option<Kind> {
        Some(match udt {
            "uuid" => Kind::Uuid,
            "text" | "varchar" | "bpchar" | "citext" | "name" => Kind::Text,
            "int2" | "int4" | "int8" => Kind::Integer,
            "float4" | "float8" => Kind::Real,
            "bool" => Kind::Bool,
            "timestamptz" => Kind::Timestamptz,
            "timestamp" => Kind::Timestamp,
            "date" => Kind::Date,
            "time" => Kind::Time,
            "bytea" => Kind::Bytes,
            "json" | "jsonb" => Kind::Json,
            _ => return None,
        })
    }
}

/// One value, typed by its column's [`Kind`].
#[derive(Debug, Clone, PartialEq)]
enum V {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
    Uuid(Uuid),
    Tstz(DateTime<Utc>),
    Ts(NaiveDateTime),
    Date(NaiveDate),
    Time(NaiveTime),
    Json(String),
}

impl V {
    /// Approximate memory held, for batch sizing.
    fn weight(&self) -> usize {
        match self {
            V::Text(s) | V::Json(s) => s.len() + 16,
            V::Bytes(b) => b.len() + 16,
            _ => 16,
        }
    }

    fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        match self {
            V::Null => w.write_all(b"null"),
            V::Int(i) => write!(w, "{i}"),
            V::Real(f) => write!(w, "\"{f}\""),
            V::Text(s) | V::Json(s) => serde_json::to_writer(w, s).map_err(std::io::Error::other),
            V::Bool(b) => write!(w, "{b}"),
            V::Bytes(b) => write!(
                w,
                "\"{}\"",
                base64::engine::general_purpose::STANDARD.encode(b)
            ),
            V::Uuid(u) => write!(w, "\"{}\"", u.hyphenated()),
            V::Tstz(t) => write!(w, "\"{}\"", t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            V::Ts(t) => write!(w, "\"{}\"", t.format("%Y-%m-%dT%H:%M:%S%.f")),
            V::Date(d) => write!(w, "\"{}\"", d.format("%Y-%m-%d")),
            V::Time(t) => write!(w, "\"{}\"", t.format("%H:%M:%S%.f")),
        }
    }

    /// Reads an archive value of a column of `kind`.
    fn read(kind: Kind, j: serde_json::Value) -> std::result::Result<V, String> {
        use serde_json::Value as J;
        let text = |j: J| match j {
            J::String(s) => Ok(s),
            other => Err(format!("esperava texto, veio {other}")),
        };
        Ok(match (kind, j) {
            (_, J::Null) => V::Null,
            (Kind::Integer, J::Number(n)) => {
                V::Int(n.as_i64().ok_or_else(|| format!("inteiro inválido: {n}"))?)
            }
            (Kind::Real, J::Number(n)) => V::Real(n.as_f64().unwrap_or(f64::NAN)),
            (Kind::Real, J::String(s)) => {
                V::Real(s.parse().map_err(|_| format!("real inválido: {s}"))?)
            }
            (Kind::Bool, J::Bool(b)) => V::Bool(b),
            (Kind::Text, j) => V::Text(text(j)?),
            (Kind::Json, j) => V::Json(text(j)?),
            (Kind::Bytes, j) => V::Bytes(
                base64::engine::general_purpose::STANDARD
                    .decode(text(j)?)
                    .map_err(|e| format!("base64 inválido: {e}"))?,
            ),
            (Kind::Uuid, j) => {
                let s = text(j)?;
                V::Uuid(Uuid::parse_str(&s).map_err(|_| format!("UUID inválido: {s}"))?)
            }
            (Kind::Timestamptz, j) => {
                let s = text(j)?;
                V::Tstz(
                    DateTime::parse_from_rfc3339(&s)
                        .map_err(|_| format!("data e hora inválida: {s}"))?
                        .with_timezone(&Utc),
                )
            }
            (Kind::Timestamp, j) => {
                let s = text(j)?;
                V::Ts(
                    NaiveDateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M:%S%.f")
                        .map_err(|_| format!("data e hora inválida: {s}"))?,
                )
            }
            (Kind::Date, j) => {
                let s = text(j)?;
                V::Date(
                    NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                        .map_err(|_| format!("data inválida: {s}"))?,
                )
            }
            (Kind::Time, j) => {
                let s = text(j)?;
                V::Time(
                    NaiveTime::parse_from_str(&s, "%H:%M:%S%.f")
                        .map_err(|_| format!("hora inválida: {s}"))?,
                )
            }
            (kind, j) => return Err(format!("valor {j} não serve para uma coluna {kind:?}")),
        })
    }
}

/// The first line of an archive.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    /// `sqlite` or `postgres`.
    pub source: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// Version of the `conferencia` store that wrote it.
    pub app_version: String,
    /// Applied migrations of the source, in order.
    pub migrations: Vec<String>,
}

/// What a backup wrote or a restore loaded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub tables: u64,
    pub rows: u64,
}

#[derive(Serialize, Deserialize)]
struct TableStart {
    table: String,
    columns: Vec<(String, Kind)>,
}

#[derive(Serialize, Deserialize)]
struct TableEnd {
    end_table: String,
    rows: u64,
}

#[derive(Serialize, Deserialize)]
struct Trailer {
    end: bool,
    tables: u64,
    rows: u64,
}

#[derive(Debug, Clone)]
struct Column {
    name: String,
    kind: Kind,
    /// The backend's own type name (`int4`, `jsonb`, `uuid_text`, …).
    native: String,
    nullable: bool,
    /// PostgreSQL `GENERATED ALWAYS AS IDENTITY`: inserts need `OVERRIDING SYSTEM VALUE`.
    identity_always: bool,
    /// PostgreSQL serial or identity column: its sequence is reset after a restore.
    sequence: bool,
}

#[derive(Debug, Clone)]
struct Table {
    columns: Vec<Column>,
    primary_key: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    table: String,
    columns: Vec<String>,
    references: String,
}

/// The tables of a database (without the migrations table), read from its catalog.
#[derive(Debug, Clone, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
    foreign_keys: Vec<ForeignKey>,
}

/// Table order for loading, and the columns loaded empty and filled in afterwards.
#[derive(Debug, PartialEq, Eq)]
struct Plan {
    order: Vec<String>,
    /// Per table, the foreign-key columns inserted as NULL and updated once every row is in.
    deferred: BTreeMap<String, BTreeSet<String>>,
}

fn sx(e: sqlx::Error) -> Error {
    Error::Other(format!("erro de banco de dados: {e}"))
}

fn io(e: std::io::Error) -> Error {
    Error::Other(format!("erro ao ler ou escrever o arquivo da cópia: {e}"))
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

fn unknown_type(table: &str, column: &str, ty: &str) -> Error {
    Error::Other(format!(
        "a coluna {table}.{column} tem um tipo que a cópia de segurança não conhece ({ty})"
    ))
}

impl Schema {
    /// Orders tables so that each comes after the tables it references. A table's references to
    /// itself are always deferred; a cycle between tables is broken by deferring one nullable
    /// reference on it. Deterministic: the same schema gives the same plan on either backend.
    fn plan(&self) -> Result<Plan> {
        let mut deferred: BTreeSet<usize> = BTreeSet::new();
        let nullable = |fk: &ForeignKey| {
            self.tables.get(&fk.table).is_some_and(|t| {
                fk.columns
                    .iter()
                    .all(|c| t.columns.iter().any(|col| &col.name == c && col.nullable))
            })
        };
        for (i, fk) in self.foreign_keys.iter().enumerate() {
            if fk.table == fk.references {
                if !nullable(fk) {
                    return Err(Error::Other(format!(
                        "a tabela {} referencia a si mesma por colunas obrigatórias ({}): a cópia não sabe ordená-la",
                        fk.table,
                        fk.columns.join(", ")
                    )));
                }
                deferred.insert(i);
            }
        }
        let mut remaining: BTreeSet<&str> = self.tables.keys().map(String::as_str).collect();
        let mut order = Vec::with_capacity(remaining.len());
        // Edges still to respect: (from, to) for live, non-deferred keys between remaining tables.
        let waits = |deferred: &BTreeSet<usize>, remaining: &BTreeSet<&str>, t: &str| {
            self.foreign_keys.iter().enumerate().any(|(i, fk)| {
                fk.table == t
                    && !deferred.contains(&i)
                    && fk.references != t
                    && remaining.contains(fk.references.as_str())
            })
        };
        while !remaining.is_empty() {
            let ready: Vec<&str> = remaining
                .iter()
                .copied()
                .filter(|t| !waits(&deferred, &remaining, t))
                .collect();
            if !ready.is_empty() {
                for t in ready {
                    remaining.remove(t);
                    order.push(t.to_owned());
                }
                continue;
            }
            // A cycle: defer the first nullable key that lies on one.
            let on_cycle = |i: usize| {
                let fk = &self.foreign_keys[i];
                // Can `fk.references` reach `fk.table` through live keys?
                let mut seen = BTreeSet::new();
                let mut stack = vec![fk.references.as_str()];
                while let Some(t) = stack.pop() {
                    if t == fk.table {
                        return true;
                    }
                    if !seen.insert(t) {
                        continue;
                    }
                    for (j, k) in self.foreign_keys.iter().enumerate() {
                        if k.table == t
                            && !deferred.contains(&j)
                            && remaining.contains(k.references.as_str())
                        {
                            stack.push(k.references.as_str());
                        }
                    }
                }
                false
            };
            let pick = (0..self.foreign_keys.len())
                .filter(|&i| {
                    let fk = &self.foreign_keys[i];
                    !deferred.contains(&i)
                        && remaining.contains(fk.table.as_str())
                        && remaining.contains(fk.references.as_str())
                })
                .filter(|&i| nullable(&self.foreign_keys[i]) && on_cycle(i))
                .min_by(|&a, &b| self.foreign_keys[a].cmp(&self.foreign_keys[b]));
            match pick {
                Some(i) => {
                    deferred.insert(i);
                }
                None => {
                    return Err(Error::Other(format!(
                        "as tabelas {} se referenciam em ciclo por colunas obrigatórias: a cópia não sabe ordená-las",
                        remaining.iter().copied().collect::<Vec<_>>().join(", ")
                    )));
                }
            }
        }
        let mut cols: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for i in deferred {
            let fk = &self.foreign_keys[i];
            if self
                .tables
                .get(&fk.table)
                .is_none_or(|t| t.primary_key.is_empty())
            {
                return Err(Error::Other(format!(
                    "a tabela {} não tem chave primária e precisa de uma para ser restaurada",
                    fk.table
                )));
            }
            cols.entry(fk.table.clone())
                .or_default()
                .extend(fk.columns.iter().cloned());
        }
        Ok(Plan {
            order,
            deferred: cols,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Catalog reading
// ---------------------------------------------------------------------------------------------

/// The rows of `sql`, a query of a table-valued pragma with the table name as `?1`.
async fn pragma_rows(
    c: &mut sqlx::SqliteConnection,
    sql: &'static str,
    table: &str,
) -> Result<Vec<sqlx::sqlite::SqliteRow>> {
    sqlx::query(sql)
        .bind(table)
        .fetch_all(&mut *c)
        .await
        .map_err(sx)
}

async fn sqlite_schema(c: &mut sqlx::SqliteConnection) -> Result<Schema> {
    let mut schema = Schema::default();
    for table in Conn::Sqlite(&mut *c).tables().await? {
        if table == MIGRATIONS_TABLE {
            continue;
        }
        let cols = pragma_rows(
            c,
            "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info(?1) ORDER BY cid",
            &table,
        )
        .await?;
        let mut columns = Vec::with_capacity(cols.len());
        let mut pk: Vec<(i64, String)> = Vec::new();
        for r in cols {
            let name: String = r.try_get("name").map_err(sx)?;
            let native: String = r.try_get("type").map_err(sx)?;
            let notnull: i64 = r.try_get("nn").map_err(sx)?;
            let pos: i64 = r.try_get("pk").map_err(sx)?;
            let kind =
                Kind::of_sqlite(&native).ok_or_else(|| unknown_type(&table, &name, &native))?;
            if pos > 0 {
                pk.push((pos, name.clone()));
            }
            columns.push(Column {
                name,
                kind,
                native,
                nullable: notnull == 0 && pos == 0,
                identity_always: false,
                sequence: false,
            });
        }
        pk.sort();
        let fks = pragma_rows(
            c,
            "SELECT id, \"table\" AS t, \"from\" AS f, \"to\" AS tt FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
            &table,
        )
        .await?;
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for r in fks {
            let id: i64 = r.try_get("id").map_err(sx)?;
            let references: String = r.try_get("t").map_err(sx)?;
            let from: String = r.try_get("f").map_err(sx)?;
            by_id
                .entry(id)
                .or_insert_with(|| ForeignKey {
                    table: table.clone(),
                    columns: Vec::new(),
                    references,
                })
                .columns
                .push(from);
        }
        schema.foreign_keys.extend(by_id.into_values());
        schema.tables.insert(
            table,
            Table {
                columns,
                primary_key: pk.into_iter().map(|(_, n)| n).collect(),
            },
        );
    }
    schema.foreign_keys.sort();
    Ok(schema)
}

async fn postgres_schema(c: &mut sqlx::PgConnection) -> Result<Schema> {
    let mut schema = Schema::default();
    let cols = sqlx::query(
        "SELECT c.table_name::text AS t, c.column_name::text AS c, c.udt_name::text AS ty,
                c.is_nullable::text = 'YES' AS nullable,
                COALESCE(c.identity_generation::text, '') = 'ALWAYS' AS always,
                (c.is_identity::text = 'YES' OR COALESCE(c.column_default::text, '') LIKE 'nextval(%') AS seq
         FROM information_schema.columns c
         JOIN information_schema.tables tb
           ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
         WHERE c.table_schema = current_schema() AND tb.table_type = 'BASE TABLE'
           AND c.is_generated::text = 'NEVER'
         ORDER BY c.table_name, c.ordinal_position",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(sx)?;
    for r in cols {
        let table: String = r.try_get("t").map_err(sx)?;
        if table == MIGRATIONS_TABLE {
            continue;
        }
        let name: String = r.try_get("c").map_err(sx)?;
        let native: String = r.try_get("ty").map_err(sx)?;
        let kind =
            Kind::of_postgres(&native).ok_or_else(|| unknown_type(&table, &name, &native))?;
        let column = Column {
            name,
            kind,
            native,
            nullable: r.try_get("nullable").map_err(sx)?,
            identity_always: r.try_get("always").map_err(sx)?,
            sequence: r.try_get("seq").map_err(sx)?,
        };
        schema
            .tables
            .entry(table)
            .or_insert_with(|| Table {
                columns: Vec::new(),
                primary_key: Vec::new(),
            })
            .columns
            .push(column);
    }
    let pks = sqlx::query(
        "SELECT t.relname::text AS t, a.attname::text AS c
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace ns ON ns.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE ix.indisprimary AND ns.nspname = current_schema()
         ORDER BY t.relname, k.ord",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(sx)?;
    for r in pks {
        let table: String = r.try_get("t").map_err(sx)?;
        if let Some(t) = schema.tables.get_mut(&table) {
            t.primary_key.push(r.try_get("c").map_err(sx)?);
        }
    }
    let fks = sqlx::query(
        "SELECT cl.relname::text AS t, rt.relname::text AS r,
                array_agg(a.attname::text ORDER BY k.ord) AS cols
         FROM pg_constraint co
         JOIN pg_class cl ON cl.oid = co.conrelid
         JOIN pg_class rt ON rt.oid = co.confrelid
         JOIN pg_namespace ns ON ns.oid = cl.relnamespace
         CROSS JOIN LATERAL unnest(co.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
         WHERE co.contype = 'f' AND ns.nspname = current_schema()
         GROUP BY co.oid, cl.relname, rt.relname",
    )
    .fetch_all(&mut *c)
    .await
    .map_err(sx)?;
    for r in fks {
        let table: String = r.try_get("t").map_err(sx)?;
        if table == MIGRATIONS_TABLE {
            continue;
        }
        schema.foreign_keys.push(ForeignKey {
            table,
            columns: r.try_get("cols").map_err(sx)?,
            references: r.try_get("r").map_err(sx)?,
        });
    }
    schema.foreign_keys.sort();
    Ok(schema)
}

/// A connection (inside a transaction) on either backend.
enum Conn<'c> {
    Sqlite(&'c mut sqlx::SqliteConnection),
    Postgres(&'c mut sqlx::PgConnection),
}

/// Runs the same sqlx code on the connection of either backend, bound to `$c`: the code reads
/// the same, the types differ.
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            Conn::Sqlite($c) => $body,
            Conn::Postgres($c) => $body,
        }
    };
}

/// What a [`Conn`] borrows: a pooled connection or a transaction of either backend.
enum Held<S, P> {
    Sqlite(S),
    Postgres(P),
}

impl<S, P> Held<S, P>
where
    S: DerefMut<Target = sqlx::SqliteConnection>,
    P: DerefMut<Target = sqlx::PgConnection>,
{
    fn conn(&mut self) -> Conn<'_> {
        match self {
            Held::Sqlite(c) => Conn::Sqlite(c),
            Held::Postgres(c) => Conn::Postgres(c),
        }
    }
}

impl Held<PoolConnection<Sqlite>, PoolConnection<Postgres>> {
    /// A connection from the pool of `db`.
    async fn acquire(db: &Db) -> Result<Self> {
        Ok(match db.backend {
            Backend::Sqlite => Held::Sqlite(
                db.conn
                    .get_sqlite_connection_pool()
                    .acquire()
                    .await
                    .map_err(sx)?,
            ),
            Backend::Postgres => Held::Postgres(
                db.conn
                    .get_postgres_connection_pool()
                    .acquire()
                    .await
                    .map_err(sx)?,
            ),
        })
    }
}

/// A transaction of either backend.
type Tx = Held<sqlx::Transaction<'static, Sqlite>, sqlx::Transaction<'static, Postgres>>;

impl Tx {
    /// Begins a transaction on `db` with the `BEGIN` statement of its backend.
    async fn begin(db: &Db, sqlite: &'static str, postgres: &'static str) -> Result<Self> {
        Ok(match db.backend {
            Backend::Sqlite => Held::Sqlite(
                db.conn
                    .get_sqlite_connection_pool()
                    .begin_with(sqlite)
                    .await
                    .map_err(sx)?,
            ),
            Backend::Postgres => Held::Postgres(
                db.conn
                    .get_postgres_connection_pool()
                    .begin_with(postgres)
                    .await
                    .map_err(sx)?,
            ),
        })
    }

    async fn commit(self) -> Result<()> {
        match self {
            Held::Sqlite(tx) => tx.commit().await,
            Held::Postgres(tx) => tx.commit().await,
        }
        .map_err(sx)
    }

    async fn rollback(self) -> Result<()> {
        match self {
            Held::Sqlite(tx) => tx.rollback().await,
            Held::Postgres(tx) => tx.rollback().await,
        }
        .map_err(sx)
    }
}

/// Applied migrations, in order; empty when the bookkeeping table does not exist.
async fn migrations_of(tables: &[String], c: &mut Conn<'_>) -> Result<Vec<String>> {
    if !tables.iter().any(|t| t == MIGRATIONS_TABLE) {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT version FROM {MIGRATIONS_TABLE} ORDER BY version");
    on_conn!(c, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .fetch_all(&mut **c)
        .await
        .map_err(sx))
}

impl Conn<'_> {
    /// The tables of the database, by name.
    async fn tables(&mut self) -> Result<Vec<String>> {
        let sql = match self {
            Conn::Sqlite(_) => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
            }
            Conn::Postgres(_) => {
                "SELECT table_name::text FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        };
        on_conn!(self, c => sqlx::query_scalar(sql)
            .fetch_all(&mut **c)
            .await
            .map_err(sx))
    }

    async fn schema(&mut self) -> Result<Schema> {
        match self {
            Conn::Sqlite(c) => sqlite_schema(c).await,
            Conn::Postgres(c) => postgres_schema(c).await,
        }
    }

    async fn migrations(&mut self) -> Result<Vec<String>> {
        let tables = self.tables().await?;
        migrations_of(&tables, self).await
    }

    /// The tables (other than the migrations table) that hold at least one row.
    async fn non_empty_tables(&mut self) -> Result<Vec<String>> {
        let mut full = Vec::new();
        for t in self.tables().await? {
            if t == MIGRATIONS_TABLE {
                continue;
            }
            let sql = sqlx::AssertSqlSafe(format!("SELECT 1 FROM {} LIMIT 1", quote(&t)));
            let any = on_conn!(self, c => sqlx::query(sql)
                .fetch_optional(&mut **c)
                .await
                .map_err(sx)?
                .is_some());
            if any {
                full.push(t);
            }
        }
        Ok(full)
    }
}

// ---------------------------------------------------------------------------------------------
// Reading rows
// ---------------------------------------------------------------------------------------------

fn bad_value(table: &str, column: &Column, what: &str) -> Error {
    Error::Other(format!(
        "valor inesperado em {table}.{} ({:?}): {what}",
        column.name, column.kind
    ))
}

fn sqlite_value(row: &sqlx::sqlite::SqliteRow, i: usize, table: &str, col: &Column) -> Result<V> {
    let raw = row.try_get_raw(i).map_err(sx)?;
    if raw.is_null() {
        return Ok(V::Null);
    }
    let class = raw.type_info().name().to_owned();
    let bad = |what: String| bad_value(table, col, &what);
    let text = || row.try_get_unchecked::<String, _>(i).map_err(sx);
    Ok(match (col.kind, class.as_str()) {
        (Kind::Uuid, "BLOB") => {
            let b: Vec<u8> = row.try_get_unchecked(i).map_err(sx)?;
            V::Uuid(Uuid::from_slice(&b).map_err(|_| bad(format!("{} bytes", b.len())))?)
        }
        (Kind::Uuid, "TEXT") => {
            let s = text()?;
            V::Uuid(Uuid::parse_str(&s).map_err(|_| bad(s))?)
        }
        (Kind::Text, "TEXT") => V::Text(text()?),
        (Kind::Json, "TEXT") => V::Json(text()?),
        (Kind::Integer, "INTEGER") => V::Int(row.try_get_unchecked(i).map_err(sx)?),
        (Kind::Real, "REAL" | "INTEGER") => V::Real(row.try_get_unchecked(i).map_err(sx)?),
        (Kind::Bool, "INTEGER") => match row.try_get_unchecked::<i64, _>(i).map_err(sx)? {
            0 => V::Bool(false),
            1 => V::Bool(true),
            n => return Err(bad(n.to_string())),
        },
        (Kind::Bytes, "BLOB") => V::Bytes(row.try_get_unchecked(i).map_err(sx)?),
        (Kind::Timestamptz, _) => V::Tstz(
            row.try_get_unchecked::<DateTime<Utc>, _>(i)
                .map_err(|e| bad(e.to_string()))?,
        ),
        (Kind::Timestamp, _) => V::Ts(row.try_get_unchecked(i).map_err(|e| bad(e.to_string()))?),
        (Kind::Date, _) => V::Date(row.try_get_unchecked(i).map_err(|e| bad(e.to_string()))?),
        (Kind::Time, _) => V::Time(row.try_get_unchecked(i).map_err(|e| bad(e.to_string()))?),
        (_, class) => return Err(bad(format!("armazenado como {class}"))),
    })
}

/// A row of either backend, read into archive values.
trait ArchiveRow {
    /// The value of column `i` (`col`) of this row of `table`.
    fn value(&self, i: usize, table: &str, col: &Column) -> Result<V>;
}

impl ArchiveRow for sqlx::sqlite::SqliteRow {
    fn value(&self, i: usize, table: &str, col: &Column) -> Result<V> {
        sqlite_value(self, i, table, col)
    }
}

impl ArchiveRow for sqlx::postgres::PgRow {
    fn value(&self, i: usize, _table: &str, col: &Column) -> Result<V> {
        postgres_value(self, i, col)
    }
}

fn postgres_value(row: &sqlx::postgres::PgRow, i: usize, col: &Column) -> Result<V> {
    fn get<'r, T: sqlx::Decode<'r, Postgres> + sqlx::Type<Postgres>>(
        row: &'r sqlx::postgres::PgRow,
        i: usize,
    ) -> Result<Option<T>> {
        row.try_get::<Option<T>, _>(i).map_err(sx)
    }
    Ok(match (col.kind, col.native.as_str()) {
        (Kind::Integer, "int2") => get::<i16>(row, i)?.map(|v| V::Int(v.into())),
        (Kind::Integer, "int4") => get::<i32>(row, i)?.map(|v| V::Int(v.into())),
        (Kind::Integer, _) => get::<i64>(row, i)?.map(V::Int),
        (Kind::Real, "float4") => get::<f32>(row, i)?.map(|v| V::Real(v.into())),
        (Kind::Real, _) => get::<f64>(row, i)?.map(V::Real),
        (Kind::Uuid, _) => get::<Uuid>(row, i)?.map(V::Uuid),
        // Selected as `::text` (see `select_list`), whatever the textual type.
        (Kind::Text, _) => get::<String>(row, i)?.map(V::Text),
        (Kind::Json, _) => get::<String>(row, i)?.map(V::Json),
        (Kind::Bool, _) => get::<bool>(row, i)?.map(V::Bool),
        (Kind::Bytes, _) => get::<Vec<u8>>(row, i)?.map(V::Bytes),
        (Kind::Timestamptz, _) => get::<DateTime<Utc>>(row, i)?.map(V::Tstz),
        (Kind::Timestamp, _) => get::<NaiveDateTime>(row, i)?.map(V::Ts),
        (Kind::Date, _) => get::<NaiveDate>(row, i)?.map(V::Date),
        (Kind::Time, _) => get::<NaiveTime>(row, i)?.map(V::Time),
    }
    .unwrap_or(V::Null))
}

/// `SELECT` list of a table for backup: on PostgreSQL, textual and JSON columns as `text`.
fn select_sql(backend: Backend, table: &str, t: &Table) -> String {
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|c| match (backend, c.kind) {
            (Backend::Postgres, Kind::Text | Kind::Json) => {
                format!("{}::text", quote(&c.name))
            }
            _ => quote(&c.name),
        })
        .collect();
    let mut sql = format!("SELECT {} FROM {}", cols.join(", "), quote(table));
    if !t.primary_key.is_empty() {
        let pk: Vec<String> = t.primary_key.iter().map(|c| quote(c)).collect();
        sql.push_str(&format!(" ORDER BY {}", pk.join(", ")));
    }
    sql
}

// ---------------------------------------------------------------------------------------------
// Backup
// ---------------------------------------------------------------------------------------------

fn line(w: &mut impl Write, v: &impl Serialize) -> Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(|e| io(std::io::Error::other(e)))?;
    w.write_all(b"\n").map_err(io)
}

fn write_row(w: &mut impl Write, row: &[V]) -> Result<()> {
    w.write_all(b"[").map_err(io)?;
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            w.write_all(b",").map_err(io)?;
        }
        v.write(w).map_err(io)?;
    }
    w.write_all(b"]\n").map_err(io)
}

/// Writes an archive of the whole database to `out` (gzip-compressed JSON lines), read at one
/// moment while other connections keep reading and writing. `out` is flushed, not closed.
pub async fn backup<W: Write>(db: &Db, out: W) -> Result<Summary> {
    let mut gz = flate2::write::GzEncoder::new(out, flate2::Compression::default());
    // SQLite deferred: the first read takes the WAL snapshot every later read of this
    // transaction sees; writers go on meanwhile.
    let mut tx = Tx::begin(
        db,
        "BEGIN DEFERRED",
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    )
    .await?;
    let summary = dump(db.backend, &mut tx.conn(), &mut gz).await;
    let _ = tx.rollback().await;
    let summary = summary?;
    let mut out = gz.finish().map_err(io)?;
    out.flush().map_err(io)?;
    Ok(summary)
}

/// [`backup`] into a file, written beside it first and renamed when complete (a reader never
/// sees half an archive); readable by its owner only, as it holds personal data and secrets.
pub async fn backup_to_file(db: &Db, path: &std::path::Path) -> Result<Summary> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".parcial");
    let tmp = std::path::PathBuf::from(tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts.open(&tmp).map_err(io)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    let r = backup(db, &mut w).await;
    let r = r.and_then(|s| {
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)?;
        Ok(s)
    });
    if r.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    r
}

async fn dump(backend: Backend, c: &mut Conn<'_>, w: &mut impl Write) -> Result<Summary> {
    // The first statement starts the snapshot; everything below, catalog included, is read in it.
    let migrations = c.migrations().await?;
    if migrations.is_empty() {
        return Err(Error::Other(
            "o banco de origem não tem migrações aplicadas: não parece ser um banco do conferencia"
                .into(),
        ));
    }
    let schema = c.schema().await?;
    let plan = schema.plan()?;
    line(
        w,
        &Header {
            format: FORMAT.into(),
            version: VERSION,
            source: backend.name().into(),
            created_at: Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true),
            app_version: env!("CARGO_PKG_VERSION").into(),
            migrations,
        },
    )?;
    let mut summary = Summary::default();
    for name in &plan.order {
        let t = &schema.tables[name];
        line(
            w,
            &TableStart {
                table: name.clone(),
                columns: t.columns.iter().map(|c| (c.name.clone(), c.kind)).collect(),
            },
        )?;
        let sql = sqlx::AssertSqlSafe(select_sql(backend, name, t));
        let mut rows = 0u64;
        let mut values = Vec::with_capacity(t.columns.len());
        on_conn!(c, c => {
            let mut s = sqlx::query(sql).fetch(&mut **c);
            while let Some(r) = s.try_next().await.map_err(sx)? {
                values.clear();
                for (i, col) in t.columns.iter().enumerate() {
                    values.push(r.value(i, name, col)?);
                }
                write_row(w, &values)?;
                rows += 1;
            }
        });
        line(
            w,
            &TableEnd {
                end_table: name.clone(),
                rows,
            },
        )?;
        summary.tables += 1;
        summary.rows += rows;
    }
    line(
        w,
        &Trailer {
            end: true,
            tables: summary.tables,
            rows: summary.rows,
        },
    )?;
    Ok(summary)
}

// ---------------------------------------------------------------------------------------------
// Restore
// ---------------------------------------------------------------------------------------------

/// Reads the header of an archive (without touching any database).
pub fn read_header(input: &mut impl BufRead) -> Result<Header> {
    let mut first = String::new();
    input.read_line(&mut first).map_err(|e| {
        Error::Other(format!(
            "não foi possível ler o arquivo como uma cópia do conferencia (gzip): {e}"
        ))
    })?;
    let h: Header = serde_json::from_str(&first).map_err(|_| {
        Error::Other("o arquivo não é uma cópia de segurança do conferencia".into())
    })?;
    if h.format != FORMAT {
        return Err(Error::Other(
            "o arquivo não é uma cópia de segurança do conferencia".into(),
        ));
    }
    if h.version > VERSION {
        return Err(Error::Other(format!(
            "a cópia usa o formato {} e esta versão do conferencia só lê até o {VERSION}: use uma versão mais nova",
            h.version
        )));
    }
    Ok(h)
}

/// Loads an archive (gzip-compressed, as [`backup`] writes it) into `db`, which must have no rows
/// in any table. Migrates `db` first; refuses an archive of other migrations. All rows go in in
/// one transaction: on any error nothing is loaded.
pub async fn restore(db: &Db, input: impl std::io::Read) -> Result<(Header, Summary)> {
    let mut input = std::io::BufReader::with_capacity(1 << 20, flate2::read::GzDecoder::new(input));
    let header = read_header(&mut input)?;
    // Refuse before migrating: a database with data is left exactly as it was.
    let full = Held::acquire(db).await?.conn().non_empty_tables().await?;
    if !full.is_empty() {
        let mut shown: Vec<&str> = full.iter().map(String::as_str).take(5).collect();
        if full.len() > 5 {
            shown.push("…");
        }
        return Err(Error::Other(format!(
            "o banco de destino não está vazio ({} tabela(s) com registros: {}); a restauração só \
             carrega num banco novo e vazio, para não misturar dados",
            full.len(),
            shown.join(", ")
        )));
    }
    db.migrate().await?;
    let mut tx = Tx::begin(db, "BEGIN IMMEDIATE", "BEGIN").await?;
    let summary = load(&header, &mut tx.conn(), &mut input).await?;
    tx.commit().await?;
    Ok((header, summary))
}

/// [`restore`] from a file.
pub async fn restore_from_file(db: &Db, path: &std::path::Path) -> Result<(Header, Summary)> {
    let file = std::fs::File::open(path)
        .map_err(|e| Error::Other(format!("não foi possível abrir {}: {e}", path.display())))?;
    restore(db, file).await
}

/// Rows of one table waiting for their `INSERT`.
struct Batch {
    rows: Vec<Vec<V>>,
    bytes: usize,
}

/// Deferred foreign-key values of one table: primary key and deferred columns of each row.
struct Pending {
    table: String,
    key: Vec<String>,
    columns: Vec<String>,
    rows: Vec<(Vec<V>, Vec<V>)>,
}

fn truncated() -> Error {
    Error::Other("a cópia está incompleta (o arquivo terminou antes do fim)".into())
}

async fn load(header: &Header, c: &mut Conn<'_>, input: &mut impl BufRead) -> Result<Summary> {
    let target = c.migrations().await?;
    if target != header.migrations {
        let first = header
            .migrations
            .iter()
            .zip(&target)
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("; primeira diferença: {a} na cópia, {b} aqui"))
            .unwrap_or_default();
        return Err(Error::Other(format!(
            "a cópia foi feita por outra versão do conferencia ({} migrações na cópia, {} neste \
             programa{first}); restaure com a versão que fez a cópia e atualize depois",
            header.migrations.len(),
            target.len()
        )));
    }
    let backend = match c {
        Conn::Sqlite(_) => Backend::Sqlite,
        Conn::Postgres(_) => Backend::Postgres,
    };
    let schema = c.schema().await?;
    let plan = schema.plan()?;
    let mut loaded: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut summary = Summary::default();
    let mut buf = String::new();
    loop {
        buf.clear();
        if input.read_line(&mut buf).map_err(io)? == 0 {
            return Err(truncated());
        }
        let l = buf.trim_end();
        if let Ok(tr) = serde_json::from_str::<Trailer>(l) {
            if !tr.end || tr.tables != summary.tables || tr.rows != summary.rows {
                return Err(Error::Other(format!(
                    "a cópia está inconsistente: anuncia {} tabelas e {} registros, continha {} e {}",
                    tr.tables, tr.rows, summary.tables, summary.rows
                )));
            }
            break;
        }
        let start: TableStart = serde_json::from_str(l).map_err(|_| {
            Error::Other(format!(
                "a cópia está corrompida perto da tabela {} (linha inesperada)",
                loaded.last().map(String::as_str).unwrap_or("inicial")
            ))
        })?;
        let name = start.table.clone();
        let Some(t) = schema.tables.get(&name) else {
            return Err(Error::Other(format!(
                "a tabela {name} da cópia não existe no banco de destino"
            )));
        };
        if loaded.contains(&name) {
            return Err(Error::Other(format!(
                "a tabela {name} aparece duas vezes na cópia"
            )));
        }
        // Columns: the archive's order, each matched by name to one of the target.
        let mut cols: Vec<&Column> = Vec::with_capacity(start.columns.len());
        for (cn, kind) in &start.columns {
            let Some(col) = t.columns.iter().find(|c| &c.name == cn) else {
                return Err(Error::Other(format!(
                    "a coluna {name}.{cn} da cópia não existe no banco de destino"
                )));
            };
            if col.kind != *kind {
                return Err(Error::Other(format!(
                    "a coluna {name}.{cn} é {:?} na cópia e {:?} no destino",
                    kind, col.kind
                )));
            }
            cols.push(col);
        }
        if let Some(missing) = t
            .columns
            .iter()
            .find(|c| !start.columns.iter().any(|(n, _)| n == &c.name))
        {
            return Err(Error::Other(format!(
                "a coluna {name}.{} do destino falta na cópia",
                missing.name
            )));
        }
        let deferred = plan.deferred.get(&name);
        for fk in schema.foreign_keys.iter().filter(|f| f.table == name) {
            let is_deferred = deferred.is_some_and(|d| fk.columns.iter().all(|c| d.contains(c)));
            if fk.references != name && !is_deferred && !loaded.contains(&fk.references) {
                return Err(Error::Other(format!(
                    "a cópia traz a tabela {name} antes de {}, que ela referencia",
                    fk.references
                )));
            }
        }
        // Deferred columns go in as NULL; their values are kept with the row's key.
        let deferred_idx: Vec<usize> = match deferred {
            Some(d) => (0..cols.len())
                .filter(|&i| d.contains(&cols[i].name))
                .collect(),
            None => Vec::new(),
        };
        let key_idx: Vec<usize> = t
            .primary_key
            .iter()
            .filter_map(|k| cols.iter().position(|c| &c.name == k))
            .collect();
        let mut waiting = Pending {
            table: name.clone(),
            key: t.primary_key.clone(),
            columns: deferred_idx.iter().map(|&i| cols[i].name.clone()).collect(),
            rows: Vec::new(),
        };
        let per_batch = (MAX_PARAMS / cols.len().max(1)).clamp(1, BATCH_ROWS);
        let mut batch = Batch {
            rows: Vec::new(),
            bytes: 0,
        };
        let mut rows = 0u64;
        loop {
            buf.clear();
            if input.read_line(&mut buf).map_err(io)? == 0 {
                return Err(truncated());
            }
            let l = buf.trim_end();
            if l.starts_with('{') {
                let end: TableEnd = serde_json::from_str(l).map_err(|_| {
                    Error::Other(format!("a cópia está corrompida na tabela {name}"))
                })?;
                if end.end_table != name || end.rows != rows {
                    return Err(Error::Other(format!(
                        "a cópia está inconsistente na tabela {name}: anuncia {} registros, continha {rows}",
                        end.rows
                    )));
                }
                break;
            }
            let values: Vec<serde_json::Value> = serde_json::from_str(l).map_err(|e| {
                Error::Other(format!("a cópia está corrompida na tabela {name}: {e}"))
            })?;
            if values.len() != cols.len() {
                return Err(Error::Other(format!(
                    "a cópia está corrompida na tabela {name}: linha com {} valores, esperava {}",
                    values.len(),
                    cols.len()
                )));
            }
            let mut row = Vec::with_capacity(values.len());
            for (j, col) in values.into_iter().zip(&cols) {
                row.push(V::read(col.kind, j).map_err(|e| {
                    Error::Other(format!("valor inválido em {name}.{}: {e}", col.name))
                })?);
            }
            if !deferred_idx.is_empty() {
                let later: Vec<V> = deferred_idx
                    .iter()
                    .map(|&i| std::mem::replace(&mut row[i], V::Null))
                    .collect();
                if later.iter().any(|v| *v != V::Null) {
                    let key = key_idx.iter().map(|&i| row[i].clone()).collect();
                    waiting.rows.push((key, later));
                }
            }
            batch.bytes += row.iter().map(V::weight).sum::<usize>();
            batch.rows.push(row);
            rows += 1;
            if batch.rows.len() >= per_batch || batch.bytes >= BATCH_BYTES {
                insert(c, backend, &name, &cols, &mut batch).await?;
            }
        }
        insert(c, backend, &name, &cols, &mut batch).await?;
        if !waiting.rows.is_empty() {
            pending.push(waiting);
        }
        loaded.insert(name);
        summary.tables += 1;
        summary.rows += rows;
    }
    if let Some(missing) = schema.tables.keys().find(|t| !loaded.contains(*t)) {
        return Err(Error::Other(format!(
            "a cópia não tem a tabela {missing} do banco de destino"
        )));
    }
    for p in pending {
        fill_in(c, backend, &schema, p).await?;
    }
    if backend == Backend::Postgres {
        reset_sequences(c, &schema).await?;
    }
    Ok(summary)
}

fn placeholder(backend: Backend, n: usize, col: &Column) -> String {
    match (backend, col.kind) {
        (Backend::Postgres, Kind::Json) => format!("CAST(${n} AS {})", col.native),
        (Backend::Postgres, _) => format!("${n}"),
        (Backend::Sqlite, _) => format!("?{n}"),
    }
}

async fn insert(
    c: &mut Conn<'_>,
    backend: Backend,
    table: &str,
    cols: &[&Column],
    batch: &mut Batch,
) -> Result<()> {
    if batch.rows.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = cols.iter().map(|c| quote(&c.name)).collect();
    let mut sql = format!("INSERT INTO {} ({})", quote(table), names.join(", "));
    if cols.iter().any(|c| c.identity_always) {
        sql.push_str(" OVERRIDING SYSTEM VALUE");
    }
    sql.push_str(" VALUES ");
    let mut n = 0;
    for (r, _) in batch.rows.iter().enumerate() {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for (i, col) in cols.iter().enumerate() {
            if i > 0 {
                sql.push(',');
            }
            n += 1;
            sql.push_str(&placeholder(backend, n, col));
        }
        sql.push(')');
    }
    let rows = std::mem::take(&mut batch.rows);
    batch.bytes = 0;
    let all = rows
        .into_iter()
        .flat_map(|r| r.into_iter().zip(cols.iter().copied()));
    execute(c, sql, all)
        .await
        .map_err(|e| Error::Other(format!("ao carregar a tabela {table}: {e}")))
}

/// Runs `sql` with the values bound in order, each typed by its target column.
async fn execute<'a>(
    c: &mut Conn<'_>,
    sql: String,
    values: impl Iterator<Item = (V, &'a Column)>,
) -> Result<()> {
    match c {
        Conn::Sqlite(c) => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (v, _) in values {
                q = bind_sqlite(q, v);
            }
            q.execute(&mut **c).await.map_err(sx)?;
        }
        Conn::Postgres(c) => {
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (v, col) in values {
                q = bind_postgres(q, v, col)?;
            }
            q.execute(&mut **c).await.map_err(sx)?;
        }
    }
    Ok(())
}

type SqliteQuery<'q> = sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments>;
type PgQuery<'q> = sqlx::query::Query<'q, Postgres, sqlx::postgres::PgArguments>;

/// Binds as sea-orm does on SQLite: UUIDs as 16-byte blobs, booleans as 0/1, timestamps as RFC
/// 3339 text with `+00:00`, dates as `YYYY-MM-DD`.
fn bind_sqlite(q: SqliteQuery<'_>, v: V) -> SqliteQuery<'_> {
    match v {
        V::Null => q.bind(None::<i64>),
        V::Int(i) => q.bind(i),
        V::Real(f) => q.bind(f),
        V::Text(s) | V::Json(s) => q.bind(s),
        V::Bool(b) => q.bind(b),
        V::Bytes(b) => q.bind(b),
        V::Uuid(u) => q.bind(u),
        V::Tstz(t) => q.bind(t),
        V::Ts(t) => q.bind(t),
        V::Date(d) => q.bind(d),
        V::Time(t) => q.bind(t),
    }
}

/// Binds with the target column's own type (a NULL too: PostgreSQL checks parameter types).
fn bind_postgres<'q>(q: PgQuery<'q>, v: V, col: &Column) -> Result<PgQuery<'q>> {
    fn int<T: TryFrom<i64>>(v: Option<i64>, col: &Column) -> Result<Option<T>> {
        v.map(|i| {
            T::try_from(i).map_err(|_| {
                Error::Other(format!(
                    "o valor {i} não cabe na coluna {} ({})",
                    col.name, col.native
                ))
            })
        })
        .transpose()
    }
    let mismatch = |v: &V| {
        Error::Other(format!(
            "valor {v:?} não serve para a coluna {} ({})",
            col.name, col.native
        ))
    };
    macro_rules! opt {
        ($variant:ident) => {
            match v {
                V::Null => None,
                V::$variant(x) => Some(x),
                other => return Err(mismatch(&other)),
            }
        };
    }
    Ok(match (col.kind, col.native.as_str()) {
        (Kind::Integer, native) => {
            let i = opt!(Int);
            match native {
                "int2" => q.bind(int::<i16>(i, col)?),
                "int4" => q.bind(int::<i32>(i, col)?),
                _ => q.bind(i),
            }
        }
        (Kind::Real, "float4") => q.bind(opt!(Real).map(|f| f as f32)),
        (Kind::Real, _) => q.bind(opt!(Real)),
        (Kind::Text, _) => q.bind(opt!(Text)),
        (Kind::Json, _) => q.bind(opt!(Json)),
        (Kind::Bool, _) => q.bind(opt!(Bool)),
        (Kind::Bytes, _) => q.bind(opt!(Bytes)),
        (Kind::Uuid, _) => q.bind(opt!(Uuid)),
        (Kind::Timestamptz, _) => q.bind(opt!(Tstz)),
        (Kind::Timestamp, _) => q.bind(opt!(Ts)),
        (Kind::Date, _) => q.bind(opt!(Date)),
        (Kind::Time, _) => q.bind(opt!(Time)),
    })
}

/// Sets the deferred foreign-key columns of a table, row by row, once every row is in.
async fn fill_in(c: &mut Conn<'_>, backend: Backend, schema: &Schema, p: Pending) -> Result<()> {
    let t = &schema.tables[&p.table];
    let col = |n: &str| {
        t.columns
            .iter()
            .find(|c| c.name == n)
            .expect("column of the table")
    };
    let set_cols: Vec<&Column> = p.columns.iter().map(|n| col(n)).collect();
    let key_cols: Vec<&Column> = p.key.iter().map(|n| col(n)).collect();
    let mut n = 0;
    let mut next = |c: &Column| {
        n += 1;
        placeholder(backend, n, c)
    };
    let set: Vec<String> = set_cols
        .iter()
        .map(|c| format!("{} = {}", quote(&c.name), next(c)))
        .collect();
    let cond: Vec<String> = key_cols
        .iter()
        .map(|c| format!("{} = {}", quote(&c.name), next(c)))
        .collect();
    let sql = format!(
        "UPDATE {} SET {} WHERE {}",
        quote(&p.table),
        set.join(", "),
        cond.join(" AND ")
    );
    for (key, vals) in p.rows {
        let all = vals
            .into_iter()
            .zip(set_cols.iter().copied())
            .chain(key.into_iter().zip(key_cols.iter().copied()));
        execute(c, sql.clone(), all)
            .await
            .map_err(|e| Error::Other(format!("ao completar a tabela {}: {e}", p.table)))?;
    }
    Ok(())
}

/// Moves every serial or identity sequence past the largest restored value.
async fn reset_sequences(c: &mut Conn<'_>, schema: &Schema) -> Result<()> {
    let Conn::Postgres(c) = c else { return Ok(()) };
    for (table, t) in &schema.tables {
        for col in t.columns.iter().filter(|c| c.sequence) {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX({}) FROM {}), 0) + 1, false)",
                quote(&col.name),
                quote(table)
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(quote(table))
                .bind(&col.name)
                .execute(&mut **c)
                .await
                .map_err(sx)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, nullable: bool) -> Column {
        Column {
            name: name.into(),
            kind: Kind::Uuid,
            native: "uuid".into(),
            nullable,
            identity_always: false,
            sequence: false,
        }
    }

    fn table(cols: &[(&str, bool)]) -> Table {
        Table {
            columns: cols.iter().map(|(n, nl)| col(n, *nl)).collect(),
            primary_key: vec!["id".into()],
        }
    }

    fn fk(table: &str, column: &str, references: &str) -> ForeignKey {
        ForeignKey {
            table: table.into(),
            columns: vec![column.into()],
            references: references.into(),
        }
    }

    #[test]
    fn plan_orders_by_references_and_defers_self_and_cycles() {
        let mut s = Schema::default();
        s.tables
            .insert("a".into(), table(&[("id", false), ("b_id", true)]));
        s.tables
            .insert("b".into(), table(&[("id", false), ("a_id", false)]));
        s.tables.insert(
            "c".into(),
            table(&[("id", false), ("a_id", false), ("parent_id", true)]),
        );
        s.tables.insert("d".into(), table(&[("id", false)]));
        s.foreign_keys = vec![
            fk("a", "b_id", "b"),
            fk("b", "a_id", "a"),
            fk("c", "a_id", "a"),
            fk("c", "parent_id", "c"),
        ];
        s.foreign_keys.sort();
        let p = s.plan().unwrap();
        assert_eq!(p.order, ["d", "a", "b", "c"]);
        assert_eq!(
            p.deferred,
            BTreeMap::from([
                ("a".to_string(), BTreeSet::from(["b_id".to_string()])),
                ("c".to_string(), BTreeSet::from(["parent_id".to_string()])),
            ])
        );
    }

    #[test]
    fn plan_refuses_a_cycle_of_required_keys() {
        let mut s = Schema::default();
        s.tables
            .insert("a".into(), table(&[("id", false), ("b_id", false)]));
        s.tables
            .insert("b".into(), table(&[("id", false), ("a_id", false)]));
        s.foreign_keys = vec![fk("a", "b_id", "b"), fk("b", "a_id", "a")];
        assert!(s.plan().is_err());
    }

    #[test]
    fn kinds_of_both_backends() {
        assert_eq!(Kind::of_sqlite("uuid_text"), Some(Kind::Uuid));
        assert_eq!(
            Kind::of_sqlite("timestamp_with_timezone_text"),
            Some(Kind::Timestamptz)
        );
        assert_eq!(Kind::of_sqlite("date_text"), Some(Kind::Date));
        assert_eq!(Kind::of_sqlite("boolean"), Some(Kind::Bool));
        assert_eq!(Kind::of_sqlite("integer"), Some(Kind::Integer));
        assert_eq!(Kind::of_sqlite("blob"), Some(Kind::Bytes));
        assert_eq!(Kind::of_sqlite("json_text"), Some(Kind::Json));
        assert_eq!(Kind::of_sqlite("text"), Some(Kind::Text));
        assert_eq!(Kind::of_sqlite("varchar(20)"), Some(Kind::Text));
        assert_eq!(Kind::of_sqlite("time_text"), Some(Kind::Time));
        assert_eq!(Kind::of_sqlite("geometry"), None);
        assert_eq!(Kind::of_postgres("timestamptz"), Some(Kind::Timestamptz));
        assert_eq!(Kind::of_postgres("int4"), Some(Kind::Integer));
        assert_eq!(Kind::of_postgres("jsonb"), Some(Kind::Json));
        assert_eq!(Kind::of_postgres("numeric"), None);
    }

    #[test]
    fn values_round_trip_through_their_text() {
        let cases = [
            (Kind::Integer, V::Int(-9_007_199_254_740_993)),
            (Kind::Real, V::Real(0.1 + 0.2)),
            (Kind::Text, V::Text("ação \"citada\"\n".into())),
            (Kind::Bool, V::Bool(true)),
            (Kind::Bytes, V::Bytes(vec![0, 255, 10, 13])),
            (Kind::Uuid, V::Uuid(Uuid::now_v7())),
            (
                Kind::Timestamptz,
                V::Tstz(DateTime::from_timestamp(1_750_000_000, 123_456_789).unwrap()),
            ),
            (
                Kind::Timestamp,
                V::Ts(
                    DateTime::from_timestamp(1_750_000_000, 5_000)
                        .unwrap()
                        .naive_utc(),
                ),
            ),
            (
                Kind::Date,
                V::Date(NaiveDate::from_ymd_opt(2025, 2, 28).unwrap()),
            ),
            (
                Kind::Time,
                V::Time(NaiveTime::from_hms_micro_opt(7, 8, 9, 10).unwrap()),
            ),
            (Kind::Json, V::Json("{\"a\": [1, 2]}".into())),
            (Kind::Date, V::Null),
        ];
        for (kind, v) in cases {
            let mut out = Vec::new();
            v.write(&mut out).unwrap();
            let j: serde_json::Value = serde_json::from_slice(&out).unwrap();
            assert_eq!(
                V::read(kind, j).unwrap(),
                v,
                "{}",
                String::from_utf8_lossy(&out)
            );
        }
    }
}
