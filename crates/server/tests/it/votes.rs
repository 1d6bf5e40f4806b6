//! Electronic votes against the real binary (ADR 0011):
//!
//! - SIGKILL mid-burst, on SQLite and on PostgreSQL: `conferencia serve` is killed with SIGKILL
//!   while phones are voting, then restarted on the same database. No acknowledged vote is lost
//!   (its participation row and its ballot are there), none counts twice (sending every vote again
//!   gets "já votou" for the acknowledged ones), and the tally at closing is exactly the votes
//!   that went in, per choice, with the hash chain intact.
//! - Two instances on one PostgreSQL database: votes alternate between them, some delegates vote
//!   on both at the same moment (counted once), the table closes on one, and the other's live
//!   board (SSE) shows the final tally within 2 s.
//!
//! Delegates, their check-ins, their phones (through `app::participants::devices`) and the open vote are set up
//! in the database before the server starts; everything after that goes over HTTP. Outside CI a
//! missing PostgreSQL reports SKIPPED; with `CI=true` it fails (see `testkit::postgres_url`).

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::time::{Duration, Instant};
use store::entities::{checkin, conference, plenary_vote, registration, vote_participation};
use store::sea_orm;

const SLUG: &str = app::demo::seed::DEMO_SLUG;
const STAFF: (&str, &str) = ("comissao@demo.conferencia.local", "demo-comissao-2025");
const STARTUP: Duration = Duration::from_secs(120);
const CHOICES: [&str; 3] = ["favor", "against", "abstain"];

// ---------------------------------------------------------------------------------------------
// The server process

/// A running `conferencia serve`; killed on drop.
struct Server {
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(database_url: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_conferencia"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--database-url",
                database_url,
            ])
            .env_remove("DATABASE_URL")
            .env_remove("CONFERENCIA_BIND")
            .env_remove("CONFERENCIA_DEMO")
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
            .env(
                "CONFERENCIA_MAIL_DIR",
                std::env::temp_dir().join("conferencia-test-mail"),
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start conferencia");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("conferencia em http://") {
                    let _ = tx.send(addr.trim().to_string());
                }
                l.lock().unwrap().push(line);
            }
        });
        let err = child.stderr.take().unwrap();
        let l = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                l.lock().unwrap().push(format!("stderr: {line}"));
            }
        });
        let mut s = Server {
            child,
            addr: String::new(),
            log,
        };
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Ok(addr) = rx.recv_timeout(Duration::from_millis(100)) {
                s.addr = addr;
                return s;
            }
            if let Some(st) = s.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(200));
                panic!("the server exited with {st} before listening\n{}", s.log());
            }
            assert!(
                Instant::now() < deadline,
                "the server did not listen within {STARTUP:?}\n{}",
                s.log()
            );
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// SIGKILL (`Child::kill` on Unix), and wait for the process to be gone.
    fn kill9(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A minimal blocking HTTP/1.1 client (keep-alive)

struct Conn {
    addr: String,
    r: BufReader<TcpStream>,
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Resp {
    fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }
}

fn read_head(r: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<(String, String)>)> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if r.read_line(&mut h)? == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        let h = h.trim_end();
        if h.is_empty() {
            return Ok((status, headers));
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
}

/// One chunk of a chunked body (`None` at the end).
fn read_chunk(r: &mut BufReader<TcpStream>) -> std::io::Result<Option<Vec<u8>>> {
    let mut size = String::new();
    if r.read_line(&mut size)? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let n = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
        .map_err(|_| std::io::Error::other(format!("bad chunk size {size:?}")))?;
    let mut buf = vec![0; n + 2];
    r.read_exact(&mut buf)?;
    buf.truncate(n);
    Ok((n > 0).then_some(buf))
}

fn is_chunked(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    })
}

