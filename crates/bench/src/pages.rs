//! `conferencia-bench pages`: the public pages of the mobilization under load. A fresh
//! database gets the demo plus `--units` units (200 by default) spread over territories, each with
//! a held meeting, a confirmed engagement count and two posts on the timeline, and `--answers`
//! questionnaire responses (20,000 by default, five answers each) attributed to the units. The
//! real `conferencia` binary serves it; `--connections` keep-alive connections send an open-loop
//! load of `--rate` requests per second (500 by default) for `--seconds` over the conference page,
//! its iCalendar feed, the ranking and the timeline. Latency counts from the moment each request
//! was due, so a server that falls behind shows it. Each page's HTML with the CSS and JS it loads
//! is gzip-compressed to report the weight a phone downloads.

use crate::http::Conn;
use crate::votes::{Database, Server, pct};
use chrono::Utc;
use flate2::{Compression, write::GzEncoder};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};
use store::entities::{
    conference, conference_unit, engagement_count, question, questionnaire, questionnaire_answer,
    questionnaire_response, stage, territory, unit, unit_meeting, unit_post,
};
use uuid::Uuid;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

pub struct Options {
    pub units: usize,
    pub answers: usize,
    pub rate: u32,
    pub seconds: u64,
    pub connections: usize,
    pub json: bool,
    pub database_url: Option<String>,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let mut o = Options {
            units: 200,
            answers: 20_000,
            rate: 500,
            seconds: 20,
            connections: 64,
            json: false,
            database_url: None,
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut num = |name: &str| -> Result<u64, String> {
                it.next()
                    .and_then(|v| v.parse().ok())
                    .ok_or(format!("{name} needs a number"))
            };
            match a.as_str() {
                "--units" => o.units = num("--units")? as usize,
                "--answers" => o.answers = num("--answers")? as usize,
                "--rate" => o.rate = num("--rate")?.max(1) as u32,
                "--seconds" => o.seconds = num("--seconds")?.max(1),
                "--connections" => o.connections = num("--connections")?.max(1) as usize,
                "--json" => o.json = true,
                "--database-url" => {
                    o.database_url = Some(it.next().ok_or("--database-url needs a URL")?.clone())
                }
                other => return Err(format!("unknown option {other}")),
            }
        }
        Ok(o)
    }
}

fn e(x: impl std::fmt::Display) -> String {
    x.to_string()
}

