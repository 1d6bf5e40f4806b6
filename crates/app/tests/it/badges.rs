//! Badges, attendance lists, certificates and anonymization on both databases: signed tokens
//! (round trip, forgery, no personal data, one key for every instance), the PDFs, certificates
//! only for people credentialed, the public verification, authorization.

use crate::support::{articulator, commission, conference_by_slug, invalid, register_at_desk};
use app::Fail;
use app::participants::registration::{self as p, RegistrationInput};
use app::platform::tokens::{self, TokenError};
use app::setup::documents::{self as docs, BadgeSelection};
use base64::Engine;
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use store::entities::{checkin, conference, registration, registration_sensitive};
use testkit::both_dbs;

fn person(name: &str, cpf: &str) -> RegistrationInput {
    RegistrationInput {
        name: name.into(),
        category: "delegado".into(),
        segment: "usuarios".into(),
        cpf: cpf.into(),
        quotas: vec!["pessoa_negra".into()],
        consent: true,
        sensitive_consent: true,
        ..Default::default()
    }
}

async fn register(
    db: &app::Db,
    who: &app::platform::auth::Me,
    name: &str,
    cpf: &str,
) -> registration::Model {
    register_at_desk(db, who, &person(name, cpf)).await
}

async fn demo_conference(db: &app::Db) -> conference::Model {
    conference_by_slug(db, app::demo::seed::DEMO_SLUG).await
}