impl Conn {
    fn connect(addr: &str) -> std::io::Result<Conn> {
        let s = TcpStream::connect(addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            addr: addr.to_owned(),
            r: BufReader::new(s),
        })
    }

    /// A same-origin form post.
    fn post(&mut self, path: &str, cookie: Option<&str>, form: &str) -> std::io::Result<Resp> {
        let cookie = cookie
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: {a}\r\nOrigin: http://{a}\r\n{cookie}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{form}",
            form.len(),
            a = self.addr,
        );
        self.r.get_mut().write_all(req.as_bytes())?;
        let (status, headers) = read_head(&mut self.r)?;
        let body = if is_chunked(&headers) {
            let mut out = Vec::new();
            while let Some(c) = read_chunk(&mut self.r)? {
                out.extend_from_slice(&c);
            }
            out
        } else {
            let len = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0usize);
            let mut buf = vec![0; len];
            self.r.read_exact(&mut buf)?;
            buf
        };
        Ok(Resp {
            status,
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        })
    }
}

/// Logs the commission in; returns the `sid=…` cookie.
fn staff_login(addr: &str) -> String {
    let mut c = Conn::connect(addr).unwrap();
    let r = c
        .post(
            "/entrar",
            None,
            &format!("login={}&password={}", STAFF.0.replace('@', "%40"), STAFF.1),
        )
        .unwrap();
    assert_eq!(r.status, 303, "staff login: {}", r.body);
    format!("sid={}", r.cookie("sid").expect("session cookie"))
}

/// Closes the vote over HTTP (phones only).
fn close_vote(addr: &str, sid: &str, vote: &str) {
    let mut c = Conn::connect(addr).unwrap();
    let r = c
        .post(
            &format!("/c/{SLUG}/plenaria/votacao/{vote}/encerrar"),
            Some(sid),
            "favor=&against=&abstain=",
        )
        .unwrap();
    assert_eq!(r.status, 303, "close: {}", r.body);
}

/// The answer to one phone's vote.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    /// 200 with the receipt code.
    Acknowledged(String),
    /// 422 "já votou".
    AlreadyVoted,
    /// Any other answer (status and the start of the body).
    Other(u16, String),
}

fn vote(conn: &mut Conn, token: &str, vote: &str, choice: &str) -> std::io::Result<Answer> {
    let r = conn.post(
        &format!("/c/{SLUG}/meu-celular/votar"),
        Some(&format!("dlg={token}")),
        &format!("vote={vote}&choice={choice}"),
    )?;
    Ok(match r.status {
        200 => {
            let at = r
                .body
                .find("id=\"comprovante\">")
                .map(|i| i + "id=\"comprovante\">".len())
                .expect("the receipt page shows the code");
            Answer::Acknowledged(r.body[at..at + 14].to_owned())
        }
        422 if r.body.contains("já votou") => Answer::AlreadyVoted,
        s => Answer::Other(s, r.body.chars().take(300).collect()),
    })
}

// ---------------------------------------------------------------------------------------------
// The database

struct Delegate {
    registration_id: uuid::Uuid,
    token: String,
    choice: &'static str,
}

struct Setup {
    delegates: Vec<Delegate>,
    vote_id: String,
}

async fn staff_me(db: &store::Db) -> app::platform::auth::Me {
    let app::platform::accounts::LoginOutcome::Ok(t) =
        app::platform::accounts::login(db, STAFF.0, STAFF.1)
            .await
            .unwrap()
    else {
        panic!("staff login");
    };
    app::platform::auth::me(db, Some(&t))
        .await
        .unwrap()
        .unwrap()
}

