//! The consultation on the proposals (issue 23), on both databases: only where the regimento
//! provides it and once the groups have proposals; one vote per account and proposal (a second
//! vote changes the first, two at once count once); bad choices, unknown, merged and decided
//! proposals refused in pt-BR with nothing written; the counts in the working group, on the
//! plenary's console and in the report, never who chose what.

use crate::support::{articulator, commission, invalid, me, refusal, secretariat};
use app::Fail;
use app::mobilization::online::consultation::{self as k, PageQuery, Stage};
use app::plenary::groups::{self as g, ProposalInput};
use conferencia_app as app;
use domain::report::Audience;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{consultation_vote, proposal};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn input(text: &str) -> ProposalInput {
    ProposalInput {
        text: text.into(),
        level: "municipal".into(),
        kind: "new".into(),
        origin: String::new(),
        continues: String::new(),
    }
}

async fn participant(db: &app::Db) -> app::platform::auth::Me {
    let (login, pw, _) = app::demo::seed::DEMO_PARTICIPANT;
    me(db, login, pw).await
}

async fn votes(db: &app::Db) -> u64 {
    consultation_vote::Entity::find()
        .count(&db.conn)
        .await
        .unwrap()
}

async fn provide(db: &app::Db, com: &app::platform::auth::Me, on: bool) {
    let mut rules = app::plenary::seats::rules_for_staff(db, Some(com), SLUG)
        .await
        .unwrap();
    rules.consultation = on.then(|| "1".into());
    app::plenary::seats::save_rules(db, Some(com), SLUG, &rules)
        .await
        .unwrap();
}