/// The demo plus the units, meetings, posts, confirmed counts and questionnaire responses.
async fn seed(url: &str, o: &Options) -> Result<(), String> {
    let db = store::Db::connect(url).await.map_err(e)?;
    db.migrate().await.map_err(e)?;
    app::demo::seed::seed(&db).await.map_err(e)?;
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(SLUG))
        .one(&db.conn)
        .await
        .map_err(e)?
        .ok_or("demo conference missing")?;
    let terrs: Vec<Uuid> = territory::Entity::find()
        .filter(territory::Column::BodyId.eq(c.body_id))
        .all(&db.conn)
        .await
        .map_err(e)?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let st = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::SetByUnits.eq(true))
        .one(&db.conn)
        .await
        .map_err(e)?
        .ok_or("demo unit stage missing")?;
    let now = Utc::now();
    let kinds = ["cras", "creas", "centro_pop", "entidade"];
    let mut units = Vec::with_capacity(o.units);
    let mut meetings = Vec::new();
    let mut counts = Vec::new();
    let mut posts = Vec::new();
    let mut unit_ids = Vec::new();
    let mut taking_part = Vec::new();
    for i in 0..o.units {
        let id = Uuid::now_v7();
        unit_ids.push(id);
        units.push(unit::ActiveModel {
            id: Set(id),
            conference_id: Set(c.id),
            territory_id: Set(terrs[i % terrs.len()]),
            kind: Set(kinds[i % kinds.len()].into()),
            name: Set(format!("Unidade {:03} do bairro {}", i + 1, i * 7 % 97)),
            address: Set(Some(format!("Rua {}, {}", i * 3 % 41, i + 10))),
            body_id: Set(c.body_id),
            archived_at: Set(None),
            phone: Set(None),
        });
        taking_part.push(conference_unit::ActiveModel {
            conference_id: Set(c.id),
            unit_id: Set(id),
        });
        let people = 10 + (i as i32 * 13) % 60;
        meetings.push(unit_meeting::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            stage_id: Set(st.id),
            unit_id: Set(id),
            starts_at: Set(st.starts_at + chrono::Duration::hours(i as i64 % 200)),
            ends_at: Set(None),
            place: Set(Some(format!("Salão da unidade {}", i + 1))),
            online_url: Set(None),
            status: Set(unit_meeting::MeetingStatus::Held),
            participants: Set(Some(people)),
            att_government: Set(None),
            att_users: Set(None),
            att_workers: Set(None),
            att_entities: Set(None),
            report_note: Set(None),
            reported_at: Set(Some(now)),
            reported_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
        counts.push(engagement_count::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            unit_id: Set(id),
            people: Set(people),
            questionnaires: Set((o.answers / o.units.max(1)) as i32),
            proposals: Set((i % 7) as i32),
            meetings: Set(1),
            media: Set((i % 4) as i32),
            confirmed_by: Set(None),
            confirmed_at: Set(now),
        });
        for k in 0..2 {
            posts.push(unit_post::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                unit_id: Set(id),
                text: Set(format!(
                    "Roda de conversa número {k} com as famílias acompanhadas pela unidade {}: \
                     Cadastro Único, benefícios eventuais e o serviço de convivência.",
                    i + 1
                )),
                created_by: Set(None),
                created_at: Set(now - chrono::Duration::minutes((i * 2 + k) as i64)),
            });
        }
    }
    let qid = Uuid::now_v7();
    let kinds_q = [
        ("single", "Sim\nNão\nNão sei"),
        ("scale", ""),
        ("short_text", ""),
    ];
    let questions: Vec<question::ActiveModel> = (0..5)
        .map(|k| {
            let (kind, options) = kinds_q[k % kinds_q.len()];
            question::ActiveModel {
                id: Set(Uuid::now_v7()),
                questionnaire_id: Set(qid),
                position: Set(k as i32),
                kind: Set(kind.into()),
                text: Set(format!("Pergunta {} da mobilização", k + 1)),
                options: Set(options.into()),
                scale_min: Set((kind == "scale").then_some(1)),
                scale_max: Set((kind == "scale").then_some(5)),
                required: Set(false),
                eixo_id: Set(None),
            }
        })
        .collect();
    let tx = db.write().await.map_err(e)?;
    for ch in units.chunks(500) {
        unit::Entity::insert_many(ch.to_vec())
            .exec(&tx)
            .await
            .map_err(e)?;
    }
    for ch in taking_part.chunks(500) {
        conference_unit::Entity::insert_many(ch.to_vec())
            .exec(&tx)
            .await
            .map_err(e)?;
    }
    for ch in meetings.chunks(300) {
        unit_meeting::Entity::insert_many(ch.to_vec())
            .exec(&tx)
            .await
            .map_err(e)?;
    }
    for ch in counts.chunks(500) {
        engagement_count::Entity::insert_many(ch.to_vec())
            .exec(&tx)
            .await
            .map_err(e)?;
    }
    for ch in posts.chunks(500) {
        unit_post::Entity::insert_many(ch.to_vec())
            .exec(&tx)
            .await
            .map_err(e)?;
    }
    questionnaire::Entity::insert(questionnaire::ActiveModel {
        id: Set(qid),
        conference_id: Set(c.id),
        purpose: Set("mobilization".into()),
        title: Set("Questionário da mobilização".into()),
        intro: Set(None),
        identified: Set(false),
        status: Set(questionnaire::QuestionnaireStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await
    .map_err(e)?;
    let qids: Vec<Uuid> = questions
        .iter()
        .map(|q| match &q.id {
            Set(v) => *v,
            _ => Uuid::nil(),
        })
        .collect();
    question::Entity::insert_many(questions)
        .exec(&tx)
        .await
        .map_err(e)?;
    let mut responses = Vec::with_capacity(1000);
    let mut answers = Vec::with_capacity(5000);
    for i in 0..o.answers {
        let rid = Uuid::now_v7();
        let u = i % o.units.max(1);
        responses.push(questionnaire_response::ActiveModel {
            id: Set(rid),
            questionnaire_id: Set(qid),
            conference_id: Set(c.id),
            channel: Set(if i % 3 == 0 { "paper" } else { "online" }.into()),
            form_number: Set((i % 3 == 0).then_some(i as i32 + 1)),
            typed_by: Set(None),
            respondent_key: Set(None),
            unit_id: Set(unit_ids.get(u).copied()),
            territory_id: Set(Some(terrs[u % terrs.len()])),
            submitted_at: Set(now),
        });
        for (k, q) in qids.iter().enumerate() {
            let value = match k % 3 {
                0 => (i % 3).to_string(),
                1 => (1 + i % 5).to_string(),
                _ => format!("Resposta {i}"),
            };
            answers.push(questionnaire_answer::ActiveModel {
                response_id: Set(rid),
                question_id: Set(*q),
                value: Set(value),
            });
        }
        if responses.len() == 1000 {
            questionnaire_response::Entity::insert_many(std::mem::take(&mut responses))
                .exec(&tx)
                .await
                .map_err(e)?;
            for ch in std::mem::take(&mut answers).chunks(1000) {
                questionnaire_answer::Entity::insert_many(ch.to_vec())
                    .exec(&tx)
                    .await
                    .map_err(e)?;
            }
        }
    }
    if !responses.is_empty() {
        questionnaire_response::Entity::insert_many(responses)
            .exec(&tx)
            .await
            .map_err(e)?;
        for ch in answers.chunks(1000) {
            questionnaire_answer::Entity::insert_many(ch.to_vec())
                .exec(&tx)
                .await
                .map_err(e)?;
        }
    }
    tx.commit().await.map_err(e)?;
    let _ = db.conn.close().await;
    Ok(())
}

fn gzip_len(b: &[u8]) -> usize {
    let mut g = GzEncoder::new(Vec::new(), Compression::default());
    let _ = g.write_all(b);
    g.finish().map(|v| v.len()).unwrap_or(usize::MAX)
}

/// The CSS and JS a page loads (`/static/...`).
fn assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"/static/", "src=\"/static/"] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let tail = &rest[i + attr.len() - "/static/".len()..];
            if let Some(end) = tail.find('"') {
                let path = &tail[..end];
                if (path.ends_with(".css") || path.ends_with(".js"))
                    && !out.iter().any(|p| p == path)
                {
                    out.push(path.to_owned());
                }
            }
            rest = &rest[i + attr.len()..];
        }
    }
    out
}

