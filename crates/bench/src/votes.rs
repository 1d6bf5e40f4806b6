//! `conferencia-bench votes [--delegates N] [--concurrency C] [--watchers W] [--instances K]
//! [--remote] [--json] [--database-url URL]`: electronic votes end to end against the real binary.
//! An option it does not know is refused (exit 2), never ignored.
//!
//! `--remote` (ADR 0040): the conference is hybrid and the delegates take part from a distance:
//! nobody is checked in at a desk; each delegate has an online credentialing link (seeded, as the
//! e-mail would bring it) and confirms it with their registration code over HTTP, which credentials
//! them online and pairs their device; the table opens a roll call and every delegate answers
//! "Estou presente" over HTTP (both counted in `pairing_seconds`); the table closes the roll call,
//! and the vote runs as below. The JSON says `"remote": true`.
//!
//! 1. Seeds a fresh database (SQLite file in a temp folder, or a new PostgreSQL database created
//!    next to the given URL and dropped at the end): migrations, the demo conference, N delegates
//!    registered and checked in today.
//! 2. Starts `conferencia serve` (the release binary next to this one) K times on it.
//! 3. Logs the delegates in as at the desk: the commission's session opens a pairing code for each
//!    (`/c/{slug}/credenciamento/celular`), the "phone" confirms it (`/c/{slug}/celular`) and keeps
//!    its `dlg` cookie; spread over C connections and the K instances.
//! 4. Connects W server-sent-event watchers of the live board (`/c/{slug}/telao/eventos`), as the
//!    projector pages do, spread over the instances.
//! 5. Opens a secret vote on the regimento in block, then every delegate votes once over C
//!    keep-alive connections (votes alternate between instances), choices fixed by the delegate's
//!    number so the expected counts are known; each request's latency is recorded.
//!    votes/s = acknowledged votes / time from the start of the burst to the last answer.
//! 6. Closes the vote over HTTP and times how long, from sending the close, until every watcher
//!    shows the final tally (this vote's subject, counts adding up to the acknowledged votes).
//! 7. Reads the server's peak RSS (`VmHWM`, the largest over the instances), stops the servers, and
//!    reads the vote's row from the database: the tally must equal the acknowledged votes per
//!    choice (and the participation rows their number), and the vote's hash chain must verify
//!    (`app::plenary::voting::record`).
//!
//! Exit status 1 when a vote failed, the tally is not exact, the chain does not verify, or a
//! watcher never saw the result.
//! The process needs W + C·K open files and the servers about as many (`ulimit -n`).
//! `BENCH_SERVER_LOG=1` copies the servers' output to stderr; with
//! `RUST_LOG=info,conferencia_app::voting=debug` it shows each vote batch's size and time.

use crate::http::{Conn, Events};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use store::entities::{
    checkin, conference, online_credential_link, plenary_vote, registration, vote_participation,
};

const SLUG: &str = app::demo::seed::DEMO_SLUG;
const STAFF: (&str, &str) = ("comissao@demo.conferencia.local", "demo-comissao-2025");
/// How long the watchers may take to show the final tally before the run gives up on them.
const WATCH_TIMEOUT: Duration = Duration::from_secs(30);
const CHOICES: [&str; 3] = ["favor", "against", "abstain"];

pub struct Options {
    pub delegates: usize,
    pub concurrency: usize,
    pub watchers: usize,
    pub instances: usize,
    pub json: bool,
    pub database_url: Option<String>,
    /// Delegates credentialed online and present by the roll call (ADR 0040).
    pub remote: bool,
}

/// The options that take a value, and the flags.
const VALUED: [&str; 5] = [
    "--delegates",
    "--concurrency",
    "--watchers",
    "--instances",
    "--database-url",
];
const FLAGS: [&str; 2] = ["--json", "--remote"];

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            if VALUED.contains(&a) {
                if i + 1 >= args.len() {
                    return Err(format!("{a} wants a value"));
                }
                i += 2;
            } else if FLAGS.contains(&a) {
                i += 1;
            } else {
                return Err(format!(
                    "unknown option {a:?} (known: {} and {})",
                    VALUED.join(", "),
                    FLAGS.join(", ")
                ));
            }
        }
        let num = |name: &str, default: usize| -> Result<usize, String> {
            match args.windows(2).find(|w| w[0] == name) {
                Some(w) => w[1]
                    .parse()
                    .map_err(|_| format!("{name} wants a number, got {:?}", w[1])),
                None => Ok(default),
            }
        };
        let o = Options {
            delegates: num("--delegates", 2000)?,
            concurrency: num("--concurrency", 200)?.max(1),
            watchers: num("--watchers", 2000)?,
            instances: num("--instances", 1)?.max(1),
            json: args.iter().any(|a| a == "--json"),
            remote: args.iter().any(|a| a == "--remote"),
            database_url: args
                .windows(2)
                .find(|w| w[0] == "--database-url")
                .map(|w| w[1].clone()),
        };
        if o.delegates == 0 {
            return Err("--delegates must be at least 1".into());
        }
        if o.instances > 1
            && !o
                .database_url
                .as_deref()
                .is_some_and(|u| u.starts_with("postgres"))
        {
            return Err(
                "--instances above 1 needs --database-url postgres://… (SQLite serves one process)"
                    .into(),
            );
        }
        Ok(o)
    }
}

