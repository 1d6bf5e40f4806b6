//! LGPD self-service on both databases: the proof of identity (code + CPF or date of birth; one
//! answer for every wrong proof; rate limit per code), code + e-mail sending a single-use link
//! instead of opening anything, everything held shown and exported, people without any
//! proof data, correction requests answered by staff with an e-mail, and anonymization wiping the
//! requests' texts.

use crate::support::{articulator, commission, invalid, secretariat};
use app::Fail;
use app::participants::my_data::{self as md, CorrectionInput, Outcome, ProofInput};
use app::participants::registration::{self as p, RegistrationInput, Source};
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{checkin, data_access_link, data_request, mail_outbox, registration};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;
const SITE: &str = "https://conf.example.org";

fn maria() -> RegistrationInput {
    RegistrationInput {
        name: "Maria da Conceição Silva".into(),
        social_name: "Maria Flor".into(),
        category: "delegado".into(),
        segment: "usuarios".into(),
        cpf: "111.444.777-35".into(),
        email: "Maria@Example.org".into(),
        birth_date: "1980-03-15".into(),
        needs: vec!["libras".into()],
        quotas: vec!["pessoa_negra".into()],
        consent: true,
        sensitive_consent: true,
        ..Default::default()
    }
}

fn name_only(name: &str) -> RegistrationInput {
    RegistrationInput {
        name: name.into(),
        category: "delegado".into(),
        segment: "usuarios".into(),
        consent: true,
        ..Default::default()
    }
}

async fn register(db: &app::Db, i: &RegistrationInput) -> p::Receipt {
    let com = commission(db).await;
    p::register(db, Some(&com), SLUG, i, Source::Assisted)
        .await
        .unwrap()
}

async fn prove(db: &app::Db, code: &str, proof: &str) -> Outcome {
    md::prove(
        db,
        SITE,
        SLUG,
        &ProofInput {
            code: code.into(),
            proof: proof.into(),
        },
    )
    .await
    .unwrap()
}

fn granted(o: Outcome) -> md::MyData {
    match o {
        Outcome::Granted(d) => *d,
        other => panic!("expected access, got {other:?}"),
    }
}

