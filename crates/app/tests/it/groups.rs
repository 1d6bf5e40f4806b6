//! Working groups and the final plenary on both databases: groups per eixo, balanced
//! assignment, proposals with origins, merging duplicates (origins kept), ordering, the group's
//! vote (majority of delegates present, minority threshold), then the plenary: a block vote of
//! the proposals without destaque, a destaque with its speakers amending a proposal (counted),
//! another decided from phones, and the published deliberations.

use crate::support::{
    articulator, check_in_today, commission, conference_by_slug, refusal, register_at_desk,
    registration_form,
};
use app::Fail;
use app::participants::registration::{self as p, RegistrationInput, Source};
use app::plenary::final_plenary as fp;
use app::plenary::groups::{self as g, ProposalInput};
use app::plenary::regimento::CountInput;
use conferencia_app as app;
use domain::plenary::Outcome;
use domain::proposals::GroupOutcome;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::{eixo, proposal, proposal_destaque, registration};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn counts(f: &str, a: &str, s: &str) -> CountInput {
    CountInput {
        favor: f.into(),
        against: a.into(),
        abstain: s.into(),
    }
}

async fn delegate(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
    category: &str,
) -> registration::Model {
    let r = register_at_desk(db, com, &registration_form(name, category, "usuarios")).await;
    check_in_today(db, &r).await;
    r
}

fn input(text: &str, level: &str, origin: &str) -> ProposalInput {
    ProposalInput {
        text: text.into(),
        level: level.into(),
        kind: "new".into(),
        origin: origin.into(),
        continues: String::new(),
    }
}

