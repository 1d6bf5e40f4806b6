//! The state's orientation flows down (ADR 0036), on both databases: the state's commission
//! publishes it (refused with every problem in pt-BR and nothing written; only from a state or
//! regional conference; only its staff); a municipal election takes its seats from the state's
//! table (typed seats still possible); the child's report answers the extra questions and the
//! parent sees them; the inbox checks the delegation against the table (over/under) and the date
//! against the state's deadline, also for a child without a deadline of its own; the child adopts
//! the state's eixos.

use crate::support::{
    DEMO, commission, conference_by_slug, invalid, platform_admin, refusal, secretariat,
};
use app::Fail;
use app::demo::history::{self as history, STATE_SLUG};
use app::plenary::elections as el;
use app::reporting::report::{self as rp, DraftInput};
use app::setup::conference as sc;
use app::setup::orientation as o;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use store::entities::{conference, stage};
use testkit::both_dbs;

/// The seat table typed on the form: the sample numbers (one suplente per titular, 2/4/6/8/10
/// titulares) except Médio Porte, which gets `medio` ((titulares, suplentes) per segment:
/// governo, usuários, trabalhadores, entidades).
fn form(medio: [(u32, u32); 4], deadline: &str, questions: &str) -> HashMap<String, String> {
    let mut f = HashMap::new();
    for (porte, n) in [
        ("PP1", 2u32),
        ("PP2", 4),
        ("MEDIO", 6),
        ("GRANDE", 8),
        ("METROPOLE", 10),
    ] {
        let s = domain::elections::Seats::apportion(n).table();
        let s = if porte == "MEDIO" { medio } else { s };
        for (k, seg) in ["governo", "usuarios", "trabalhadores", "entidades"]
            .iter()
            .enumerate()
        {
            f.insert(format!("t_{porte}_{seg}"), s[k].0.to_string());
            f.insert(format!("s_{porte}_{seg}"), s[k].1.to_string());
        }
    }
    f.insert("deadline".into(), deadline.into());
    f.insert("questions".into(), questions.into());
    f
}

/// Médio Porte in the state's own table: 4 government titulares (2 suplentes), users 2 (1),
/// workers 1 (1), entities 1 (0).
const MEDIO: [(u32, u32); 4] = [(4, 2), (2, 1), (1, 1), (1, 0)];

/// A state conference above the demo's (seeded without its history), the demo linked to it, with
/// two eixos of its own.
async fn state_above_demo(db: &app::Db) -> conference::Model {
    let c = conference_by_slug(db, DEMO).await;
    let mut parent = c.clone();
    parent.id = uuid::Uuid::now_v7();
    parent.slug = "estadual-mg-2025".into();
    parent.level = "estadual".into();
    parent.title = "XV Conferência Estadual de Assistência Social de Minas Gerais".into();
    parent.parent_id = None;
    conference::Entity::insert(sea_orm::IntoActiveModel::into_active_model(parent.clone()))
        .exec(&db.conn)
        .await
        .unwrap();
    conference::Entity::update_many()
        .col_expr(conference::Column::ParentId, Some(parent.id).into())
        .filter(conference::Column::Id.eq(c.id))
        .exec(&db.conn)
        .await
        .unwrap();
    let adm = platform_admin(db).await;
    sc::save_eixos(
        db,
        Some(&adm),
        &parent.slug,
        &[
            sc::EixoInput {
                title: "Proteção social nos territórios".into(),
                description: "Ementa do eixo estadual".into(),
                questions: "O que falta no seu território?".into(),
            },
            sc::EixoInput {
                title: "Financiamento estadual do SUAS".into(),
                ..Default::default()
            },
        ],
    )
    .await
    .unwrap();
    parent
}

