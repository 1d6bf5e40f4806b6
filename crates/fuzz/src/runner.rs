//! The supervisor and the worker.
//!
//! The supervisor generates inputs and sends each, length-prefixed, to a worker process (the
//! `conferencia-fuzz worker <target>` binary) over its stdin; the worker runs the target on a
//! thread with a 2 MiB stack (what tokio gives the request and blocking threads in production)
//! under `catch_unwind`, with its global allocator capped ([`alloc`]), and answers with the
//! outcome. A panic is reported by the worker and it goes on; an allocation past the cap, a
//! stack overflow or any other abort ends the worker, a hang past the target's time cap gets it
//! killed: either way the supervisor saves the input, shrinks it when it can, and starts a new
//! worker.

use crate::rng::Rng;
use crate::targets::{self, Target};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A global allocator that counts live bytes and refuses (returns null: the process aborts
/// with "memory allocation of N bytes failed", or a `try_reserve` fails) any allocation that
/// would take them past the cap. Installed by the `conferencia-fuzz` binary.
pub mod alloc {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

    static LIVE: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);
    static CAP: AtomicUsize = AtomicUsize::new(usize::MAX);
    static OVER: AtomicBool = AtomicBool::new(false);

    pub struct Capped;

    fn reserve(n: usize) -> bool {
        let now = LIVE.fetch_add(n, Relaxed).saturating_add(n);
        if now > CAP.load(Relaxed) {
            LIVE.fetch_sub(n, Relaxed);
            OVER.store(true, Relaxed);
            return false;
        }
        PEAK.fetch_max(now, Relaxed);
        true
    }

    fn release(n: usize) {
        LIVE.fetch_sub(n, Relaxed);
    }

    // SAFETY: every call is forwarded to `System` with the caller's layout; the counters only
    // decide whether to forward an allocation at all (null is a valid answer).
    unsafe impl GlobalAlloc for Capped {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            if !reserve(l.size()) {
                return std::ptr::null_mut();
            }
            // SAFETY: the caller's contract for `alloc`.
            let p = unsafe { System.alloc(l) };
            if p.is_null() {
                release(l.size());
            }
            p
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            if !reserve(l.size()) {
                return std::ptr::null_mut();
            }
            // SAFETY: the caller's contract for `alloc_zeroed`.
            let p = unsafe { System.alloc_zeroed(l) };
            if p.is_null() {
                release(l.size());
            }
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            // SAFETY: `p` was allocated by `System` with `l`.
            unsafe { System.dealloc(p, l) };
            release(l.size());
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            let old = l.size();
            if new > old && !reserve(new - old) {
                return std::ptr::null_mut();
            }
            // SAFETY: the caller's contract for `realloc`.
            let q = unsafe { System.realloc(p, l, new) };
            if q.is_null() {
                if new > old {
                    release(new - old);
                }
            } else if new < old {
                release(old - new);
            }
            q
        }
    }

    /// Sets the cap on live heap bytes.
    pub fn set_cap(bytes: usize) {
        CAP.store(bytes, Relaxed);
    }

    /// Starts measuring one input: the peak from what is live now, the over-cap flag cleared.
    pub fn start() {
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        OVER.store(false, Relaxed);
    }

    /// The peak of live heap bytes since [`start`], and whether an allocation was refused.
    pub fn finish() -> (usize, bool) {
        (PEAK.load(Relaxed), OVER.load(Relaxed))
    }
}

/// Default cap on a worker's live heap: the photo checks allow 160 MB of decoded pixels plus
/// 64 MB for the decoder, the workbook checks 64 MiB of unzipped parts; nothing legitimate needs
/// more than twice that.
pub const DEFAULT_MEM_MB: usize = 512;
/// The stack of the thread that runs the target (tokio's default for its threads).
pub const WORKER_STACK: usize = 2 * 1024 * 1024;

const OK: u8 = 0;
const PANIC: u8 = 1;
const OVER_CAP: u8 = 2;
/// Succeeded, but a panic was caught on the way (`app::platform::workbook::first_sheet` turns a panic of
/// calamine into a refusal): not a finding, but worth knowing.
const CAUGHT: u8 = 3;