both_dbs!(groups_write_and_the_plenary_decides, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let c = conference_by_slug(&db, SLUG).await;
    let eixos = testkit::eixos(&db, c.id).await;
    let mut people = Vec::new();
    for i in 0..4 {
        people.push(delegate(&db, &com, &format!("Delegada {i}"), "delegado").await);
    }
    let guest = delegate(&db, &com, "Convidada", "convidado").await;

    // Groups: only the table; an eixo and a name are required.
    assert!(matches!(
        g::overview(&db, Some(&art), SLUG).await,
        Err(Fail::Forbidden)
    ));
    let e = refusal(g::create_group(&db, Some(&com), SLUG, "", "").await);
    assert!(e.contains("eixo"));
    assert!(refusal(g::assign_balanced(&db, Some(&com), SLUG).await).contains("Crie os grupos"));
    let g1 = g::create_group(
        &db,
        Some(&com),
        SLUG,
        &eixos[0].id.to_string(),
        "Grupo do eixo 1",
    )
    .await
    .unwrap()
    .to_string();
    let g2 = g::create_group(
        &db,
        Some(&com),
        SLUG,
        &eixos[1].id.to_string(),
        "Grupo do eixo 2",
    )
    .await
    .unwrap()
    .to_string();
    let placed = g::assign_balanced(&db, Some(&com), SLUG)
        .await
        .unwrap()
        .placed;
    assert!(
        placed >= 5,
        "every person with a voice is placed ({placed})"
    );
    let o = g::overview(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(o.unassigned, 0);
    let sizes: Vec<usize> = o
        .eixos
        .iter()
        .flat_map(|e| e.groups.iter().map(|g| g.members))
        .collect();
    assert!(
        sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
        "{sizes:?}"
    );
    // Everyone the test made goes to group 1, to count presence there.
    for r in people.iter().chain([&guest]) {
        g::add_member(&db, Some(&com), SLUG, &g1, &r.code)
            .await
            .unwrap();
    }
    assert_eq!(
        assert_in(&db, &com, &g1).await,
        4,
        "4 delegates present (the guest does not vote)"
    );
    assert!(
        refusal(g::set_roles(&db, Some(&com), SLUG, &g2, &people[0].code, "").await)
            .contains("precisa ser do grupo")
    );
    g::set_roles(&db, Some(&com), SLUG, &g1, &people[0].code, &people[1].code)
        .await
        .unwrap();

    // Proposals with origins; bad input refused with every reason.
    let bad = g::add_proposal(&db, Some(&com), SLUG, &g1, &input("", "mundial", "unit:x")).await;
    match bad {
        Err(Fail::Invalid(i)) => assert_eq!(i.0.len(), 3, "{i:?}"),
        other => panic!("{other:?}"),
    }
    let unit = store::entities::unit::Entity::find()
        .filter(store::entities::unit::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let a = g::add_proposal(
        &db,
        Some(&com),
        SLUG,
        &g1,
        &input("Ampliar o horário dos CRAS", "municipal", ""),
    )
    .await
    .unwrap()
    .to_string();
    let dup = g::add_proposal(
        &db,
        Some(&com),
        SLUG,
        &g1,
        &input(
            "Ampliar horários do CRAS",
            "municipal",
            &format!("unit:{}", unit.id),
        ),
    )
    .await
    .unwrap()
    .to_string();
    let b = g::add_proposal(
        &db,
        Some(&com),
        SLUG,
        &g1,
        &input(
            "Cofinanciamento estadual dos benefícios eventuais",
            "estadual",
            "",
        ),
    )
    .await
    .unwrap()
    .to_string();
    let x = g::add_proposal(
        &db,
        Some(&com),
        SLUG,
        &g1,
        &input("Proposta que o grupo rejeita", "federal", ""),
    )
    .await
    .unwrap()
    .to_string();
    g::merge(&db, Some(&com), SLUG, &a, &dup).await.unwrap();
    assert!(refusal(g::merge(&db, Some(&com), SLUG, &a, &a).await).contains("repetida"));
    g::edit_proposal(
        &db,
        Some(&com),
        SLUG,
        &a,
        &input("Ampliar o horário de atendimento dos CRAS", "municipal", ""),
    )
    .await
    .unwrap();
    g::move_proposal(&db, Some(&com), SLUG, &b, true)
        .await
        .unwrap();
    let page = g::group(&db, Some(&com), SLUG, &g1).await.unwrap();
    assert_eq!(
        page.proposals.len(),
        3,
        "the merged duplicate is not listed"
    );
    assert_eq!(page.proposals[0].id, b, "moved up");
    let merged = page.proposals.iter().find(|p| p.id == a).unwrap();
    assert_eq!(
        merged.origins.len(),
        2,
        "both origins kept: {:?}",
        merged.origins
    );
    assert!(merged.origins.iter().any(|o| o.contains(&unit.name)));
    assert_eq!(
        page.facilitator
            .as_deref()
            .map(|f| f.contains("Delegada 0")),
        Some(true)
    );

    // The group's votes: counts never above the delegates present in the group.
    assert!(
        refusal(g::group_vote(&db, Some(&com), SLUG, &a, &counts("5", "", "")).await)
            .contains("no grupo")
    );
    assert_eq!(
        g::group_vote(&db, Some(&com), SLUG, &a, &counts("3", "1", ""))
            .await
            .unwrap(),
        GroupOutcome::Approved
    );
    assert_eq!(
        g::group_vote(&db, Some(&com), SLUG, &b, &counts("4", "", ""))
            .await
            .unwrap(),
        GroupOutcome::Approved
    );
    g::save_settings(&db, Some(&com), SLUG, "30").await.unwrap();
    assert!(refusal(g::save_settings(&db, Some(&com), SLUG, "80").await).contains("1 a 50"));
    assert_eq!(
        g::group_vote(&db, Some(&com), SLUG, &x, &counts("1", "2", ""))
            .await
            .unwrap(),
        GroupOutcome::Minority,
    );
    assert!(
        refusal(
            g::edit_proposal(&db, Some(&com), SLUG, &a, &input("Outra", "municipal", "")).await
        )
        .contains("já foi votada")
    );

    // Final plenary: the regimento is approved first (the quorum: 4 of 4 present).
    app::plenary::regimento::approve_regimento(&db, Some(&com), SLUG, &counts("4", "", ""))
        .await
        .unwrap();
    let console = fp::console(&db, Some(&com), SLUG).await.unwrap();
    let e1 = &console.eixos[0];
    assert_eq!(
        e1.items.len(),
        3,
        "approved and minority proposals reach the plenary"
    );
    assert!(e1.items.iter().any(|i| i.minority));

    // A destaque (new wording) on A, with speakers; B and the minority one go in block.
    assert!(
        refusal(
            fp::add_destaque(
                &db,
                Some(&com),
                SLUG,
                &fp::DestaqueInput {
                    proposal: a.clone(),
                    kind: "amend".into(),
                    proposed_text: " ".into(),
                    raised_by: String::new(),
                }
            )
            .await
        )
        .contains("redação")
    );
    fp::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &fp::DestaqueInput {
            proposal: a.clone(),
            kind: "amend".into(),
            proposed_text: "Ampliar o horário dos CRAS até as 20h".into(),
            raised_by: "Delegada 2".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        refusal(
            fp::add_destaque(
                &db,
                Some(&com),
                SLUG,
                &fp::DestaqueInput {
                    proposal: a.clone(),
                    kind: "reject".into(),
                    proposed_text: String::new(),
                    raised_by: String::new(),
                }
            )
            .await
        )
        .contains("já tem um destaque")
    );
    let d = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::Status.eq(proposal_destaque::DestaqueStatus::Open))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(
        refusal(fp::add_speaker(&db, Some(&com), SLUG, &d.id.to_string(), "meio", "").await)
            .contains("a favor ou contra")
    );
    fp::add_speaker(
        &db,
        Some(&com),
        SLUG,
        &d.id.to_string(),
        "for",
        "Delegada 2",
    )
    .await
    .unwrap();
    fp::add_speaker(
        &db,
        Some(&com),
        SLUG,
        &d.id.to_string(),
        "against",
        "Delegada 3",
    )
    .await
    .unwrap();
    let console = fp::console(&db, Some(&com), SLUG).await.unwrap();
    let sp = &console.eixos[0]
        .items
        .iter()
        .find(|i| i.p.id == a)
        .unwrap()
        .destaques[0]
        .speakers;
    fp::speech(&db, Some(&com), SLUG, &sp[0].id, true)
        .await
        .unwrap();
    let board = app::plenary::regimento::board(&db, SLUG).await.unwrap();
    let s = board.speaker.unwrap();
    assert_eq!((s.name.as_str(), s.seconds), ("Delegada 2", 180));
    fp::speech(&db, Some(&com), SLUG, &sp[1].id, true)
        .await
        .unwrap();
    assert_eq!(
        app::plenary::regimento::board(&db, SLUG)
            .await
            .unwrap()
            .speaker
            .unwrap()
            .name,
        "Delegada 3"
    );

    // A delegate present flags the minority proposal from the phone (to reject it).
    let pairing = app::participants::devices::start_pairing(&db, Some(&com), SLUG, &people[3].code)
        .await
        .unwrap();
    let phone = app::participants::devices::complete_pairing(&db, SLUG, &pairing.code)
        .await
        .unwrap();
    let home = app::participants::devices::home(&db, SLUG, Some(&phone))
        .await
        .unwrap();
    assert!(
        home.proposals.iter().any(|(id, _, _)| id == &x),
        "x may still be flagged"
    );
    assert!(
        !home.proposals.iter().any(|(id, _, _)| id == &a),
        "a already has an open destaque"
    );
    app::participants::devices::flag_proposal(
        &db,
        SLUG,
        Some(&phone),
        &fp::DestaqueInput {
            proposal: x.clone(),
            kind: "reject".into(),
            proposed_text: String::new(),
            raised_by: "ignored".into(),
        },
    )
    .await
    .unwrap();
    let console = fp::console(&db, Some(&com), SLUG).await.unwrap();
    let xd = &console.eixos[0]
        .items
        .iter()
        .find(|i| i.p.id == x)
        .unwrap()
        .destaques[0];
    assert!(
        xd.raised_by.as_deref().unwrap().contains(&people[3].code),
        "{:?}",
        xd.raised_by
    );
    let xd = xd.id.clone();

    // Block of the eixo: B only (A and the minority proposal have destaques).
    assert_eq!(console.eixos[0].in_block, 1);
    assert_eq!(
        fp::vote_block(
            &db,
            Some(&com),
            SLUG,
            &eixos[0].id.to_string(),
            &counts("3", "1", "")
        )
        .await
        .unwrap(),
        Outcome::Approved
    );
    assert!(
        refusal(
            fp::vote_block(
                &db,
                Some(&com),
                SLUG,
                &eixos[0].id.to_string(),
                &counts("3", "1", "")
            )
            .await
        )
        .contains("Não há propostas")
    );
    // The destaque wins: A is approved with the new wording.
    assert_eq!(
        fp::vote_destaque(
            &db,
            Some(&com),
            SLUG,
            &d.id.to_string(),
            &counts("3", "1", "")
        )
        .await
        .unwrap(),
        Outcome::Approved
    );
    assert!(
        app::plenary::regimento::board(&db, SLUG)
            .await
            .unwrap()
            .speaker
            .is_none(),
        "the vote ends the speeches"
    );
    // The destaque to reject x loses: x stays, approved as the group sent it.
    assert_eq!(
        fp::vote_destaque(&db, Some(&com), SLUG, &xd, &counts("1", "3", ""))
            .await
            .unwrap(),
        Outcome::Rejected
    );
    let pa = proposal::Entity::find_by_id(uuid::Uuid::parse_str(&a).unwrap())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (pa.status, pa.final_text.as_deref()),
        (
            proposal::ProposalStatus::Amended,
            Some("Ampliar o horário dos CRAS até as 20h")
        )
    );

    let (_, ds) = fp::deliberations(&db, SLUG).await.unwrap();
    let first = &ds[0];
    let all: Vec<&fp::Deliberation> = first.levels.iter().flat_map(|(_, d)| d.iter()).collect();
    assert_eq!(all.len(), 3);
    assert!(
        all.iter()
            .any(|d| d.amended && d.text.ends_with("20h") && d.origins.len() == 2)
    );
    assert!(first.levels.iter().any(|(l, _)| l == "estadual"));

    // The minutes: the final plenary eixo by eixo (heading, block vote, destaques with who asked
    // and who spoke, then the deliberations), apart from the regimento's votes.
    let text = app::plenary::regimento::minutes_text(&db, Some(&com), SLUG)
        .await
        .unwrap();
    let all = text.join("\n");
    let at = |needle: &str| {
        text.iter()
            .position(|p| p.contains(needle))
            .unwrap_or_else(|| panic!("missing {needle:?} in\n{all}"))
    };
    let eixo1 = format!("Eixo {}: {}", eixos[0].number, eixos[0].title);
    let order = [
        at("Regimento interno e demais votações"),
        at("1. Regimento interno em bloco"),
        at("Plenária final: propostas por eixo"),
        at(&eixo1),
        at("Votação em bloco das propostas sem destaque (1 proposta(s))"),
        at("Destaque 1 (nova redação): Ampliar o horário de atendimento dos CRAS"),
        at("Nova redação proposta: Ampliar o horário dos CRAS até as 20h"),
        at("Falas: Delegada 2 (a favor); Delegada 3 (contra)."),
        at("Votação do destaque 1"),
        at("Destaque 2 (rejeitar a proposta): Proposta que o grupo rejeita"),
        at(&format!("Pedido por: Delegada 3 ({})", people[3].code)),
        at("Votação do destaque 2"),
        at(&format!("Deliberações do eixo {}", eixos[0].number)),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?} in\n{all}");
    let block = at("Votação em bloco das propostas sem destaque");
    assert!(
        text[block + 1].starts_with("3 a favor, 1 contra, 0 abstenções;"),
        "{}",
        text[block + 1]
    );
    let destaque2 = at("Votação do destaque 2");
    assert!(
        text[destaque2 + 1].contains("Resultado: rejeitado"),
        "{all}"
    );
    for deliberation in [
        "redação alterada na plenária): Ampliar o horário dos CRAS até as 20h",
        "Cofinanciamento estadual dos benefícios eventuais",
        "Proposta que o grupo rejeita",
    ] {
        assert!(
            text[order[12]..].iter().any(|p| p.contains(deliberation)),
            "{deliberation:?} not among the deliberations of\n{all}"
        );
    }
    // The final plenary's votes are only in their eixo; an eixo without proposals has no section.
    assert!(!all.contains("Propostas do eixo 1 em bloco"), "{all}");
    assert!(
        !all.contains(&format!("Eixo {}: {}", eixos[1].number, eixos[1].title)),
        "{all}"
    );
});