/// The delegate `i`'s choice: 50 % favor, 30 % against, 20 % abstain, by number.
fn choice_of(i: usize) -> usize {
    match i % 10 {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
}

pub(crate) fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

/// Where the run's database lives, and how to get rid of it.
pub(crate) enum Database {
    /// A temporary folder to remove, or none for a file given by the user.
    Sqlite {
        dir: Option<std::path::PathBuf>,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl Database {
    pub(crate) async fn create(url: Option<&str>) -> Result<(Database, String), String> {
        match url {
            None => {
                let dir =
                    std::env::temp_dir().join(format!("conferencia-bench-{}", std::process::id()));
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                let url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
                Ok((Database::Sqlite { dir: Some(dir) }, url))
            }
            Some(u) if u.starts_with("postgres") => {
                let name = format!("conferencia_bench_{}", std::process::id());
                let admin = sea_orm::Database::connect(u)
                    .await
                    .map_err(|e| format!("PostgreSQL at {u}: {e}"))?;
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                    .await
                    .map_err(|e| e.to_string())?;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .map_err(|e| e.to_string())?;
                let _ = admin.close().await;
                let (prefix, _) = u
                    .split('?')
                    .next()
                    .unwrap_or(u)
                    .rsplit_once('/')
                    .ok_or("the database URL has no path")?;
                Ok((
                    Database::Postgres {
                        admin_url: u.to_owned(),
                        name: name.clone(),
                    },
                    format!("{prefix}/{name}"),
                ))
            }
            Some(u) => Ok((Database::Sqlite { dir: None }, u.to_owned())),
        }
    }

    pub(crate) async fn drop_it(self) {
        match self {
            Database::Sqlite { dir } => {
                if let Some(dir) = dir {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
            Database::Postgres { admin_url, name } => {
                if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                    if let Err(e) = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await
                    {
                        eprintln!("could not drop database {name}: {e}");
                    }
                    let _ = admin.close().await;
                }
            }
        }
    }
}

const FIRST: &[&str] = &[
    "Ana",
    "Antônio",
    "Beatriz",
    "Carlos",
    "Cláudia",
    "Daniel",
    "Débora",
    "Eduardo",
    "Fernanda",
    "Francisco",
    "Gabriela",
    "Geraldo",
    "Helena",
    "Ítalo",
    "Joana",
    "José",
    "Júlia",
    "Luiz",
    "Márcia",
    "Maria",
    "Natália",
    "Osvaldo",
    "Patrícia",
    "Paulo",
    "Raimunda",
    "Ricardo",
    "Sebastião",
    "Simone",
    "Tereza",
    "Vinícius",
];
const LAST: &[&str] = &[
    "Almeida",
    "Alves",
    "Araújo",
    "Barbosa",
    "Cardoso",
    "Carvalho",
    "Castro",
    "Conceição",
    "Costa",
    "Dias",
    "Fernandes",
    "Ferreira",
    "Gomes",
    "Lima",
    "Lopes",
    "Martins",
    "Melo",
    "Moreira",
    "Nascimento",
    "Oliveira",
    "Pereira",
    "Ribeiro",
    "Rocha",
    "Rodrigues",
    "Santos",
    "Silva",
    "Soares",
    "Sousa",
    "Teixeira",
    "Vieira",
];
const SEGMENTS: [&str; 4] = ["governo", "usuarios", "trabalhadores", "entidades"];

/// Migrations, the demo, and `n` delegates checked in today, in a few transactions. Returns the
/// delegates' registration codes, in order. `remote`: the conference is hybrid, nobody is checked
/// in, and each delegate gets an online credentialing link whose token is returned with the code.
async fn seed(url: &str, n: usize, remote: bool) -> Result<(Vec<String>, Vec<String>), String> {
    let db = store::Db::connect(url).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    app::demo::seed::seed(&db)
        .await
        .map_err(|e| e.to_string())?;
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(SLUG))
        .one(&db.conn)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("demo conference missing")?;
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo);
    let now = chrono::Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let mut taken: HashSet<String> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Code)
        .filter(registration::Column::ConferenceId.eq(c.id))
        .into_tuple::<String>()
        .all(&db.conn)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    let mut codes = Vec::with_capacity(n);
    let mut regs = Vec::with_capacity(n);
    let mut checkins = Vec::with_capacity(n);
    let mut links = Vec::with_capacity(n);
    let mut tokens = Vec::with_capacity(n);
    for i in 0..n {
        let code = loop {
            let r: [u8; 5] = rand_bytes();
            let code = domain::participants::registration_code(r);
            if taken.insert(code.clone()) {
                break code;
            }
        };
        let name = format!(
            "{} {} {}",
            FIRST[i % FIRST.len()],
            LAST[(i / FIRST.len()) % LAST.len()],
            LAST[(i * 7 + 3) % LAST.len()]
        );
        let segment = SEGMENTS[i % 4];
        let id = uuid::Uuid::now_v7();
        regs.push(registration::ActiveModel {
            id: Set(id),
            conference_id: Set(c.id),
            code: Set(code.clone()),
            search_key: Set(domain::text::search_key(&name)),
            name: Set(name),
            social_name: Set(None),
            category: Set("delegado".into()),
            segment: Set(Some(segment.into())),
            seat: Set(Some("titular".into())),
            origin: Set(Some(
                match (segment, i % 5) {
                    ("governo", _) => "indicado",
                    (_, 0) => "nato",
                    _ => "preconferencia",
                }
                .into(),
            )),
            represents: Set(None),
            territory_id: Set(None),
            unit_id: Set(None),
            preferred_eixo_id: Set(None),
            cpf: Set(None),
            email: Set(None),
            phone: Set(None),
            birth_date: Set(None),
            trust_position: Set(false),
            needs: Set(String::new()),
            needs_other: Set(None),
            consent_version: Set(domain::participants::PRIVACY_NOTICE_VERSION.into()),
            consented_at: Set(now),
            source: Set("import".into()),
            assisted_by: Set(None),
            import_key: Set(None),
            status: Set(registration::RegistrationStatus::Active),
            created_at: Set(now),
            updated_at: Set(now),
        });
        if remote {
            let token: String = (0..4)
                .map(|_| hex::encode(uuid::Uuid::new_v4().as_bytes()))
                .collect::<String>()[..64]
                .to_owned();
            links.push(online_credential_link::ActiveModel {
                token_hash: Set(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                    token.as_bytes(),
                ))),
                conference_id: Set(c.id),
                registration_id: Set(id),
                created_at: Set(now),
                expires_at: Set(now + chrono::Duration::hours(2)),
                used_at: Set(None),
                failed: Set(0),
            });
            tokens.push(token);
        } else {
            checkins.push(checkin::ActiveModel {
                id: Set(uuid::Uuid::now_v7()),
                conference_id: Set(c.id),
                registration_id: Set(id),
                day: Set(today),
                checked_at: Set(now),
                checked_by: Set(None),
                replaces_registration_id: Set(None),
                method: Set("code".into()),
            });
        }
        codes.push(code);
    }
    let tx = db.write().await.map_err(|e| e.to_string())?;
    for chunk in regs.chunks(500) {
        registration::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    for chunk in checkins.chunks(1000) {
        checkin::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    for chunk in links.chunks(1000) {
        online_credential_link::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    if remote {
        let mut am: conference::ActiveModel = c.into();
        am.format = Set("hibrida".into());
        sea_orm::ActiveModelTrait::update(am, &tx)
            .await
            .map_err(|e| e.to_string())?;
    }
    tx.commit().await.map_err(|e| e.to_string())?;
    let _ = db.conn.close().await;
    Ok((codes, tokens))
}

fn rand_bytes() -> [u8; 5] {
    let u = uuid::Uuid::new_v4();
    let mut r = [0u8; 5];
    r.copy_from_slice(&u.as_bytes()[..5]);
    r
}

/// A running `conferencia serve`; killed on drop.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(crate) fn start(url: &str) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let bin = exe
            .parent()
            .map(|d| d.join("conferencia"))
            .filter(|p| p.exists())
            .ok_or_else(|| {
                format!(
                    "no `conferencia` binary next to {} (cargo build --release -p conferencia-server)",
                    exe.display()
                )
            })?;
        let mut child = Command::new(&bin)
            .args(["serve", "--bind", "127.0.0.1:0", "--database-url", url])
            .env_remove("DATABASE_URL")
            .env_remove("CONFERENCIA_BIND")
            .env_remove("CONFERENCIA_DEMO")
            .env(
                "CONFERENCIA_MAIL_DIR",
                std::env::temp_dir().join("conferencia-bench-mail"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("start {}: {e}", bin.display()))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("conferencia em http://") {
                    let _ = tx.send(addr.trim().to_owned());
                }
                keep(&l, line);
            }
        });
        let err = child.stderr.take().expect("stderr");
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                keep(&l, line);
            }
        });
        let mut s = Server {
            child,
            addr: String::new(),
            log,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(addr) = rx.recv_timeout(Duration::from_millis(100)) {
                s.addr = addr;
                return Ok(s);
            }
            if let Ok(Some(st)) = s.child.try_wait() {
                std::thread::sleep(Duration::from_millis(200));
                return Err(format!("the server exited with {st}:\n{}", s.log()));
            }
            if Instant::now() > deadline {
                return Err(format!("the server did not start:\n{}", s.log()));
            }
        }
    }

    fn log(&self) -> String {
        self.log.lock().expect("log").join("\n")
    }

    /// Peak resident memory (`VmHWM`), in MiB.
    pub(crate) fn peak_rss_mib(&self) -> f64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            })
            .map(|kb| kb / 1024.0)
            .unwrap_or(0.0)
    }

    /// SIGTERM, then SIGKILL if it has not stopped within 10 s.
    fn stop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keeps the last lines of a server's output (for error reports).
