//! Scale-out: two `conferencia serve` processes started at the same moment on one fresh
//! PostgreSQL database serve the same data and share sessions; stopping one (SIGTERM, graceful)
//! leaves the other working.
//!
//! Uses the real binary and a minimal HTTP/1.1 client over `std::net::TcpStream`. Outside CI a
//! missing PostgreSQL reports SKIPPED; with `CI=true` it fails (see `testkit::postgres_url`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

const STARTUP: Duration = Duration::from_secs(120);
const SHUTDOWN: Duration = Duration::from_secs(10);

/// A running `conferencia serve`; killed on drop if the test did not stop it.
struct Instance {
    name: &'static str,
    child: Child,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Instance {
    /// Starts the binary; returns at once (the address comes later, from [`Instance::wait_addr`]).
    fn spawn(name: &'static str, database_url: &str) -> (Self, mpsc::Receiver<String>) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_conferencia"))
            .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
            .args(["--database-url", database_url])
            .env_remove("DATABASE_URL")
            .env_remove("CONFERENCIA_BIND")
            .env_remove("CONFERENCIA_DEMO")
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start conferencia");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        // Drain stdout (logs go there too) so the child never blocks on a full pipe; report the
        // "conferencia em http://ADDR" line, printed once the listener is bound.
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
        (
            Instance {
                name,
                child,
                addr: String::new(),
                log,
            },
            rx,
        )
    }

    /// Waits for the "listening" line; fails at once if the process exits first.
    fn wait_addr(&mut self, rx: &mpsc::Receiver<String>) {
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Ok(addr) = rx.recv_timeout(Duration::from_millis(100)) {
                self.addr = addr;
                return;
            }
            if let Some(status) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(200)); // let the readers catch up
                panic!(
                    "instance {} exited with {status} before listening\n{}",
                    self.name,
                    self.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "instance {} did not start listening within {STARTUP:?}\n{}",
                self.name,
                self.log()
            );
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let extra = cookie
            .map(|c| format!("Cookie: {c}\r\n"))
            .unwrap_or_default();
        http(&self.addr, &format!("GET {path} HTTP/1.1\r\n{extra}"), "")
    }

    fn post_form(&self, path: &str, form: &str) -> Response {
        http(
            &self.addr,
            &format!(
                "POST {path} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                form.len()
            ),
            form,
        )
    }

    /// Polls `/healthz` until it answers 200.
    fn wait_healthy(&self) {
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Ok(r) = try_http(&self.addr, "GET /healthz HTTP/1.1\r\n", "")
                && r.status == 200
            {
                assert_eq!(r.body, "ok");
                return;
            }
            assert!(
                Instant::now() < deadline,
                "instance {} never became healthy\n{}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Sends SIGTERM and waits for the process to end.
    fn terminate(&mut self) -> (ExitStatus, Duration) {
        let started = Instant::now();
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill")
            .success();
        assert!(ok, "kill -TERM failed");
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return (st, started.elapsed());
            }
            assert!(
                started.elapsed() < SHUTDOWN,
                "instance {} still running {SHUTDOWN:?} after SIGTERM\n{}",
                self.name,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn http(addr: &str, head: &str, body: &str) -> Response {
    try_http(addr, head, body).unwrap_or_else(|e| panic!("HTTP to {addr} failed: {e}"))
}

/// One request on a fresh connection (`Connection: close`); the response is read to EOF.
fn try_http(addr: &str, head: &str, body: &str) -> std::io::Result<Response> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(s, "{head}Host: {addr}\r\nConnection: close\r\n\r\n{body}")?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut payload = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line in {head:?}")))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        payload = dechunk(&payload)?;
    }
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&payload).to_string(),
    })
}

fn dechunk(mut b: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let eol = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| std::io::Error::other("bad chunk"))?;
        let size_hex = String::from_utf8_lossy(&b[..eol]);
        let size = usize::from_str_radix(size_hex.split(';').next().unwrap().trim(), 16)
            .map_err(std::io::Error::other)?;
        b = &b[eol + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

#[test]
fn two_instances_share_one_postgres_database() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(testkit::postgres_url()) else {
        return; // SKIPPED (reason printed); with CI=true this panicked instead
    };
    drop(rt);

    // Both at the same moment on an empty database: migrations, IBGE load and demo seed race.
    let (mut a, rx_a) = Instance::spawn("A", &url);
    let (mut b, rx_b) = Instance::spawn("B", &url);
    a.wait_addr(&rx_a);
    b.wait_addr(&rx_b);
    a.wait_healthy();
    b.wait_healthy();

    // Same data on both: the conference list (API and page) and the demo conference page.
    let slug_path = "/c/para-de-minas-2025";
    for path in ["/api/v1/conferences", "/", slug_path] {
        let (ra, rb) = (a.get(path, None), b.get(path, None));
        assert_eq!((ra.status, rb.status), (200, 200), "{path}");
        assert_eq!(ra.body, rb.body, "{path} differs between instances");
    }
    let list = a.get("/api/v1/conferences", None).body;
    assert_eq!(
        list.matches("\"slug\":\"para-de-minas-2025\"").count(),
        1,
        "the demo was seeded exactly once: {list}"
    );
    assert!(
        a.get(slug_path, None)
            .body
            .contains("XIV Conferência Municipal de Assistência Social de Pará de Minas")
    );

    // Log in on A, use the session on B (sessions live in the database).
    let login = a.post_form(
        "/entrar",
        "login=admin%40demo.conferencia.local&password=demo-admin-2025",
    );
    assert_eq!(login.status, 303, "login on A: {}", login.body);
    let cookie = login
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    assert!(cookie.starts_with("sid="));
    let panel = b.get("/painel", Some(&cookie));
    assert_eq!(panel.status, 200, "panel on B with A's session");
    assert!(
        panel.body.contains("Administração (demo)"),
        "{}",
        panel.body
    );
    assert_eq!(
        b.get("/painel", None).status,
        303,
        "without the cookie B sends to the login page"
    );

    // SIGTERM to A: it exits 0, promptly; B keeps serving.
    let (status, took) = a.terminate();
    assert!(status.success(), "A exited with {status}\n{}", a.log());
    assert!(took < SHUTDOWN, "A took {took:?} to stop");
    assert!(
        try_http(&a.addr, "GET /healthz HTTP/1.1\r\n", "").is_err(),
        "A no longer listens"
    );
    assert_eq!(b.get("/healthz", None).status, 200);
    let page = b.get(slug_path, None);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Calendário"));
    assert_eq!(b.get("/painel", Some(&cookie)).status, 200);

    let (status, _) = b.terminate();
    assert!(status.success(), "B exited with {status}\n{}", b.log());
}