/// The demo, `n` delegates checked in today with paired phones, and an open secret vote on the
/// regimento in block.
async fn setup(url: &str, n: usize) -> Setup {
    let db = store::Db::connect(url).await.unwrap();
    db.migrate().await.unwrap();
    app::demo::seed::seed(&db).await.unwrap();
    let me = staff_me(&db).await;
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(SLUG))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let tz: chrono_tz::Tz = c.time_zone.parse().unwrap();
    let now = chrono::Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let mut regs = Vec::new();
    let mut checkins = Vec::new();
    let mut codes = Vec::new();
    for i in 0..n {
        let id = uuid::Uuid::now_v7();
        let code = domain::participants::registration_code(
            uuid::Uuid::new_v4().as_bytes()[..5].try_into().unwrap(),
        );
        let name = format!("Delegada de Teste {i}");
        regs.push(registration::ActiveModel {
            id: Set(id),
            conference_id: Set(c.id),
            code: Set(code.clone()),
            search_key: Set(domain::text::search_key(&name)),
            name: Set(name),
            social_name: Set(None),
            category: Set("delegado".into()),
            segment: Set(Some(
                ["governo", "usuarios", "trabalhadores", "entidades"][i % 4].into(),
            )),
            seat: Set(Some("titular".into())),
            origin: Set(Some("preconferencia".into())),
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
        codes.push((id, code));
    }
    let tx = db.write().await.unwrap();
    registration::Entity::insert_many(regs)
        .exec(&tx)
        .await
        .unwrap();
    checkin::Entity::insert_many(checkins)
        .exec(&tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut delegates = Vec::new();
    for (i, (id, code)) in codes.into_iter().enumerate() {
        let p = app::participants::devices::start_pairing(&db, Some(&me), SLUG, &code)
            .await
            .unwrap();
        let token = app::participants::devices::complete_pairing(&db, SLUG, &p.code)
            .await
            .unwrap();
        delegates.push(Delegate {
            registration_id: id,
            token,
            choice: CHOICES[i % 3],
        });
    }
    let vote_id = app::plenary::voting::open(&db, Some(&me), SLUG, "bloco", true)
        .await
        .unwrap()
        .to_string();
    db.conn.close().await.unwrap();
    Setup { delegates, vote_id }
}

/// The closed vote's phone counts (favor, against, abstain), its voters, and whether its chain
/// verifies.
async fn stored_result(url: &str, vote: &str) -> ([i32; 3], u64, bool) {
    let db = store::Db::connect(url).await.unwrap();
    let id = uuid::Uuid::parse_str(vote).unwrap();
    let v = plenary_vote::Entity::find_by_id(id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.status, plenary_vote::VoteStatus::Closed);
    assert_eq!(
        [v.favor, v.against, v.abstain],
        [v.phone_favor, v.phone_against, v.phone_abstain],
        "no room count was added"
    );
    let voters = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(id))
        .count(&db.conn)
        .await
        .unwrap();
    let record = app::plenary::voting::record(&db, SLUG, vote).await.unwrap();
    assert!(record.problems.is_empty(), "chain: {:?}", record.problems);
    let out = (
        [v.phone_favor, v.phone_against, v.phone_abstain],
        voters,
        record.intact,
    );
    db.conn.close().await.unwrap();
    out
}

fn tally_of<'a>(choices: impl Iterator<Item = &'a str>) -> [i32; 3] {
    let mut t = [0; 3];
    for c in choices {
        t[CHOICES.iter().position(|x| *x == c).unwrap()] += 1;
    }
    t
}

/// A fresh SQLite database file URL.
fn sqlite_url() -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!(
        "conferencia-votes-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/t.db", dir.display());
    (dir, url)
}

/// Drops a test database made by `testkit::postgres_url` (best effort).
async fn drop_pg(url: &str) {
    let (prefix, name) = url.rsplit_once('/').unwrap();
    if let Ok(admin) = sea_orm::Database::connect(format!("{prefix}/postgres")).await {
        use sea_orm::ConnectionTrait;
        let _ = admin
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
        let _ = admin.close().await;
    }
}

// ---------------------------------------------------------------------------------------------
// SIGKILL in the middle of a burst

const CRASH_DELEGATES: usize = 200;
const CRASH_THREADS: usize = 8;
/// Acknowledgements to wait for before the kill.
const KILL_AFTER: usize = 25;

