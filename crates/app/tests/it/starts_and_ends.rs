//! What a conference starts from and ends with (issue 21), on both databases: the participant
//! kit (badge, working group, programme, what advanced; no CPF), "o que avançou" from the
//! council's previous conference and a proposal that continues one of its deliberations, and
//! the pre-conference results per territory in the final report.

use crate::support::pdf_text;
use crate::support::{DEMO, articulator, commission, demo_with_2023, invalid, register_at_desk};
use app::Fail;
use app::participants::kit;
use app::participants::registration::RegistrationInput;
use app::plenary::groups::{self as g, ProposalInput};
use app::reporting::followup as fu;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use store::entities::unit_meeting;
use testkit::both_dbs;

fn person() -> RegistrationInput {
    RegistrationInput {
        name: "Joana Conceição Araújo".into(),
        category: "delegado".into(),
        segment: "usuarios".into(),
        cpf: "111.444.777-35".into(),
        email: "joana@example.org".into(),
        quotas: vec!["pessoa_negra".into()],
        consent: true,
        sensitive_consent: true,
        ..Default::default()
    }
}

both_dbs!(
    the_kit_carries_badge_group_programme_and_what_advanced,
    |db| async move {
        demo_with_2023(&db).await;
        let com = commission(&db).await;
        let r = register_at_desk(&db, &com, &person()).await;
        let c = testkit::conference_by_slug(&db, DEMO).await;
        let eixos = testkit::eixos(&db, c.id).await;

        // Before a group: the kit says the group is still to be set.
        let (pdf, name) = kit::kit_for_staff(&db, Some(&com), DEMO, &r.code)
            .await
            .unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(name, format!("kit-{DEMO}-{}.pdf", r.code));
        if let Some(t) = pdf_text(&pdf) {
            assert!(t.contains("Ainda não definido"), "{t}");
        }

        let gid = g::create_group(
            &db,
            Some(&com),
            DEMO,
            &eixos[1].id.to_string(),
            "Grupo Verde",
        )
        .await
        .unwrap()
        .to_string();
        g::add_member(&db, Some(&com), DEMO, &gid, &r.code)
            .await
            .unwrap();
        let (pdf, _) = kit::kit_for_staff(&db, Some(&com), DEMO, &r.code.to_lowercase())
            .await
            .unwrap();
        let advanced = fu::advanced(&db, DEMO).await.unwrap().1.unwrap();
        if let Some(t) = pdf_text(&pdf) {
            for want in [
                "Kit do(a) participante",
                &c.title,
                "Joana Conceição Araújo",
                r.code.as_str(),
                "Seu grupo de trabalho",
                "Grupo Verde (Eixo 2:",
                "Programação",
                "Mesa de abertura",
                "Palestrante: Profa. Dra. Helena Vasconcelos Prado",
                "Eleição de delegados(as) para a Conferência Estadual",
                "O que avançou desde a última conferência",
                &advanced.from_title,
                "E1-M-1 · Em andamento",
            ] {
                assert!(t.contains(want), "kit lacks {want:?}:\n{t}");
            }
            // Nothing more personal than the badge.
            for never in [
                "111.444.777-35",
                "11144477735",
                "joana@example.org",
                "negra",
            ] {
                assert!(!t.contains(never), "kit holds {never}");
            }
        }

        // Who may print it for someone.
        let art = articulator(&db).await;
        assert!(matches!(
            kit::kit_for_staff(&db, Some(&art), DEMO, &r.code).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            kit::kit_for_staff(&db, None, DEMO, &r.code).await,
            Err(Fail::NeedsLogin)
        ));
        assert!(matches!(
            kit::kit_for_staff(&db, Some(&com), DEMO, "ZZZZ-ZZZZ").await,
            Err(Fail::NotFound)
        ));
        // A made-up access token is refused as expired, with nothing printed.
        let e = invalid(kit::kit_for_self(&db, DEMO, "AAAA").await);
        assert!(e.message_for("form").is_some());
    }
);

