//! `cargo xtask test`: every Rust test (SQLite and PostgreSQL), then the browser tests.
//! `cargo xtask bench …`: the load benchmarks; `cargo xtask fuzz …`: longer fuzzing runs.
//!
//! Outside CI, a missing PostgreSQL or chromium is reported as skipped with the reason;
//! with `CI=true` it fails the run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn run(cmd: &mut Command) -> bool {
    eprintln!("xtask: running {cmd:?}");
    cmd.status().is_ok_and(|s| s.success())
}

fn pg_reachable() -> bool {
    std::net::TcpStream::connect_timeout(
        &"127.0.0.1:5432".parse().unwrap(),
        std::time::Duration::from_secs(2),
    )
    .is_ok()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        Some("fuzz") => fuzz(&args[1..]),
        Some("fuzz-api") => fuzz_api(&args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask test | {BENCH_USAGE}\n       {FUZZ_USAGE}\n       {FUZZ_API_USAGE}"
            );
            ExitCode::from(2)
        }
    }
}

/// The workspace this `cargo xtask` was called in. `cargo run` sets `CARGO_MANIFEST_DIR` when it
/// starts the binary; the path compiled in is only the fallback. Two checkouts sharing one
/// `CARGO_TARGET_DIR` (a developer's and CI's clone) may run the same `xtask` executable, and
/// the compiled-in path would then test the other checkout.
fn workspace_root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn test() -> ExitCode {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let pg = pg_reachable();
    if !pg && ci() {
        eprintln!("xtask: CI=true and PostgreSQL is not reachable at 127.0.0.1:5432");
        return ExitCode::FAILURE;
    }
    if !pg {
        eprintln!(
            "xtask: PostgreSQL not reachable at 127.0.0.1:5432: its tests will report SKIPPED"
        );
    }
    if !run(Command::new(&cargo).current_dir(&root).args([
        "test",
        "--workspace",
        "--exclude",
        "xtask",
    ])) {
        return ExitCode::FAILURE;
    }
    // Browser tests
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let e2e = root.join("e2e");
    let missing = if !Path::new(&chromium).exists() {
        Some(format!(
            "chromium not found at {chromium} (apt-get install chromium)"
        ))
    } else if Command::new("npx").arg("--version").output().is_err() {
        Some("npx (Node.js) not found".to_string())
    } else {
        None
    };
    if let Some(why) = missing {
        if ci() {
            eprintln!("xtask: CI=true and the browser tests cannot run: {why}");
            return ExitCode::FAILURE;
        }
        eprintln!("xtask: browser tests SKIPPED: {why}");
        return ExitCode::SUCCESS;
    }
    if !e2e.join("node_modules").exists()
        && !run(Command::new("npm")
            .current_dir(&e2e)
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .args(["ci", "--no-audit", "--no-fund"]))
    {
        return ExitCode::FAILURE;
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        root.join(target)
    };
    let bin = target.join("debug").join("conferencia");
    // `cargo test --workspace` above has just built the binary for the server's integration
    // tests, with the tests' feature selection. `cargo build --bin conferencia` would select
    // other features and compile typst and the workspace again, so it is only the fallback.
    if !bin.exists()
        && !run(Command::new(&cargo)
            .current_dir(&root)
            .args(["build", "--bin", "conferencia"]))
    {
        return ExitCode::FAILURE;
    }
    let mut cmd = Command::new("npx");
    cmd.current_dir(&e2e)
        .args(["playwright", "test"])
        .env("CONFERENCIA_BIN", &bin)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    if !pg {
        eprintln!("xtask: browser tests on PostgreSQL SKIPPED: PostgreSQL not reachable");
        cmd.env("E2E_SKIP_PG", "1");
    }
    if !run(&mut cmd) {
        return ExitCode::FAILURE;
    }
    api_check(&root, &bin)
}