async fn registration_of(db: &app::Db, code: &str) -> registration::Model {
    registration::Entity::find()
        .filter(registration::Column::Code.eq(code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

both_dbs!(everything_held_is_shown_and_exported, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = register(&db, &maria()).await;
    assert!(r.can_self_serve);
    let reg = registration_of(&db, &r.code).await;
    checkin::Entity::insert(checkin::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(reg.conference_id),
        registration_id: Set(reg.id),
        day: Set(chrono::NaiveDate::from_ymd_opt(2025, 7, 10).unwrap()),
        checked_at: Set(chrono::Utc::now()),
        checked_by: Set(None),
        replaces_registration_id: Set(None),
        method: Set("code".into()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    let com = commission(&db).await;
    app::participants::certificates::issue(&db, Some(&com), SLUG, "6")
        .await
        .unwrap();

    // The CPF and the date of birth prove it, however typed; the code too.
    for proof in ["111.444.777-35", "11144477735", "15/03/1980", "1980-03-15"] {
        granted(prove(&db, &r.code, proof).await);
    }
    let d = granted(prove(&db, &r.code.to_lowercase().replace('-', " "), "15031980").await);
    assert_eq!(d.person.code, r.code);
    assert_eq!(d.person.name, "Maria da Conceição Silva");
    assert_eq!(d.person.social_name.as_deref(), Some("Maria Flor"));
    assert_eq!(d.person.cpf.as_deref(), Some("111.444.777-35"));
    assert_eq!(d.cpf_masked.as_deref(), Some("***.444.777-**"));
    assert_eq!(d.person.birth_date.as_deref(), Some("15/03/1980"));
    assert_eq!(d.quotas.as_ref().unwrap().groups.len(), 1);
    assert_eq!(
        d.consent.version,
        domain::participants::PRIVACY_NOTICE_VERSION
    );
    assert_eq!(d.checkins.len(), 1);
    assert_eq!(d.checkins[0].day, "10/07/2025");
    assert_eq!(d.certificates.len(), 1);
    assert_eq!(d.certificates[0].hours, 6);
    assert!(d.has_email);

    // The export: every section, Portuguese keys, the whole CPF; the access token is not in it.
    let json = serde_json::to_value(&d).unwrap();
    for key in [
        "conferencia",
        "inscricao",
        "autodeclaracao_de_cotas",
        "consentimento",
        "credenciamentos",
        "certificados",
        "pedidos_sobre_os_dados",
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["inscricao"]["cpf"], "111.444.777-35");
    assert!(!json.to_string().contains(&d.access));
    // Nothing personal in Debug output.
    assert_eq!(format!("{d:?}"), "MyData { .. }");

    // The access opens the same data again; a changed one does not.
    let again = md::view(&db, SLUG, &d.access).await.unwrap();
    assert_eq!(again.person.code, r.code);
    let mut bad = d.access.clone().into_bytes();
    bad[3] = if bad[3] == b'A' { b'B' } else { b'A' };
    let e = invalid(md::view(&db, SLUG, &String::from_utf8(bad).unwrap()).await);
    assert_eq!(e.message_for("form"), Some(md::EXPIRED));
    invalid(md::view(&db, SLUG, "").await);
    // Unknown conference.
    assert!(matches!(
        md::prove(&db, SITE, "nao-existe", &ProofInput::default()).await,
        Err(Fail::NotFound)
    ));
});

both_dbs!(every_wrong_proof_gets_the_same_answer, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = register(&db, &maria()).await;
    let mut other = maria();
    other.name = "Joana Souza".into();
    other.social_name = String::new();
    other.cpf = "529.982.247-25".into();
    other.email = "joana@example.org".into();
    other.birth_date = "1990-01-02".into();
    let o = register(&db, &other).await;

    // Blank fields are form errors (nothing compared, nothing counted).
    let e = invalid(md::prove(&db, SITE, SLUG, &ProofInput::default()).await);
    assert!(e.message_for("codigo").is_some() && e.message_for("prova").is_some());

    // Wrong data with the right code, and right data with a wrong code: all the same.
    for (code, proof) in [
        (r.code.as_str(), "529.982.247-25"),
        (r.code.as_str(), "02/01/1990"),
        (o.code.as_str(), "111.444.777-35"),
        ("ZZZZ-ZZZZ", "111.444.777-35"),
        ("não é código", "15/03/1980"),
    ] {
        assert!(
            matches!(prove(&db, code, proof).await, Outcome::Denied),
            "{code} / {proof}"
        );
    }
    // The right pair still works (two failures on this code, under the limit).
    granted(prove(&db, &r.code, "15/03/1980").await);
    // The message never names the part that was wrong.
    for word in ["CPF inválido", "código inválido", "não encontrad"] {
        assert!(!md::DENIED.contains(word));
    }
    // An anonymized registration cannot be opened.
    let com = commission(&db).await;
    app::participants::privacy::anonymize(&db, Some(&com), SLUG, &o.code)
        .await
        .unwrap();
    assert!(matches!(
        prove(&db, &o.code, "529.982.247-25").await,
        Outcome::Denied
    ));
});

both_dbs!(failed_attempts_are_limited_per_code, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = register(&db, &maria()).await;
    let mut other = maria();
    other.cpf = "529.982.247-25".into();
    other.email = String::new();
    let o = register(&db, &other).await;
    for _ in 0..app::platform::accounts::LOGIN_LIMIT {
        assert!(matches!(
            prove(&db, &r.code, "01/01/2000").await,
            Outcome::Denied
        ));
    }
    // Over the limit: refused even with the right data, typed in another way.
    assert!(matches!(
        prove(&db, &r.code, "111.444.777-35").await,
        Outcome::TooManyAttempts
    ));
    assert!(matches!(
        prove(&db, &r.code.to_lowercase(), "111.444.777-35").await,
        Outcome::TooManyAttempts
    ));
    // Other codes are not affected (the limit is per conference and code, not per CPF).
    granted(prove(&db, &o.code, "529.982.247-25").await);
    assert!(!md::TOO_MANY.contains(&r.code));
});

both_dbs!(
    people_without_proof_data_are_sent_to_the_secretariat,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let r = register(&db, &name_only("Sebastião Sem Documento")).await;
        assert!(!r.can_self_serve);
        for proof in [
            "111.444.777-35",
            "01/01/1970",
            "\u{0}absent",
            "Sebastião Sem Documento",
        ] {
            assert!(
                matches!(prove(&db, &r.code, proof).await, Outcome::Denied),
                "{proof}"
            );
        }
        // An e-mail gets the usual answer, and nothing is sent.
        let sent = links_mailed(&db).await;
        assert!(matches!(
            prove(&db, &r.code, "sebastiao@example.org").await,
            Outcome::LinkSent
        ));
        assert_eq!(links_mailed(&db).await, sent);
        assert!(md::DENIED.contains("secretaria do conselho ou o CRAS"));
    }
);

both_dbs!(correction_request_is_answered_by_staff, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = register(&db, &maria()).await;
    let mut no_mail = maria();
    no_mail.cpf = "529.982.247-25".into();
    no_mail.email = String::new();
    let n = register(&db, &no_mail).await;
    let d = granted(prove(&db, &r.code, "111.444.777-35").await);
    let outbox_before = mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .len();

    // Validation: text required, fields from the list, access checked.
    let e = invalid(
        md::request_correction(
            &db,
            SLUG,
            &d.access,
            &CorrectionInput {
                fields: vec!["telepatia".into()],
                text: "  ".into(),
            },
        )
        .await,
    );
    assert!(e.message_for("texto").is_some() && e.message_for("campos").is_some());
    let e = invalid(
        md::request_correction(
            &db,
            SLUG,
            "forjado",
            &CorrectionInput {
                fields: vec![],
                text: "Meu nome está errado".into(),
            },
        )
        .await,
    );
    assert_eq!(e.message_for("form"), Some(md::EXPIRED));

    let d = md::request_correction(
        &db,
        SLUG,
        &d.access,
        &CorrectionInput {
            fields: vec!["nome_social".into(), "telefone".into()],
            text: "Meu nome social é Maria Flor de Lis.".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(d.requests.len(), 1);
    assert_eq!(d.requests[0].status, "aberto");
    assert!(d.requests[0].text.contains("Nome social, Telefone"));
    assert!(d.requests[0].text.contains("Maria Flor de Lis"));
    let dn = granted(prove(&db, &n.code, "529.982.247-25").await);
    md::request_correction(
        &db,
        SLUG,
        &dn.access,
        &CorrectionInput {
            fields: vec![],
            text: "Meu telefone mudou.".into(),
        },
    )
    .await
    .unwrap();

    // Staff: who may see them.
    let art = articulator(&db).await;
    assert!(matches!(
        md::requests(&db, Some(&art), SLUG).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        md::requests(&db, None, SLUG).await,
        Err(Fail::NeedsLogin)
    ));
    let sec = secretariat(&db).await;
    let list = md::requests(&db, Some(&sec), SLUG).await.unwrap();
    assert_eq!((list.open.len(), list.handled.len()), (2, 0));
    let first = list.open[0].clone();
    assert_eq!(first.registration_code, r.code);
    assert!(first.has_email);
    assert!(matches!(
        md::handle(&db, Some(&art), SLUG, &first.id, "feito").await,
        Err(Fail::Forbidden)
    ));
    let e = invalid(md::handle(&db, Some(&sec), SLUG, &first.id, " ").await);
    assert!(e.message_for(&md::response_field(&first.id)).is_some());
    assert!(matches!(
        md::handle(
            &db,
            Some(&sec),
            SLUG,
            &uuid::Uuid::now_v7().to_string(),
            "x"
        )
        .await,
        Err(Fail::NotFound)
    ));
    md::handle(
        &db,
        Some(&sec),
        SLUG,
        &first.id,
        "Nome social corrigido para Maria Flor de Lis.",
    )
    .await
    .unwrap();
    // Only once.
    invalid(md::handle(&db, Some(&sec), SLUG, &first.id, "de novo").await);

    // The person gets an e-mail with the answer and sees it on the page.
    let mails = mail_outbox::Entity::find().all(&db.conn).await.unwrap();
    assert_eq!(mails.len(), outbox_before + 1);
    let mail = mails.last().unwrap();
    assert_eq!(mail.to_addr, "maria@example.org");
    assert!(mail.body.contains("Maria Flor de Lis"), "{}", mail.body);
    let d = granted(prove(&db, &r.code, "15/03/1980").await);
    assert_eq!(d.requests[0].status, "atendido");
    assert_eq!(
        d.requests[0].response.as_deref(),
        Some("Nome social corrigido para Maria Flor de Lis.")
    );
    let list = md::requests(&db, Some(&sec), SLUG).await.unwrap();
    assert_eq!((list.open.len(), list.handled.len()), (1, 1));
    assert!(list.handled[0].handled_by.is_some());

    // Without e-mail: answered on the page only.
    let second = list.open[0].id.clone();
    let com = commission(&db).await;
    md::handle(&db, Some(&com), SLUG, &second, "Telefone atualizado.")
        .await
        .unwrap();
    assert_eq!(
        mail_outbox::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .len(),
        outbox_before + 1
    );

    // Anonymization wipes the texts of that person's requests.
    app::participants::privacy::anonymize(&db, Some(&com), SLUG, &r.code)
        .await
        .unwrap();
    let reg = registration_of(&db, &r.code).await;
    let rows = data_request::Entity::find()
        .filter(data_request::Column::RegistrationId.eq(reg.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].text, "");
    assert_eq!(rows[0].response, None);
    // The other person's request is untouched.
    let other = md::requests(&db, Some(&com), SLUG).await.unwrap();
    assert!(
        other
            .handled
            .iter()
            .any(|q| q.text == "Meu telefone mudou.")
    );
});

both_dbs!(open_requests_are_capped, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = register(&db, &maria()).await;
    let d = granted(prove(&db, &r.code, "15/03/1980").await);
    for i in 0..md::MAX_OPEN_REQUESTS {
        md::request_correction(
            &db,
            SLUG,
            &d.access,
            &CorrectionInput {
                fields: vec![],
                text: format!("Pedido {i}"),
            },
        )
        .await
        .unwrap();
    }
    let e = invalid(
        md::request_correction(
            &db,
            SLUG,
            &d.access,
            &CorrectionInput {
                fields: vec![],
                text: "Mais um".into(),
            },
        )
        .await,
    );
    assert!(
        e.message_for("texto")
            .unwrap()
            .contains("esperando resposta")
    );
});

/// The raw token of the last link e-mailed to `to`.
async fn link_token(db: &app::Db, to: &str) -> String {
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq(to))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|m| m.body.contains("/meus-dados/link?token="))
        .expect("a link e-mailed");
    let start = format!("{SITE}/c/{SLUG}/meus-dados/link?token=");
    let i = mail.body.find(&start).expect("the link") + start.len();
    mail.body[i..i + 64].to_owned()
}

