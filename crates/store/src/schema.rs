//! Introspection of the migrated schema, normalized so that SQLite and PostgreSQL can be compared
//! (the schema-drift test). Types are reduced to families: `uuid`, `text`, `integer`, `bool`,
//! `timestamptz`, `date`, `bytes`.

use crate::{Backend, Db, Result};
use sea_orm::{ConnectionTrait, Statement};
use std::collections::BTreeSet;

/// One column: (table, column, type family, nullable, part of primary key).
pub type ColumnShape = (String, String, String, bool, bool);

#[derive(Debug, PartialEq, Eq)]
pub struct SchemaShape {
    pub columns: BTreeSet<ColumnShape>,
    /// Unique indexes as (table, comma-joined columns).
    pub unique: BTreeSet<(String, String)>,
    /// Foreign keys as (table, column, referenced table).
    pub foreign_keys: BTreeSet<(String, String, String)>,
}

fn family(raw: &str) -> String {
    let t = raw.to_lowercase();
    let f = if t.contains("uuid") {
        "uuid"
    } else if t.contains("timestamp") {
        "timestamptz"
    } else if t.starts_with("date") {
        "date"
    } else if t.contains("int") {
        // SQLite stores every INTEGER as 64-bit and renders BIGINT columns as `integer`,
        // so integer widths are one family here.
        "integer"
    } else if t.contains("bool") {
        "bool"
    } else if t.contains("text") || t.contains("char") {
        "text"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else {
        return t;
    };
    f.to_owned()
}

const SKIP: &[&str] = &["seaql_migrations"];

async fn rows(db: &Db, sql: &str) -> Result<Vec<sea_orm::QueryResult>> {
    Ok(db
        .conn
        .query_all_raw(Statement::from_string(db.db_backend(), sql.to_owned()))
        .await?)
}

pub async fn shape(db: &Db) -> Result<SchemaShape> {
    let mut columns = BTreeSet::new();
    let mut unique = BTreeSet::new();
    let mut foreign_keys = BTreeSet::new();
    match db.backend {
        Backend::Sqlite => {
            let tables = rows(
                db,
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'",
            )
            .await?;
            for t in tables {
                let table: String = t.try_get("", "name")?;
                if SKIP.contains(&table.as_str()) {
                    continue;
                }
                for c in rows(db, &format!("PRAGMA table_info(\"{table}\")")).await? {
                    let name: String = c.try_get("", "name")?;
                    let ty: String = c.try_get("", "type")?;
                    let notnull: i32 = c.try_get("", "notnull")?;
                    let pk: i32 = c.try_get("", "pk")?;
                    columns.insert((
                        table.clone(),
                        name,
                        family(&ty),
                        notnull == 0 && pk == 0,
                        pk > 0,
                    ));
                }
                for i in rows(db, &format!("PRAGMA index_list(\"{table}\")")).await? {
                    let name: String = i.try_get("", "name")?;
                    let uniq: i32 = i.try_get("", "unique")?;
                    let origin: String = i.try_get("", "origin")?;
                    if uniq == 1 && origin != "pk" {
                        let cols: Vec<String> = rows(db, &format!("PRAGMA index_info(\"{name}\")"))
                            .await?
                            .iter()
                            .map(|r| r.try_get::<String>("", "name"))
                            .collect::<std::result::Result<_, _>>()?;
                        unique.insert((table.clone(), cols.join(",")));
                    }
                }
                for f in rows(db, &format!("PRAGMA foreign_key_list(\"{table}\")")).await? {
                    let from: String = f.try_get("", "from")?;
                    let to: String = f.try_get("", "table")?;
                    foreign_keys.insert((table.clone(), from, to));
                }
            }
        }
        Backend::Postgres => {
            let cols = rows(
                db,
                "SELECT c.table_name::text AS t, c.column_name::text AS c, c.data_type::text AS ty, c.is_nullable::text AS n,
                        EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                                JOIN information_schema.key_column_usage k
                                  ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
                                WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = c.table_schema
                                  AND tc.table_name = c.table_name AND k.column_name = c.column_name) AS pk
                 FROM information_schema.columns c WHERE c.table_schema = current_schema()",
            )
            .await?;
            for c in cols {
                let table: String = c.try_get("", "t")?;
                if SKIP.contains(&table.as_str()) {
                    continue;
                }
                let name: String = c.try_get("", "c")?;
                let ty: String = c.try_get("", "ty")?;
                let n: String = c.try_get("", "n")?;
                let pk: bool = c.try_get("", "pk")?;
                columns.insert((table, name, family(&ty), n == "YES" && !pk, pk));
            }
            let idx = rows(
                db,
                "SELECT t.relname::text AS t, string_agg(a.attname::text, ',' ORDER BY k.ord) AS cols
                 FROM pg_index ix
                 JOIN pg_class i ON i.oid = ix.indexrelid
                 JOIN pg_class t ON t.oid = ix.indrelid
                 JOIN pg_namespace ns ON ns.oid = t.relnamespace
                 CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                 WHERE ix.indisunique AND NOT ix.indisprimary AND ns.nspname = current_schema()
                 GROUP BY t.relname, i.relname",
            )
            .await?;
            for r in idx {
                let table: String = r.try_get("", "t")?;
                if SKIP.contains(&table.as_str()) {
                    continue;
                }
                unique.insert((table, r.try_get("", "cols")?));
            }
            let fks = rows(
                db,
                "SELECT cl.relname::text AS t, a.attname::text AS c, rt.relname::text AS r
                 FROM pg_constraint co
                 JOIN pg_class cl ON cl.oid = co.conrelid
                 JOIN pg_class rt ON rt.oid = co.confrelid
                 JOIN pg_namespace ns ON ns.oid = cl.relnamespace
                 JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = co.conkey[1]
                 WHERE co.contype = 'f' AND ns.nspname = current_schema()",
            )
            .await?;
            for r in fks {
                foreign_keys.insert((
                    r.try_get("", "t")?,
                    r.try_get("", "c")?,
                    r.try_get("", "r")?,
                ));
            }
        }
    }
    Ok(SchemaShape {
        columns,
        unique,
        foreign_keys,
    })
}
