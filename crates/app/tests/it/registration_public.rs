//! The public registration form on both databases: no category preselected, questions for
//! delegates ignored for anyone else, one registration per form sent (however many times, even at
//! the same moment) with its receipt behind an unguessable token, the typed "outra necessidade"
//! everywhere needs are shown, and a receipt e-mail with the conference's date and place.

use crate::support::{commission, conference_by_slug, invalid};
use app::participants::registration::{self as p, RegistrationInput, Source};
use conferencia_app as app;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel, PaginatorTrait};
use store::entities::{mail_outbox, registration, registration_attempt, registration_receipt};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn open_registration(db: &app::Db) {
    testkit::open_stage(
        db,
        SLUG,
        "registration",
        "Inscrições extras",
        chrono::Duration::days(1),
    )
    .await;
}

/// A guest who answered the delegates' questions anyway.
fn guest() -> RegistrationInput {
    RegistrationInput {
        name: "Rita Convidada".into(),
        category: "convidado".into(),
        segment: "trabalhadores".into(),
        seat: "titular".into(),
        origin: "indicado".into(),
        trust_position: true,
        email: "rita@example.org".into(),
        needs: vec!["libras".into()],
        needs_other: "Cão-guia no plenário".into(),
        consent: true,
        ..Default::default()
    }
}

async fn registrations(db: &app::Db) -> u64 {
    registration::Entity::find().count(&db.conn).await.unwrap()
}

both_dbs!(
    category_required_and_delegate_answers_ignored,
    |db| async move {
        app::demo::seed::seed(&db).await.unwrap();
        open_registration(&db).await;
        let before = registrations(&db).await;

        // No category: refused with its own message; nothing written.
        let mut none = guest();
        none.category = String::new();
        let e = invalid(p::register(&db, None, SLUG, &none, Source::SelfService).await);
        assert_eq!(
            e.message_for("category"),
            Some("Escolha a categoria: delegado(a), convidado(a) ou observador(a)")
        );
        // The delegates' answers are not checked before a category is chosen.
        assert!(e.message_for("trust_position").is_none(), "{e}");
        assert_eq!(registrations(&db).await, before);

        // A value no form offers is refused whatever the category (found by the API fuzzer).
        let mut bad_seat = guest();
        bad_seat.seat = "qualquer".into();
        let e = invalid(p::register(&db, None, SLUG, &bad_seat, Source::SelfService).await);
        assert!(e.message_for("seat").is_some(), "{e}");
        assert_eq!(registrations(&db).await, before);

        // A guest: titular, origin and trust position ignored (a worker with a trust position would
        // be refused as a delegate), none of them stored.
        let r = p::register(&db, None, SLUG, &guest(), Source::SelfService)
            .await
            .unwrap();
        let row = testkit::registration_by_code(&db, &r.code).await;
        assert_eq!(row.category, "convidado");
        assert_eq!(row.segment.as_deref(), Some("trabalhadores"));
        assert_eq!(
            (row.seat, row.origin, row.trust_position),
            (None, None, false)
        );

        // A delegate: the same answers are checked and kept.
        let mut delegate = guest();
        delegate.name = "Davi Delegado".into();
        delegate.email = String::new();
        delegate.category = "delegado".into();
        let e = invalid(p::register(&db, None, SLUG, &delegate, Source::SelfService).await);
        assert!(
            e.message_for("trust_position")
                .unwrap()
                .contains("cargo comissionado")
        );
        delegate.segment = "governo".into();
        let r = p::register(&db, None, SLUG, &delegate, Source::SelfService)
            .await
            .unwrap();
        let row = testkit::registration_by_code(&db, &r.code).await;
        assert_eq!(
            (
                row.seat.as_deref(),
                row.origin.as_deref(),
                row.trust_position
            ),
            (Some("titular"), Some("indicado"), true)
        );
    }
);

