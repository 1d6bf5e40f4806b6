//! `conferencia backup` / `restore` (ADR 0031): the demo goes SQLite → PostgreSQL → SQLite and
//! every table's rows come back; restore refuses a database with data, a cut archive and an archive
//! of other migrations; a backup taken while writers run is one consistent moment.
//!
//! Outside CI a missing PostgreSQL reports SKIPPED for its half (see `testkit::postgres_url`).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use store::Db;
use store::entities::{region, region_member, stored_file};
use store::sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryOrder, Statement};
use uuid::Uuid;

/// A new SQLite database file, not migrated.
async fn blank_sqlite() -> Db {
    let dir = std::env::temp_dir().join(format!("conferencia-backup-{}", Uuid::now_v7().simple()));
    Db::connect(&format!("sqlite://{}/r.db", dir.display()))
        .await
        .expect("sqlite connect")
}

/// A new PostgreSQL database, not migrated; None when PostgreSQL is not there.
async fn blank_postgres() -> Option<Db> {
    let url = testkit::postgres_url().await?;
    Some(Db::connect(&url).await.expect("postgres connect"))
}

async fn backup(db: &Db) -> Vec<u8> {
    let mut out = Vec::new();
    store::backup::backup(db, &mut out).await.expect("backup");
    out
}

async fn restore(db: &Db, archive: &[u8]) -> store::backup::Summary {
    store::backup::restore(db, archive)
        .await
        .expect("restore")
        .1
}

fn gunzip(archive: &[u8]) -> String {
    let mut s = String::new();
    flate2::read::GzDecoder::new(archive)
        .read_to_string(&mut s)
        .expect("gzip");
    s
}

fn gzip(text: &str) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(text.as_bytes()).unwrap();
    e.finish().unwrap()
}

/// Per table: its columns (name → kind) and its rows, each as a JSON object keyed by column name
/// (so column order does not matter), sorted. With `micros`, timestamps are cut to microseconds
/// (what PostgreSQL keeps).
type Tables = BTreeMap<String, (BTreeMap<String, String>, Vec<String>)>;

fn tables(archive: &[u8], micros: bool) -> Tables {
    let text = gunzip(archive);
    let mut lines = text.lines();
    let header: serde_json::Value = serde_json::from_str(lines.next().unwrap()).unwrap();
    assert_eq!(header["format"], "conferencia-backup");
    let mut out = Tables::new();
    let mut current: Option<(String, Vec<(String, String)>)> = None;
    let mut ended = false;
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        if let Some(row) = v.as_array() {
            let (name, cols) = current.as_ref().expect("row inside a table");
            let mut obj = BTreeMap::new();
            for ((c, kind), val) in cols.iter().zip(row) {
                let val = match (kind.as_str(), val.as_str()) {
                    ("timestamptz", Some(s)) if micros => {
                        let t = chrono::DateTime::parse_from_rfc3339(s).unwrap();
                        let t =
                            chrono::DateTime::from_timestamp_micros(t.timestamp_micros()).unwrap();
                        serde_json::Value::String(
                            t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                        )
                    }
                    _ => val.clone(),
                };
                obj.insert(c.clone(), val);
            }
            out.get_mut(name)
                .unwrap()
                .1
                .push(serde_json::to_string(&obj).unwrap());
        } else if let Some(t) = v.get("table") {
            let name = t.as_str().unwrap().to_string();
            let cols: Vec<(String, String)> = serde_json::from_value(v["columns"].clone()).unwrap();
            out.insert(name.clone(), (cols.iter().cloned().collect(), Vec::new()));
            current = Some((name, cols));
        } else if v.get("end_table").is_some() {
            current = None;
        } else {
            assert_eq!(v["end"], true);
            ended = true;
        }
    }
    assert!(ended, "archive has its trailer");
    for t in out.values_mut() {
        t.1.sort();
    }
    out
}

fn assert_same(what: &str, a: &Tables, b: &Tables) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{what}: same tables"
    );
    for (name, (cols, rows)) in a {
        let (cols_b, rows_b) = &b[name];
        assert_eq!(cols, cols_b, "{what}: columns of {name}");
        assert_eq!(rows.len(), rows_b.len(), "{what}: rows of {name}");
        for (x, y) in rows.iter().zip(rows_b) {
            assert_eq!(x, y, "{what}: a row of {name}");
        }
    }
}