/// The worker's loop: reads inputs from stdin until EOF, answers on stdout.
pub fn worker_main(t: &'static Target, mem_mb: usize) -> std::io::Result<()> {
    static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut g) = LAST_PANIC.lock() {
            *g = Some(format!("{msg} (at {at})"));
        }
    }));
    alloc::set_cap(mem_mb.saturating_mul(1024 * 1024));
    let h = std::thread::Builder::new()
        .name("fuzz-target".into())
        .stack_size(WORKER_STACK)
        .spawn(move || -> std::io::Result<()> {
            let mut input = BufReader::new(std::io::stdin().lock());
            let mut out = BufWriter::new(std::io::stdout().lock());
            loop {
                let mut len = [0u8; 4];
                match input.read_exact(&mut len) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
                    Err(e) => return Err(e),
                }
                let mut data = vec![0u8; u32::from_le_bytes(len) as usize];
                input.read_exact(&mut data)?;
                if let Ok(mut g) = LAST_PANIC.lock() {
                    *g = None;
                }
                alloc::start();
                let r = std::panic::catch_unwind(|| (t.run)(&data));
                let (peak, over) = alloc::finish();
                drop(data);
                let (status, text) = match r {
                    Ok(sig) if over => (
                        OVER_CAP,
                        format!("an allocation past the {mem_mb} MiB cap was refused and handled ({sig})"),
                    ),
                    Ok(sig) => match LAST_PANIC.lock().ok().and_then(|mut g| g.take()) {
                        Some(p) => (CAUGHT, format!("{sig}\u{0}{p}")),
                        None => (OK, sig),
                    },
                    Err(_) => (
                        PANIC,
                        LAST_PANIC
                            .lock()
                            .ok()
                            .and_then(|mut g| g.take())
                            .unwrap_or_else(|| "panic".into()),
                    ),
                };
                out.write_all(&[status])?;
                out.write_all(&(peak as u64).to_le_bytes())?;
                out.write_all(&(text.len() as u32).to_le_bytes())?;
                out.write_all(text.as_bytes())?;
                out.flush()?;
            }
        })?;
    h.join()
        .unwrap_or_else(|_| Err(std::io::Error::other("worker thread panicked")))
}

/// What one input did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok {
        signature: String,
        peak: usize,
    },
    Panic(String),
    /// An allocation past the cap, refused and handled by the code (`try_reserve`).
    OverMemory(String),
    /// The worker died: an allocation past the cap, a stack overflow, an abort. Its last words.
    Died(String),
    Timeout(Duration),
}

impl Outcome {
    pub fn is_finding(&self) -> bool {
        !matches!(self, Outcome::Ok { .. })
    }

    /// Short name, used in the file names of findings.
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "ok",
            Outcome::Panic(_) => "panic",
            Outcome::OverMemory(_) => "memory",
            Outcome::Died(m) if m.contains("memory allocation") => "memory",
            Outcome::Died(m) if m.contains("overflowed its stack") => "stack",
            Outcome::Died(_) => "crash",
            Outcome::Timeout(_) => "timeout",
        }
    }

    /// What tells two findings apart: the kind and the panic's place (or the first line).
    fn identity(&self) -> String {
        match self {
            Outcome::Panic(m) => {
                let at = m.rsplit_once("(at ").map_or(m.as_str(), |(_, at)| at);
                format!("panic {at}")
            }
            Outcome::Died(m) => format!(
                "{} {}",
                self.kind(),
                m.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
            ),
            other => other.kind().to_owned(),
        }
    }

    /// One paragraph (long messages cut).
    pub fn describe(&self) -> String {
        let full = self.describe_full();
        match full.char_indices().nth(600) {
            Some((i, _)) => format!("{}…", &full[..i]),
            None => full,
        }
    }

    pub fn describe_full(&self) -> String {
        match self {
            Outcome::Ok { signature, .. } => format!("ok: {signature}"),
            Outcome::Panic(m) => format!("panic: {m}"),
            Outcome::OverMemory(m) => format!("memory: {m}"),
            Outcome::Died(m) => format!("worker died: {}", m.trim()),
            Outcome::Timeout(d) => format!("no answer within {} ms", d.as_millis()),
        }
    }
}