async fn assert_in(db: &app::Db, com: &app::platform::auth::Me, group: &str) -> u32 {
    g::group(db, Some(com), SLUG, group)
        .await
        .unwrap()
        .present_delegates
}

both_dbs!(
    priorities_rank_the_approved_beyond_the_cap,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let c = conference_by_slug(&db, SLUG).await;
        let e1 = eixo::Entity::find()
            .filter(eixo::Column::ConferenceId.eq(c.id))
            .order_by_asc(eixo::Column::Number)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let mut people = Vec::new();
        for i in 0..3 {
            people.push(delegate(&db, &com, &format!("Prioridade {i}"), "delegado").await);
        }
        let g1 = g::create_group(&db, Some(&com), SLUG, &e1.id.to_string(), "Grupo único")
            .await
            .unwrap()
            .to_string();
        for r in &people {
            g::add_member(&db, Some(&com), SLUG, &g1, &r.code)
                .await
                .unwrap();
        }
        let mut ids = Vec::new();
        for t in ["Primeira lida", "Segunda lida", "Terceira lida"] {
            let id = g::add_proposal(&db, Some(&com), SLUG, &g1, &input(t, "municipal", ""))
                .await
                .unwrap()
                .to_string();
            g::group_vote(&db, Some(&com), SLUG, &id, &counts("3", "", ""))
                .await
                .unwrap();
            ids.push(id);
        }
        app::plenary::regimento::approve_regimento(&db, Some(&com), SLUG, &counts("3", "", ""))
            .await
            .unwrap();
        fp::vote_block(
            &db,
            Some(&com),
            SLUG,
            &e1.id.to_string(),
            &counts("3", "", ""),
        )
        .await
        .unwrap();

        // No cap: nothing to choose.
        assert!(
            app::plenary::priorities::console(&db, Some(&com), SLUG)
                .await
                .unwrap()
                .contests
                .is_empty()
        );
        assert!(
            refusal(app::plenary::priorities::save_cap(&db, Some(&com), SLUG, "0").await)
                .contains("1 a 50")
        );
        app::plenary::priorities::save_cap(&db, Some(&com), SLUG, "2")
            .await
            .unwrap();
        let con = app::plenary::priorities::console(&db, Some(&com), SLUG)
            .await
            .unwrap();
        assert_eq!(con.contests.len(), 1);
        let key = con.contests[0].key.clone();

        let mut phones = Vec::new();
        for r in &people {
            let pairing = app::participants::devices::start_pairing(&db, Some(&com), SLUG, &r.code)
                .await
                .unwrap();
            phones.push(
                app::participants::devices::complete_pairing(&db, SLUG, &pairing.code)
                    .await
                    .unwrap(),
            );
        }
        // Too many choices, an unknown proposal: refused.
        assert!(
            refusal(
                app::plenary::priorities::choose(&db, SLUG, Some(&phones[0]), &key, &ids).await
            )
            .contains("de 1 a 2")
        );
        assert!(
            refusal(
                app::plenary::priorities::choose(&db, SLUG, Some(&phones[0]), &key, &["x".into()])
                    .await
            )
            .contains("inválida")
        );
        // Votes: third 2, second 1 (+1 on paper = 2), first 1 → third and second tie at 2 and the
        // second, read first, ranks first.
        app::plenary::priorities::choose(&db, SLUG, Some(&phones[0]), &key, &[ids[2].clone()])
            .await
            .unwrap();
        app::plenary::priorities::choose(
            &db,
            SLUG,
            Some(&phones[1]),
            &key,
            &[ids[0].clone(), ids[1].clone()],
        )
        .await
        .unwrap();
        // Changing one's mind replaces the earlier choice.
        app::plenary::priorities::choose(
            &db,
            SLUG,
            Some(&phones[1]),
            &key,
            &[ids[1].clone(), ids[2].clone()],
        )
        .await
        .unwrap();
        app::plenary::priorities::choose(&db, SLUG, Some(&phones[2]), &key, &[ids[0].clone()])
            .await
            .unwrap();
        let mut paper = app::plenary::priorities::PaperInput {
            key: key.clone(),
            ..Default::default()
        };
        paper.counts.insert(format!("p-{}", ids[1]), "1".into());
        app::plenary::priorities::save_paper(&db, Some(&com), SLUG, &paper)
            .await
            .unwrap();
        paper.counts.insert(format!("p-{}", ids[0]), "-2".into());
        assert!(
            refusal(app::plenary::priorities::save_paper(&db, Some(&com), SLUG, &paper).await)
                .contains("Votos do papel")
        );
        let items = &app::plenary::priorities::console(&db, Some(&com), SLUG)
            .await
            .unwrap()
            .contests[0]
            .items;
        let order: Vec<(&str, u32, bool)> = items
            .iter()
            .map(|i| (i.text.as_str(), i.votes, i.within))
            .collect();
        assert_eq!(
            order,
            vec![
                ("Segunda lida", 2, true),
                ("Terceira lida", 2, true),
                ("Primeira lida", 1, false)
            ]
        );
        app::plenary::priorities::close(&db, Some(&com), SLUG, &key)
            .await
            .unwrap();
        assert!(
            refusal(
                app::plenary::priorities::choose(
                    &db,
                    SLUG,
                    Some(&phones[2]),
                    &key,
                    &[ids[2].clone()]
                )
                .await
            )
            .contains("fechadas")
        );
        let ranks: Vec<Option<i32>> = {
            let mut v = Vec::new();
            for id in &ids {
                v.push(
                    proposal::Entity::find_by_id(uuid::Uuid::parse_str(id).unwrap())
                        .one(&db.conn)
                        .await
                        .unwrap()
                        .unwrap()
                        .priority_rank,
                );
            }
            v
        };
        assert_eq!(ranks, vec![Some(3), Some(1), Some(2)]);
    }
);