/// The JSON API against its OpenAPI document, bounded (90 s of schemathesis, killed after 200 s;
/// the longer run is `cargo xtask fuzz-api`). Without schemathesis (`pip3 install schemathesis`)
/// it reports SKIPPED, or fails with `CI=true`.
fn api_check(root: &Path, bin: &Path) -> ExitCode {
    if Command::new("schemathesis")
        .arg("--version")
        .output()
        .is_err()
    {
        if ci() {
            eprintln!(
                "xtask: CI=true and schemathesis is not installed (pip3 install schemathesis)"
            );
            return ExitCode::FAILURE;
        }
        eprintln!(
            "xtask: API check SKIPPED: schemathesis not installed (pip3 install schemathesis)"
        );
        return ExitCode::SUCCESS;
    }
    if run(Command::new(root.join("e2e").join("api-fuzz.sh"))
        .current_dir(root)
        .env("CONFERENCIA_BIN", bin)
        .env("FUZZ_MAX_TIME", "90")
        .env("FUZZ_TIMEOUT", "200"))
    {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `cargo xtask bench <name> [--json]`: runs a load benchmark in release mode and prints its figures
/// (the speed targets of the issues are checked here, never by timed tests).
///
/// `votes` and `pages` start the real `conferencia` binary, so both the server and the benchmark are built in
/// release first; the benchmark finds the server next to itself.
fn bench(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ok = match args.first().map(String::as_str) {
        Some("checkin" | "import" | "report" | "systematize") => run(Command::new(&cargo)
            .current_dir(&root)
            .args([
                "run",
                "--quiet",
                "--release",
                "-p",
                "conferencia-bench",
                "--",
            ])
            .args(args)),
        Some("votes" | "pages") => {
            if !run(Command::new(&cargo).current_dir(&root).args([
                "build",
                "--quiet",
                "--release",
                "-p",
                "conferencia-server",
                "-p",
                "conferencia-bench",
            ])) {
                return ExitCode::FAILURE;
            }
            let target = std::env::var("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|_| root.join("target"));
            let target = if target.is_absolute() {
                target
            } else {
                root.join(target)
            };
            run(
                Command::new(target.join("release").join("conferencia-bench"))
                    .current_dir(&root)
                    .args(args),
            )
        }
        _ => {
            eprintln!("usage: {BENCH_USAGE}");
            return ExitCode::from(2);
        }
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

const BENCH_USAGE: &str = "cargo xtask bench checkin|import|report [--json] [--database-url URL]
       cargo xtask bench checkin --offline-burst N [--json] [--database-url URL]
       cargo xtask bench votes [--delegates N] [--concurrency C] [--watchers W] [--instances K] [--remote] [--json] [--database-url URL]
       cargo xtask bench pages [--units N] [--answers A] [--rate R] [--seconds S] [--connections C] [--json] [--database-url URL]
       cargo xtask bench systematize [--municipalities N] [--per-municipality P] [--threshold T] [--seed S] [--json]";

const FUZZ_USAGE: &str =
    "cargo xtask fuzz [TARGET...] [--seconds N] [--seed S] [--iterations N] [--mem-mb M] [--debug]
       cargo xtask fuzz list";

/// `cargo xtask fuzz [target…] [--seconds N]`: builds `conferencia-fuzz` in release mode (debug
/// with `--debug`) and runs each target (all by default) for N seconds (default 60); what it
/// finds is written under `crates/fuzz/crashes/<target>/` and the exit status is 1 (ADR 0032).
/// CI runs every target for a few seconds through `cargo test -p conferencia-fuzz`.
fn fuzz(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let debug = args.iter().any(|a| a == "--debug");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--debug").collect();
    if rest.iter().any(|a| *a == "--help" || *a == "-h") {
        eprintln!("usage: {FUZZ_USAGE}");
        return ExitCode::SUCCESS;
    }
    let mut build = Command::new(&cargo);
    build.current_dir(&root).args([
        "build",
        "--quiet",
        "-p",
        "conferencia-fuzz",
        "--bin",
        "conferencia-fuzz",
    ]);
    if !debug {
        build.arg("--release");
    }
    if !run(&mut build) {
        return ExitCode::FAILURE;
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        root.join(target)
    };
    let bin = target
        .join(if debug { "debug" } else { "release" })
        .join("conferencia-fuzz");
    let mut cmd = Command::new(bin);
    cmd.current_dir(&root);
    if rest.first().is_some_and(|a| *a == "list") {
        cmd.arg("list");
    } else {
        cmd.arg("run").args(&rest);
        if !rest.iter().any(|a| *a == "--seconds") {
            cmd.args(["--seconds", "60"]);
        }
    }
    if run(&mut cmd) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

const FUZZ_API_USAGE: &str = "cargo xtask fuzz-api [--seconds S] [schemathesis options]";

/// `cargo xtask fuzz-api [--seconds S] [schemathesis options]`: fuzzes the JSON API with
/// schemathesis (`e2e/api-fuzz.sh`) for S seconds (default 600), longer than the bounded run of
/// `.ci/run`. Builds the debug server first; installs schemathesis with pip3 when it is missing.
fn fuzz_api(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let (seconds, rest): (u64, &[String]) = match args {
        [flag, n, rest @ ..] if flag == "--seconds" => match n.parse() {
            Ok(n) if n > 0 => (n, rest),
            _ => {
                eprintln!("usage: {FUZZ_API_USAGE}");
                return ExitCode::from(2);
            }
        },
        rest => (600, rest),
    };
    if Command::new("schemathesis")
        .arg("--version")
        .output()
        .is_err()
        && !run(Command::new("pip3").args(["install", "--quiet", "schemathesis"]))
    {
        eprintln!("xtask: schemathesis is not installed and pip3 could not install it");
        return ExitCode::FAILURE;
    }
    if !run(Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--bin", "conferencia"]))
    {
        return ExitCode::FAILURE;
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        root.join(target)
    };
    let ok = run(Command::new(root.join("e2e").join("api-fuzz.sh"))
        .current_dir(&root)
        .env("CONFERENCIA_BIN", target.join("debug").join("conferencia"))
        .env("FUZZ_MAX_EXAMPLES", "200")
        .env("FUZZ_MAX_TIME", seconds.to_string())
        .env("FUZZ_TIMEOUT", (seconds + 180).to_string())
        .args(rest));
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
