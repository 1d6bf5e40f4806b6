//! Delegates' phones on both databases: pairing at the desk (delegates present today only),
//! single-use expiring codes, one phone per delegate, destaques from the phone.

use crate::support::{
    articulator, commission, conference_by_slug, invalid, register_code_at_desk,
    registration_by_code, registration_form,
};
use app::Fail;
use app::participants::devices as dv;
use app::plenary::regimento::{self as pl, DestaqueInput};
use conferencia_app as app;
use sea_orm::EntityTrait;
use store::entities::destaque;
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn register(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
    category: &str,
) -> String {
    register_code_at_desk(db, com, &registration_form(name, category, "usuarios")).await
}

async fn check_in_today(db: &app::Db, code: &str) {
    crate::support::check_in_today(db, &registration_by_code(db, code).await).await;
}

both_dbs!(pairing_and_destaques_from_the_phone, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let delegate = register(&db, &com, "Delegada do Celular", "delegado").await;
    let guest = register(&db, &com, "Convidado", "convidado").await;

    // Only for a delegate present today, only by credentialing staff.
    let e = invalid(dv::start_pairing(&db, Some(&com), SLUG, &delegate).await);
    assert!(e.message_for("code").unwrap().contains("Credencie"));
    check_in_today(&db, &delegate).await;
    check_in_today(&db, &guest).await;
    let e = invalid(dv::start_pairing(&db, Some(&com), SLUG, &guest).await);
    assert!(e.message_for("code").unwrap().contains("Só delegados"));
    let e = invalid(dv::start_pairing(&db, Some(&com), SLUG, "XXXX").await);
    assert!(e.message_for("code").is_some());
    assert!(matches!(
        dv::start_pairing(&db, Some(&art), SLUG, &delegate).await,
        Err(Fail::Forbidden)
    ));

    let pairing = dv::start_pairing(&db, Some(&com), SLUG, &delegate)
        .await
        .unwrap();
    assert_eq!(pairing.display_name, "Delegada do Celular");
    assert!(
        pairing
            .path
            .starts_with(&format!("/c/{SLUG}/celular?codigo="))
    );
    assert!(
        !pairing.path.contains(&delegate),
        "the registration code is not in the URL"
    );
    assert!(dv::qr_svg(&pairing.path).starts_with("<svg"));
    let (_, name) = dv::pairing_name(&db, SLUG, &pairing.code.to_lowercase())
        .await
        .unwrap();
    assert_eq!(name, "Delegada do Celular");
    let token = dv::complete_pairing(&db, SLUG, &pairing.code)
        .await
        .unwrap();
    // Single use.
    let e = invalid(dv::complete_pairing(&db, SLUG, &pairing.code).await);
    assert!(e.0[0].message.contains("não vale"));
    assert!(dv::pairing_name(&db, SLUG, "AAAA-BBBB-CCCC").await.is_err());

    let home = dv::home(&db, SLUG, Some(&token)).await.unwrap();
    assert!(home.present_today);
    assert!(!home.articles.is_empty());
    assert!(matches!(
        dv::home(&db, SLUG, Some("bogus")).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        dv::home(&db, SLUG, None).await,
        Err(Fail::Forbidden)
    ));

    // A destaque from the phone, with the same checks as at the table.
    let e = invalid(
        dv::flag(
            &db,
            SLUG,
            Some(&token),
            &DestaqueInput {
                article: "1".into(),
                kind: "modify".into(),
                ..Default::default()
            },
        )
        .await,
    );
    assert!(e.message_for("proposed_text").is_some());
    dv::flag(
        &db,
        SLUG,
        Some(&token),
        &DestaqueInput {
            article: "1".into(),
            kind: "suppress".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let d = destaque::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        d.raised_by.as_deref(),
        Some(format!("Delegada do Celular ({delegate})").as_str())
    );
    assert_eq!(d.recorded_by, None);
    let home = dv::home(&db, SLUG, Some(&token)).await.unwrap();
    assert_eq!(
        home.mine,
        vec![(1, "suprimir".to_owned(), "aguardando votação".to_owned())]
    );
    let console = pl::console(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(console.open_destaques, 1);

    // A new pairing replaces the first phone.
    let again = dv::start_pairing(&db, Some(&com), SLUG, &delegate)
        .await
        .unwrap();
    let token2 = dv::complete_pairing(&db, SLUG, &again.code).await.unwrap();
    assert!(matches!(
        dv::home(&db, SLUG, Some(&token)).await,
        Err(Fail::Forbidden)
    ));
    assert!(dv::home(&db, SLUG, Some(&token2)).await.is_ok());
    // An expired code does not pair.
    let late = dv::start_pairing(&db, Some(&com), SLUG, &delegate)
        .await
        .unwrap();
    store::entities::device_pairing::Entity::update_many()
        .col_expr(
            store::entities::device_pairing::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(&db.conn)
        .await
        .unwrap();
    assert!(dv::complete_pairing(&db, SLUG, &late.code).await.is_err());

    // Anonymized: the phone stops working and the destaque no longer names the person.
    app::participants::privacy::anonymize(&db, Some(&com), SLUG, &delegate)
        .await
        .unwrap();
    assert!(matches!(
        dv::home(&db, SLUG, Some(&token2)).await,
        Err(Fail::Forbidden)
    ));
    let d = destaque::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(d.raised_by, None);
});

async fn pair(db: &app::Db, com: &app::platform::auth::Me, code: &str) -> String {
    check_in_today(db, code).await;
    let pairing = dv::start_pairing(db, Some(com), SLUG, code).await.unwrap();
    dv::complete_pairing(db, SLUG, &pairing.code).await.unwrap()
}

both_dbs!(
    the_rapporteur_edits_their_group_from_the_phone,
    |db| async move {
        use app::plenary::groups::{self as g, ProposalInput};

        use store::entities::proposal;
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let c = conference_by_slug(&db, SLUG).await;
        let eixos = testkit::eixos(&db, c.id).await;
        let rel = register(&db, &com, "Relatora do Grupo A", "delegado").await;
        let member = register(&db, &com, "Membro do Grupo A", "delegado").await;
        let other_rel = register(&db, &com, "Relator do Grupo B", "delegado").await;
        let ga = g::create_group(&db, Some(&com), SLUG, &eixos[0].id.to_string(), "Grupo A")
            .await
            .unwrap()
            .to_string();
        let gb = g::create_group(&db, Some(&com), SLUG, &eixos[1].id.to_string(), "Grupo B")
            .await
            .unwrap()
            .to_string();
        for code in [&rel, &member] {
            g::add_member(&db, Some(&com), SLUG, &ga, code)
                .await
                .unwrap();
        }
        g::add_member(&db, Some(&com), SLUG, &gb, &other_rel)
            .await
            .unwrap();
        g::set_roles(&db, Some(&com), SLUG, &ga, &member, &rel)
            .await
            .unwrap();
        g::set_roles(&db, Some(&com), SLUG, &gb, "", &other_rel)
            .await
            .unwrap();
        let input = |text: &str, level: &str, kind: &str| ProposalInput {
            text: text.into(),
            level: level.into(),
            kind: kind.into(),
            origin: String::new(),
            continues: String::new(),
        };
        let a1 = g::add_proposal(
            &db,
            Some(&com),
            SLUG,
            &ga,
            &input("Primeira", "municipal", ""),
        )
        .await
        .unwrap()
        .to_string();
        let a2 = g::add_proposal(
            &db,
            Some(&com),
            SLUG,
            &ga,
            &input("Segunda", "municipal", ""),
        )
        .await
        .unwrap()
        .to_string();
        let b1 = g::add_proposal(
            &db,
            Some(&com),
            SLUG,
            &gb,
            &input("Do grupo B", "estadual", ""),
        )
        .await
        .unwrap()
        .to_string();

        let t_rel = pair(&db, &com, &rel).await;
        let t_member = pair(&db, &com, &member).await;
        let t_other = pair(&db, &com, &other_rel).await;

        // Only the rapporteur's phone shows the section, with their group's proposals in order.
        let home = dv::home(&db, SLUG, Some(&t_rel)).await.unwrap();
        let report = home.report.expect("the rapporteur sees the group's report");
        assert_eq!(report.name, "Grupo A");
        let texts: Vec<&str> = report.proposals.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Primeira", "Segunda"]);
        assert!(
            dv::home(&db, SLUG, Some(&t_member))
                .await
                .unwrap()
                .report
                .is_none()
        );

        // The rapporteur edits text, level and kind of their group's proposal, and orders them.
        dv::report_edit(
            &db,
            SLUG,
            Some(&t_rel),
            &a1,
            &input("Primeira, corrigida", "federal", "recommendation"),
        )
        .await
        .unwrap();
        let p1 = proposal::Entity::find_by_id(a1.parse::<uuid::Uuid>().unwrap())
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (p1.text.as_str(), p1.level.as_str(), p1.kind.as_str()),
            ("Primeira, corrigida", "federal", "recommendation")
        );
        let e = invalid(dv::report_edit(&db, SLUG, Some(&t_rel), &a1, &input("  ", "x", "")).await);
        assert!(e.message_for("text").is_some() && e.message_for("level").is_some());
        dv::report_move(&db, SLUG, Some(&t_rel), &a2, true)
            .await
            .unwrap();
        let home = dv::home(&db, SLUG, Some(&t_rel)).await.unwrap();
        let texts: Vec<String> = home
            .report
            .unwrap()
            .proposals
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(texts, ["Segunda", "Primeira, corrigida"]);

        // Another group's proposal, a member who is not the rapporteur, another group's
        // rapporteur, an unpaired phone: refused, nothing changed.
        for (token, id) in [
            (Some(t_rel.as_str()), b1.as_str()),
            (Some(t_member.as_str()), a1.as_str()),
            (Some(t_other.as_str()), a1.as_str()),
            (None, a1.as_str()),
            (Some("not-a-token"), a1.as_str()),
        ] {
            assert!(matches!(
                dv::report_edit(&db, SLUG, token, id, &input("Invadido", "municipal", "")).await,
                Err(Fail::Forbidden)
            ));
            assert!(matches!(
                dv::report_move(&db, SLUG, token, id, true).await,
                Err(Fail::Forbidden)
            ));
        }
        for id in [&a1, &b1] {
            let p = proposal::Entity::find_by_id(id.parse::<uuid::Uuid>().unwrap())
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap();
            assert_ne!(p.text, "Invadido");
        }
        // Once the group voted it, the proposal no longer changes, not even by the rapporteur.
        g::group_vote(
            &db,
            Some(&com),
            SLUG,
            &a1,
            &app::plenary::regimento::CountInput {
                favor: "2".into(),
                against: String::new(),
                abstain: String::new(),
            },
        )
        .await
        .unwrap();
        let e = invalid(
            dv::report_edit(
                &db,
                SLUG,
                Some(&t_rel),
                &a1,
                &input("Tarde", "municipal", ""),
            )
            .await,
        );
        assert!(e.message_for("form").is_some());
    }
);