async fn check_in(db: &app::Db, r: &registration::Model, day: chrono::NaiveDate) {
    checkin::Entity::insert(checkin::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(r.conference_id),
        registration_id: Set(r.id),
        day: Set(day),
        checked_at: Set(chrono::Utc::now()),
        checked_by: Set(None),
        replaces_registration_id: Set(None),
        method: Set("code".into()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

/// The number of pages pdfinfo reads (None where poppler is missing outside CI).
fn pages(pdf: &[u8]) -> Option<usize> {
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let info = crate::support::poppler("pdfinfo", &[], pdf)?;
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
}

both_dbs!(badge_tokens_are_signed_opaque_and_shared, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    // Two instances asking at once for the key on a fresh database agree on one key.
    let (a, b) = tokio::join!(tokens::badge_key(&db), tokens::badge_key(&db));
    let (a, b) = (a.unwrap(), b.unwrap());
    let com = commission(&db).await;
    let r = register(&db, &com, "Joana Conceição Araújo", "111.444.777-35").await;
    let t = a.sign(r.id);
    assert_eq!(
        b.verify(&t),
        Ok(r.id),
        "both instances verify each other's tokens"
    );
    assert_eq!(
        tokens::verify(&db, &t).await.unwrap(),
        Ok(r.id),
        "the stored key is the one used"
    );
    // Nothing personal in it: neither in the text nor in the decoded bytes.
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&t)
        .unwrap();
    for needle in ["11144477735", "Joana", "Araújo", r.code.as_str()] {
        assert!(!t.contains(needle), "token holds {needle}");
        assert!(
            !raw.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "token bytes hold {needle}"
        );
    }
    // Forged: another id with a made-up tag, or one byte changed.
    let mut forged = raw.clone();
    forged[5] ^= 0x40;
    let forged = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(forged);
    let e = tokens::verify(&db, &forged).await.unwrap().unwrap_err();
    assert_eq!(e, TokenError::Forged);
    assert!(e.to_string().contains("assinatura inválida"), "{e}");
    assert_eq!(
        tokens::verify(&db, "%%%").await.unwrap(),
        Err(TokenError::Garbled)
    );
    // Where it is used: active registrations of this conference only.
    let c = demo_conference(&db).await;
    assert_eq!(
        tokens::registration_for_token(&db, c.id, &t)
            .await
            .unwrap()
            .unwrap()
            .id,
        r.id
    );
    app::participants::privacy::anonymize(&db, Some(&com), app::demo::seed::DEMO_SLUG, &r.code)
        .await
        .unwrap();
    let e = tokens::registration_for_token(&db, c.id, &t)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(e, TokenError::Revoked);
    assert!(e.to_string().contains("cancelada ou anonimizada"));
});

both_dbs!(badge_sheets_and_attendance_lists, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    let com = commission(&db).await;
    let mut codes = Vec::new();
    for i in 0..9 {
        codes.push(
            register(&db, &com, &format!("Pessoa Número {i}"), "")
                .await
                .code,
        );
    }
    let sel = BadgeSelection {
        codes: codes.join(", "),
        ..Default::default()
    };
    let (pdf, n) = docs::badges_pdf(&db, Some(&com), slug, &sel).await.unwrap();
    assert_eq!(n, 9);
    if let Some(n) = pages(&pdf) {
        assert_eq!(n, 2, "8 badges a sheet");
    }
    assert!(
        pdf.len() < 400_000,
        "subset fonts keep it small (the full Noto Sans faces alone are 1.2 MB): {}",
        pdf.len()
    );
    // Printed by typst: tagged, each badge with its name, code and the QR's description.
    crate::support::assert_tagged(&pdf, &["Figure"]);
    if let Some(text) = crate::support::pdf_text(&pdf) {
        for want in [
            "Pessoa Número 0",
            "Pessoa Número 8",
            &codes[8],
            "Segmento: Usuários(as)",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
    }
    let (one, n) = docs::badges_pdf(
        &db,
        Some(&com),
        slug,
        &BadgeSelection {
            codes: codes[0].to_lowercase(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(n, 1);
    assert!(pages(&one).is_none_or(|p| p == 1));
    // Bad selections are 422 with the reason.
    let e = invalid(
        docs::badges_pdf(
            &db,
            Some(&com),
            slug,
            &BadgeSelection {
                codes: "XXXX".into(),
                ..Default::default()
            },
        )
        .await,
    );
    assert!(e.message_for("codigos").unwrap().contains("XXXX"));
    let e = invalid(
        docs::badges_pdf(
            &db,
            Some(&com),
            slug,
            &BadgeSelection {
                unit: uuid::Uuid::now_v7().to_string(),
                ..Default::default()
            },
        )
        .await,
    );
    assert!(e.message_for("unidade").is_some());
    // Who may print.
    assert!(matches!(
        docs::badges_pdf(&db, None, slug, &sel).await,
        Err(Fail::NeedsLogin)
    ));
    let art = articulator(&db).await;
    assert!(matches!(
        docs::badges_pdf(&db, Some(&art), slug, &sel).await,
        Err(Fail::Forbidden)
    ));

    // Attendance list of a conference day: 9 people, 20 a page.
    let c = demo_conference(&db).await;
    let (pdf, day) = docs::attendance_pdf(&db, Some(&com), slug, &c.starts_on.to_string())
        .await
        .unwrap();
    assert_eq!(day, c.starts_on);
    assert!(pages(&pdf).is_none_or(|p| p == 1));
    // Printed by typst: tagged, the people and their signature column as a table.
    crate::support::assert_tagged(&pdf, &["H1", "Table", "TH", "TD"]);
    if let Some(text) = crate::support::pdf_text(&pdf) {
        assert!(text.contains("Lista de presença do dia"), "{text}");
        assert!(
            text.contains("Pessoa Número 0") && text.contains("Pessoa Número 8"),
            "{text}"
        );
        assert!(
            text.contains("Assinatura") && text.contains("Página 1 de 1"),
            "{text}"
        );
    }
    let e = invalid(docs::attendance_pdf(&db, Some(&com), slug, "2031-01-01").await);
    assert!(
        e.message_for("dia")
            .unwrap()
            .contains("dias da conferência")
    );
    let e = invalid(docs::attendance_pdf(&db, Some(&com), slug, "ontem").await);
    assert!(e.message_for("dia").unwrap().contains("AAAA-MM-DD"));
    assert!(matches!(
        docs::attendance_pdf(&db, Some(&art), slug, &c.starts_on.to_string()).await,
        Err(Fail::Forbidden)
    ));
});

both_dbs!(certificates_only_for_people_present, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    let com = commission(&db).await;
    let present = register(&db, &com, "Ana Presente", "").await;
    let absent = register(&db, &com, "Beto Ausente", "").await;
    let c = demo_conference(&db).await;
    // Nobody credentialed yet: nothing to issue, nothing written.
    let e = invalid(app::participants::certificates::issue(&db, Some(&com), slug, "").await);
    assert!(
        e.message_for("horas")
            .unwrap()
            .contains("pelo menos um dia")
    );
    // Present on two days: the demo's conference day and the day after.
    check_in(&db, &present, c.starts_on).await;
    check_in(&db, &present, c.starts_on.succ_opt().unwrap()).await;
    let e = invalid(app::participants::certificates::issue(&db, Some(&com), slug, "30").await);
    assert!(e.message_for("horas").unwrap().contains("1 a 24"));
    assert_eq!(
        app::participants::certificates::count(&db, c.id)
            .await
            .unwrap(),
        0
    );
    // Only the commission issues.
    let art = articulator(&db).await;
    assert!(matches!(
        app::participants::certificates::issue(&db, Some(&art), slug, "6").await,
        Err(Fail::Forbidden)
    ));
    let out = app::participants::certificates::issue(&db, Some(&com), slug, "6")
        .await
        .unwrap();
    assert_eq!((out.created, out.updated), (1, 0));
    // Again: nothing new, same code.
    let out = app::participants::certificates::issue(&db, Some(&com), slug, "6")
        .await
        .unwrap();
    assert_eq!((out.created, out.updated), (0, 0));
    let o = app::participants::certificates::overview(&db, Some(&com), slug)
        .await
        .unwrap();
    assert_eq!(o.issued.len(), 1);
    assert_eq!(o.issued[0].registration_code, present.code);
    assert!(!o.issued.iter().any(|x| x.registration_code == absent.code));
    let code = o.issued[0].code.clone();
    assert_eq!(code.len(), 14);

    // The public verification, typed loosely; no CPF or contact in what it returns.
    let v = app::participants::certificates::verify(&db, &code.to_lowercase().replace('-', " "))
        .await
        .unwrap();
    assert_eq!(v.display_name, "Ana Presente");
    assert_eq!(v.hours, 12, "two days × 6 h");
    assert_eq!(v.conference_title, c.title);
    let json = serde_json::to_string(&v).unwrap();
    assert!(!json.contains("cpf") && !json.contains('@'));
    assert!(matches!(
        app::participants::certificates::verify(&db, "ZZZZ-ZZZZ-ZZZZ").await,
        Err(Fail::NotFound)
    ));
    assert!(matches!(
        app::participants::certificates::verify(&db, &present.code).await,
        Err(Fail::NotFound)
    ));
    let (pdf, _) = app::participants::certificates::certificate_pdf(&db, &code)
        .await
        .unwrap();
    assert!(pages(&pdf).is_none_or(|p| p == 1));
    // Printed by typst like the report: tagged (PDF/UA-1), the person and the code as text.
    assert!(pdf.windows(7).any(|w| w == b"pdfuaid"), "PDF/UA-1 declared");
    crate::support::assert_tagged(&pdf, &["H1"]);
    if let Some(text) = crate::support::pdf_text(&pdf) {
        assert!(text.contains("CERTIFICADO DE PARTICIPAÇÃO"), "{text}");
        assert!(text.contains("Ana Presente"), "{text}");
        assert!(
            text.contains(&format!("Código de verificação: {code}")),
            "{text}"
        );
    }

    // Anonymized: the certificate no longer verifies.
    app::participants::privacy::anonymize(&db, Some(&com), slug, &present.code)
        .await
        .unwrap();
    assert!(matches!(
        app::participants::certificates::verify(&db, &code).await,
        Err(Fail::NotFound)
    ));
});

both_dbs!(
    anonymization_clears_personal_data_keeps_counts,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let slug = app::demo::seed::DEMO_SLUG;
        let com = commission(&db).await;
        let r = register(&db, &com, "Carla Souza", "111.444.777-35").await;
        let c = demo_conference(&db).await;
        let before = p::count(&db, &c).await.unwrap();
        let art = articulator(&db).await;
        assert!(matches!(
            app::participants::privacy::anonymize(&db, Some(&art), slug, &r.code).await,
            Err(Fail::Forbidden)
        ));
        let e = invalid(app::participants::privacy::anonymize(&db, Some(&com), slug, "nada").await);
        assert!(e.message_for("codigo").is_some());
        app::participants::privacy::anonymize(&db, Some(&com), slug, &r.code)
            .await
            .unwrap();
        let after = registration::Entity::find_by_id(r.id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(after.status, registration::RegistrationStatus::Anonymized);
        assert_eq!(after.name, app::participants::privacy::ANONYMIZED_NAME);
        assert!(after.cpf.is_none() && after.email.is_none() && after.phone.is_none());
        assert!(after.birth_date.is_none() && after.social_name.is_none());
        assert_eq!(
            after.category, r.category,
            "counts by category still add up"
        );
        assert_eq!(
            registration_sensitive::Entity::find_by_id(r.id)
                .count(&db.conn)
                .await
                .unwrap(),
            0
        );
        assert_eq!(p::count(&db, &c).await.unwrap(), before);
        let e =
            invalid(app::participants::privacy::anonymize(&db, Some(&com), slug, &r.code).await);
        assert!(e.message_for("codigo").unwrap().contains("já foi"));
        // The staff list leaves it out.
        let l = p::listing(&db, Some(&com), slug, "").await.unwrap();
        assert!(!l.rows.iter().any(|x| x.code == r.code));
    }
);
