//! `conferencia-bench checkin [--json] [--database-url URL]`: 20 check-in stations at once over
//! loopback against the real router (HTTP/1.1 keep-alive, JSON API, staff session), on a fresh
//! SQLite database unless a URL is given. Prints p50/p99 latency, errors and throughput.
//!
//! `conferencia-bench checkin --offline-burst N [--json]`: N check-ins queued by 10 desks while
//! offline (device times in the last half hour) replayed at once when the network returns, one
//! action per request to `/c/{slug}/credenciamento/sincronizar`, then every queue sent again (the
//! answers lost): p99 per action, and from the database how many were applied, duplicated or lost.
//!
//! `conferencia-bench import`: a 5,000-row spreadsheet previewed and committed.
//!
//! `conferencia-bench votes`: electronic votes end to end against the real `conferencia` binary
//! (see `votes.rs`).
//!
//! `conferencia-bench report`: the final report of a 1,000-deliberation conference assembled and
//! written in every format (see `report.rs`).
//!
//! `conferencia-bench pages`: the public mobilization pages (conference, calendar feed, ranking,
//! timeline) at 500 requests/s against the real `conferencia` binary, with 200 units and 20,000
//! questionnaire answers (see `pages.rs`).
//!
//! `conferencia-bench systematize`: 5,570 municipalities × 30 synthetic proposals imported as
//! received proposals into a fresh SQLite database, read back and grouped as the app groups them
//! (`app::reporting::systematization::plan`), with the quality against the generator's ground truth (see
//! `systematize.rs`).

mod http;
mod pages;
mod report;
mod systematize;
mod votes;

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: conferencia-bench checkin|import|report [--json] [--database-url URL]
       conferencia-bench checkin --offline-burst N [--json] [--database-url URL]
       conferencia-bench votes [--delegates N] [--concurrency C] [--watchers W] [--instances K] [--remote] [--json] [--database-url URL]
       conferencia-bench pages [--units N] [--answers A] [--rate R] [--seconds S] [--connections C] [--json] [--database-url URL]
       conferencia-bench systematize [--municipalities N] [--per-municipality P] [--threshold T] [--seed S] [--json]";

const STATIONS: usize = 20;
const PER_STATION: usize = 50;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.iter().any(|a| a == "--json");
    let url = args
        .windows(2)
        .find(|w| w[0] == "--database-url")
        .map(|w| w[1].clone());
    match args.first().map(String::as_str) {
        Some("checkin") => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            let burst = args
                .windows(2)
                .find(|w| w[0] == "--offline-burst")
                .map(|w| w[1].parse::<usize>());
            match burst {
                Some(Ok(n)) if n >= DESKS => rt.block_on(offline_burst(n, json, url)),
                Some(_) => {
                    eprintln!("--offline-burst N: N is a number of check-ins, at least {DESKS}");
                    std::process::exit(2);
                }
                None => rt.block_on(checkin(json, url)),
            }
        }
        Some("report") => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(report::run(json, url));
        }
        Some("import") => {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(import(json, url));
        }
        Some("systematize") => {
            let o = match systematize::Options::parse(&args[1..]) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("{e}\n{USAGE}");
                    std::process::exit(2);
                }
            };
            std::process::exit(systematize::run(&o));
        }
        Some("pages") => {
            let o = match pages::Options::parse(&args[1..]) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("{e}\n{USAGE}");
                    std::process::exit(2);
                }
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            std::process::exit(rt.block_on(pages::run(o)));
        }
        Some("votes") => {
            let o = match votes::Options::parse(&args[1..]) {
                Ok(o) => o,
                Err(e) => {
                    eprintln!("{e}");
                    std::process::exit(2);
                }
            };
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .unwrap();
            std::process::exit(rt.block_on(votes::run(o)));
        }
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    }
}

