//! CI's share of fuzzing: every target for a few seconds, half with a fixed seed (the
//! same inputs on every run) and half with a seed from the clock (new inputs each run, printed
//! when something fails), and every input under `regressions/` replayed.
//!
//! `CONFERENCIA_FUZZ_SECONDS` changes the time per target (default 10); `CONFERENCIA_FUZZ_SEED`
//! fixes the second seed, to replay a failure seen in CI. Longer runs: `cargo xtask fuzz`.

use conferencia_fuzz::runner::{self, Options, Report};
use conferencia_fuzz::targets::{self, TARGETS};
use std::path::PathBuf;
use std::time::Duration;

const EXE: &str = env!("CARGO_BIN_EXE_conferencia-fuzz");
const FIXED_SEED: u64 = 0x19_2026;

fn seconds() -> f64 {
    std::env::var("CONFERENCIA_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10.0)
}

fn clock_seed() -> u64 {
    std::env::var("CONFERENCIA_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        })
}

/// A finding's bytes as a Rust byte string, for the CI log (the machine does not outlive it).
fn escaped(path: &PathBuf) -> String {
    let Ok(b) = std::fs::read(path) else {
        return String::new();
    };
    if b.len() > 2048 {
        return format!("({} bytes: see the file)", b.len());
    }
    format!("b\"{}\"", b.escape_ascii())
}

fn failure(reports: &[Report]) -> Option<String> {
    let bad: Vec<&Report> = reports.iter().filter(|r| !r.findings.is_empty()).collect();
    if bad.is_empty() {
        return None;
    }
    let mut m = String::from("the fuzzer found inputs that break a parser:\n");
    for r in bad {
        m.push_str(&r.summary());
        m.push('\n');
        for f in &r.findings {
            m.push_str(&format!("  input: {}\n", escaped(&f.path)));
        }
        m.push_str(&format!(
            "  again: CONFERENCIA_FUZZ_SEED={} cargo test -p conferencia-fuzz --test fuzz {}\n",
            r.seed, r.target
        ));
    }
    m.push_str(
        "Fix the parser (an error, not a panic), then keep the input under crates/fuzz/regressions/<target>/ or as a unit test next to the parser.",
    );
    Some(m)
}

fn fuzz(name: &str) {
    let t = targets::by_name(name).expect("a target");
    let half = Duration::from_secs_f64(seconds() / 2.0);
    let mut reports = Vec::new();
    for seed in [FIXED_SEED, clock_seed()] {
        let o = Options::new(PathBuf::from(EXE), seed, half);
        let r = runner::fuzz(t, &o).expect("the worker runs");
        eprintln!("{}", r.summary());
        reports.push(r);
    }
    if let Some(m) = failure(&reports) {
        panic!("{m}");
    }
    assert!(
        reports.iter().all(|r| r.execs > 0),
        "{name}: no input was run"
    );
}

#[test]
fn csv() {
    fuzz("csv");
}

#[test]
fn xlsx() {
    fuzz("xlsx");
}

#[test]
fn ods() {
    fuzz("ods");
}

#[test]
fn workbook() {
    fuzz("workbook");
}

#[test]
fn regimento() {
    fuzz("regimento");
}

#[test]
fn values() {
    fuzz("values");
}

#[test]
fn photo() {
    fuzz("photo");
}

#[test]
fn sniff() {
    fuzz("sniff");
}

#[test]
fn every_target_is_fuzzed_here() {
    let here = [
        "csv",
        "xlsx",
        "ods",
        "workbook",
        "regimento",
        "values",
        "photo",
        "sniff",
    ];
    let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    assert_eq!(names, here, "add a #[test] for the new target");
}

/// The worker reports a panic and goes on; an allocation past the cap, a stack overflow and a
/// hang are each caught as such, and the next input runs in a new worker.
#[test]
fn the_harness_catches_what_breaks() {
    let t = targets::by_name("harness-check").expect("the check target");
    let inputs: Vec<(PathBuf, Vec<u8>)> = [
        "fine", "panic", "fine", "oom", "try", "stack", "loop", "fine",
    ]
    .iter()
    .map(|s| (PathBuf::from(s), s.as_bytes().to_vec()))
    .collect();
    let kinds: Vec<&str> = runner::replay(t, &PathBuf::from(EXE), 64, &inputs)
        .expect("the worker runs")
        .iter()
        .map(|(_, o)| o.kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "ok", "panic", "ok", "memory", "memory", "stack", "timeout", "ok"
        ]
    );
}

/// What the fuzzer once found stays fixed.
#[test]
fn regressions_stay_fixed() {
    let mut bad = Vec::new();
    for t in TARGETS {
        let inputs = runner::regressions(t.name);
        if inputs.is_empty() {
            continue;
        }
        let results = runner::replay(t, &PathBuf::from(EXE), runner::DEFAULT_MEM_MB, &inputs)
            .expect("the worker runs");
        for (p, o) in results {
            if o.is_finding() {
                bad.push(format!("{}: {}", p.display(), o.describe()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "regressions fail again:\n{}",
        bad.join("\n")
    );
}