/// A running worker process.
pub struct Worker {
    exe: PathBuf,
    target: &'static Target,
    mem_mb: usize,
    child: Child,
    stdin: ChildStdin,
    answers: Receiver<(u8, usize, String)>,
    stderr: Arc<Mutex<Vec<u8>>>,
    stderr_done: Option<std::thread::JoinHandle<()>>,
    /// The message of a panic the target caught itself during the last input.
    pub caught: Option<String>,
}

impl Worker {
    pub fn spawn(exe: &Path, target: &'static Target, mem_mb: usize) -> std::io::Result<Worker> {
        let mut child = Command::new(exe)
            .args(["worker", target.name, "--mem-mb", &mem_mb.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().expect("piped stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut stderr_pipe = child.stderr.take().expect("piped stderr");
        let (tx, answers) = channel();
        std::thread::spawn(move || {
            loop {
                let mut head = [0u8; 13];
                if stdout.read_exact(&mut head).is_err() {
                    return;
                }
                let peak = u64::from_le_bytes(head[1..9].try_into().expect("8 bytes")) as usize;
                let len = u32::from_le_bytes(head[9..13].try_into().expect("4 bytes")) as usize;
                let mut text = vec![0u8; len];
                if stdout.read_exact(&mut text).is_err() {
                    return;
                }
                let text = String::from_utf8_lossy(&text).into_owned();
                if tx.send((head[0], peak, text)).is_err() {
                    return;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let tail = Arc::clone(&stderr);
        let stderr_done = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut t) = tail.lock() {
                    t.extend_from_slice(&buf[..n]);
                    let over = t.len().saturating_sub(8192);
                    t.drain(..over);
                }
            }
        });
        Ok(Worker {
            exe: exe.to_owned(),
            target,
            mem_mb,
            child,
            stdin,
            answers,
            stderr,
            stderr_done: Some(stderr_done),
            caught: None,
        })
    }

    /// Runs one input. After a death or a hang the worker is replaced by a new one.
    pub fn run(&mut self, input: &[u8]) -> std::io::Result<(Outcome, Duration)> {
        self.caught = None;
        let started = Instant::now();
        let sent = self
            .stdin
            .write_all(&(input.len() as u32).to_le_bytes())
            .and_then(|()| self.stdin.write_all(input))
            .and_then(|()| self.stdin.flush());
        let answer = match sent {
            Ok(()) => self.answers.recv_timeout(self.target.timeout),
            Err(_) => Err(RecvTimeoutError::Disconnected),
        };
        let took = started.elapsed();
        let outcome = match answer {
            Ok((OK, peak, signature)) => return Ok((Outcome::Ok { signature, peak }, took)),
            Ok((CAUGHT, peak, text)) => {
                let (signature, caught) = text.split_once('\u{0}').unwrap_or((&text, ""));
                self.caught = Some(caught.to_owned());
                let signature = signature.to_owned();
                return Ok((Outcome::Ok { signature, peak }, took));
            }
            Ok((OVER_CAP, _, m)) => return Ok((Outcome::OverMemory(m), took)),
            Ok((_, _, m)) => return Ok((Outcome::Panic(m), took)),
            Err(RecvTimeoutError::Timeout) => {
                let _ = self.child.kill();
                Outcome::Timeout(self.target.timeout)
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().ok();
                if let Some(h) = self.stderr_done.take() {
                    let _ = h.join();
                }
                let tail = self.stderr.lock().map(|t| t.clone()).unwrap_or_default();
                let mut m = String::from_utf8_lossy(&tail).into_owned();
                if let Some(s) = status {
                    m.push_str(&format!("\n(exit: {s})"));
                }
                Outcome::Died(m)
            }
        };
        self.restart()?;
        Ok((outcome, took))
    }

    fn restart(&mut self) -> std::io::Result<()> {
        let fresh = Worker::spawn(&self.exe, self.target, self.mem_mb)?;
        let old = std::mem::replace(self, fresh);
        drop(old);
        Ok(())
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing stdin ends the worker's loop; a worker stuck in an input is killed.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a run goes.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `conferencia-fuzz` binary, started as the worker.
    pub exe: PathBuf,
    pub seed: u64,
    pub duration: Duration,
    /// Stop after this many generated inputs (besides the seeds), if sooner.
    pub iterations: Option<u64>,
    pub mem_mb: usize,
    /// Findings are written under `<out>/<target>/`.
    pub out: PathBuf,
    /// Time spent shrinking one finding, at most.
    pub shrink_for: Duration,
    pub verbose: bool,
}

impl Options {
    pub fn new(exe: PathBuf, seed: u64, duration: Duration) -> Self {
        Options {
            exe,
            seed,
            duration,
            iterations: None,
            mem_mb: DEFAULT_MEM_MB,
            out: crate::seeds::crate_dir().join("crashes"),
            shrink_for: Duration::from_secs(10),
            verbose: false,
        }
    }
}

/// One finding, saved.
#[derive(Debug, Clone)]
pub struct Finding {
    pub outcome: Outcome,
    pub path: PathBuf,
    pub len: usize,
}

/// What a run of one target did.
#[derive(Debug, Clone)]
pub struct Report {
    pub target: &'static str,
    pub seed: u64,
    pub execs: u64,
    pub elapsed: Duration,
    pub findings: Vec<Finding>,
    /// Findings seen again (same kind and place), not saved again.
    pub repeats: u64,
    pub pool: usize,
    pub signatures: usize,
    pub peak_bytes: usize,
    pub slowest: Duration,
    /// Panics the code under test caught itself (each place once), with how many times.
    pub caught: Vec<(String, u64)>,
}

impl Report {
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{}: {} inputs in {:.1} s (seed {}), {} distinct outcomes, pool {}, peak heap {:.1} MiB, slowest {} ms, {} finding(s)",
            self.target,
            self.execs,
            self.elapsed.as_secs_f64(),
            self.seed,
            self.signatures,
            self.pool,
            self.peak_bytes as f64 / 1_048_576.0,
            self.slowest.as_millis(),
            self.findings.len()
        );
        for (m, n) in &self.caught {
            let m: String = m.chars().take(300).collect();
            s.push_str(&format!(
                "\n  caught by the code ({n}×, not a finding): {m}"
            ));
        }
        for f in &self.findings {
            s.push_str(&format!(
                "\n  {} ({} bytes): {}",
                f.path.display(),
                f.len,
                f.outcome.describe()
            ));
        }
        s
    }
}

fn hash_of<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    v.hash(&mut h);
    h.finish()
}

/// FNV-1a: a stable name for a saved input.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Fuzzes `t` for `opts.duration` (or `opts.iterations` inputs).
pub fn fuzz(t: &'static Target, opts: &Options) -> std::io::Result<Report> {
    let started = Instant::now();
    let mut rng = Rng::new(opts.seed);
    let mut worker = Worker::spawn(&opts.exe, t, opts.mem_mb)?;
    let seeds = targets::all_seeds(t);
    let n_seeds = seeds.len();
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut found: HashSet<String> = HashSet::new();
    let mut report = Report {
        target: t.name,
        seed: opts.seed,
        execs: 0,
        elapsed: Duration::ZERO,
        findings: Vec::new(),
        repeats: 0,
        pool: 0,
        signatures: 0,
        peak_bytes: 0,
        slowest: Duration::ZERO,
        caught: Vec::new(),
    };
    const POOL_MAX: usize = 1_000;
    let mut generated = 0u64;
    let mut queue = seeds.into_iter();
    loop {
        let (input, is_seed) = match queue.next() {
            Some(s) => (s, true),
            None => {
                if started.elapsed() >= opts.duration
                    || opts.iterations.is_some_and(|n| generated >= n)
                {
                    break;
                }
                generated += 1;
                if pool.is_empty() {
                    pool.push(Vec::new());
                }
                // Newer parents a little more often: they are the deeper ones.
                let i = if rng.chance(1, 3) {
                    pool.len() - 1 - rng.below(pool.len().min(32))
                } else {
                    rng.below(pool.len())
                };
                let others: Vec<&[u8]> = (0..3).map(|_| rng.pick(&pool).as_slice()).collect();
                ((t.mutate)(&mut rng, &pool[i], &others, t.max_len), false)
            }
        };
        report.execs += 1;
        let (outcome, took) = worker.run(&input)?;
        report.slowest = report.slowest.max(took);
        if let Some(c) = worker.caught.take() {
            let place = c
                .rsplit_once("(at ")
                .map_or(c.as_str(), |(_, at)| at)
                .to_owned();
            match report.caught.iter_mut().find(|(m, _)| m.ends_with(&place)) {
                Some((_, n)) => *n += 1,
                None => report.caught.push((c, 1)),
            }
        }
        match &outcome {
            Outcome::Ok { signature, peak } => {
                report.peak_bytes = report.peak_bytes.max(*peak);
                let new = seen.insert(hash_of(signature.as_str()));
                if new || is_seed {
                    if pool.len() < POOL_MAX {
                        pool.push(input);
                    } else {
                        // The seeds stay; a later parent makes room.
                        let keep = n_seeds.min(POOL_MAX - 1);
                        let j = keep + rng.below(POOL_MAX - keep);
                        pool[j] = input;
                    }
                }
            }
            finding => {
                if !found.insert(finding.identity()) {
                    report.repeats += 1;
                    continue;
                }
                let (small, finding) = if matches!(finding, Outcome::Timeout(_)) {
                    (input, finding.clone())
                } else {
                    let small = shrink(&mut worker, &input, finding, opts.shrink_for)?;
                    // What the smaller input says (its own message).
                    let (again, _) = worker.run(&small)?;
                    let o = if again.identity() == finding.identity() {
                        again
                    } else {
                        finding.clone()
                    };
                    (small, o)
                };
                let finding = &finding;
                let path = save(&opts.out, t.name, finding, &small, opts.seed)?;
                if opts.verbose {
                    eprintln!("{}: {} -> {}", t.name, finding.describe(), path.display());
                }
                report.findings.push(Finding {
                    outcome: finding.clone(),
                    path,
                    len: small.len(),
                });
            }
        }
    }
    report.pool = pool.len();
    report.signatures = seen.len();
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The input made smaller while it still fails the same way: chunks deleted, largest first,
/// within `budget`.
fn shrink(
    worker: &mut Worker,
    input: &[u8],
    finding: &Outcome,
    budget: Duration,
) -> std::io::Result<Vec<u8>> {
    let until = Instant::now() + budget;
    let id = finding.identity();
    let mut best = input.to_vec();
    let mut chunk = best.len() / 2;
    while chunk >= 1 && Instant::now() < until {
        let mut at = 0;
        let mut progress = false;
        while at < best.len() && Instant::now() < until {
            let mut cand = best.clone();
            let end = (at + chunk).min(cand.len());
            cand.drain(at..end);
            let (o, _) = worker.run(&cand)?;
            if o.is_finding() && o.identity() == id {
                best = cand;
                progress = true;
            } else {
                at += chunk;
            }
        }
        if !progress {
            chunk /= 2;
        }
    }
    Ok(best)
}

fn save(
    out: &Path,
    target: &str,
    o: &Outcome,
    input: &[u8],
    seed: u64,
) -> std::io::Result<PathBuf> {
    let dir = out.join(target);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}-{:016x}.bin", o.kind(), fnv(input)));
    std::fs::write(&path, input)?;
    std::fs::write(
        path.with_extension("txt"),
        format!(
            "target: {target}\nseed: {seed}\n{}\n\nreplay: cargo run -p conferencia-fuzz -- replay {target} {}\n",
            o.describe_full(),
            path.display()
        ),
    )?;
    Ok(path)
}

/// Runs each input once, in a fresh worker per failure, and says what it did.
pub fn replay(
    t: &'static Target,
    exe: &Path,
    mem_mb: usize,
    inputs: &[(PathBuf, Vec<u8>)],
) -> std::io::Result<Vec<(PathBuf, Outcome)>> {
    let mut worker = Worker::spawn(exe, t, mem_mb)?;
    let mut out = Vec::new();
    for (p, b) in inputs {
        let (o, _) = worker.run(b)?;
        out.push((p.clone(), o));
    }
    Ok(out)
}

/// The inputs kept under `regressions/<target>/` (every file but notes ending in `.txt` / `.md`).
pub fn regressions(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    crate::seeds::files_in(&crate::seeds::crate_dir().join("regressions").join(target))
        .into_iter()
        .filter(|(p, _)| !matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        .collect()
}
