//! The regimento in plenary on both databases: destaques recorded at the table, quorum from
//! credentialing, counted votes, block approval, the published version, and every refusal.

use crate::support::{articulator, commission, conference_by_slug, invalid};
use app::Fail;
use app::participants::registration::{self as p, RegistrationInput, Source};
use app::plenary::regimento::{self as pl, CountInput, DestaqueInput};
use conferencia_app as app;
use domain::plenary::Outcome;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{checkin, destaque, plenary_vote, registration};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn counts(f: u32, a: u32, s: u32) -> CountInput {
    CountInput {
        favor: f.to_string(),
        against: a.to_string(),
        abstain: s.to_string(),
    }
}

/// Checks a registration in on a day offset from today (in the conference's zone).
async fn check_in(db: &app::Db, conference_id: uuid::Uuid, code: &str, days_ago: i64) {
    let r = registration::Entity::find()
        .filter(registration::Column::Code.eq(code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive();
    checkin::Entity::insert(checkin::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(conference_id),
        registration_id: Set(r.id),
        day: Set(today - chrono::Duration::days(days_ago)),
        checked_at: Set(chrono::Utc::now()),
        checked_by: Set(None),
        replaces_registration_id: Set(None),
        method: Set("code".into()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

both_dbs!(regimento_destaques_votes_and_approval, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let c = conference_by_slug(&db, SLUG).await;
    let draft = app::setup::conference::regimento(&db, c.id).await.unwrap();
    assert!(draft.len() >= 3, "the demo has a draft regimento");

    // Nobody credentialed: no quorum.
    let console = pl::console(&db, Some(&com), SLUG).await.unwrap();
    assert!(console.quorum_problem.unwrap().contains("Nenhum"));

    // A destaque with every problem at once: nothing written.
    let e = invalid(
        pl::add_destaque(
            &db,
            Some(&com),
            SLUG,
            &DestaqueInput {
                article: "999".into(),
                kind: "modify".into(),
                proposed_text: " ".into(),
                raised_by: String::new(),
            },
        )
        .await,
    );
    assert!(e.message_for("article").is_some());
    assert!(e.message_for("proposed_text").is_some());
    assert_eq!(destaque::Entity::find().count(&db.conn).await.unwrap(), 0);
    let e = invalid(pl::add_destaque(&db, Some(&com), SLUG, &DestaqueInput::default()).await);
    assert!(e.message_for("kind").is_some());

    pl::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &DestaqueInput {
            article: "2".into(),
            kind: "modify".into(),
            proposed_text: "Texto emendado pela plenária.".into(),
            raised_by: "Delegada Ana (K7Q4-MZP9)".into(),
        },
    )
    .await
    .unwrap();
    pl::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &DestaqueInput {
            article: "3".into(),
            kind: "suppress".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let console = pl::console(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(console.open_destaques, 2);
    let b = pl::board(&db, SLUG).await.unwrap();
    assert_eq!(
        b.stage,
        "Regimento interno: 2 destaque(s) para votar (art. 2º, 3º)"
    );
    assert!(b.last.is_none());
    assert!(!b.quorum_ok);
    let ids: Vec<String> = console
        .articles
        .iter()
        .flat_map(|a| a.destaques.iter().map(|d| d.id.clone()))
        .collect();
    assert_eq!(ids.len(), 2);

    // Four delegates credentialed, one present today: below quorum (3 of 4).
    let mut codes = Vec::new();
    for (i, seg) in ["usuarios", "trabalhadores", "entidades", "governo"]
        .iter()
        .enumerate()
    {
        codes.push(
            p::register(
                &db,
                Some(&com),
                SLUG,
                &RegistrationInput {
                    name: format!("Delegado(a) {i}"),
                    category: "delegado".into(),
                    segment: (*seg).into(),
                    consent: true,
                    ..Default::default()
                },
                Source::Assisted,
            )
            .await
            .unwrap()
            .code,
        );
    }
    check_in(&db, c.id, &codes[0], 0).await;
    for code in &codes[1..] {
        check_in(&db, c.id, code, 1).await;
    }
    let e = invalid(pl::vote_destaque(&db, Some(&com), SLUG, &ids[0], &counts(1, 0, 0)).await);
    assert!(
        e.message_for("quorum").unwrap().contains("Sem quórum: 1"),
        "{e:?}"
    );
    assert_eq!(
        plenary_vote::Entity::find().count(&db.conn).await.unwrap(),
        0
    );

    // Two more arrive today: 3 present of 4 credentialed.
    check_in(&db, c.id, &codes[1], 0).await;
    check_in(&db, c.id, &codes[2], 0).await;
    let console = pl::console(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(
        (console.present, console.credentialed, console.quorum_min),
        (3, 4, 3)
    );
    assert!(console.quorum_problem.is_none());
    // More votes than delegates present, or bad numbers: refused, nothing counted.
    let e = invalid(pl::vote_destaque(&db, Some(&com), SLUG, &ids[0], &counts(3, 1, 0)).await);
    assert!(e.0[0].message.contains("mais do que os 3"));
    let e = invalid(
        pl::vote_destaque(
            &db,
            Some(&com),
            SLUG,
            &ids[0],
            &CountInput {
                favor: "dois".into(),
                ..Default::default()
            },
        )
        .await,
    );
    assert!(e.message_for("favor").is_some());
    // A third destaque, withdrawn at the microphone: kept, not voted, not counted as open.
    pl::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &DestaqueInput {
            article: "1".into(),
            kind: "suppress".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let third = pl::console(&db, Some(&com), SLUG)
        .await
        .unwrap()
        .articles
        .iter()
        .flat_map(|a| a.destaques.iter())
        .find(|d| d.article_number == 1)
        .unwrap()
        .id
        .clone();
    pl::withdraw_destaque(&db, Some(&com), SLUG, &third)
        .await
        .unwrap();
    let e = invalid(pl::withdraw_destaque(&db, Some(&com), SLUG, &third).await);
    assert!(e.0[0].message.contains("não votado"));
    assert_eq!(
        pl::console(&db, Some(&com), SLUG)
            .await
            .unwrap()
            .open_destaques,
        2
    );
    // Approving the regimento with destaques still open is refused.
    let e = invalid(pl::approve_regimento(&db, Some(&com), SLUG, &counts(3, 0, 0)).await);
    assert!(e.0[0].message.contains("2 destaque(s) sem votação"));

    assert_eq!(
        pl::vote_destaque(&db, Some(&com), SLUG, &ids[0], &counts(2, 1, 0))
            .await
            .unwrap(),
        Outcome::Approved
    );
    assert_eq!(
        pl::vote_destaque(&db, Some(&com), SLUG, &ids[1], &counts(1, 1, 1))
            .await
            .unwrap(),
        Outcome::Rejected,
        "a tie keeps the draft's article"
    );
    let e = invalid(pl::vote_destaque(&db, Some(&com), SLUG, &ids[0], &counts(2, 1, 0)).await);
    assert!(e.0[0].message.contains("já foi votado"));

    assert_eq!(
        pl::approve_regimento(&db, Some(&com), SLUG, &counts(3, 0, 0))
            .await
            .unwrap(),
        Outcome::Approved
    );
    let b = pl::board(&db, SLUG).await.unwrap();
    assert_eq!(b.stage, "Regimento interno aprovado");
    let last = b.last.unwrap();
    assert_eq!(last.subject, "Regimento interno em bloco");
    assert_eq!(
        (last.favor, last.against, last.outcome.as_str()),
        (3, 0, "aprovado")
    );
    assert_eq!((b.present, b.credentialed, b.quorum_ok), (3, 4, true));
    let public = pl::public_regimento(&db, c.id).await.unwrap();
    let approved = public.approved.unwrap();
    assert_eq!(approved.version, 1);
    assert_eq!(
        approved.articles.len(),
        draft.len(),
        "the suppression was rejected"
    );
    assert_eq!(approved.articles[1].text, "Texto emendado pela plenária.");
    assert_eq!(approved.articles[2].text, draft[2].text);
    let v = approved.vote.unwrap();
    assert_eq!((v.favor, v.present, v.credentialed), (3, 3, 4));
    assert_eq!(public.destaques.len(), 3);
    assert!(
        public
            .destaques
            .iter()
            .any(|d| d.status_label.starts_with("retirado"))
    );
    assert!(
        public.destaques.iter().all(|d| d.raised_by.is_none()),
        "who raised it is not public"
    );
    // Every vote recorded the quorum rule and the attendance.
    for v in plenary_vote::Entity::find().all(&db.conn).await.unwrap() {
        assert_eq!(v.quorum_rule, "majority_of_credentialed");
        assert_eq!((v.present, v.credentialed), (3, 4));
        assert_eq!(v.channel, "analog");
    }

    // The minutes: a PDF with every vote (three here), for the table only.
    let pdf = pl::minutes_pdf(&db, Some(&com), SLUG).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(pdf.len() > 1_000);
    // Printed by typst: tagged, its headings in the structure, the same text as `minutes_text`.
    crate::support::assert_tagged(&pdf, &["H1", "H2", "H3"]);
    if let Some(text) = crate::support::pdf_text(&pdf) {
        let paragraphs = pl::minutes_text(&db, Some(&com), SLUG).await.unwrap();
        assert!(text.contains("Ata da plenária"), "{text}");
        for p in paragraphs.iter().filter(|p| !p.is_empty()).take(6) {
            let words = p.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(text.contains(&words), "{words} not in {text}");
        }
    }
    assert!(matches!(
        pl::minutes_pdf(&db, Some(&art), SLUG).await,
        Err(Fail::Forbidden)
    ));

    // Approved: no more destaques, no second approval, and the draft is frozen.
    let e = invalid(
        pl::add_destaque(
            &db,
            Some(&com),
            SLUG,
            &DestaqueInput {
                article: "1".into(),
                kind: "suppress".into(),
                ..Default::default()
            },
        )
        .await,
    );
    assert!(e.0[0].message.contains("já foi aprovado"));
    let e = invalid(pl::approve_regimento(&db, Some(&com), SLUG, &counts(3, 0, 0)).await);
    assert!(e.0[0].message.contains("já foi aprovado"));
    let e = invalid(
        app::setup::conference::save_regimento(&db, Some(&com), SLUG, "Art. 1º Outro texto.").await,
    );
    assert!(e.message_for("text").unwrap().contains("já foi aprovado"));

    // Who may: not an articulator, not anonymous; unknown destaques are not found.
    assert!(matches!(
        pl::console(&db, Some(&art), SLUG).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        pl::console(&db, None, SLUG).await,
        Err(Fail::NeedsLogin)
    ));
    assert!(matches!(
        pl::vote_destaque(&db, Some(&com), SLUG, "x", &counts(1, 0, 0)).await,
        Err(Fail::NotFound)
    ));
});

both_dbs!(a_rejected_block_vote_publishes_nothing, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let c = conference_by_slug(&db, SLUG).await;
    let code = p::register(
        &db,
        Some(&com),
        SLUG,
        &RegistrationInput {
            name: "Delegada Única".into(),
            category: "delegado".into(),
            segment: "usuarios".into(),
            consent: true,
            ..Default::default()
        },
        Source::Assisted,
    )
    .await
    .unwrap()
    .code;
    check_in(&db, c.id, &code, 0).await;
    assert_eq!(
        pl::approve_regimento(&db, Some(&com), SLUG, &counts(0, 1, 0))
            .await
            .unwrap(),
        Outcome::Rejected
    );
    assert!(
        pl::public_regimento(&db, c.id)
            .await
            .unwrap()
            .approved
            .is_none()
    );
    assert_eq!(
        plenary_vote::Entity::find().count(&db.conn).await.unwrap(),
        1
    );
    // It can be voted again (the commission brings the regimento back after discussion).
    assert_eq!(
        pl::approve_regimento(&db, Some(&com), SLUG, &counts(1, 0, 0))
            .await
            .unwrap(),
        Outcome::Approved
    );
});