/// The demo on a fresh database (or `url`), its desk open for three hours around now, `n`
/// delegates registered: (db, the admin's session token, their codes, the temporary directory).
async fn desk_ready(
    url: Option<String>,
    n: usize,
) -> (store::Db, String, Vec<String>, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("conferencia-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = url.unwrap_or_else(|| format!("sqlite://{}/bench.db?mode=rwc", dir.display()));
    let db = store::Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrations");
    app::demo::seed::seed(&db).await.expect("demo");
    let slug = app::demo::seed::DEMO_SLUG;
    let c = store::entities::conference::Entity::find()
        .filter(store::entities::conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    store::entities::stage::Entity::insert(store::entities::stage::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(c.id),
        kind: Set("credentialing".into()),
        title: Set("Credenciamento (benchmark)".into()),
        description: Set(None),
        starts_at: Set(now - chrono::Duration::hours(1)),
        ends_at: Set(Some(now + chrono::Duration::hours(2))),
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
    let token = match app::platform::accounts::login(
        &db,
        "admin@demo.conferencia.local",
        "demo-admin-2025",
    )
    .await
    .unwrap()
    {
        app::platform::accounts::LoginOutcome::Ok(t) => t,
        _ => panic!("demo admin login"),
    };
    let me = app::platform::auth::me(&db, Some(&token))
        .await
        .unwrap()
        .unwrap();
    let mut codes = Vec::new();
    for i in 0..n {
        let r = app::participants::registration::register(
            &db,
            Some(&me),
            slug,
            &app::participants::registration::RegistrationInput {
                name: format!("Pessoa de Teste {i}"),
                category: "delegado".into(),
                segment: ["governo", "usuarios", "trabalhadores", "entidades"][i % 4].into(),
                consent: true,
                ..Default::default()
            },
            app::participants::registration::Source::Assisted,
        )
        .await
        .expect("registration");
        codes.push(r.code);
    }
    (db, token, codes, dir)
}

async fn checkin(json: bool, url: Option<String>) {
    let slug = app::demo::seed::DEMO_SLUG;
    let (db, token, codes, dir) = desk_ready(url, STATIONS * PER_STATION).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, web::router(db)).await.unwrap();
    });
    let started = Instant::now();
    let mut handles = Vec::new();
    for s in 0..STATIONS {
        let mine: Vec<String> = codes[s * PER_STATION..(s + 1) * PER_STATION].to_vec();
        let cookie = format!("sid={token}");
        let path = format!("/api/v1/conferences/{slug}/checkins");
        handles.push(std::thread::spawn(move || {
            let mut conn = TcpStream::connect(addr).unwrap();
            conn.set_nodelay(true).unwrap();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut lat = Vec::new();
            let mut errors = 0usize;
            for code in mine {
                let body = format!("{{\"code\":\"{code}\"}}");
                let req = format!(
                    "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                let t = Instant::now();
                conn.write_all(req.as_bytes()).unwrap();
                let status = read_response(&mut reader);
                lat.push(t.elapsed());
                if status != 201 {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let mut lat = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        lat.extend(l);
        errors += e;
    }
    let total = started.elapsed();
    lat.sort();
    let pct = |p: f64| {
        lat[((lat.len() as f64 * p).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1000.0
    };
    let (p50, p99) = (pct(0.50), pct(0.99));
    let rps = lat.len() as f64 / total.as_secs_f64();
    if json {
        println!(
            "{}",
            serde_json::json!({"stations": STATIONS, "checkins": lat.len(), "p50_ms": p50, "p99_ms": p99, "errors": errors, "requests_per_s": rps, "seconds": total.as_secs_f64()})
        );
    } else {
        println!(
            "check-in: {STATIONS} stations, {} check-ins, p50 {p50:.1} ms, p99 {p99:.1} ms, {errors} errors, {rps:.0} req/s (target: p99 < 50 ms)",
            lat.len()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    if errors > 0 {
        std::process::exit(1);
    }
    let _ = Duration::ZERO;
}

/// Desks replaying their queues in `--offline-burst`.
const DESKS: usize = 10;

/// `checkin --offline-burst N`: see the crate's documentation.
async fn offline_burst(n: usize, json: bool, url: Option<String>) {
    let slug = app::demo::seed::DEMO_SLUG;
    let (db, token, codes, dir) = desk_ready(url, n).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = web::router(db.clone());
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    // Each desk's queue: its share of the people, checked in over the last half hour.
    let now = chrono::Utc::now();
    let queues: Vec<Vec<String>> = (0..DESKS)
        .map(|d| {
            codes
                .iter()
                .enumerate()
                .filter(|(i, _)| i % DESKS == d)
                .map(|(i, code)| {
                    let at = now - chrono::Duration::seconds(1800 - (i as i64 * 1700 / n as i64));
                    serde_json::json!({
                        "desk": format!("Mesa {}", d + 1),
                        "actions": [{
                            "key": format!("bench-{d}-{i}"),
                            "kind": "checkin",
                            "code": code,
                            "at": at,
                        }]
                    })
                    .to_string()
                })
                .collect()
        })
        .collect();
    let path = format!("/c/{slug}/credenciamento/sincronizar");
    let cookie = format!("sid={token}");
    let (p2, c2, q2) = (path.clone(), cookie.clone(), queues.clone());
    let (mut lat, errors, total) =
        tokio::task::spawn_blocking(move || replay(addr, &path, &cookie, queues))
            .await
            .unwrap();
    // The answers were lost: every desk sends its whole queue again.
    let (_, replay_errors, _) = tokio::task::spawn_blocking(move || replay(addr, &p2, &c2, q2))
        .await
        .unwrap();
    let c = store::entities::conference::Entity::find()
        .filter(store::entities::conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    use sea_orm::PaginatorTrait;
    let applied = store::entities::desk_action::Entity::find()
        .filter(store::entities::desk_action::Column::ConferenceId.eq(c.id))
        .filter(store::entities::desk_action::Column::Outcome.eq("applied"))
        .count(&db.conn)
        .await
        .unwrap() as usize;
    let checkins = store::entities::checkin::Entity::find()
        .filter(store::entities::checkin::Column::ConferenceId.eq(c.id))
        .filter(store::entities::checkin::Column::Method.eq("offline"))
        .count(&db.conn)
        .await
        .unwrap() as usize;
    let duplicates = checkins.saturating_sub(n) + applied.saturating_sub(n);
    let lost = n.saturating_sub(checkins);
    lat.sort();
    let pct = |p: f64| {
        lat[((lat.len() as f64 * p).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1000.0
    };
    let (p50, p99) = (pct(0.50), pct(0.99));
    let errors = errors + replay_errors;
    if json {
        println!(
            "{}",
            serde_json::json!({"offline_burst": n, "desks": DESKS, "applied": applied, "duplicates": duplicates, "lost": lost, "p50_ms": p50, "p99_ms": p99, "errors": errors, "seconds": total.as_secs_f64()})
        );
    } else {
        println!(
            "offline burst: {DESKS} desks, {n} queued check-ins, {applied} applied, {duplicates} duplicated, {lost} lost, p50 {p50:.1} ms, p99 {p99:.1} ms per action, {errors} errors, {:.1} s (target: all applied once, p99 < 50 ms)",
            total.as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    if errors > 0 || applied != n || duplicates > 0 || lost > 0 {
        std::process::exit(1);
    }
}

/// Each queue sent by its own desk (a thread, one keep-alive connection) at once, one request
/// per body: (latencies, non-200 answers, elapsed).
fn replay(
    addr: std::net::SocketAddr,
    path: &str,
    cookie: &str,
    queues: Vec<Vec<String>>,
) -> (Vec<Duration>, usize, Duration) {
    let started = Instant::now();
    let handles: Vec<_> = queues
        .into_iter()
        .map(|queue| {
            let (path, cookie) = (path.to_owned(), cookie.to_owned());
            std::thread::spawn(move || {
                let mut conn = TcpStream::connect(addr).unwrap();
                conn.set_nodelay(true).unwrap();
                let mut reader = BufReader::new(conn.try_clone().unwrap());
                let mut lat = Vec::new();
                let mut errors = 0usize;
                for body in queue {
                    let req = format!(
                        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    let t = Instant::now();
                    conn.write_all(req.as_bytes()).unwrap();
                    let status = read_response(&mut reader);
                    lat.push(t.elapsed());
                    if status != 200 {
                        errors += 1;
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut lat = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        lat.extend(l);
        errors += e;
    }
    (lat, errors, started.elapsed())
}

/// Reads one HTTP/1.1 response (Content-Length or chunked), returns its status.
fn read_response(r: &mut BufReader<TcpStream>) -> u16 {
    let mut line = String::new();
    r.read_line(&mut line).unwrap();
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut len = 0usize;
    let mut chunked = false;
    loop {
        let mut h = String::new();
        r.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let lower = h.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            let mut size = String::new();
            r.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut buf = vec![0; n + 2];
            r.read_exact(&mut buf).unwrap();
            if n == 0 {
                break;
            }
        }
    } else {
        let mut buf = vec![0; len];
        r.read_exact(&mut buf).unwrap();
    }
    status
}

/// Rows of the import benchmark (the target: preview + commit of 5,000 rows under 5 s).
const IMPORT_ROWS: usize = 5_000;

/// A valid CPF from nine digits.
fn cpf(n: u64) -> String {
    let base = format!("{n:09}");
    let mut d: Vec<u32> = base.bytes().map(|b| u32::from(b - b'0')).collect();
    for len in [9usize, 10] {
        let sum: u32 = (0..len).map(|i| d[i] * (len as u32 + 1 - i as u32)).sum();
        d.push((sum * 10 % 11) % 10);
    }
    d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap())
        .collect()
}

/// Uploads a 5,000-row CSV in Windows-1252 (as Excel writes it), previews it and commits it, as
/// the commission does in the browser; a second commit checks that nothing is created again.
async fn import(json: bool, url: Option<String>) {
    let dir = std::env::temp_dir().join(format!("conferencia-bench-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = url.unwrap_or_else(|| format!("sqlite://{}/bench.db?mode=rwc", dir.display()));
    let db = store::Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrations");
    app::demo::seed::seed(&db).await.expect("demo");
    let slug = app::demo::seed::DEMO_SLUG;
    let me = match app::platform::accounts::login(
        &db,
        "comissao@demo.conferencia.local",
        "demo-comissao-2025",
    )
    .await
    .unwrap()
    {
        app::platform::accounts::LoginOutcome::Ok(t) => app::platform::auth::me(&db, Some(&t))
            .await
            .unwrap()
            .unwrap(),
        _ => panic!("login"),
    };
    let segments = ["Usuário", "Trabalhador(a)", "Entidade", "Governo"];
    let territories = [
        "Território Centro",
        "Território Norte",
        "Território Sul",
        "",
    ];
    let mut text = String::from(
        "Nome completo;CPF;Segmento;Categoria;Território;Celular;Data de nascimento\r\n",
    );
    for i in 0..IMPORT_ROWS {
        text.push_str(&format!(
            "Pessoa Conceição Número {i};{};{};Delegado(a);{};(37) 9{:04}-{:04};{:02}/{:02}/{}\r\n",
            cpf(100_000 + i as u64),
            segments[i % 4],
            territories[i % 4],
            i % 10_000,
            (i * 7) % 10_000,
            1 + i % 28,
            1 + i % 12,
            1950 + i % 50,
        ));
    }
    let bytes = encoding_rs_bytes(&text);
    let started = std::time::Instant::now();
    let id = app::participants::import::upload(
        &db,
        Some(&me),
        slug,
        "bench.csv",
        &bytes,
        &app::participants::import::DefaultsInput::default(),
        true,
    )
    .await
    .expect("upload")
    .to_string();
    let preview = app::participants::import::preview(&db, Some(&me), slug, &id)
        .await
        .expect("preview");
    let preview_s = started.elapsed().as_secs_f64();
    let counts = app::participants::import::commit(&db, Some(&me), slug, &id)
        .await
        .expect("commit");
    let total = started.elapsed().as_secs_f64();
    let again = app::participants::import::commit(&db, Some(&me), slug, &id)
        .await
        .expect("again");
    let errors = preview.rejected.len() + counts.rejected + again.imported;
    if json {
        println!(
            "{}",
            serde_json::json!({"rows": IMPORT_ROWS, "imported": counts.imported, "preview_s": preview_s, "seconds": total, "errors": errors, "backend": db.backend.name()})
        );
    } else {
        println!(
            "import of {IMPORT_ROWS} rows on {}: preview {preview_s:.2} s, preview + commit {total:.2} s; imported {}, rejected {}, created again on a second commit {}",
            db.backend.name(),
            counts.imported,
            counts.rejected,
            again.imported
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    if errors > 0 {
        std::process::exit(1);
    }
}

fn encoding_rs_bytes(text: &str) -> Vec<u8> {
    let (b, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    b.into_owned()
}