both_dbs!(
    publishing_checks_every_field_and_only_state_staff_may,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let state = state_above_demo(&db).await;
        let adm = platform_admin(&db).await;
        let com = commission(&db).await;

        // The municipal commission may not publish the state's orientation; nobody logged in:
        // log in first.
        let f = form(MEDIO, "2025-09-30", "");
        assert!(matches!(
            o::publish(&db, Some(&com), &state.slug, &f).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            o::publish(&db, None, &state.slug, &f).await,
            Err(Fail::NeedsLogin)
        ));
        // A municipal conference publishes none.
        let m = refusal(o::publish(&db, Some(&adm), DEMO, &f).await);
        assert!(m.contains("estadual ou regional"), "{m}");

        // Parity broken in Médio (titulares and suplentes), a word in a cell, no deadline, too
        // many questions: every problem at once, nothing written.
        let mut bad = form([(3, 2), (2, 1), (1, 1), (1, 1)], "", "");
        bad.insert("t_GRANDE_usuarios".into(), "três".into());
        bad.insert(
            "questions".into(),
            (1..=11).map(|n| format!("Pergunta {n}\n")).collect(),
        );
        let e = invalid(o::publish(&db, Some(&adm), &state.slug, &bad).await);
        assert!(
            e.message_for("t_MEDIO_governo")
                .unwrap()
                .contains("sem paridade nos titulares: 3 do governo e 4 da sociedade civil"),
            "{e:?}"
        );
        assert!(
            e.message_for("s_MEDIO_governo")
                .unwrap()
                .contains("sem paridade nos suplentes: 2 do governo e 3")
        );
        assert!(
            e.message_for("t_GRANDE_usuarios")
                .unwrap()
                .contains("número inteiro")
        );
        assert!(e.message_for("deadline").unwrap().contains("Preencha"));
        assert!(e.message_for("questions").unwrap().contains("no máximo 10"));
        assert!(o::public_view(&db, &state.slug).await.unwrap().1.is_none());
        // The page keeps what was typed.
        let p = o::edit_page(&db, Some(&adm), &state.slug, Some(&bad))
            .await
            .unwrap();
        let grande = p.rows.iter().find(|r| r.porte == "Grande Porte").unwrap();
        assert_eq!(grande.cells[1].0.value, "três");

        // Published: anyone reads it; the page shows it back.
        o::publish(
            &db,
            Some(&adm),
            &state.slug,
            &form(MEDIO, "30/09/2025", "Quantas pré-conferências?\n"),
        )
        .await
        .unwrap();
        let (_, v) = o::public_view(&db, &state.slug).await.unwrap();
        let v = v.unwrap();
        assert_eq!(v.deadline, "30/09/2025");
        assert_eq!(v.questions, vec!["Quantas pré-conferências?"]);
        assert_eq!(
            v.eixos,
            vec![
                "1. Proteção social nos territórios",
                "2. Financiamento estadual do SUAS"
            ]
        );
        let medio = v.table.iter().find(|r| r.porte == "Médio Porte").unwrap();
        assert_eq!(medio.seats, vec![(4, 2), (2, 1), (1, 1), (1, 0)]);
        assert_eq!((medio.titulares, medio.suplentes), (8, 4));
        let p = o::edit_page(&db, Some(&adm), &state.slug, None)
            .await
            .unwrap();
        assert!(p.published_at.is_some());
        assert_eq!(p.deadline, "2025-09-30");
        assert_eq!(
            p.children,
            vec!["XIV Conferência Municipal de Assistência Social de Pará de Minas"]
        );
        // The municipal staff see it on their pages.
        let child = o::for_child(&db, Some(&com), DEMO).await.unwrap().unwrap();
        assert_eq!(child.porte, Some("Médio Porte"));
        assert_eq!(
            child.own_seats,
            vec![
                ("Governo", 4, 2),
                ("Usuários(as)", 2, 1),
                ("Trabalhadores(as) do SUAS", 1, 1),
                ("Entidades de assistência social", 1, 0)
            ]
        );
    }
);

