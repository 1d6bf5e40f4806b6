//! `conferencia-bench systematize`: the state's systematization at national
//! scale. 5,570 municipalities × 30 synthetic proposals (`domain::systematize::synthetic`, with
//! a known ground truth) are imported as `received_proposal` rows of one state conference into a
//! fresh SQLite database (a temporary file, migrated, with the demo's state conference), read
//! back, and grouped by [`cluster_step`] through `app::reporting::systematization::plan` (the function the
//! team's "Agrupar" uses: per eixo and level, then `domain::systematize::cluster`; the synthetic
//! proposals are all of one eixo and level, the worst case). Prints the import seconds (inserts,
//! committed), the read-back seconds, the grouping seconds (normalization included), the total
//! of the three (the generation and the database set-up apart), the peak resident memory
//! (`VmHWM`), the number of groups and the pairwise precision/recall/F1 against the ground
//! truth. Targets: total under 60 s and under 2 GiB.

use domain::systematize::{self, Clustering, synthetic};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::time::Instant;
use store::entities::{conference, received_proposal};
use uuid::Uuid;

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

/// Normalizes and groups `texts` (read back from the database) as the app does, with
/// `app::reporting::systematization::plan` (all of one eixo and level here), returned as a clustering of
/// the input indices.
pub fn cluster_step(texts: &[&str], threshold: f64) -> StepFigures {
    let started = Instant::now();
    let items: Vec<app::reporting::systematization::Item<'_>> = texts
        .iter()
        .map(|t| app::reporting::systematization::Item {
            eixo_number: 1,
            level: "estadual",
            text: t,
        })
        .collect();
    let planned = app::reporting::systematization::plan(&items, threshold);
    let seconds = started.elapsed().as_secs_f64();
    let mut cluster_of = vec![0; texts.len()];
    let mut clusters = Vec::with_capacity(planned.len());
    let mut representatives = Vec::with_capacity(planned.len());
    for (k, p) in planned.into_iter().enumerate() {
        for &i in &p.members {
            cluster_of[i] = k;
        }
        representatives.push(p.representative);
        clusters.push(p.members);
    }
    StepFigures {
        seconds,
        clustering: Clustering {
            clusters,
            representatives,
            cluster_of,
            threshold,
        },
    }
}

/// What the database import gives: the texts as read back, each with its index in the
/// generated list, and the seconds of each part.
struct Imported {
    texts: Vec<(usize, String)>,
    setup_seconds: f64,
    import_seconds: f64,
    read_seconds: f64,
}

/// Writes `proposals` as received proposals of the demo's state conference into a fresh SQLite
/// file under `dir` (rows of 500 per insert, 10,000 rows per transaction), then reads them back.
async fn import(proposals: &[synthetic::Proposal], dir: &std::path::Path) -> Imported {
    let t = Instant::now();
    let url = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    let db = store::Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrations");
    app::demo::seed::seed_with_history(&db).await.expect("demo");
    let state = conference::Entity::find()
        .filter(conference::Column::Slug.eq(app::demo::history::STATE_SLUG))
        .one(&db.conn)
        .await
        .expect("state conference")
        .expect("state conference");
    let submission = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(state.id))
        .one(&db.conn)
        .await
        .expect("demo pool")
        .expect("the demo's accepted report")
        .submission_id;
    let setup_seconds = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let now = chrono::Utc::now();
    for (b, batch) in proposals.chunks(10_000).enumerate() {
        let tx = db.write().await.expect("transaction");
        for (c, chunk) in batch.chunks(500).enumerate() {
            let rows: Vec<received_proposal::ActiveModel> = chunk
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let i = b * 10_000 + c * 500 + k;
                    received_proposal::ActiveModel {
                        id: Set(Uuid::now_v7()),
                        conference_id: Set(state.id),
                        submission_id: Set(submission),
                        source_title: Set(format!(
                            "Conferência Municipal nº {}",
                            p.municipality + 1
                        )),
                        eixo_number: Set(1),
                        eixo_title: Set("Financiamento".into()),
                        level: Set("estadual".into()),
                        code: Set(format!("S-{i}")),
                        text: Set(p.text.clone()),
                        priority: Set(None),
                        origins: Set("[]".into()),
                        created_at: Set(now),
                    }
                })
                .collect();
            received_proposal::Entity::insert_many(rows)
                .exec(&tx)
                .await
                .expect("insert");
        }
        tx.commit().await.expect("commit");
    }
    let import_seconds = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let rows = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(state.id))
        .filter(received_proposal::Column::Code.starts_with("S-"))
        .order_by_asc(received_proposal::Column::CreatedAt)
        .order_by_asc(received_proposal::Column::Id)
        .all(&db.conn)
        .await
        .expect("read back");
    let texts: Vec<(usize, String)> = rows
        .into_iter()
        .map(|r| {
            let i: usize = r.code[2..].parse().expect("code S-<index>");
            (i, r.text)
        })
        .collect();
    let read_seconds = t.elapsed().as_secs_f64();
    db.conn.close().await.ok();
    Imported {
        texts,
        setup_seconds,
        import_seconds,
        read_seconds,
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
    let dir = std::env::temp_dir().join(format!(
        "conferencia-bench-systematize-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let imported = rt.block_on(import(&proposals, &dir));
    drop(rt);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(imported.texts.len(), proposals.len(), "every row read back");
    let texts: Vec<&str> = imported.texts.iter().map(|(_, t)| t.as_str()).collect();
    // The ground truth in the order read back.
    let truth: Vec<usize> = imported
        .texts
        .iter()
        .map(|(i, _)| proposals[*i].truth)
        .collect();
    let step = cluster_step(&texts, o.threshold);
    let c = &step.clustering;
    let q = synthetic::quality(&c.cluster_of, &truth);
    let peak = peak_rss_mib();
    let total = imported.import_seconds + imported.read_seconds + step.seconds;
    let true_groups = {
        let mut t = truth.clone();
        t.sort_unstable();
        t.dedup();
        t.len()
    };
    let groups = c.groups().count();
    let largest = c.clusters.first().map_or(0, Vec::len);
    let ok = total < 60.0 && peak.is_none_or(|p| p < 2048.0);
    if o.json {
        println!(
            "{}",
            serde_json::json!({
                "proposals": texts.len(),
                "municipalities": o.municipalities,
                "threshold": o.threshold,
                "seconds": step.seconds,
                "import_seconds": imported.import_seconds,
                "read_seconds": imported.read_seconds,
                "total_seconds": total,
                "setup_seconds": imported.setup_seconds,
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
            "systematization of {} proposals ({} municipalities × {}) at threshold {}: import into SQLite {:.2} s, read back {:.2} s, grouping {:.2} s, total {total:.2} s (generation {generation_seconds:.2} s and database set-up {:.2} s apart), peak RSS {} MiB; {} clusters ({groups} of two or more, largest {largest}) for {true_groups} true groups; pairwise precision {:.4}, recall {:.4}, F1 {:.4} (targets: total < 60 s, < 2048 MiB)",
            texts.len(),
            o.municipalities,
            o.per_municipality,
            o.threshold,
            imported.import_seconds,
            imported.read_seconds,
            step.seconds,
            imported.setup_seconds,
            peak.map_or("?".into(), |p| format!("{p:.0}")),
            c.clusters.len(),
            q.precision,
            q.recall,
            q.f1,
        );
    }
    if ok { 0 } else { 1 }
}