both_dbs!(assignment_follows_the_preferred_eixo, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let c = conference_by_slug(&db, SLUG).await;
    let eixos = testkit::eixos(&db, c.id).await;
    let register = |name: String, choice: Option<usize>| {
        let db = db.clone();
        let com = com.clone();
        let choice = choice.map(|i| eixos[i].id.to_string()).unwrap_or_default();
        async move {
            p::register(
                &db,
                Some(&com),
                SLUG,
                &RegistrationInput {
                    name,
                    category: "delegado".into(),
                    segment: "usuarios".into(),
                    preferred_eixo: choice,
                    consent: true,
                    ..Default::default()
                },
                Source::Assisted,
            )
            .await
            .unwrap()
            .code
        }
    };
    // Four choose eixo 1 (two groups), one eixo 2 (one group), two eixo 3 (no group), three
    // have no choice.
    let mut chose = Vec::new();
    for (i, choice) in [
        Some(0),
        Some(0),
        Some(0),
        Some(0),
        Some(1),
        Some(2),
        Some(2),
        None,
        None,
        None,
    ]
    .into_iter()
    .enumerate()
    {
        chose.push((register(format!("Pessoa {i}"), choice).await, choice));
    }
    let group = |eixo: usize, name: &'static str| {
        let db = db.clone();
        let com = com.clone();
        let id = eixos[eixo].id.to_string();
        async move {
            g::create_group(&db, Some(&com), SLUG, &id, name)
                .await
                .unwrap()
        }
    };
    let g1a = group(0, "Eixo 1, grupo A").await;
    let g1b = group(0, "Eixo 1, grupo B").await;
    let g2 = group(1, "Eixo 2").await;
    group(4, "Eixo 5").await;

    let o = g::overview(&db, Some(&com), SLUG).await.unwrap();
    let chosen: Vec<usize> = o.eixos.iter().map(|e| e.chosen_by).collect();
    assert_eq!(chosen, vec![4, 1, 2, 0, 0]);
    let before = o.unassigned;

    let a = g::assign_balanced(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(a.placed, before, "everyone with a voice is placed");
    assert_eq!(a.eixo_without_group, 2, "eixo 3 has no group");
    let again = g::assign_balanced(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!((again.placed, again.eixo_without_group), (0, 0));

    let members = store::entities::group_member::Entity::find()
        .filter(store::entities::group_member::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    let group_of = |code: &str| {
        let r = regs.iter().find(|r| r.code == code).unwrap();
        let ms: Vec<_> = members
            .iter()
            .filter(|m| m.registration_id == r.id)
            .collect();
        assert_eq!(ms.len(), 1, "each person in one group");
        ms[0].group_id
    };
    let mut in_1a = 0;
    for (code, choice) in &chose {
        let gid = group_of(code);
        match choice {
            Some(0) => {
                assert!(gid == g1a || gid == g1b);
                in_1a += usize::from(gid == g1a);
            }
            Some(1) => assert_eq!(gid, g2),
            _ => {}
        }
    }
    assert_eq!(in_1a, 2, "the two groups of eixo 1 share its choosers");
    // Everything else evens the sizes out.
    let o = g::overview(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(o.unassigned, 0);
    let sizes: Vec<usize> = o
        .eixos
        .iter()
        .flat_map(|e| e.groups.iter().map(|g| g.members))
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), before);
    assert!(
        sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
        "{sizes:?}"
    );
});