async fn links_mailed(db: &app::Db) -> usize {
    mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .iter()
        .filter(|m| m.body.contains("/meus-dados/link?token="))
        .count()
}

// The code is worn on the badge and an e-mail is often known to colleagues, so code +
// e-mail opens nothing (no CPF, no quota self-declaration): it e-mails a link, single use, short
// lived, stored hashed. The answer is the same whether or not the pair matched.
both_dbs!(email_sends_a_single_use_link_instead, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let r = register(&db, &maria()).await;
    let before = links_mailed(&db).await;

    // The right pair: no data on the page, a link by e-mail.
    assert!(matches!(
        prove(&db, &r.code, " Maria@Example.ORG ").await,
        Outcome::LinkSent
    ));
    assert_eq!(links_mailed(&db).await, before + 1);
    let token = link_token(&db, "maria@example.org").await;
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    // Only its SHA-256 is stored.
    let rows = data_access_link::Entity::find()
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_ne!(rows[0].token_hash, token);
    let mail = mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .last()
        .unwrap();
    assert!(mail.subject.starts_with(md::LINK_SUBJECT));
    for secret in ["111.444.777-35", "11144477735", &r.code] {
        assert!(!mail.body.contains(secret), "{secret} in the e-mail");
    }

    // A wrong e-mail, an unknown code: the same answer, nothing sent.
    for (code, proof) in [
        (r.code.as_str(), "joana@example.org"),
        ("ZZZZ-ZZZZ", "maria@example.org"),
    ] {
        assert!(matches!(prove(&db, code, proof).await, Outcome::LinkSent));
    }
    assert_eq!(links_mailed(&db).await, before + 1);

    // The link opens everything, once.
    assert!(md::link_valid(&db, SLUG, &token).await.unwrap());
    let d = md::open_link(&db, SLUG, &token.to_uppercase())
        .await
        .unwrap();
    assert_eq!(d.person.cpf.as_deref(), Some("111.444.777-35"));
    assert!(d.quotas.is_some());
    md::view(&db, SLUG, &d.access).await.unwrap();
    assert!(!md::link_valid(&db, SLUG, &token).await.unwrap());
    let e = invalid(md::open_link(&db, SLUG, &token).await);
    assert_eq!(e.message_for("form"), Some(md::LINK_INVALID));
    invalid(md::open_link(&db, SLUG, "").await);
    invalid(md::open_link(&db, SLUG, &"0".repeat(64)).await);
    // Only in its conference.
    assert!(matches!(
        md::open_link(&db, "nao-existe", &token).await,
        Err(Fail::NotFound)
    ));

    // Expired: refused.
    assert!(matches!(
        prove(&db, &r.code, "maria@example.org").await,
        Outcome::LinkSent
    ));
    let token = link_token(&db, "maria@example.org").await;
    data_access_link::Entity::update_many()
        .col_expr(
            data_access_link::Column::ExpiresAt,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::minutes(1)),
        )
        .exec(&db.conn)
        .await
        .unwrap();
    assert_eq!(
        invalid(md::open_link(&db, SLUG, &token).await).message_for("form"),
        Some(md::LINK_INVALID)
    );

    // Every e-mail request counts against the code, matched or not: 5 in 15 minutes, so the
    // count says nothing about which e-mail was right.
    let n = app::platform::accounts::LOGIN_LIMIT as usize - 3;
    for _ in 0..n {
        assert!(matches!(
            prove(&db, &r.code, "maria@example.org").await,
            Outcome::LinkSent
        ));
    }
    assert!(matches!(
        prove(&db, &r.code, "maria@example.org").await,
        Outcome::TooManyLinks
    ));
    // At most LINK_LIMIT links an hour for one registration.
    assert_eq!(links_mailed(&db).await, before + md::LINK_LIMIT as usize);
    // The CPF still opens it: another count.
    granted(prove(&db, &r.code, "111.444.777-35").await);

    // Anonymized: the links go too.
    let com = commission(&db).await;
    app::participants::privacy::anonymize(&db, Some(&com), SLUG, &r.code)
        .await
        .unwrap();
    assert!(
        data_access_link::Entity::find()
            .all(&db.conn)
            .await
            .unwrap()
            .is_empty()
    );
});
