//! `conferencia-bench report [--json] [--database-url URL]`: the final report of a conference
//! with 1,000 approved deliberations, 300 participants present and 40 elected delegates,
//! assembled from the database at one moment (`app::reporting::report::assemble`) and written in every
//! format (`reports::render`). Prints the seconds of each step and the total; the target of
//! the target is the total under 2 s on a 2-core machine.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::time::Instant;
use store::entities::{checkin, conference, eixo, election_result, proposal, proposal_origin};
use uuid::Uuid;

const SLUG: &str = "relatorio-bench";
const DELIBERATIONS: usize = 1_000;
const PARTICIPANTS: usize = 300;
const DELEGATES: usize = 40;

pub async fn run(json: bool, url: Option<String>) {
    let dir = std::env::temp_dir().join(format!("conferencia-bench-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = url.unwrap_or_else(|| format!("sqlite://{}/bench.db?mode=rwc", dir.display()));
    let db = store::Db::connect(&url).await.expect("database");
    db.migrate().await.expect("migrations");
    let t = Instant::now();
    app::demo::history::practice(&db, SLUG)
        .await
        .expect("practice conference");
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(SLUG))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    grow(&db, &c).await;
    let setup = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let report = app::reporting::report::assemble(&db, &c, domain::report::Audience::Public)
        .await
        .expect("report");
    let assemble = t.elapsed().as_secs_f64();
    assert_eq!(report.deliberations().count(), DELIBERATIONS);
    assert_eq!(report.general.total_participants as usize, PARTICIPANTS);
    assert_eq!(report.delegation.delegates.len(), DELEGATES);
    let mut per_format = Vec::new();
    let mut sizes = Vec::new();
    for f in reports::Format::ALL {
        let t = Instant::now();
        let bytes = reports::render(&report, f).expect("render");
        per_format.push((f.extension(), t.elapsed().as_secs_f64()));
        sizes.push((f.extension(), bytes.len()));
    }
    let total = assemble + per_format.iter().map(|(_, s)| s).sum::<f64>();
    if json {
        let mut o = serde_json::json!({
            "deliberations": DELIBERATIONS,
            "participants": PARTICIPANTS,
            "delegates": DELEGATES,
            "assemble_seconds": assemble,
            "seconds": total,
            "setup_seconds": setup,
        });
        for (ext, s) in &per_format {
            o[format!("{ext}_seconds")] = serde_json::json!(s);
        }
        for (ext, n) in &sizes {
            o[format!("{ext}_bytes")] = serde_json::json!(n);
        }
        println!("{o}");
    } else {
        println!(
            "relatório de {DELIBERATIONS} deliberações, {PARTICIPANTS} participantes, {DELEGATES} eleitos(as)"
        );
        println!("  montagem (um instante do banco): {assemble:.3} s");
        for ((ext, s), (_, n)) in per_format.iter().zip(&sizes) {
            println!("  {ext:<4} {s:.3} s  {} KB", n / 1024);
        }
        println!("  total: {total:.3} s (meta: menos de 2 s)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Brings the practice conference (10 deliberations, 26 present, 12 elected) to the benchmark's
/// size with direct inserts.
async fn grow(db: &store::Db, c: &conference::Model) {
    let now = chrono::Utc::now();
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    let have = app::reporting::report::assemble(db, c, domain::report::Audience::Public)
        .await
        .unwrap();
    let levels = ["municipal", "estadual", "federal"];
    let words = [
        "Garantir",
        "cofinanciamento",
        "estadual",
        "dos",
        "serviços",
        "de",
        "proteção",
        "social",
        "básica",
        "com",
        "equipes",
        "de",
        "referência",
        "completas",
        "nos",
        "CRAS",
        "e",
        "CREAS",
        "ampliando",
        "o",
        "acesso",
        "das",
        "famílias",
        "aos",
        "benefícios",
        "eventuais",
    ];
    let mut rows = Vec::new();
    let mut origins = Vec::new();
    for i in have.deliberations().count()..DELIBERATIONS {
        let id = Uuid::now_v7();
        let text: Vec<&str> = (0..18 + i % 20)
            .map(|k| words[(i * 7 + k * 3) % words.len()])
            .collect();
        rows.push(proposal::ActiveModel {
            id: Set(id),
            conference_id: Set(c.id),
            eixo_id: Set(eixos[i % eixos.len()].id),
            group_id: Set(None),
            text: Set(format!("{} (proposta {i}).", text.join(" "))),
            level: Set(levels[i % 3].into()),
            kind: Set(if i % 9 == 0 { "recommendation" } else { "new" }.into()),
            status: Set(if i % 13 == 0 {
                proposal::ProposalStatus::Amended
            } else {
                proposal::ProposalStatus::Approved
            }),
            position: Set(i as i32),
            merged_into: Set(None),
            group_favor: Set(None),
            group_against: Set(None),
            group_abstain: Set(None),
            group_present: Set(None),
            final_text: Set(
                (i % 13 == 0).then(|| format!("{} (texto alterado {i}).", text.join(" ")))
            ),
            plenary_vote_id: Set(None),
            priority_paper: Set(None),
            priority_rank: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
        origins.push(proposal_origin::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(id),
            kind: Set("group".into()),
            label: Set(format!("Grupo de trabalho do Eixo {}", i % eixos.len() + 1)),
            ref_id: Set(None),
        });
    }
    for chunk in rows.chunks(200) {
        proposal::Entity::insert_many(chunk.to_vec())
            .exec(&db.conn)
            .await
            .unwrap();
    }
    for chunk in origins.chunks(200) {
        proposal_origin::Entity::insert_many(chunk.to_vec())
            .exec(&db.conn)
            .await
            .unwrap();
    }
    // Participants present: registered through the product, checked in on the first day.
    let admin = app::demo::history::admin_for_tools(db)
        .await
        .unwrap()
        .unwrap();
    let segments = ["governo", "usuarios", "trabalhadores", "entidades"];
    let mut new_delegates = Vec::new();
    for i in have.general.total_participants as usize..PARTICIPANTS {
        let code = app::participants::registration::register(
            db,
            Some(&admin),
            SLUG,
            &app::participants::registration::RegistrationInput {
                name: format!("Participante {i:03} da Silva"),
                category: if i % 3 == 0 { "convidado" } else { "delegado" }.into(),
                segment: if i % 3 == 0 { "" } else { segments[i % 4] }.into(),
                email: format!("participante{i}@exemplo.invalid"),
                consent: true,
                ..Default::default()
            },
            app::participants::registration::Source::Assisted,
        )
        .await
        .unwrap()
        .code;
        let r = store::entities::registration::Entity::find()
            .filter(store::entities::registration::Column::Code.eq(code))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        checkin::Entity::insert(checkin::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            registration_id: Set(r.id),
            day: Set(c.starts_on),
            checked_at: Set(now),
            checked_by: Set(None),
            replaces_registration_id: Set(None),
            method: Set("code".into()),
        })
        .exec(&db.conn)
        .await
        .unwrap();
        if i % 3 != 0 {
            new_delegates.push((r.id, segments[i % 4]));
        }
    }
    let start = have.delegation.delegates.len();
    for (k, (id, seg)) in (start..DELEGATES).zip(new_delegates) {
        election_result::Entity::insert(election_result::ActiveModel {
            conference_id: Set(c.id),
            registration_id: Set(id),
            segment: Set(seg.into()),
            seat: Set(if k % 2 == 0 { "titular" } else { "suplente" }.into()),
            position: Set(10 + k as i32),
            votes: Set(5),
            by_quota: Set(false),
            carried_registration_id: Set(None),
        })
        .exec(&db.conn)
        .await
        .unwrap();
    }
}