fn sigkill_mid_burst(url: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(setup(url, CRASH_DELEGATES));
    let delegates = Arc::new(s.delegates);
    let vote_id = s.vote_id.clone();
    let mut server = Server::start(url);

    // The burst: each thread votes for its share of delegates on one keep-alive connection and
    // stops at the first failure (the server is gone).
    let acked = Arc::new(AtomicUsize::new(0));
    let answers: Arc<Mutex<HashMap<usize, Answer>>> = Arc::default();
    let start = Arc::new(Barrier::new(CRASH_THREADS));
    let mut threads = Vec::new();
    for t in 0..CRASH_THREADS {
        let (delegates, acked, answers, start) = (
            delegates.clone(),
            acked.clone(),
            answers.clone(),
            start.clone(),
        );
        let (addr, vote_id) = (server.addr.clone(), vote_id.clone());
        threads.push(std::thread::spawn(move || {
            let mut conn = Conn::connect(&addr).unwrap();
            start.wait();
            for i in (t..delegates.len()).step_by(CRASH_THREADS) {
                let d = &delegates[i];
                match vote(&mut conn, &d.token, &vote_id, d.choice) {
                    Ok(a) => {
                        if matches!(a, Answer::Acknowledged(_)) {
                            acked.fetch_add(1, Ordering::SeqCst);
                        }
                        answers.lock().unwrap().insert(i, a);
                    }
                    Err(_) => return,
                }
            }
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.load(Ordering::SeqCst) < KILL_AFTER {
        assert!(
            Instant::now() < deadline,
            "too few votes acknowledged\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    server.kill9();
    for t in threads {
        t.join().unwrap();
    }
    let before = answers.lock().unwrap().clone();
    for (i, a) in &before {
        assert!(
            matches!(a, Answer::Acknowledged(_)),
            "delegate {i} before the kill: {a:?}"
        );
    }
    let acked_before: HashMap<usize, String> = before
        .into_iter()
        .filter_map(|(i, a)| match a {
            Answer::Acknowledged(code) => Some((i, code)),
            _ => None,
        })
        .collect();
    assert!(acked_before.len() >= KILL_AFTER);
    assert!(
        acked_before.len() < CRASH_DELEGATES,
        "the kill came after the burst: every vote was acknowledged"
    );

    // Restart on the same database: every acknowledged vote is there, participation and ballot.
    let server = Server::start(url);
    rt.block_on(async {
        let db = store::Db::connect(url).await.unwrap();
        let vid = uuid::Uuid::parse_str(&vote_id).unwrap();
        for (i, code) in &acked_before {
            let d = &delegates[*i];
            assert!(
                vote_participation::Entity::find_by_id((vid, d.registration_id))
                    .one(&db.conn)
                    .await
                    .unwrap()
                    .is_some(),
                "acknowledged vote of delegate {i} has no participation row"
            );
            let r = app::plenary::voting::check_receipt(&db, SLUG, &vote_id, code)
                .await
                .unwrap();
            assert!(r.found, "acknowledged vote of delegate {i} has no ballot");
            assert_eq!(
                r.choice,
                Some(domain::plenary::Choice::parse(d.choice).unwrap().label()),
                "delegate {i}'s ballot"
            );
        }
        db.conn.close().await.unwrap();
    });

    // Every phone sends its vote again: acknowledged ones are refused as already cast; the others
    // are taken now, or refused when their vote was committed just before the kill (its answer
    // lost with the process).
    let mut conn = Conn::connect(&server.addr).unwrap();
    let mut counted: Vec<&str> = Vec::new();
    let (mut late, mut now) = (0, 0);
    for (i, d) in delegates.iter().enumerate() {
        let a = vote(&mut conn, &d.token, &vote_id, d.choice).unwrap();
        match (&a, acked_before.contains_key(&i)) {
            (Answer::AlreadyVoted, false) => late += 1,
            (Answer::Acknowledged(_), _) => now += 1,
            _ => {}
        }
        if acked_before.contains_key(&i) {
            assert_eq!(
                a,
                Answer::AlreadyVoted,
                "delegate {i} was acknowledged before the kill"
            );
        } else {
            assert!(
                matches!(a, Answer::Acknowledged(_) | Answer::AlreadyVoted),
                "delegate {i} after the restart: {a:?}"
            );
        }
        counted.push(d.choice);
    }
    eprintln!(
        "SIGKILL after {} acknowledged votes; {late} more were committed but not answered; {now} taken after the restart",
        acked_before.len()
    );
    // Every delegate is now counted exactly once: a second round changes nothing.
    for (i, d) in delegates.iter().enumerate().step_by(17) {
        assert_eq!(
            vote(&mut conn, &d.token, &vote_id, d.choice).unwrap(),
            Answer::AlreadyVoted,
            "delegate {i}, third try"
        );
    }
    let sid = staff_login(&server.addr);
    close_vote(&server.addr, &sid, &vote_id);
    let (tally, voters, intact) = rt.block_on(stored_result(url, &vote_id));
    assert_eq!(voters, CRASH_DELEGATES as u64);
    assert_eq!(tally, tally_of(counted.into_iter()), "tally per choice");
    assert!(intact);
}

#[test]
fn sigkill_mid_burst_loses_no_acknowledged_vote_sqlite() {
    let (dir, url) = sqlite_url();
    sigkill_mid_burst(&url);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn sigkill_mid_burst_loses_no_acknowledged_vote_postgres() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(testkit::postgres_url()) else {
        return; // SKIPPED (reason printed); with CI=true this panicked instead
    };
    sigkill_mid_burst(&url);
    rt.block_on(drop_pg(&url));
}

// ---------------------------------------------------------------------------------------------
// Two instances on one PostgreSQL database

const PAIR_DELEGATES: usize = 60;
/// Every `DOUBLE`-th delegate votes on both instances at the same moment (different choices).
const DOUBLE: usize = 4;
const PAIR_THREADS: usize = 6;

/// Follows the board of one instance (SSE) in a thread; sends each `placar` JSON. The thread ends
/// with the connection (when the server stops) or when the receiver is dropped.
fn watch_board(addr: &str) -> mpsc::Receiver<serde_json::Value> {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET /c/{SLUG}/telao/eventos HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    let mut r = BufReader::new(s);
    let (status, headers) = read_head(&mut r).unwrap();
    assert_eq!(status, 200);
    assert!(is_chunked(&headers));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut pending: Vec<u8> = Vec::new();
        while let Ok(Some(chunk)) = read_chunk(&mut r) {
            pending.extend_from_slice(&chunk);
            while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
                let raw: Vec<u8> = pending.drain(..end + 2).collect();
                let raw = String::from_utf8_lossy(&raw).into_owned();
                let field = |name: &str| -> String {
                    raw.lines()
                        .filter_map(|l| l.strip_prefix(name))
                        .map(|v| v.strip_prefix(' ').unwrap_or(v))
                        .collect()
                };
                if field("event:") == "placar"
                    && let Ok(v) = serde_json::from_str(&field("data:"))
                    && tx.send(v).is_err()
                {
                    return;
                }
            }
        }
    });
    rx
}

#[test]
fn two_instances_count_each_vote_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(testkit::postgres_url()) else {
        return; // SKIPPED (reason printed); with CI=true this panicked instead
    };
    let s = rt.block_on(setup(&url, PAIR_DELEGATES));
    let delegates = Arc::new(s.delegates);
    let vote_id = s.vote_id.clone();
    let a = Server::start(&url);
    let b = Server::start(&url);
    let addrs = [a.addr.clone(), b.addr.clone()];

    // B's board, as a projector shows it: it knows the open vote's subject.
    let board = watch_board(&b.addr);
    let deadline = Instant::now() + Duration::from_secs(10);
    let subject = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let v = board
            .recv_timeout(left)
            .expect("B's board shows the open vote");
        if v["open"]["id"].as_str() == Some(vote_id.as_str()) {
            break v["open"]["subject"].as_str().unwrap().to_owned();
        }
    };

    // The single votes alternate between A and B over a few connections each; each double vote is
    // two threads released together, one per instance, with different choices.
    let singles: Vec<usize> = (0..PAIR_DELEGATES).filter(|i| i % DOUBLE != 0).collect();
    let doubles: Vec<usize> = (0..PAIR_DELEGATES).filter(|i| i % DOUBLE == 0).collect();
    let start = Arc::new(Barrier::new(PAIR_THREADS + doubles.len() * 2));
    let mut threads = Vec::new();
    for t in 0..PAIR_THREADS {
        let mine: Vec<usize> = singles
            .iter()
            .copied()
            .skip(t)
            .step_by(PAIR_THREADS)
            .collect();
        let (delegates, start, addrs, vote_id) = (
            delegates.clone(),
            start.clone(),
            addrs.clone(),
            vote_id.clone(),
        );
        threads.push(std::thread::spawn(move || {
            let mut conns = [
                Conn::connect(&addrs[0]).unwrap(),
                Conn::connect(&addrs[1]).unwrap(),
            ];
            start.wait();
            mine.into_iter()
                .map(|i| {
                    let d = &delegates[i];
                    let a = vote(&mut conns[i % 2], &d.token, &vote_id, d.choice).unwrap();
                    (i, i % 2, d.choice, a)
                })
                .collect::<Vec<_>>()
        }));
    }
    for &i in &doubles {
        let pair = Arc::new(Barrier::new(2));
        for (side, choice) in [(0, "favor"), (1, "against")] {
            let (delegates, start, addrs, vote_id, pair) = (
                delegates.clone(),
                start.clone(),
                addrs.clone(),
                vote_id.clone(),
                pair.clone(),
            );
            threads.push(std::thread::spawn(move || {
                let mut conn = Conn::connect(&addrs[side]).unwrap();
                start.wait();
                pair.wait();
                let a = vote(&mut conn, &delegates[i].token, &vote_id, choice).unwrap();
                vec![(i, side, choice, a)]
            }));
        }
    }
    let mut answers: Vec<(usize, usize, &str, Answer)> = Vec::new();
    for t in threads {
        answers.extend(t.join().unwrap());
    }

    // Each single vote was taken; each double vote exactly once, on either instance.
    let mut counted: Vec<&str> = Vec::new();
    for &i in &singles {
        let (_, _, choice, a) = answers.iter().find(|x| x.0 == i).unwrap();
        assert!(matches!(a, Answer::Acknowledged(_)), "delegate {i}: {a:?}");
        counted.push(*choice);
    }
    let mut per_instance = [0; 2];
    for &i in &doubles {
        let both: Vec<_> = answers.iter().filter(|x| x.0 == i).collect();
        assert_eq!(both.len(), 2);
        let taken: Vec<_> = both
            .iter()
            .filter(|x| matches!(x.3, Answer::Acknowledged(_)))
            .collect();
        assert_eq!(taken.len(), 1, "delegate {i} voting on both: {both:?}");
        assert!(
            both.iter().any(|x| x.3 == Answer::AlreadyVoted),
            "delegate {i}: the other instance refuses as already voted: {both:?}"
        );
        per_instance[taken[0].1] += 1;
        counted.push(taken[0].2);
    }
    eprintln!(
        "double votes taken by A: {}, by B: {}",
        per_instance[0], per_instance[1]
    );

    // The table closes on A; B's board shows the final tally within 2 s.
    let expected = tally_of(counted.iter().copied());
    let sid = staff_login(&a.addr);
    let closed_at = Instant::now();
    close_vote(&a.addr, &sid, &vote_id);
    let shown = loop {
        let left = Duration::from_secs(2).saturating_sub(closed_at.elapsed());
        let v = board
            .recv_timeout(left)
            .expect("B's board shows the final tally within 2 s");
        let last = &v["last"];
        if last["subject"].as_str() == Some(subject.as_str()) {
            break [
                last["favor"].as_i64().unwrap() as i32,
                last["against"].as_i64().unwrap() as i32,
                last["abstain"].as_i64().unwrap() as i32,
            ];
        }
    };
    eprintln!(
        "B's board showed the result {:?} after closing on A",
        closed_at.elapsed()
    );
    assert_eq!(shown, expected, "B's board");
    let (tally, voters, intact) = rt.block_on(stored_result(&url, &vote_id));
    assert_eq!(tally, expected, "stored tally per choice");
    assert_eq!(voters, PAIR_DELEGATES as u64);
    assert!(intact);
    drop((a, b));
    rt.block_on(drop_pg(&url));
}