both_dbs!(one_registration_per_form_sent, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    open_registration(&db).await;
    let before = registrations(&db).await;
    let mut form = guest();
    form.email = String::new();
    form.form_key = p::new_form_key();

    // Sent twice in a row (a reload of the POST): one registration, the same receipt.
    let t1 = p::register_public(&db, SLUG, &form).await.unwrap();
    let t2 = p::register_public(&db, SLUG, &form).await.unwrap();
    assert_eq!(t1, t2);
    assert_eq!(t1.len(), 64);
    assert_eq!(registrations(&db).await, before + 1);

    // Sent twice at the same moment (a double click): still one.
    let mut other = guest();
    other.name = "Otávio Duplo".into();
    other.email = String::new();
    other.form_key = p::new_form_key();
    let (a, b) = tokio::join!(
        p::register_public(&db, SLUG, &other),
        p::register_public(&db, SLUG, &other)
    );
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(registrations(&db).await, before + 2);

    // With a CPF: the second sending is not taken for someone else's attempt.
    let mut with_cpf = guest();
    with_cpf.name = "Cida Com CPF".into();
    with_cpf.cpf = "529.982.247-25".into();
    with_cpf.form_key = p::new_form_key();
    let (a, b) = tokio::join!(
        p::register_public(&db, SLUG, &with_cpf),
        p::register_public(&db, SLUG, &with_cpf)
    );
    assert_eq!(a.unwrap(), b.unwrap());
    assert_eq!(registrations(&db).await, before + 3);
    assert_eq!(
        registration_attempt::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    // A new form with that CPF is an attempt, with a receipt of its own that looks the same.
    let mut squat = with_cpf.clone();
    squat.name = "Pessoa Que Tenta".into();
    squat.form_key = p::new_form_key();
    let ts = p::register_public(&db, SLUG, &squat).await.unwrap();
    let attempt = p::public_receipt(&db, SLUG, &ts).await.unwrap().unwrap();
    assert_eq!(attempt.display_name, "Pessoa Que Tenta");
    assert_eq!(attempt.category_label, "Convidado(a)");
    assert_eq!(
        attempt.needs,
        ["Intérprete de Libras", "Outra: Cão-guia no plenário"]
    );
    assert_eq!(registrations(&db).await, before + 3);

    // The receipt: read as often as wanted, writing nothing; the code of the registration made.
    let shown = p::public_receipt(&db, SLUG, &t1).await.unwrap().unwrap();
    let again = p::public_receipt(&db, SLUG, &t1).await.unwrap().unwrap();
    assert_eq!(shown.code, again.code);
    assert_eq!(shown.display_name, "Rita Convidada");
    let row = testkit::registration_by_code(&db, &shown.code).await;
    assert_eq!(row.name, "Rita Convidada");
    assert_eq!(registrations(&db).await, before + 3);
    // Unknown, malformed or another conference's: nothing.
    for t in ["0".repeat(64), "abc".into(), format!("{t1}0")] {
        assert!(p::public_receipt(&db, SLUG, &t).await.unwrap().is_none());
    }
    // Older than the hours the page keeps it: nothing.
    let mut old = registration_receipt::Entity::find_by_id(t1.clone())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .into_active_model();
    old.created_at = Set(chrono::Utc::now()
        - chrono::Duration::hours(p::RECEIPT_HOURS)
        - chrono::Duration::minutes(1));
    old.update(&db.conn).await.unwrap();
    assert!(p::public_receipt(&db, SLUG, &t1).await.unwrap().is_none());

    // Refused forms keep nothing: the same key, corrected, then registers.
    let mut refused = guest();
    refused.name = "Nina Nova".into();
    refused.email = String::new();
    refused.consent = false;
    refused.form_key = p::new_form_key();
    invalid(p::register_public(&db, SLUG, &refused).await);
    refused.consent = true;
    p::register_public(&db, SLUG, &refused).await.unwrap();
    assert_eq!(registrations(&db).await, before + 4);
});

both_dbs!(other_need_date_and_place_everywhere, |db| async move {
    app::demo::seed::seed(&db).await.unwrap();
    open_registration(&db).await;
    let mut c = conference_by_slug(&db, SLUG).await.into_active_model();
    c.venue = Set(Some("Centro Cultural Municipal".into()));
    c.venue_address = Set(Some("Rua Benedito Valadares, 100, Centro".into()));
    let c = c.update(&db.conn).await.unwrap();
    let days = if c.starts_on == c.ends_on {
        c.starts_on.format("%d/%m/%Y").to_string()
    } else {
        format!(
            "{} a {}",
            c.starts_on.format("%d/%m/%Y"),
            c.ends_on.format("%d/%m/%Y")
        )
    };

    let mut form = guest();
    form.form_key = p::new_form_key();
    let token = p::register_public(&db, SLUG, &form).await.unwrap();
    let r = p::public_receipt(&db, SLUG, &token).await.unwrap().unwrap();
    let other = "Outra: Cão-guia no plenário";
    assert_eq!(r.needs, ["Intérprete de Libras", other]);
    assert_eq!(r.days, days);
    assert_eq!(
        r.place.as_deref(),
        Some("Centro Cultural Municipal, Rua Benedito Valadares, 100, Centro")
    );

    // The e-mail: code, date, place and the needs, the typed one included.
    let mail = mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to_addr == "rita@example.org")
        .unwrap();
    for part in [
        r.code.as_str(),
        &format!("Data: {days}"),
        "Local: Centro Cultural Municipal, Rua Benedito Valadares, 100, Centro",
        "Acessibilidade pedida: Intérprete de Libras; Outra: Cão-guia no plenário",
    ] {
        assert!(mail.body.contains(part), "{part}: {}", mail.body);
    }

    // Staff see it in the list, the needs page and at the desk.
    let com = commission(&db).await;
    let list = p::listing(&db, Some(&com), SLUG, "Rita").await.unwrap();
    assert_eq!(list.rows.len(), 1);
    assert!(
        list.rows[0].needs.iter().any(|n| n == other),
        "{:?}",
        list.rows[0].needs
    );
    let needs = p::needs_report(&db, Some(&com), SLUG, "").await.unwrap();
    assert!(
        needs
            .other
            .iter()
            .any(|(name, what, _)| name == "Rita Convidada" && what == "Cão-guia no plenário")
    );
    let desk = app::participants::credentialing::search(&db, Some(&com), SLUG, "Rita Convidada")
        .await
        .unwrap();
    assert_eq!(desk.len(), 1);
    assert!(
        desk[0].needs.iter().any(|n| n == other),
        "{:?}",
        desk[0].needs
    );

    // Without a venue yet, the e-mail says so instead of inventing one.
    let mut c = c.into_active_model();
    c.venue = Set(None);
    c.venue_address = Set(None);
    c.update(&db.conn).await.unwrap();
    let mut later = guest();
    later.name = "Lia Depois".into();
    later.email = "lia@example.org".into();
    p::register(&db, None, SLUG, &later, Source::SelfService)
        .await
        .unwrap();
    let mail = mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.to_addr == "lia@example.org")
        .unwrap();
    assert!(
        mail.body
            .contains("Local: a comissão organizadora ainda não divulgou"),
        "{}",
        mail.body
    );
});