both_dbs!(what_advanced_is_material_and_origin, |db| async move {
    demo_with_2023(&db).await;
    let com = commission(&db).await;
    let (_, a) = fu::advanced(&db, DEMO).await.unwrap();
    let a = a.expect("the 2023 conference came before");
    assert_eq!(a.from_slug, app::demo::history::HISTORY_SLUG);
    assert_eq!(a.board.total, 10);
    let first = a.board.items().find(|i| i.code == "E1-M-1").unwrap();
    assert_eq!(first.status_label, "Em andamento");
    // The public conference page links it; the 2023 conference has nothing before it.
    let page = app::setup::public::conference_page(&db, DEMO)
        .await
        .unwrap();
    assert_eq!(page.advanced_from.as_deref(), Some(a.from_title.as_str()));
    assert!(
        fu::advanced(&db, app::demo::history::HISTORY_SLUG)
            .await
            .unwrap()
            .1
            .is_none()
    );

    // A group's proposal says which deliberation it continues; shown with its origins.
    let c = testkit::conference_by_slug(&db, DEMO).await;
    let eixos = testkit::eixos(&db, c.id).await;
    let gid = g::create_group(&db, Some(&com), DEMO, &eixos[0].id.to_string(), "Grupo 1")
        .await
        .unwrap()
        .to_string();
    let page = g::group(&db, Some(&com), DEMO, &gid).await.unwrap();
    assert_eq!(page.continues.len(), 11, "none + the 10 deliberations");
    assert!(page.continues[1..].iter().any(|(v, l)| *v == first.id
        && l.starts_with("E1-M-1: ")
        && l.ends_with("(Em andamento)")));
    let input = |continues: &str| ProposalInput {
        text: "Ampliar o horário dos CRAS para a noite, como a deliberação de 2023 pediu".into(),
        level: "municipal".into(),
        kind: "recommendation".into(),
        origin: String::new(),
        continues: continues.into(),
    };
    let e = invalid(g::add_proposal(&db, Some(&com), DEMO, &gid, &input("nao-e-um-id")).await);
    assert_eq!(
        e.message_for("continues"),
        Some("Deliberação anterior inválida: escolha da lista")
    );
    assert!(
        g::group(&db, Some(&com), DEMO, &gid)
            .await
            .unwrap()
            .proposals
            .is_empty(),
        "nothing written"
    );
    g::add_proposal(&db, Some(&com), DEMO, &gid, &input(&first.id))
        .await
        .unwrap();
    let p = &g::group(&db, Some(&com), DEMO, &gid)
        .await
        .unwrap()
        .proposals[0];
    assert!(
        p.origins
            .iter()
            .any(|o| o.starts_with("Grupo de trabalho: Grupo 1"))
    );
    assert!(
        p.origins.iter().any(|o| o
            == &format!(
                "Continua a deliberação E1-M-1 da {} (situação: em andamento)",
                a.from_title
            )),
        "{:?}",
        p.origins
    );
});

both_dbs!(pre_conference_results_by_territory, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let art = articulator(&db).await;
    let c = testkit::conference_by_slug(&db, DEMO).await;
    let centro = testkit::unit_by_name(&db, "CRAS Centro").await;
    // One proposal raised at CRAS Centro's held meeting.
    let held = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::UnitId.eq(centro.id))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    app::mobilization::proposals::add(
        &db,
        Some(&art),
        DEMO,
        centro.id,
        held.id,
        &app::mobilization::proposals::ProposalInput {
            eixo_id: testkit::eixos(&db, c.id).await[0].id.to_string(),
            level: "municipal".into(),
            kind: "new".into(),
            text: "Ampliar o horário de atendimento do CRAS para o período noturno".into(),
        },
    )
    .await
    .unwrap();

    let r = app::mobilization::results::public(&db, DEMO).await.unwrap();
    let rows: Vec<(&str, [u32; 6])> = r
        .territories
        .iter()
        .map(|t| {
            (
                t.territory.as_str(),
                [
                    t.units,
                    t.meetings_held,
                    t.people,
                    t.proposals,
                    t.delegates_titular,
                    t.delegates_suplente,
                ],
            )
        })
        .collect();
    // Centro: CRAS Centro (35 people reported) and Centro POP (18), whose meeting elected a
    // titular and a suplente; CRAS Norte's meeting is only scheduled.
    assert_eq!(
        rows,
        vec![
            ("Território Centro", [2, 2, 53, 1, 1, 1]),
            ("Território Norte", [2, 0, 0, 0, 0, 0]),
            ("Território Sul", [2, 0, 0, 0, 0, 0]),
            ("Território Rural", [2, 0, 0, 0, 0, 0]),
        ]
    );
    assert_eq!(
        [
            r.total.units,
            r.total.meetings_held,
            r.total.people,
            r.total.proposals
        ],
        [8, 2, 53, 1]
    );
    assert!(r.any());

    // The final report carries the same table, the total last.
    let report = app::reporting::report::assemble(&db, &c, domain::report::Audience::Public)
        .await
        .unwrap();
    assert_eq!(report.preconferences.len(), 5);
    assert_eq!(report.preconferences[0].territory, "Território Centro");
    assert_eq!(report.preconferences[0].people, 53);
    assert_eq!(report.preconferences[4].territory, "Total");
    assert_eq!(report.preconferences[4].proposals, 1);
});