fn keep(log: &Mutex<Vec<String>>, line: String) {
    if std::env::var_os("BENCH_SERVER_LOG").is_some() {
        eprintln!("server: {line}");
    }
    let mut l = log.lock().expect("log");
    if l.len() >= 200 {
        l.remove(0);
    }
    l.push(line);
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// What the watchers share: the open votes they saw (id → subject as the board shows it, and how
/// many watchers saw it), the vote of the run and the total to wait for.
#[derive(Default)]
struct Watch {
    opens: Mutex<std::collections::HashMap<String, (String, usize)>>,
    vote_id: OnceLock<String>,
    expected: OnceLock<i64>,
    connected: AtomicUsize,
    failed: AtomicUsize,
}

impl Watch {
    fn saw_open(&self, id: &str) -> usize {
        self.opens
            .lock()
            .expect("opens")
            .get(id)
            .map_or(0, |(_, n)| *n)
    }
}

/// The parts of the board (`placar` event) a watcher looks at.
#[derive(serde::Deserialize)]
struct Board {
    open: Option<BoardOpen>,
    last: Option<BoardLast>,
}

#[derive(serde::Deserialize)]
struct BoardOpen {
    id: String,
    subject: String,
}

#[derive(serde::Deserialize)]
struct BoardLast {
    subject: String,
    favor: i64,
    against: i64,
    abstain: i64,
}

/// One projector page: follows the board until it shows the closed vote with the expected total.
/// Returns when it saw it.
async fn watcher(
    addr: String,
    w: Arc<Watch>,
    connect: Arc<tokio::sync::Semaphore>,
) -> Option<Instant> {
    let permit = connect.acquire().await.ok()?;
    let path = format!("/c/{SLUG}/telao/eventos");
    let mut ev = match Events::open(&addr, &path).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("watcher: {e}");
            w.failed.fetch_add(1, Ordering::SeqCst);
            return None;
        }
    };
    let mut first = true;
    let mut seen: HashSet<String> = HashSet::new();
    let mut permit = Some(permit);
    loop {
        let (name, data) = match ev.next().await {
            Ok(x) => x,
            Err(e) => {
                eprintln!("watcher: {e}");
                w.failed.fetch_add(1, Ordering::SeqCst);
                return None;
            }
        };
        if first {
            first = false;
            permit.take();
            w.connected.fetch_add(1, Ordering::SeqCst);
        }
        if name != "placar" {
            continue;
        }
        let Ok(b) = serde_json::from_str::<Board>(&data) else {
            continue;
        };
        if let Some(open) = &b.open
            && seen.insert(open.id.clone())
        {
            w.opens
                .lock()
                .expect("opens")
                .entry(open.id.clone())
                .or_insert_with(|| (open.subject.clone(), 0))
                .1 += 1;
        }
        let subject = w
            .vote_id
            .get()
            .and_then(|v| w.opens.lock().expect("opens").get(v).map(|x| x.0.clone()));
        if let (Some(expected), Some(subject), Some(last)) = (w.expected.get(), subject, &b.last)
            && last.subject == subject
            && last.favor + last.against + last.abstain == *expected
        {
            return Some(Instant::now());
        }
    }
}