pub struct Report {
    pub backend: &'static str,
    pub requests: usize,
    pub errors: usize,
    pub requests_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// (path, HTML + CSS + JS gzip KB).
    pub pages_kb: Vec<(String, f64)>,
    pub peak_rss_mib: f64,
}

pub async fn run(o: Options) -> i32 {
    let (database, url) = match Database::create(o.database_url.as_deref()).await {
        Ok(x) => x,
        Err(x) => {
            eprintln!("pages bench: {x}");
            return 2;
        }
    };
    let result = bench(&o, &url).await;
    database.drop_it().await;
    let r = match result {
        Ok(r) => r,
        Err(x) => {
            eprintln!("pages bench failed: {x}");
            return 1;
        }
    };
    let max_kb = r.pages_kb.iter().map(|p| p.1).fold(0.0, f64::max);
    if o.json {
        println!(
            "{}",
            serde_json::json!({
                "requests_per_s": r.requests_per_s,
                "p50_ms": r.p50_ms,
                "p99_ms": r.p99_ms,
                "max_ms": r.max_ms,
                "errors": r.errors,
                "requests": r.requests,
                "max_page_kb_compressed": max_kb,
                "pages_kb_compressed": r.pages_kb.iter().map(|(p, k)| serde_json::json!({"path": p, "kb": k})).collect::<Vec<_>>(),
                "peak_rss_mib": r.peak_rss_mib,
                "backend": r.backend,
                "units": o.units,
                "answers": o.answers,
                "target_rate": o.rate,
                "seconds": o.seconds,
                "connections": o.connections,
            })
        );
    } else {
        let pages: Vec<String> = r
            .pages_kb
            .iter()
            .map(|(p, k)| format!("{p} {k:.1} KB"))
            .collect();
        println!(
            "public pages on {} ({} units, {} questionnaire answers): {:.0} requests/s (target rate {}), p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms, {} errors of {}; HTML+CSS+JS gzip: {} (largest {max_kb:.1} KB); server peak RSS {:.0} MiB (targets: 500 requests/s with p99 < 50 ms, every page < 60 KB)",
            r.backend,
            o.units,
            o.answers,
            r.requests_per_s,
            o.rate,
            r.p50_ms,
            r.p99_ms,
            r.max_ms,
            r.errors,
            r.requests,
            pages.join(", "),
            r.peak_rss_mib
        );
    }
    i32::from(r.errors > 0)
}

