//! `conferencia-bench systematize`: the state's systematization (issue 5 item 5) at national
//! scale, in memory. 5,570 municipalities × 30 synthetic proposals (`domain::systematize::
//! synthetic`, with a known ground truth) are normalized and grouped by
//! `domain::systematize::cluster`. Prints the time of the grouping (normalization included; the
//! generation apart), the peak resident memory (`VmHWM`), the number of groups and the pairwise
//! precision/recall/F1 against the ground truth. Targets: under 60 s and under 2 GiB.
//!
//! The database import of the proposals is not here yet: it goes before [`cluster_step`], which
//! takes the texts however they were obtained.

use domain::systematize::{self, Clustering, synthetic};
use std::time::Instant;

pub struct Options {
    pub municipalities: usize,
    pub per_municipality: usize,
    pub threshold: f64,
    pub seed: u64,
    pub json: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        fn value<T: std::str::FromStr>(
            args: &[String],
            name: &str,
            default: T,
        ) -> Result<T, String> {
            match args.windows(2).find(|w| w[0] == name) {
                Some(w) => w[1]
                    .parse()
                    .map_err(|_| format!("{name} wants a number, got {:?}", w[1])),
                None => Ok(default),
            }
        }
        let o = Options {
            municipalities: value(args, "--municipalities", 5_570)?,
            per_municipality: value(args, "--per-municipality", 30)?,
            threshold: value(args, "--threshold", systematize::DEFAULT_THRESHOLD)?,
            seed: value(args, "--seed", 2025)?,
            json: args.iter().any(|a| a == "--json"),
        };
        if o.municipalities == 0 || o.per_municipality == 0 {
            return Err("--municipalities and --per-municipality must be at least 1".into());
        }
        if !(o.threshold > 0.0 && o.threshold <= 1.0) {
            return Err("--threshold must be in (0, 1]".into());
        }
        Ok(o)
    }
}

/// What one grouping of the proposals gives.
pub struct StepFigures {
    /// Normalization and grouping, in seconds.
    pub seconds: f64,
    pub clustering: Clustering,
}

/// Normalizes and groups `texts` (the step a database import will feed).
pub fn cluster_step(texts: &[&str], threshold: f64) -> StepFigures {
    let started = Instant::now();
    let clustering = systematize::cluster(texts, threshold);
    StepFigures {
        seconds: started.elapsed().as_secs_f64(),
        clustering,
    }
}

/// Peak resident set size of this process in MiB (`VmHWM` of `/proc/self/status`), if known.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs the benchmark; the process exit code (1 when a target is missed).
pub fn run(o: &Options) -> i32 {
    let started = Instant::now();
    let proposals = synthetic::generate(o.municipalities, o.per_municipality, o.seed);
    let generation_seconds = started.elapsed().as_secs_f64();
    let texts: Vec<&str> = proposals.iter().map(|p| p.text.as_str()).collect();
    let truth: Vec<usize> = proposals.iter().map(|p| p.truth).collect();
    let step = cluster_step(&texts, o.threshold);
    let c = &step.clustering;
    let q = synthetic::quality(&c.cluster_of, &truth);
    let peak = peak_rss_mib();
    let true_groups = {
        let mut t = truth.clone();
        t.sort_unstable();
        t.dedup();
        t.len()
    };
    let groups = c.groups().count();
    let largest = c.clusters.first().map_or(0, Vec::len);
    let ok = step.seconds < 60.0 && peak.is_none_or(|p| p < 2048.0);
    if o.json {
        println!(
            "{}",
            serde_json::json!({
                "proposals": texts.len(),
                "municipalities": o.municipalities,
                "threshold": o.threshold,
                "seconds": step.seconds,
                "generation_seconds": generation_seconds,
                "peak_rss_mib": peak,
                "clusters": c.clusters.len(),
                "groups_of_two_or_more": groups,
                "largest_cluster": largest,
                "true_groups": true_groups,
                "precision": q.precision,
                "recall": q.recall,
                "f1": q.f1,
            })
        );
    } else {
        println!(
            "systematization of {} proposals ({} municipalities × {}) at threshold {}: {:.2} s (generation apart: {generation_seconds:.2} s), peak RSS {} MiB; {} clusters ({groups} of two or more, largest {largest}) for {true_groups} true groups; pairwise precision {:.4}, recall {:.4}, F1 {:.4} (targets: < 60 s, < 2048 MiB)",
            texts.len(),
            o.municipalities,
            o.per_municipality,
            o.threshold,
            step.seconds,
            peak.map_or("?".into(), |p| format!("{p:.0}")),
            c.clusters.len(),
            q.precision,
            q.recall,
            q.f1,
        );
    }
    if ok { 0 } else { 1 }
}