pub struct Report {
    pub backend: &'static str,
    pub delegates: usize,
    pub concurrency: usize,
    pub watchers: usize,
    pub instances: usize,
    pub acknowledged: [u64; 3],
    pub errors: usize,
    pub votes_per_s: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub vote_seconds: f64,
    pub pairing_seconds: f64,
    pub final_tally_all_watchers_ms: Option<f64>,
    pub watchers_without_tally: usize,
    pub stored: [i32; 3],
    pub tally_exact: bool,
    pub chain_intact: bool,
    pub peak_rss_mib: f64,
}

pub async fn run(o: Options) -> i32 {
    let (database, url) = match Database::create(o.database_url.as_deref()).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!("votes bench: {e}");
            return 2;
        }
    };
    let result = bench(&o, &url).await;
    database.drop_it().await;
    let r = match result {
        Ok(r) => r,
        Err(e) => {
            eprintln!("votes bench failed: {e}");
            return 1;
        }
    };
    if o.json {
        println!(
            "{}",
            serde_json::json!({
                "votes_per_s": r.votes_per_s,
                "p50_ms": r.p50_ms,
                "p95_ms": r.p95_ms,
                "p99_ms": r.p99_ms,
                "errors": r.errors,
                "tally_exact": r.tally_exact,
                "final_tally_all_watchers_ms": r.final_tally_all_watchers_ms,
                "peak_rss_mib": r.peak_rss_mib,
                "backend": r.backend,
                "delegates": r.delegates,
                "concurrency": r.concurrency,
                "watchers": r.watchers,
                "instances": r.instances,
                "acknowledged": {"favor": r.acknowledged[0], "against": r.acknowledged[1], "abstain": r.acknowledged[2]},
                "stored": {"favor": r.stored[0], "against": r.stored[1], "abstain": r.stored[2]},
                "chain_intact": r.chain_intact,
                "watchers_without_tally": r.watchers_without_tally,
                "vote_seconds": r.vote_seconds,
                "pairing_seconds": r.pairing_seconds,
                "remote": o.remote,
            })
        );
    } else {
        let watch = match r.final_tally_all_watchers_ms {
            Some(ms) => format!("{ms:.0} ms"),
            None => format!(
                "NOT within {} s ({} watchers without it)",
                WATCH_TIMEOUT.as_secs(),
                r.watchers_without_tally
            ),
        };
        println!(
            "votes on {}{} ({} instance(s)): {} delegates over {} connections, {} watchers: {:.0} votes/s, p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, {} errors; final tally at every watcher {watch}; tally {} (acknowledged {}/{}/{}, stored {}/{}/{}), chain {}; server peak RSS {:.0} MiB (targets on SQLite: ≥ 5000 votes/s, p99 < 100 ms, watchers ≤ 1000 ms, exact)",
            r.backend,
            if o.remote {
                ", remote (credentialed online, roll call)"
            } else {
                ""
            },
            r.instances,
            r.delegates,
            r.concurrency,
            r.watchers,
            r.votes_per_s,
            r.p50_ms,
            r.p95_ms,
            r.p99_ms,
            r.errors,
            if r.tally_exact { "exact" } else { "NOT EXACT" },
            r.acknowledged[0],
            r.acknowledged[1],
            r.acknowledged[2],
            r.stored[0],
            r.stored[1],
            r.stored[2],
            if r.chain_intact { "intact" } else { "BROKEN" },
            r.peak_rss_mib,
        );
    }
    if r.errors > 0 || !r.tally_exact || !r.chain_intact || r.final_tally_all_watchers_ms.is_none()
    {
        1
    } else {
        0
    }
}