async fn scalar_i64(db: &Db, sql: String) -> i64 {
    let r = db
        .conn
        .query_one_raw(Statement::from_string(db.db_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    r.try_get_by_index::<i64>(0).unwrap()
}

/// Row counts of every table, straight from the database.
async fn counts(db: &Db, tables: &Tables) -> BTreeMap<String, i64> {
    let mut out = BTreeMap::new();
    for t in tables.keys() {
        out.insert(
            t.clone(),
            scalar_i64(db, format!("SELECT COUNT(*) FROM \"{t}\"")).await,
        );
    }
    out
}

/// How SQLite stores each column (`typeof`: blob UUIDs, integer booleans, text timestamps…).
async fn storage_classes(db: &Db, tables: &Tables) -> BTreeMap<(String, String), Vec<String>> {
    let mut out = BTreeMap::new();
    for (t, (cols, _)) in tables {
        for c in cols.keys() {
            let rows = db
                .conn
                .query_all_raw(Statement::from_string(
                    db.db_backend(),
                    format!("SELECT DISTINCT typeof(\"{c}\") AS k FROM \"{t}\" ORDER BY 1"),
                ))
                .await
                .unwrap();
            let kinds = rows
                .iter()
                .map(|r| r.try_get::<String>("", "k").unwrap())
                .collect();
            out.insert((t.clone(), c.clone()), kinds);
        }
    }
    out
}

async fn demo_sqlite() -> Db {
    let db = testkit::sqlite().await;
    // As `conferencia serve --demo` does.
    app::platform::tenancy::ensure_entities(&db).await.unwrap();
    app::demo::seed::seed_with_history(&db).await.unwrap();
    // A file with every byte value, beside the demo's own.
    let conference_id = store::entities::conference::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let bytes: Vec<u8> = (0..=255u8).cycle().take(64 * 1024 + 7).collect();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(conference_id),
        purpose: Set("test".into()),
        file_name: Set("todos os bytes.bin".into()),
        content_type: Set("application/octet-stream".into()),
        size_bytes: Set(bytes.len() as i32),
        sha256: Set("-".into()),
        bytes: Set(bytes),
        created_at: Set(chrono::Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    db
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_goes_sqlite_to_postgres_to_sqlite() {
    let src = demo_sqlite().await;
    let a1 = backup(&src).await;
    let t1 = tables(&a1, false);
    let t1_micros = tables(&a1, true);
    let non_empty = t1.values().filter(|(_, rows)| !rows.is_empty()).count();
    assert!(non_empty >= 20, "the demo fills many tables ({non_empty})");
    assert!(!t1.contains_key("seaql_migrations"));

    // Through PostgreSQL when there is one; straight SQLite → SQLite otherwise.
    let a2 = match blank_postgres().await {
        Some(pg) => {
            let s = restore(&pg, &a1).await;
            assert_eq!(s.tables as usize, t1.len());
            assert_eq!(counts(&pg, &t1).await, counts(&src, &t1).await);
            let a2 = backup(&pg).await;
            assert_same("SQLite → PostgreSQL", &t1_micros, &tables(&a2, false));
            // The application reads what was restored.
            app::reporting::report::for_cli(
                &pg,
                app::demo::seed::DEMO_SLUG,
                domain::report::Audience::Public,
            )
            .await
            .expect("report on restored PostgreSQL");
            a2
        }
        None => a1.clone(),
    };

    let dst = blank_sqlite().await;
    restore(&dst, &a2).await;
    let a3 = backup(&dst).await;
    assert_same("→ SQLite again", &tables(&a2, false), &tables(&a3, false));
    assert_same("original and final SQLite", &t1_micros, &tables(&a3, true));
    assert_eq!(counts(&dst, &t1).await, counts(&src, &t1).await);
    // Stored the way sea-orm stores them, column by column.
    assert_eq!(
        storage_classes(&dst, &t1).await,
        storage_classes(&src, &t1).await
    );
    let files = |db: &Db| {
        let c = db.conn.clone();
        async move {
            stored_file::Entity::find()
                .order_by_asc(stored_file::Column::Id)
                .all(&c)
                .await
                .unwrap()
                .into_iter()
                .map(|f| (f.id, f.file_name, f.bytes))
                .collect::<Vec<_>>()
        }
    };
    let original = files(&src).await;
    assert!(original.len() >= 2);
    assert_eq!(files(&dst).await, original, "stored files, byte for byte");
    app::reporting::report::for_cli(
        &dst,
        app::demo::seed::DEMO_SLUG,
        domain::report::Audience::Public,
    )
    .await
    .expect("report on restored SQLite");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_data_a_cut_archive_and_other_migrations() {
    let src = testkit::sqlite().await;
    app::platform::tenancy::ensure_entities(&src).await.unwrap();
    let archive = backup(&src).await;
    let entities = scalar_i64(&src, "SELECT COUNT(*) FROM federative_entity".into()).await;
    assert!(entities > 0);

    // A database with data, on each backend: refused, left as it was.
    let mut targets = vec![testkit::sqlite().await];
    if let Some(pg) = testkit::postgres().await {
        targets.push(pg);
    }
    for db in &targets {
        app::platform::tenancy::ensure_entities(db).await.unwrap();
        let err = store::backup::restore(db, archive.as_slice())
            .await
            .expect_err("a database with data is refused")
            .to_string();
        assert!(err.contains("não está vazio"), "{err}");
        assert!(err.contains("federative_entity"), "{err}");
        assert_eq!(
            scalar_i64(db, "SELECT COUNT(*) FROM federative_entity".into()).await,
            entities
        );
    }

    // An archive cut short loads nothing.
    let text = gunzip(&archive);
    let cut: String = text
        .lines()
        .take(text.lines().count() - 1)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    let db = blank_sqlite().await;
    let err = store::backup::restore(&db, gzip(&cut).as_slice())
        .await
        .expect_err("a cut archive is refused")
        .to_string();
    assert!(err.contains("incompleta"), "{err}");
    assert_eq!(
        scalar_i64(&db, "SELECT COUNT(*) FROM federative_entity".into()).await,
        0
    );

    // An archive of other migrations is refused; the same database then takes the right one.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut header: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    header["migrations"].as_array_mut().unwrap().pop();
    lines[0] = header.to_string();
    let err = store::backup::restore(&db, gzip(&(lines.join("\n") + "\n")).as_slice())
        .await
        .expect_err("other migrations are refused")
        .to_string();
    assert!(err.contains("outra versão"), "{err}");
    let s = restore(&db, &archive).await;
    assert_eq!(s.rows as i64, entities);

    // Not an archive at all.
    let err = store::backup::restore(&blank_sqlite().await, b"hello".as_slice())
        .await
        .expect_err("not an archive")
        .to_string();
    assert!(err.contains("cópia"), "{err}");
}

/// Writers add a region and its member in one transaction, again and again, while a backup runs.
/// A backup of one moment holds as many members as regions; restored, it passes every foreign key.
async fn backup_during_writes(src: Db) {
    app::platform::tenancy::ensure_entities(&src).await.unwrap();
    let entity = store::entities::federative_entity::Entity::find()
        .one(&src.conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let stop = Arc::new(AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..3 {
        let (db, stop) = (src.clone(), stop.clone());
        writers.push(tokio::spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let tx = db.write().await.unwrap();
                let id = Uuid::now_v7();
                region::Entity::insert(region::ActiveModel {
                    id: Set(id),
                    uf: Set("MG".into()),
                    kind: Set("test".into()),
                    name: Set(format!("w{w}-{n}")),
                    search_key: Set(format!("w{w}-{n}")),
                    created_at: Set(chrono::Utc::now()),
                })
                .exec(&tx)
                .await
                .unwrap();
                tokio::task::yield_now().await;
                region_member::Entity::insert(region_member::ActiveModel {
                    region_id: Set(id),
                    entity_id: Set(entity),
                })
                .exec(&tx)
                .await
                .unwrap();
                tx.commit().await.unwrap();
                n += 1;
            }
            n
        }));
    }
    // Let the writers get going, then back up twice while they run.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut archives = Vec::new();
    for _ in 0..2 {
        archives.push(backup(&src).await);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let mut written = 0;
    for w in writers {
        written += w.await.unwrap();
    }
    assert!(written > 0);
    let total = scalar_i64(&src, "SELECT COUNT(*) FROM region".into()).await;
    for archive in archives {
        let t = tables(&archive, false);
        let regions = t["region"].1.len();
        assert!(regions > 0, "taken while the writers ran");
        assert_eq!(regions, t["region_member"].1.len(), "one moment");
        assert!(regions as i64 <= total);
        let dst = blank_sqlite().await;
        restore(&dst, &archive).await;
        assert_eq!(
            scalar_i64(&dst, "SELECT COUNT(*) FROM region".into()).await,
            regions as i64
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_while_writing_sqlite() {
    backup_during_writes(testkit::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_while_writing_postgres() {
    if let Some(db) = testkit::postgres().await {
        backup_during_writes(db).await;
    }
}

/// The subcommands, with the real binary: back up the demo, restore it into a new database,
/// then again into the same one (refused, exit 1).
#[test]
fn cli_backup_and_restore() {
    use std::process::Command;
    let dir = std::env::temp_dir().join(format!("conferencia-backup-cli-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = format!("sqlite://{}/src.db", dir.display());
    let dst = format!("sqlite://{}/dst.db", dir.display());
    let archive = dir.join("copia.jsonl.gz");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_conferencia"))
            .args(args)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", "warn")
            .output()
            .expect("run conferencia")
    };
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let out = run(&["demo", "--database-url", &src]);
    assert!(out.status.success(), "demo: {}", text(&out.stderr));
    let a = archive.to_str().unwrap();
    let out = run(&["backup", "--output", a, "--database-url", &src]);
    assert!(out.status.success(), "backup: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Cópia de segurança escrita"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads the archive");
    }
    let out = run(&["restore", a, "--database-url", &dst]);
    assert!(out.status.success(), "restore: {}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("restaurada"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&["restore", a, "--database-url", &dst]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("não está vazio"),
        "{}",
        text(&out.stderr)
    );
    // A missing source is not created.
    let missing = format!("sqlite://{}/nada.db", dir.display());
    let out = run(&["backup", "--output", a, "--database-url", &missing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("nada.db").exists());
}
