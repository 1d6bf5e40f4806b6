//! Moções on both databases: proposed by a delegate present (phone) or typed at the table,
//! signatures from phones and from paper (a bad code refuses the whole list), admission only with
//! 20% of the delegates present, the window, the plenary vote, the published list.

use crate::support::{
    check_in_today, commission, conference_by_slug, register_at_desk, registration_form,
};
use app::Fail;
use app::participants::devices as dv;
use app::plenary::mocoes::{self as mc, MocaoInput, SettingsInput};
use app::plenary::regimento::CountInput;
use conferencia_app as app;
use domain::plenary::Outcome;
use store::entities::registration;
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn refusal<T: std::fmt::Debug>(r: Result<T, Fail>) -> String {
    match r {
        Err(Fail::Invalid(i)) => {
            i.0.iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" | ")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn delegate(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
    present: bool,
) -> registration::Model {
    let r = register_at_desk(db, com, &registration_form(name, "delegado", "usuarios")).await;
    if present {
        check_in_today(db, &r).await;
    }
    r
}

both_dbs!(mocoes_from_proposal_to_vote, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let mut present = Vec::new();
    for i in 0..10 {
        present.push(delegate(&db, &com, &format!("Delegado {i}"), true).await);
    }
    let absent = delegate(&db, &com, "Ausente", false).await;
    let pairing = dv::start_pairing(&db, Some(&com), SLUG, &present[0].code)
        .await
        .unwrap();
    let phone = dv::complete_pairing(&db, SLUG, &pairing.code)
        .await
        .unwrap();
    let pairing = dv::start_pairing(&db, Some(&com), SLUG, &present[1].code)
        .await
        .unwrap();
    let phone2 = dv::complete_pairing(&db, SLUG, &pairing.code)
        .await
        .unwrap();

    let input = MocaoInput {
        kind: "apoio".into(),
        addressee: "Câmara Municipal".into(),
        text: "Apoio à lei do SUAS municipal.".into(),
        author: String::new(),
    };
    let e = refusal(mc::propose_from_phone(&db, SLUG, Some(&phone), &MocaoInput::default()).await);
    assert!(
        e.contains("tipo") && e.contains("quem") && e.contains("texto"),
        "{e}"
    );
    assert!(matches!(
        mc::propose_from_phone(&db, SLUG, Some("x"), &input).await,
        Err(Fail::Forbidden)
    ));
    // Control characters in the text or the addressee: refused, nothing written.
    let control = MocaoInput {
        addressee: "Câmara\u{1b}[2J".into(),
        text: "Apoio\u{0}".into(),
        ..input.clone()
    };
    let e = refusal(mc::propose_from_phone(&db, SLUG, Some(&phone), &control).await);
    assert!(e.contains("caracteres de controle"), "{e}");
    // Outside the window: refused.
    mc::save_settings(
        &db,
        Some(&com),
        SLUG,
        &SettingsInput {
            opens_at: "2020-01-01T10:00".into(),
            closes_at: "2020-01-01T11:00".into(),
            pct: "20".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        refusal(mc::propose_from_phone(&db, SLUG, Some(&phone), &input).await).contains("terminou")
    );
    assert!(
        refusal(
            mc::save_settings(
                &db,
                Some(&com),
                SLUG,
                &SettingsInput {
                    opens_at: "2030-01-01T11:00".into(),
                    closes_at: "2030-01-01T10:00".into(),
                    pct: "0".into(),
                }
            )
            .await
        )
        .contains("1 a 100")
    );
    mc::save_settings(
        &db,
        Some(&com),
        SLUG,
        &SettingsInput {
            pct: "20".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let id = mc::propose_from_phone(&db, SLUG, Some(&phone), &input)
        .await
        .unwrap()
        .to_string();
    // A table-typed one from an absent delegate is refused.
    let e = refusal(
        mc::propose_at_table(
            &db,
            Some(&com),
            SLUG,
            &MocaoInput {
                author: absent.code.clone(),
                ..input.clone()
            },
        )
        .await,
    );
    assert!(e.contains("credenciados(as) hoje"), "{e}");

    // 10 present → 2 signatures needed; the author is one.
    let e = refusal(mc::decide(&db, Some(&com), SLUG, &id, true).await);
    assert!(e.contains("1 assinatura(s); são necessárias 2"), "{e}");
    assert!(
        refusal(mc::sign_from_phone(&db, SLUG, Some(&phone), &id).await).contains("já assinou")
    );
    mc::sign_from_phone(&db, SLUG, Some(&phone2), &id)
        .await
        .unwrap();
    // Paper: one bad code refuses the whole list.
    let e = refusal(
        mc::sign_on_paper(
            &db,
            Some(&com),
            SLUG,
            &id,
            &format!("{}\n{}", present[2].code, absent.code),
        )
        .await,
    );
    assert!(
        e.contains(&absent.code) && e.contains("Nada foi registrado"),
        "{e}"
    );
    let added = mc::sign_on_paper(
        &db,
        Some(&com),
        SLUG,
        &id,
        &format!(
            "{}\n{}, {}",
            present[2].code, present[3].code, present[1].code
        ),
    )
    .await
    .unwrap();
    assert_eq!(added, 2, "the phone's signature is not counted twice");
    let c = mc::console(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(
        (
            c.mocoes[0].signatures,
            c.mocoes[0].paper,
            c.mocoes[0].needed
        ),
        (4, 2, 2)
    );
    mc::decide(&db, Some(&com), SLUG, &id, true).await.unwrap();
    assert!(
        refusal(mc::sign_from_phone(&db, SLUG, Some(&phone2), &id).await)
            .contains("não recebe mais")
    );

    // The plenary vote (quorum: 10 of 11 credentialed... the absent one never checked in).
    let counts = CountInput {
        favor: "7".into(),
        against: "2".into(),
        abstain: "1".into(),
    };
    assert_eq!(
        mc::vote(&db, Some(&com), SLUG, &id, &counts).await.unwrap(),
        Outcome::Approved
    );
    assert!(refusal(mc::vote(&db, Some(&com), SLUG, &id, &counts).await).contains("admitida"));
    let cid = conference_by_slug(&db, SLUG).await.id;
    let published = mc::approved(&db, cid).await.unwrap();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].1, "Câmara Municipal");
    let board = app::plenary::regimento::board(&db, SLUG).await.unwrap();
    assert!(board.last.unwrap().subject.contains("Moção de apoio"));

    // A second moção, refused by the rapporteurs, cannot be voted.
    let id2 = mc::propose_from_phone(
        &db,
        SLUG,
        Some(&phone2),
        &MocaoInput {
            kind: "repudio".into(),
            ..input.clone()
        },
    )
    .await
    .unwrap()
    .to_string();
    mc::decide(&db, Some(&com), SLUG, &id2, false)
        .await
        .unwrap();
    assert!(refusal(mc::vote(&db, Some(&com), SLUG, &id2, &counts).await).contains("admitida"));
});
