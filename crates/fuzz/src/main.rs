//! `conferencia-fuzz`: fuzzes the parsers of uploads and pasted text on stable Rust (ADR 0032).
//!
//! ```text
//! conferencia-fuzz list
//! conferencia-fuzz run [TARGET…] [--seconds N] [--iterations N] [--seed S] [--mem-mb M] [--out DIR]
//! conferencia-fuzz replay TARGET FILE|DIR…
//! ```
//!
//! `cargo xtask fuzz` builds it in release mode and runs it. Findings are written under
//! `crates/fuzz/crashes/<target>/` with a note on how to replay them; the exit status is 1 when
//! there is any.

use conferencia_fuzz::runner::{self, Options};
use conferencia_fuzz::targets::{self, TARGETS};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[global_allocator]
static ALLOC: runner::alloc::Capped = runner::alloc::Capped;

const USAGE: &str = "usage: conferencia-fuzz list
       conferencia-fuzz run [TARGET...] [--seconds N] [--iterations N] [--seed S] [--mem-mb M] [--out DIR]
       conferencia-fuzz replay TARGET FILE|DIR...";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("list") => {
            for t in TARGETS {
                println!("{:<10} {}", t.name, t.about);
            }
            ExitCode::SUCCESS
        }
        Some("worker") => worker(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("replay") => replay(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `--name value` pairs.
type Opts = Vec<(String, String)>;

/// The free arguments and the `--name value` options.
fn parse(args: &[String]) -> Result<(Vec<String>, Opts), String> {
    let (mut free, mut opts) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            let v = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
            opts.push((name.to_owned(), v.clone()));
        } else {
            free.push(a.clone());
        }
    }
    Ok((free, opts))
}

fn opt<T: std::str::FromStr>(opts: &[(String, String)], name: &str) -> Result<Option<T>, String> {
    opts.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| {
            v.parse::<T>()
                .map_err(|_| format!("--{name}: not a valid value: {v}"))
        })
        .transpose()
}

fn worker(args: &[String]) -> ExitCode {
    let Ok((free, opts)) = parse(args) else {
        return ExitCode::from(2);
    };
    let Some(t) = free.first().and_then(|n| targets::by_name(n)) else {
        eprintln!("worker: unknown target");
        return ExitCode::from(2);
    };
    let mem = opt(&opts, "mem-mb")
        .ok()
        .flatten()
        .unwrap_or(runner::DEFAULT_MEM_MB);
    match runner::worker_main(t, mem) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn run(args: &[String]) -> ExitCode {
    match try_run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("conferencia-fuzz: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn try_run(args: &[String]) -> Result<bool, String> {
    let (names, opts) = parse(args)?;
    let chosen: Vec<_> = if names.is_empty() {
        TARGETS.iter().collect()
    } else {
        names
            .iter()
            .map(|n| targets::by_name(n).ok_or_else(|| format!("unknown target {n} (see `list`)")))
            .collect::<Result<_, _>>()?
    };
    let seconds: f64 = opt(&opts, "seconds")?.unwrap_or(60.0);
    let seed: u64 = match opt(&opts, "seed")? {
        Some(s) => s,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(19),
    };
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut o = Options::new(exe, seed, Duration::from_secs_f64(seconds));
    o.iterations = opt(&opts, "iterations")?;
    o.mem_mb = opt(&opts, "mem-mb")?.unwrap_or(runner::DEFAULT_MEM_MB);
    if let Some(out) = opt::<PathBuf>(&opts, "out")? {
        o.out = out;
    }
    o.verbose = true;
    let mut clean = true;
    for t in chosen {
        eprintln!("fuzzing {} for {seconds} s, seed {seed}", t.name);
        let r = runner::fuzz(t, &o).map_err(|e| format!("{}: {e}", t.name))?;
        println!("{}", r.summary());
        clean &= r.findings.is_empty();
    }
    Ok(clean)
}

fn replay(args: &[String]) -> ExitCode {
    let Some(t) = args.first().and_then(|n| targets::by_name(n)) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut inputs = Vec::new();
    for a in &args[1..] {
        let p = PathBuf::from(a);
        if p.is_dir() {
            // The notes written next to each finding are not inputs.
            inputs.extend(
                conferencia_fuzz::seeds::files_in(&p)
                    .into_iter()
                    .filter(|(f, _)| f.extension().is_none_or(|e| e != "txt" && e != "md")),
            );
        } else {
            match std::fs::read(&p) {
                Ok(b) => inputs.push((p, b)),
                Err(e) => {
                    eprintln!("{}: {e}", p.display());
                    return ExitCode::from(2);
                }
            }
        }
    }
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match runner::replay(t, &exe, runner::DEFAULT_MEM_MB, &inputs) {
        Ok(results) => {
            let mut clean = true;
            for (p, o) in results {
                println!("{}: {}", p.display(), o.describe());
                clean &= !o.is_finding();
            }
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