async fn bench(o: &Options, url: &str) -> Result<Report, String> {
    let backend = if url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let t = Instant::now();
    seed(url, o).await?;
    eprintln!("seeded in {:.1} s", t.elapsed().as_secs_f64());
    let server = Server::start(url)?;
    let addr = server.addr.clone();
    let paths: Arc<Vec<String>> = Arc::new(vec![
        format!("/c/{SLUG}"),
        format!("/c/{SLUG}/calendario.ics"),
        format!("/c/{SLUG}/ranking"),
        format!("/c/{SLUG}/acoes"),
    ]);

    // Weight of each page: its HTML and the CSS/JS it loads, gzip.
    let mut conn = Conn::connect(&addr).await.map_err(e)?;
    let mut pages_kb = Vec::new();
    for p in paths.iter().filter(|p| !p.ends_with(".ics")) {
        let r = conn.get(p, None).await.map_err(e)?;
        if r.status != 200 {
            return Err(format!("GET {p}: HTTP {}", r.status));
        }
        let mut total = gzip_len(r.body.as_bytes());
        for a in assets(&r.body) {
            let x = conn.get(&a, None).await.map_err(e)?;
            total += gzip_len(x.body.as_bytes());
        }
        pages_kb.push((p.clone(), total as f64 / 1024.0));
    }
    // Warm-up: every page once per connection.
    let mut conns = Vec::with_capacity(o.connections);
    for _ in 0..o.connections {
        let mut c = Conn::connect(&addr).await.map_err(e)?;
        for p in paths.iter() {
            c.get(p, None).await.map_err(e)?;
        }
        conns.push(c);
    }

    // Open loop: request n is due at start + n / rate; connection w sends n ≡ w (mod C).
    let total = (o.rate as u64 * o.seconds) as usize;
    let interval = Duration::from_secs_f64(1.0 / o.rate as f64);
    let start = Instant::now() + Duration::from_millis(100);
    let mut tasks = Vec::new();
    for (w, mut c) in conns.into_iter().enumerate() {
        let paths = paths.clone();
        let step = o.connections;
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut n = w;
            while n < total {
                let due = start + interval * n as u32;
                tokio::time::sleep_until(due.into()).await;
                let path = &paths[n % paths.len()];
                match c.get(path, None).await {
                    Ok(r) if r.status == 200 => lat.push(due.elapsed()),
                    _ => {
                        errors += 1;
                        lat.push(due.elapsed());
                    }
                }
                n += step;
            }
            (lat, errors)
        }));
    }
    let mut lat = Vec::with_capacity(total);
    let mut errors = 0;
    for t in tasks {
        let (l, x) = t.await.map_err(e)?;
        lat.extend(l);
        errors += x;
    }
    let elapsed = start.elapsed().as_secs_f64();
    lat.sort();
    Ok(Report {
        backend,
        requests: lat.len(),
        errors,
        requests_per_s: lat.len() as f64 / elapsed,
        p50_ms: pct(&lat, 0.50),
        p99_ms: pct(&lat, 0.99),
        max_ms: lat.last().map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0),
        pages_kb,
        peak_rss_mib: server.peak_rss_mib(),
    })
}