both_dbs!(
    a_child_election_takes_its_seats_from_the_state_table,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        // Without a parent's orientation: the sample table, labelled.
        let s = el::setup(&db, Some(&com), DEMO).await.unwrap();
        assert!(s.sample && s.state_label.is_none());
        assert_eq!((s.titulares, s.suplentes), (6, 6));

        let state = state_above_demo(&db).await;
        let adm = platform_admin(&db).await;
        o::publish(&db, Some(&adm), &state.slug, &form(MEDIO, "2025-09-30", ""))
            .await
            .unwrap();
        let s = el::setup(&db, Some(&com), DEMO).await.unwrap();
        assert!(!s.sample);
        let label = s.state_label.clone().unwrap();
        assert!(
            label.starts_with("Tabela do Conselho Estadual")
                && label.contains(&state.title)
                && label.contains("Médio Porte"),
            "{label}"
        );
        assert_eq!((s.titulares, s.suplentes), (8, 4));
        let seats: Vec<(&str, u32, u32)> = s
            .seats
            .iter()
            .map(|x| (x.code, x.titulares, x.suplentes))
            .collect();
        assert_eq!(
            seats,
            vec![
                ("governo", 4, 2),
                ("usuarios", 2, 1),
                ("trabalhadores", 1, 1),
                ("entidades", 1, 0)
            ]
        );
        // 30% of the 12 seats.
        assert_eq!(s.quota_minimum, 4);
        // The console shows the same per segment.
        let c = el::console(&db, Some(&com), DEMO).await.unwrap();
        let ent = c.segments.iter().find(|g| g.code == "entidades").unwrap();
        assert_eq!((ent.titulares, ent.suplentes), (1, 0));

        // Typed seats are still possible, and blank goes back to the state's table.
        let typed = el::save_setup(
            &db,
            Some(&com),
            DEMO,
            &el::SetupInput {
                titulares: "10".into(),
                tie_rule: "older_first".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(!typed.sample && typed.state_label.is_none());
        assert_eq!((typed.titulares, typed.suplentes), (10, 10));
        let back = el::save_setup(
            &db,
            Some(&com),
            DEMO,
            &el::SetupInput {
                tie_rule: "older_first".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert!(back.state_label.is_some());
        assert_eq!((back.titulares, back.suplentes), (8, 4));
    }
);

/// The review of the only round `slug` sent to the 2023 state conference.
async fn review_of(db: &app::Db, slug: &str) -> rp::Review {
    let adm = platform_admin(db).await;
    let sec = secretariat(db).await;
    let s = rp::status(db, Some(&sec), slug).await.unwrap();
    rp::sign_off(db, Some(&sec), slug, &s.hash).await.unwrap();
    rp::sign_off(db, Some(&adm), slug, &s.hash).await.unwrap();
    let id = rp::submit(db, Some(&sec), slug, &s.hash).await.unwrap();
    rp::review(db, Some(&adm), STATE_SLUG, &id.to_string())
        .await
        .unwrap()
}

fn check<'a>(v: &'a rp::Review, starts: &str) -> &'a rp::Check {
    v.checks
        .iter()
        .find(|c| c.label.starts_with(starts))
        .unwrap_or_else(|| panic!("no check {starts}: {:?}", v.checks))
}

both_dbs!(
    the_inbox_checks_the_allocation_the_state_deadline_and_the_answers,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let sec = secretariat(&db).await;
        let adm = platform_admin(&db).await;
        let cmas = conference_by_slug(&db, DEMO).await.body_id;
        for (slug, title) in [
            ("orientacao-a-2023", "Conferência A"),
            ("orientacao-b-2023", "Conferência B"),
            ("orientacao-c-2023", "Conferência C"),
        ] {
            history::finished_conference(&db, cmas, slug, title)
                .await
                .unwrap()
                .unwrap();
        }
        // B has no report deadline of its own.
        let b = conference_by_slug(&db, "orientacao-b-2023").await;
        stage::Entity::delete_many()
            .filter(stage::Column::ConferenceId.eq(b.id))
            .filter(stage::Column::Kind.eq("report"))
            .exec(&db.conn)
            .await
            .unwrap();

        // Without an orientation, B passes the date check (the old behaviour)...
        let v = review_of(&db, "orientacao-b-2023").await;
        let d = check(&v, "A conferência não definiu prazo");
        assert!(d.ok);
        assert!(!v.checks.iter().any(|c| c.label.starts_with("Delegação")));

        // ...with the state's orientation it does not: the state's deadline counts.
        let today = chrono::Utc::now().date_naive();
        let past = (today - chrono::Duration::days(2))
            .format("%Y-%m-%d")
            .to_string();
        o::publish(
            &db,
            Some(&adm),
            STATE_SLUG,
            &form(
                MEDIO,
                &past,
                "Quantas pré-conferências?\nO que mais faltou?",
            ),
        )
        .await
        .unwrap();
        let v = rp::review(&db, Some(&adm), STATE_SLUG, &v.id)
            .await
            .unwrap();
        let d = check(&v, "Enviado fora do prazo");
        assert!(!d.ok);
        assert!(
            d.label.contains("prazo da orientação do Conselho Estadual"),
            "{}",
            d.label
        );
        // The delegation (3/1/1/1 titulares, as many suplentes) against Médio's row.
        let a = check(
            &v,
            "Delegação diferente da tabela do Conselho Estadual para Médio Porte",
        );
        assert!(!a.ok);
        for part in [
            "Governo: 3 titular(es), 1 abaixo das 4 vagas da tabela",
            "Governo: 3 suplente(s), 1 acima das 2 vagas da tabela",
            "Usuários(as): 1 titular(es), 1 abaixo das 2 vagas da tabela",
            "Entidades de assistência social: 1 suplente(s), 1 acima das 0 vagas da tabela",
        ] {
            assert!(a.label.contains(part), "{part} in {}", a.label);
        }
        assert!(!a.label.contains("Trabalhadores"), "{}", a.label);
        let q = check(&v, "Perguntas do Conselho Estadual");
        assert!(
            !q.ok && q.label.contains("2 de 2 sem resposta"),
            "{}",
            q.label
        );
        assert!(!v.all_ok);

        // The sample numbers for Médio and a deadline still ahead: A's delegation matches, and
        // it is on time although its own calendar's deadline (2023) has long passed.
        let ahead = (today + chrono::Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        o::publish(
            &db,
            Some(&adm),
            STATE_SLUG,
            &form(
                domain::elections::Seats::apportion(6).table(),
                &ahead,
                "Quantas pré-conferências?\nO que mais faltou?",
            ),
        )
        .await
        .unwrap();

        // A answers the state's questions with the draft: a too long answer is refused with
        // nothing saved; then saved and shown in the report and in the parent's view.
        let slug = "orientacao-a-2023";
        let fields = rp::extra_fields(&db, Some(&sec), slug, &DraftInput::default())
            .await
            .unwrap();
        assert_eq!(
            fields
                .iter()
                .map(|f| (f.name.as_str(), f.question.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("extra_1", "Quantas pré-conferências?"),
                ("extra_2", "O que mais faltou?")
            ]
        );
        let draft = |extra: Vec<(&str, String)>| DraftInput {
            total_hours: "15".into(),
            accessibility: "Intérprete de Libras".into(),
            notes: String::new(),
            extra: extra.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
        };
        let e = invalid(
            rp::save_draft(
                &db,
                Some(&sec),
                slug,
                &draft(vec![
                    ("extra_1", "8".into()),
                    ("extra_2", "x".repeat(5_001)),
                ]),
            )
            .await,
        );
        assert!(e.message_for("extra_2").unwrap().contains("5000"));
        assert_eq!(
            rp::draft(&db, Some(&sec), slug).await.unwrap().extra["extra_1"],
            ""
        );
        rp::save_draft(
            &db,
            Some(&sec),
            slug,
            &draft(vec![
                ("extra_1", "8 pré-conferências, uma por CRAS".into()),
                ("extra_2", "Transporte para a zona rural".into()),
            ]),
        )
        .await
        .unwrap();
        assert_eq!(
            rp::draft(&db, Some(&sec), slug).await.unwrap().extra["extra_2"],
            "Transporte para a zona rural"
        );
        let v = review_of(&db, slug).await;
        let answers: Vec<(&str, &str)> = v
            .report
            .extra_answers
            .iter()
            .map(|a| (a.question.as_str(), a.answer.as_str()))
            .collect();
        assert_eq!(
            answers,
            vec![
                (
                    "Quantas pré-conferências?",
                    "8 pré-conferências, uma por CRAS"
                ),
                ("O que mais faltou?", "Transporte para a zona rural")
            ]
        );
        let a = check(&v, "Delegação de acordo com a tabela do Conselho Estadual");
        assert!(a.ok);
        assert!(
            a.label
                .contains("Médio Porte: 6 titular(es) e 6 suplente(s)")
        );
        let d = check(
            &v,
            "Enviado no prazo (prazo da orientação do Conselho Estadual",
        );
        assert!(d.ok);
        assert!(check(&v, "Perguntas do Conselho Estadual: todas respondidas").ok);
        assert!(v.all_ok, "{:?}", v.checks);

        // C, answering nothing, is told which questions are blank.
        let v = review_of(&db, "orientacao-c-2023").await;
        let q = check(&v, "Perguntas do Conselho Estadual");
        assert!(
            !q.ok && q.label.ends_with("2 de 2 sem resposta"),
            "{}",
            q.label
        );
        assert!(v.report.extra_answers.iter().all(|a| a.answer.is_empty()));
    }
);

both_dbs!(
    a_child_adopts_the_state_eixos_with_confirmation,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let adm = platform_admin(&db).await;
        let state = state_above_demo(&db).await;
        // Nothing published: nothing to adopt.
        let m = refusal(o::adopt_eixos(&db, Some(&com), DEMO, true).await);
        assert!(m.contains("não publicou orientação"), "{m}");
        o::publish(&db, Some(&adm), &state.slug, &form(MEDIO, "2025-09-30", ""))
            .await
            .unwrap();
        // The demo's eixos carry proposals of the etapa digital: not replaced, not even when
        // confirmed, and its page says so.
        let m = refusal(o::adopt_eixos(&db, Some(&com), DEMO, true).await);
        assert!(m.contains("propostas ligados aos seus eixos"), "{m}");
        assert_eq!(
            sc::eixos_input(&db, Some(&com), DEMO).await.unwrap().len(),
            5
        );
        let v = o::for_child(&db, Some(&com), DEMO).await.unwrap().unwrap();
        assert!(!v.no_eixos && !v.can_adopt);

        // Another municipal conference below the state, without eixos yet: adopted at once.
        let mut other = conference_by_slug(&db, DEMO).await;
        other.id = uuid::Uuid::now_v7();
        other.slug = "sem-eixos-2025".into();
        other.parent_id = Some(state.id);
        conference::Entity::insert(sea_orm::IntoActiveModel::into_active_model(other))
            .exec(&db.conn)
            .await
            .unwrap();
        let v = o::for_child(&db, Some(&adm), "sem-eixos-2025")
            .await
            .unwrap()
            .unwrap();
        assert!(v.no_eixos && v.can_adopt);
        o::adopt_eixos(&db, Some(&adm), "sem-eixos-2025", false)
            .await
            .unwrap();
        let after = sc::eixos_input(&db, Some(&adm), "sem-eixos-2025")
            .await
            .unwrap();
        assert_eq!(after.len(), 2);
        assert_eq!(after[0].title, "Proteção social nos territórios");
        assert_eq!(after[0].description, "Ementa do eixo estadual");
        assert_eq!(after[0].questions, "O que falta no seu território?");
        assert_eq!(after[1].title, "Financiamento estadual do SUAS");
        // Now it has eixos: adopting again asks for the confirmation, then replaces them.
        sc::save_eixos(
            &db,
            Some(&adm),
            "sem-eixos-2025",
            &[sc::EixoInput {
                title: "Eixo próprio".into(),
                ..Default::default()
            }],
        )
        .await
        .unwrap();
        let e = invalid(o::adopt_eixos(&db, Some(&adm), "sem-eixos-2025", false).await);
        assert!(
            e.message_for("confirm")
                .unwrap()
                .contains("já tem 1 eixo(s)")
        );
        assert_eq!(
            sc::eixos_input(&db, Some(&adm), "sem-eixos-2025")
                .await
                .unwrap()[0]
                .title,
            "Eixo próprio"
        );
        o::adopt_eixos(&db, Some(&adm), "sem-eixos-2025", true)
            .await
            .unwrap();
        let after = sc::eixos_input(&db, Some(&adm), "sem-eixos-2025")
            .await
            .unwrap();
        assert_eq!(after.len(), 2);
        assert_eq!(after[0].title, "Proteção social nos territórios");
    }
);