/// The table opens a roll call, every remote delegate answers "Estou presente" over C
/// connections, and the table closes it.
async fn roll_call(
    sid: &str,
    addrs: &[String],
    tokens: &[String],
    concurrency: usize,
) -> Result<(), String> {
    let mut staff = Conn::connect(&addrs[0]).await.map_err(|e| e.to_string())?;
    let opened = staff
        .post(
            &format!("/c/{SLUG}/plenaria/chamada/abrir"),
            Some(sid),
            "segundos=900",
        )
        .await
        .map_err(|e| e.to_string())?;
    check(&opened, 303, "open the roll call")?;
    let tokens = Arc::new(tokens.to_vec());
    let mut tasks = Vec::new();
    for t in 0..concurrency.min(tokens.len()) {
        let (tokens, addrs) = (tokens.clone(), addrs.to_vec());
        tasks.push(tokio::spawn(async move {
            let mut conns = Vec::new();
            for a in &addrs {
                conns.push(Conn::connect(a).await.map_err(|e| e.to_string())?);
            }
            for i in (t..tokens.len()).step_by(concurrency) {
                let conn = &mut conns[i % addrs.len()];
                let r = conn
                    .post(
                        &format!("/c/{SLUG}/meu-celular/presente"),
                        Some(&format!("dlg={}", tokens[i])),
                        "",
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                check(&r, 303, "answer the roll call")?;
            }
            Ok::<_, String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    let closed = staff
        .post(
            &format!("/c/{SLUG}/plenaria/chamada/encerrar"),
            Some(sid),
            "",
        )
        .await
        .map_err(|e| e.to_string())?;
    check(&closed, 303, "close the roll call")
}

fn check(r: &crate::http::Response, want: u16, what: &str) -> Result<(), String> {
    if r.status == want {
        Ok(())
    } else {
        Err(format!(
            "{what}: HTTP {} (expected {want}): {}",
            r.status,
            r.body.chars().take(400).collect::<String>()
        ))
    }
}

async fn bench(o: &Options, url: &str) -> Result<Report, String> {
    let limit = open_files_limit();
    let need = o.watchers + o.concurrency * o.instances + 200;
    if limit.is_some_and(|l| l < need as u64) {
        return Err(format!(
            "the open-files limit ({}) is below what the run needs (~{need}): raise it with `ulimit -n`",
            limit.unwrap_or(0)
        ));
    }
    let backend = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let (codes, links) = seed(url, o.delegates, o.remote).await?;
    let mut servers = Vec::new();
    for _ in 0..o.instances {
        servers.push(Server::start(url)?);
    }
    let addrs: Vec<String> = servers.iter().map(|s| s.addr.clone()).collect();
    let k = addrs.len();

    // The commission logs in once (sessions live in the database: valid on every instance).
    let mut staff = Conn::connect(&addrs[0]).await.map_err(|e| e.to_string())?;
    let login = staff
        .post(
            "/entrar",
            None,
            &format!("login={}&password={}", STAFF.0.replace('@', "%40"), STAFF.1),
        )
        .await
        .map_err(|e| e.to_string())?;
    check(&login, 303, "staff login")?;
    let sid = format!(
        "sid={}",
        login
            .cookie("sid")
            .ok_or("the login set no session cookie")?
    );

    // Desk pairing and phone confirmation for every delegate, over C connections; or, remote,
    // each delegate confirming their online credentialing link with their code.
    let pairing_started = Instant::now();
    let codes = Arc::new(codes);
    let links = Arc::new(links);
    let remote = o.remote;
    let mut tasks = Vec::new();
    for t in 0..o.concurrency.min(o.delegates) {
        let (codes, links, addrs, sid) = (codes.clone(), links.clone(), addrs.clone(), sid.clone());
        let c = o.concurrency;
        tasks.push(tokio::spawn(async move {
            let mut conns = Vec::new();
            for a in &addrs {
                conns.push(Conn::connect(a).await.map_err(|e| e.to_string())?);
            }
            let mut out = Vec::new();
            for i in (t..codes.len()).step_by(c) {
                let conn = &mut conns[i % addrs.len()];
                if remote {
                    let online = conn
                        .post(
                            &format!("/c/{SLUG}/credenciamento-online/link"),
                            None,
                            &format!("token={}&codigo={}", links[i], codes[i]),
                        )
                        .await
                        .map_err(|e| e.to_string())?;
                    check(&online, 303, "online credentialing")?;
                    out.push((i, online.cookie("dlg").ok_or("no dlg cookie")?));
                    continue;
                }
                let desk = conn
                    .post(
                        &format!("/c/{SLUG}/credenciamento/celular"),
                        Some(&sid),
                        &format!("code={}", codes[i]),
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                check(&desk, 200, "desk pairing")?;
                let at = desk
                    .body
                    .find("celular?codigo=")
                    .ok_or("the desk page has no pairing link")?
                    + "celular?codigo=".len();
                let pairing: String = desk.body[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                let phone = conn
                    .post(
                        &format!("/c/{SLUG}/celular"),
                        None,
                        &format!("codigo={pairing}"),
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                check(&phone, 303, "phone pairing")?;
                out.push((i, phone.cookie("dlg").ok_or("no dlg cookie")?));
            }
            Ok::<_, String>(out)
        }));
    }
    let mut tokens = vec![String::new(); o.delegates];
    for t in tasks {
        for (i, tok) in t.await.map_err(|e| e.to_string())?? {
            tokens[i] = tok;
        }
    }
    if o.remote {
        roll_call(&sid, &addrs, &tokens, o.concurrency).await?;
    }
    let pairing_seconds = pairing_started.elapsed().as_secs_f64();
    drop(staff);

    // The watchers, connected before the vote opens (at most 100 connecting at a time).
    // They run on a runtime of their own (one thread): in the room they are other devices, so
    // reading a board update must not queue the phones' requests of this process behind 2,000
    // watcher tasks.
    let watch_rt = Background(Some(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("watchers")
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?,
    ));
    let watch = Arc::new(Watch::default());
    let connect = Arc::new(tokio::sync::Semaphore::new(100));
    let mut watchers = Vec::new();
    for i in 0..o.watchers {
        watchers.push(watch_rt.handle().spawn(watcher(
            addrs[i % k].clone(),
            watch.clone(),
            connect.clone(),
        )));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while watch.connected.load(Ordering::SeqCst) + watch.failed.load(Ordering::SeqCst) < o.watchers
    {
        if Instant::now() > deadline {
            return Err(format!(
                "only {} of {} watchers connected within 60 s",
                watch.connected.load(Ordering::SeqCst),
                o.watchers
            ));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if watch.failed.load(Ordering::SeqCst) > 0 {
        return Err(format!(
            "{} watchers could not connect",
            watch.failed.load(Ordering::SeqCst)
        ));
    }

    // The table opens a secret vote on the regimento in block.
    let mut staff = Conn::connect(&addrs[0]).await.map_err(|e| e.to_string())?;
    let opened = staff
        .post(
            &format!("/c/{SLUG}/plenaria/votacao/abrir"),
            Some(&sid),
            "item=bloco&secret=1",
        )
        .await
        .map_err(|e| e.to_string())?;
    check(&opened, 303, "open the vote")?;
    let console = staff
        .get(&format!("/c/{SLUG}/plenaria/regimento"), Some(&sid))
        .await
        .map_err(|e| e.to_string())?;
    check(&console, 200, "console")?;
    let marker = format!("/c/{SLUG}/plenaria/votacao/");
    let vote_id: String = console
        .body
        .match_indices(&marker)
        .map(|(at, m)| &console.body[at + m.len()..])
        .find(|rest| rest.len() > 36 && rest[36..].starts_with("/encerrar"))
        .map(|rest| rest[..36].to_owned())
        .ok_or("the console shows no open vote")?;
    let _ = watch.vote_id.set(vote_id.clone());
    // The projectors show the vote open before the delegates vote.
    let deadline = Instant::now() + Duration::from_secs(10);
    while watch.saw_open(&vote_id) < o.watchers && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    // Every delegate votes once: C connections (to each instance), started together.
    let tokens = Arc::new(tokens);
    let start = Arc::new(tokio::sync::Barrier::new(
        o.concurrency.min(o.delegates) + 1,
    ));
    let mut tasks = Vec::new();
    for t in 0..o.concurrency.min(o.delegates) {
        let (tokens, addrs, start, vote_id) = (
            tokens.clone(),
            addrs.clone(),
            start.clone(),
            vote_id.clone(),
        );
        let c = o.concurrency;
        tasks.push(tokio::spawn(async move {
            let mut conns = Vec::new();
            for a in &addrs {
                conns.push(Conn::connect(a).await.ok());
            }
            start.wait().await;
            let mut lat = Vec::new();
            let mut acked = [0u64; 3];
            let mut errors = Vec::new();
            for i in (t..tokens.len()).step_by(c) {
                let ch = choice_of(i);
                let Some(conn) = conns[i % addrs.len()].as_mut() else {
                    errors.push("no connection".to_owned());
                    continue;
                };
                let began = Instant::now();
                let r = conn
                    .post(
                        &format!("/c/{SLUG}/meu-celular/votar"),
                        Some(&format!("dlg={}", tokens[i])),
                        &format!("vote={vote_id}&choice={}", CHOICES[ch]),
                    )
                    .await;
                lat.push(began.elapsed());
                match r {
                    Ok(r) if r.status == 200 && r.body.contains("id=\"comprovante\"") => {
                        acked[ch] += 1
                    }
                    Ok(r) => errors.push(format!("HTTP {}", r.status)),
                    Err(e) => {
                        errors.push(e.to_string());
                        conns[i % addrs.len()] = Conn::connect(&addrs[i % addrs.len()]).await.ok();
                    }
                }
            }
            (lat, acked, errors)
        }));
    }
    start.wait().await;
    let vote_started = Instant::now();
    let mut lat = Vec::new();
    let mut acked = [0u64; 3];
    let mut errors = Vec::new();
    for t in tasks {
        let (l, a, e) = t.await.map_err(|e| e.to_string())?;
        lat.extend(l);
        for (x, y) in acked.iter_mut().zip(a) {
            *x += y;
        }
        errors.extend(e);
    }
    let vote_seconds = vote_started.elapsed().as_secs_f64();
    lat.sort();
    if !errors.is_empty() {
        eprintln!(
            "{} votes failed; first: {}",
            errors.len(),
            errors.first().cloned().unwrap_or_default()
        );
    }
    let total: u64 = acked.iter().sum();

    // The table closes the vote (phones only); the clock runs until every watcher shows it.
    let _ = watch.expected.set(total as i64);
    let close_started = Instant::now();
    let closed = staff
        .post(
            &format!("/c/{SLUG}/plenaria/votacao/{vote_id}/encerrar"),
            Some(&sid),
            "favor=&against=&abstain=",
        )
        .await
        .map_err(|e| e.to_string())?;
    check(&closed, 303, "close the vote")?;
    let mut latest: Option<Instant> = None;
    let mut missing = 0;
    let watch_deadline = close_started + WATCH_TIMEOUT;
    for w in watchers {
        let left = watch_deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, w).await {
            Ok(Ok(Some(at))) => latest = Some(latest.map_or(at, |l| l.max(at))),
            Ok(_) => missing += 1,
            Err(_) => missing += 1,
        }
    }
    drop(watch_rt);
    let final_ms = (missing == 0)
        .then(|| latest.map(|l| l.saturating_duration_since(close_started).as_secs_f64() * 1000.0))
        .flatten()
        .or((o.watchers == 0).then_some(0.0));
    let peak = servers.iter().map(Server::peak_rss_mib).fold(0.0, f64::max);
    drop(staff);
    for s in &mut servers {
        s.stop();
    }

    // What the database says.
    let db = store::Db::connect(url).await.map_err(|e| e.to_string())?;
    let id = uuid::Uuid::parse_str(&vote_id).map_err(|e| e.to_string())?;
    let v = plenary_vote::Entity::find_by_id(id)
        .one(&db.conn)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the vote's row is missing")?;
    let voters = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(id))
        .count(&db.conn)
        .await
        .map_err(|e| e.to_string())?;
    let stored = [v.phone_favor, v.phone_against, v.phone_abstain];
    let tally_exact = v.status == plenary_vote::VoteStatus::Closed
        && stored.iter().zip(acked).all(|(s, a)| *s as u64 == a)
        && [v.favor, v.against, v.abstain] == stored
        && voters == total;
    let chain_intact = app::plenary::voting::record(&db, SLUG, &vote_id)
        .await
        .map(|r| {
            for p in &r.problems {
                eprintln!("chain: {p}");
            }
            r.intact
        })
        .unwrap_or(false);
    let _ = db.conn.close().await;
    drop(servers);
    let vps = if vote_seconds > 0.0 {
        total as f64 / vote_seconds
    } else {
        0.0
    };
    Ok(Report {
        backend,
        delegates: o.delegates,
        concurrency: o.concurrency,
        watchers: o.watchers,
        instances: k,
        acknowledged: acked,
        errors: errors.len(),
        votes_per_s: vps,
        p50_ms: pct(&lat, 0.50),
        p95_ms: pct(&lat, 0.95),
        p99_ms: pct(&lat, 0.99),
        vote_seconds,
        pairing_seconds,
        final_tally_all_watchers_ms: final_ms,
        watchers_without_tally: missing,
        stored,
        tally_exact,
        chain_intact,
        peak_rss_mib: peak,
    })
}

/// A runtime that may be dropped inside another one (it is shut down without waiting).
struct Background(Option<tokio::runtime::Runtime>);

impl Background {
    fn handle(&self) -> &tokio::runtime::Handle {
        self.0.as_ref().expect("runtime").handle()
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

/// The soft limit of open files of this process (inherited by the servers), if known.
fn open_files_limit() -> Option<u64> {
    std::fs::read_to_string("/proc/self/limits")
        .ok()?
        .lines()
        .find(|l| l.starts_with("Max open files"))?
        .split_whitespace()
        .nth(3)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::Options;

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn remote_is_a_flag_and_unknown_options_are_refused() {
        let o = parse(&["--remote", "--delegates", "10", "--json"]).unwrap();
        assert!(o.remote && o.json);
        assert_eq!(o.delegates, 10);
        assert!(!parse(&[]).unwrap().remote);
        let e = parse(&["--remot"]).err().unwrap();
        assert!(e.contains("unknown option \"--remot\""), "{e}");
        assert!(
            parse(&["--delegates"])
                .err()
                .unwrap()
                .contains("wants a value")
        );
        assert!(parse(&["10"]).is_err(), "a stray value is not ignored");
    }
}