both_dbs!(one_vote_per_account_counted_everywhere, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let sec = secretariat(&db).await;
    let art = articulator(&db).await;
    let who = participant(&db).await;
    let c = crate::support::conference_by_slug(&db, SLUG).await;
    let eixos = testkit::eixos(&db, c.id).await;
    let page = |m: Option<&app::platform::auth::Me>| {
        let db = db.clone();
        let m = m.cloned();
        async move {
            k::page(&db, m.as_ref(), SLUG, &PageQuery::default())
                .await
                .unwrap()
        }
    };

    // Not in the regimento: the page says so, and the commission cannot open it.
    assert_eq!(page(None).await.stage, Stage::NotProvided);
    let e = refusal(k::set_open(&db, Some(&com), SLUG, true).await);
    assert!(e.contains("regimento"), "{e}");
    provide(&db, &com, true).await;
    assert_eq!(page(None).await.stage, Stage::NotOpened);
    // Nothing in the groups yet: nothing to consult.
    let e = refusal(k::set_open(&db, Some(&com), SLUG, true).await);
    assert!(e.contains("Não há propostas"), "{e}");
    // Only those who run the conference open it.
    assert!(matches!(
        k::set_open(&db, Some(&who), SLUG, true).await,
        Err(Fail::Forbidden)
    ));

    let g1 = g::create_group(&db, Some(&com), SLUG, &eixos[0].id.to_string(), "Grupo 1")
        .await
        .unwrap()
        .to_string();
    let a = g::add_proposal(
        &db,
        Some(&com),
        SLUG,
        &g1,
        &input("Ampliar as equipes dos CRAS"),
    )
    .await
    .unwrap();
    let b = g::add_proposal(&db, Some(&com), SLUG, &g1, &input("Criar um Centro POP"))
        .await
        .unwrap();
    let x = g::add_proposal(&db, Some(&com), SLUG, &g1, &input("Mais equipes nos CRAS"))
        .await
        .unwrap();
    g::merge(&db, Some(&com), SLUG, &a.to_string(), &x.to_string())
        .await
        .unwrap();

    // Closed: no vote yet.
    let e = refusal(k::vote(&db, Some(&who), SLUG, &a.to_string(), "aprovo").await);
    assert!(e.contains("não está aberta"), "{e}");
    k::set_open(&db, Some(&com), SLUG, true).await.unwrap();
    let p = page(None).await;
    assert_eq!(p.stage, Stage::Open);
    assert_eq!(p.total, 2, "the merged proposal is not consulted");
    assert!(p.opened_at.is_some());

    // Bad input: nothing written.
    assert!(matches!(
        k::vote(&db, None, SLUG, &a.to_string(), "aprovo").await,
        Err(Fail::NeedsLogin)
    ));
    let e = invalid(k::vote(&db, Some(&who), SLUG, &a.to_string(), "talvez").await);
    assert!(e.message_for("escolha").unwrap().contains("Aprovo"));
    assert!(
        k::vote(&db, Some(&who), SLUG, "não-é-id", "aprovo")
            .await
            .is_err()
    );
    assert!(matches!(
        k::vote(
            &db,
            Some(&who),
            SLUG,
            &uuid::Uuid::now_v7().to_string(),
            "aprovo"
        )
        .await,
        Err(Fail::NotFound)
    ));
    assert!(matches!(
        k::vote(&db, Some(&who), SLUG, &x.to_string(), "aprovo").await,
        Err(Fail::NotFound)
    ));
    assert_eq!(votes(&db).await, 0);

    // One vote per account and proposal; voting again changes it.
    for (m, choice) in [(&who, "aprovo"), (&sec, "nao-aprovo"), (&art, "aprovo")] {
        k::vote(&db, Some(m), SLUG, &a.to_string(), choice)
            .await
            .unwrap();
    }
    k::vote(&db, Some(&art), SLUG, &a.to_string(), "abstencao")
        .await
        .unwrap();
    // The same person's two clicks at once count once.
    let bs = b.to_string();
    let (r1, r2) = tokio::join!(
        k::vote(&db, Some(&com), SLUG, &bs, "aprovo"),
        k::vote(&db, Some(&com), SLUG, &bs, "nao-aprovo"),
    );
    r1.unwrap();
    r2.unwrap();
    assert_eq!(votes(&db).await, 4);

    let mine = page(Some(&art)).await;
    let ia = mine.items.iter().find(|i| i.id == a.to_string()).unwrap();
    assert_eq!(
        (ia.tally.favor, ia.tally.against, ia.tally.abstain),
        (1, 1, 1)
    );
    assert_eq!(ia.mine, Some("abstencao"));
    assert_eq!(mine.mine_count, 1);
    assert_eq!(mine.participants, 4);
    assert_eq!(mine.in_play, 2);
    // Nobody else's choice is on the page: anonymous readers see counts only.
    assert!(page(None).await.items.iter().all(|i| i.mine.is_none()));

    // The working group sees the (partial) result beside each proposal.
    let gp = g::group(&db, Some(&com), SLUG, &g1).await.unwrap();
    let pa = gp.proposals.iter().find(|p| p.id == a.to_string()).unwrap();
    assert_eq!(
        pa.consultation.as_deref(),
        Some(
            "Consulta on-line: 1 aprova, 1 não aprova, 1 abstenção (parcial: a consulta está aberta)"
        )
    );

    // A proposal decided (here by the plenary) takes no more votes.
    proposal::Entity::update_many()
        .col_expr(
            proposal::Column::Status,
            sea_orm::sea_query::Expr::value(proposal::ProposalStatus::Approved.code()),
        )
        .filter(proposal::Column::Id.eq(b))
        .exec(&db.conn)
        .await
        .unwrap();
    let e = refusal(k::vote(&db, Some(&who), SLUG, &b.to_string(), "aprovo").await);
    assert!(e.contains("já foi decidida"), "{e}");

    // Closed: no more votes, the totals are final everywhere.
    k::set_open(&db, Some(&com), SLUG, false).await.unwrap();
    let e = refusal(k::vote(&db, Some(&who), SLUG, &a.to_string(), "nao-aprovo").await);
    assert!(e.contains("não está aberta"), "{e}");
    let p = page(None).await;
    assert_eq!(p.stage, Stage::Closed);
    assert!(p.closed_at.is_some());
    let gp = g::group(&db, Some(&com), SLUG, &g1).await.unwrap();
    let pa = gp.proposals.iter().find(|p| p.id == a.to_string()).unwrap();
    assert_eq!(
        pa.consultation.as_deref(),
        Some("Consulta on-line: 1 aprova, 1 não aprova, 1 abstenção")
    );
    let console = app::plenary::final_plenary::console(&db, Some(&com), SLUG)
        .await
        .unwrap();
    let on_console: Vec<String> = console
        .eixos
        .iter()
        .flat_map(|e| e.items.iter().filter_map(|i| i.p.consultation.clone()))
        .collect();
    assert!(
        on_console
            .iter()
            .all(|s| s.starts_with("Consulta on-line:")),
        "{on_console:?}"
    );

    // The report: counts per proposal with what became of it; no account, no name.
    let r = app::reporting::report::assemble(&db, &c, Audience::Public)
        .await
        .unwrap();
    let k = r.consultation.clone().expect("the consultation section");
    assert_eq!(k.participants, 4);
    assert_eq!(k.items.len(), 2);
    let ra = k
        .items
        .iter()
        .find(|i| i.text == "Ampliar as equipes dos CRAS")
        .unwrap();
    assert_eq!((ra.favor, ra.against, ra.abstain), (1, 1, 1));
    assert_eq!(ra.eixo, "Eixo 1");
    let rb = k
        .items
        .iter()
        .find(|i| i.text == "Criar um Centro POP")
        .unwrap();
    assert_eq!(
        rb.favor + rb.against,
        1,
        "one vote of the commission, counted once"
    );
    assert_eq!(rb.outcome, "aprovada na plenária");
    let json = serde_json::to_string(&r.consultation).unwrap();
    for secret in [
        com.account.id.to_string(),
        who.account.id.to_string(),
        who.account.display_name.clone(),
    ] {
        assert!(!json.contains(&secret), "{secret} in the report");
    }
    // Every format carries the section.
    let csv = String::from_utf8(reports::render(&r, reports::Format::Csv).unwrap()).unwrap();
    assert!(csv.contains("Consulta on-line aos participantes"), "{csv}");
    let pdf = reports::render(&r, reports::Format::Pdf).unwrap();
    if let Some(text) = crate::support::pdf_text(&pdf) {
        assert!(text.contains("Consulta on-line aos"), "{text}");
    }
});

both_dbs!(no_consultation_no_section, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let c = crate::support::conference_by_slug(&db, SLUG).await;
    let r = app::reporting::report::assemble(&db, &c, Audience::Public)
        .await
        .unwrap();
    assert!(r.consultation.is_none());
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("consultation"), "absent, not null");
    // Closing what was never opened changes nothing.
    let com = commission(&db).await;
    k::set_open(&db, Some(&com), SLUG, false).await.unwrap();
    assert!(
        k::page(&db, None, SLUG, &PageQuery::default())
            .await
            .unwrap()
            .stage
            == Stage::NotProvided
    );
});
