//! Registration on both databases: the window, validation that writes nothing, sensitive data apart,
//! assisted registration, the staff list with masked CPF and counts, and a public registration
//! with a CPF already registered answered like any other.

use crate::support::{articulator, commission, conference_by_slug, invalid};
use app::Fail;
use app::participants::registration::{self as p, RegistrationInput, Source};
use conferencia_app as app;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use store::entities::{
    conference, eixo, mail_outbox, registration, registration_attempt, registration_sensitive,
};
use testkit::both_dbs;

/// Opens registration now (the demo's 2025 window is past).
async fn open_registration(db: &app::Db) {
    testkit::open_stage(
        db,
        app::demo::seed::DEMO_SLUG,
        "registration",
        "Inscrições extras",
        chrono::Duration::days(1),
    )
    .await;
}

fn person() -> RegistrationInput {
    RegistrationInput {
        name: "Maria da Conceição Silva".into(),
        social_name: "Maria Flor".into(),
        category: "delegado".into(),
        segment: "usuarios".into(),
        seat: "titular".into(),
        cpf: "111.444.777-35".into(),
        email: "maria@example.org".into(),
        needs: vec!["libras".into(), "acompanhante".into()],
        quotas: vec!["pessoa_negra".into()],
        consent: true,
        sensitive_consent: true,
        ..Default::default()
    }
}

both_dbs!(self_registration_rules, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    // Closed: the demo's registration stage was in June 2025.
    let e = invalid(p::register(&db, None, slug, &person(), Source::SelfService).await);
    assert!(
        e.message_for("form").unwrap().contains("não estão abertas"),
        "{e}"
    );
    open_registration(&db).await;
    assert!(
        app::setup::public::conference_page(&db, slug)
            .await
            .unwrap()
            .registration_open
    );

    // Everything wrong at once; nothing written.
    let mut bad = person();
    bad.segment = "trabalhadores".into();
    bad.trust_position = true;
    bad.cpf = "111.111.111-11".into();
    bad.email = "maria@".into();
    bad.needs.push("telepatia".into());
    bad.sensitive_consent = false;
    bad.consent = false;
    let e = invalid(p::register(&db, None, slug, &bad, Source::SelfService).await);
    for f in ["cpf", "email", "needs", "sensitive_consent", "consent"] {
        assert!(e.message_for(f).is_some(), "{f}: {e}");
    }
    let mut worker = person();
    worker.segment = "trabalhadores".into();
    worker.trust_position = true;
    assert!(
        invalid(p::register(&db, None, slug, &worker, Source::SelfService).await)
            .message_for("trust_position")
            .unwrap()
            .contains("cargo comissionado")
    );
    assert_eq!(
        registration::Entity::find().count(&db.conn).await.unwrap(),
        0
    );

    let r = p::register(&db, None, slug, &person(), Source::SelfService)
        .await
        .unwrap();
    assert_eq!(
        r.display_name, "Maria Flor",
        "the social name is the name shown"
    );
    assert!(r.emailed);
    assert!(domain::participants::normalize_code(&r.code).is_some());
    // Stored: CPF as 11 digits; the quota self-declaration apart.
    let row = registration::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.cpf.as_deref(), Some("11144477735"));
    assert_eq!(
        row.consent_version,
        domain::participants::PRIVACY_NOTICE_VERSION
    );
    assert!(
        !format!("{row:?}").contains("11144477735"),
        "Debug never shows the CPF"
    );
    let s = registration_sensitive::Entity::find_by_id(row.id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.quotas, "pessoa_negra");
    // Same CPF again: the form does not say it is registered (see cpf_already_registered_*).
    let mut again = person();
    again.name = "Outra Pessoa".into();
    let other = p::register(&db, None, slug, &again, Source::SelfService)
        .await
        .unwrap();
    assert_ne!(other.code, r.code);
    assert_eq!(
        registration::Entity::find().count(&db.conn).await.unwrap(),
        1
    );
    // No CPF, no e-mail: fine (people living on the street may have neither).
    let mut street = person();
    street.cpf = String::new();
    street.email = String::new();
    street.quotas.clear();
    street.sensitive_consent = false;
    assert!(
        !p::register(&db, None, slug, &street, Source::SelfService)
            .await
            .unwrap()
            .emailed
    );
});

both_dbs!(assisted_registration_and_staff_list, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    let art = articulator(&db).await;
    let com = commission(&db).await;
    // Assisted registration works outside the window, by staff only, with the person's consent.
    assert!(matches!(
        p::register(&db, None, slug, &person(), Source::Assisted).await,
        Err(Fail::NeedsLogin)
    ));
    let mut no_consent = person();
    no_consent.consent = false;
    assert!(
        invalid(p::register(&db, Some(&art), slug, &no_consent, Source::Assisted).await)
            .message_for("consent")
            .unwrap()
            .contains("a pessoa")
    );
    let r = p::register(&db, Some(&art), slug, &person(), Source::Assisted)
        .await
        .unwrap();
    let row = registration::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.source, "assisted");
    assert_eq!(row.assisted_by, Some(art.account.id));

    // The articulator registers but does not see the list; the commission sees it, CPF masked,
    // and the quota declarations only as counts.
    assert!(matches!(
        p::listing(&db, Some(&art), slug, "").await,
        Err(Fail::Forbidden)
    ));
    let l = p::listing(&db, Some(&com), slug, "flor").await.unwrap();
    assert_eq!(l.rows.len(), 1);
    assert_eq!(l.rows[0].cpf_masked.as_deref(), Some("***.444.777-**"));
    assert_eq!(l.rows[0].code, r.code);
    let quotas = l.by_quota.unwrap();
    assert_eq!(
        quotas
            .iter()
            .find(|c| c.label.starts_with("Pessoa negra"))
            .unwrap()
            .n,
        1
    );
    assert_eq!(
        l.by_category
            .iter()
            .find(|c| c.label.starts_with("Delegado"))
            .unwrap()
            .n,
        1
    );
    // The needs report: who asked for Libras, and nobody present yet.
    let n = p::needs_report(&db, Some(&com), slug, "").await.unwrap();
    let libras = n
        .groups
        .iter()
        .find(|g| g.label == "Intérprete de Libras")
        .unwrap();
    assert_eq!((libras.people.len(), libras.present), (1, 0));
    assert_eq!(libras.people[0].0, "Maria Flor");
    assert!(n.is_today);
    // Any conference day can be chosen; the demo's days are offered with today.
    let first = n.days.first().unwrap().0.clone();
    assert!(n.days.len() >= 2, "{:?}", n.days);
    let d = p::needs_report(&db, Some(&com), slug, &first)
        .await
        .unwrap();
    assert!(!d.is_today);
    assert!(d.days.iter().any(|(v, _, sel)| *v == first && *sel));
    let e = invalid(p::needs_report(&db, Some(&com), slug, "31/02").await);
    assert!(e.message_for("dia").is_some());
    assert!(matches!(
        p::needs_report(&db, Some(&art), slug, "").await,
        Err(Fail::Forbidden)
    ));
    // Search by code, typed loosely.
    let loose = r.code.to_lowercase().replace('-', " ");
    assert_eq!(
        p::listing(&db, Some(&com), slug, &loose)
            .await
            .unwrap()
            .rows
            .len(),
        1
    );
});

both_dbs!(staff_correct_a_registration, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let r = p::register(&db, Some(&com), slug, &person(), Source::Assisted)
        .await
        .unwrap();
    let mut other = person();
    other.name = "Outra Pessoa".into();
    other.cpf = "529.982.247-25".into();
    other.email = String::new();
    p::register(&db, Some(&com), slug, &other, Source::Assisted)
        .await
        .unwrap();

    let (_, mut f, masked) = p::correction_input(&db, Some(&com), slug, &r.code.to_lowercase())
        .await
        .unwrap();
    assert_eq!(f.cpf, "", "the CPF is never put back into a form");
    assert_eq!(masked.as_deref(), Some("***.444.777-**"));
    assert_eq!(f.social_name, "Maria Flor");
    assert!(
        f.quotas.is_empty(),
        "quota self-declarations are not part of a correction"
    );

    // A CPF that belongs to someone else: refused, nothing written.
    f.name = "Maria da Conceição Souza".into();
    f.cpf = "529.982.247-25".into();
    let e = invalid(p::correct(&db, Some(&com), slug, &r.code, &f).await);
    assert!(e.message_for("cpf").is_some());
    let row = registration::Entity::find()
        .filter(registration::Column::Code.eq(&r.code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.name, "Maria da Conceição Silva");

    // Blank CPF keeps the one on file; the name is corrected and searchable; quotas stay.
    f.cpf = String::new();
    f.needs = vec!["libras".into()];
    let shown = p::correct(&db, Some(&com), slug, &r.code, &f)
        .await
        .unwrap();
    assert_eq!(shown, "Maria Flor");
    let row = registration::Entity::find()
        .filter(registration::Column::Code.eq(&r.code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.name, "Maria da Conceição Souza");
    assert_eq!(row.cpf.as_deref(), Some("11144477735"));
    assert_eq!(row.needs, "libras");
    assert!(row.search_key.contains("souza"));
    assert_eq!(
        registration_sensitive::Entity::find_by_id(row.id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .quotas,
        "pessoa_negra"
    );
    // A field error comes back like on the form.
    f.email = "maria@".into();
    let e = invalid(p::correct(&db, Some(&com), slug, &r.code, &f).await);
    assert!(e.message_for("email").is_some());

    // Who may: not an articulator, not anonymous; unknown codes are not found.
    assert!(matches!(
        p::correction_input(&db, Some(&art), slug, &r.code).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        p::correct(&db, None, slug, &r.code, &f).await,
        Err(Fail::NeedsLogin)
    ));
    assert!(matches!(
        p::correction_input(&db, Some(&com), slug, "ZZZZ-ZZZZ").await,
        Err(Fail::NotFound)
    ));
});

both_dbs!(preferred_eixo_at_registration, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    open_registration(&db).await;
    let slug = app::demo::seed::DEMO_SLUG;
    let com = commission(&db).await;
    let c = conference_by_slug(&db, slug).await;
    let eixos = testkit::eixos(&db, c.id).await;
    let ctx = p::form_context(&db, slug).await.unwrap();
    assert_eq!(ctx.eixos.len(), eixos.len());
    assert_eq!(ctx.eixos[0].0, eixos[0].id.to_string());
    assert!(ctx.eixos[0].1.starts_with("Eixo 1: "));

    // An eixo of another conference, or garbage: a field error, nothing written.
    let mut other = c.clone().into_active_model().reset_all();
    let other_id = uuid::Uuid::now_v7();
    other.id = Set(other_id);
    other.slug = Set("outra-conferencia-2025".into());
    conference::Entity::insert(other)
        .exec(&db.conn)
        .await
        .unwrap();
    let foreign = uuid::Uuid::now_v7();
    eixo::Entity::insert(eixo::ActiveModel {
        id: Set(foreign),
        conference_id: Set(other_id),
        number: Set(1),
        title: Set("Eixo de outra conferência".into()),
        description: Set(None),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    let before = registration::Entity::find().count(&db.conn).await.unwrap();
    for bad in [
        foreign.to_string(),
        "eixo 2".into(),
        "'; drop table x".into(),
    ] {
        let mut f = person();
        f.preferred_eixo = bad;
        let e = invalid(p::register(&db, None, slug, &f, Source::SelfService).await);
        assert_eq!(
            e.message_for("preferred_eixo"),
            Some("Escolha o eixo da lista")
        );
        assert_eq!(e.0.len(), 1, "only the eixo is wrong: {e:?}");
    }
    assert_eq!(
        registration::Entity::find().count(&db.conn).await.unwrap(),
        before
    );

    // A choice is kept; "Tanto faz" (blank) is no choice.
    let mut f = person();
    f.preferred_eixo = format!(" {} ", eixos[1].id);
    let r = p::register(&db, None, slug, &f, Source::SelfService)
        .await
        .unwrap();
    let row = registration::Entity::find()
        .filter(registration::Column::Code.eq(&r.code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.preferred_eixo_id, Some(eixos[1].id));
    let mut g = person();
    g.name = "Sem Preferência".into();
    g.cpf = String::new();
    let r2 = p::register(&db, Some(&com), slug, &g, Source::Assisted)
        .await
        .unwrap();
    let row2 = registration::Entity::find()
        .filter(registration::Column::Code.eq(&r2.code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row2.preferred_eixo_id, None);

    // Shown and changed where the registration is corrected.
    let (_, mut f, _) = p::correction_input(&db, Some(&com), slug, &r.code)
        .await
        .unwrap();
    assert_eq!(f.preferred_eixo, eixos[1].id.to_string());
    f.preferred_eixo = foreign.to_string();
    let e = invalid(p::correct(&db, Some(&com), slug, &r.code, &f).await);
    assert!(e.message_for("preferred_eixo").is_some());
    f.preferred_eixo = eixos[2].id.to_string();
    p::correct(&db, Some(&com), slug, &r.code, &f)
        .await
        .unwrap();
    let pref = |code: String| {
        let db = db.clone();
        async move {
            registration::Entity::find()
                .filter(registration::Column::Code.eq(code))
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap()
                .preferred_eixo_id
        }
    };
    assert_eq!(pref(r.code.clone()).await, Some(eixos[2].id));
    f.preferred_eixo = String::new();
    p::correct(&db, Some(&com), slug, &r.code, &f)
        .await
        .unwrap();
    assert_eq!(pref(r.code.clone()).await, None);
});

async fn mails(db: &app::Db) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::CreatedAt)
        .all(&db.conn)
        .await
        .unwrap()
}

/// The body of an e-mail with the parts that differ between people (name, code) blanked.
fn shape(body: &str, name: &str, code: &str) -> String {
    body.replace(name, "NOME").replace(code, "CODIGO")
}

// The public form used to answer "Este CPF já está inscrito": anyone could learn whether
// a person registered, and squat a CPF. Now the answer (page, API, e-mail to the address typed) is
// that of any registration; nothing is registered, the holder's e-mail is told, and the desk and
// the staff list show the attempt, whose code the desk recognizes.
both_dbs!(cpf_already_registered_is_not_revealed, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let slug = app::demo::seed::DEMO_SLUG;
    open_registration(&db).await;
    let holder = p::register(&db, None, slug, &person(), Source::SelfService)
        .await
        .unwrap();
    // Someone new, for the shape of a genuine answer.
    let mut fresh = person();
    fresh.name = "Joana Nova".into();
    fresh.social_name = String::new();
    fresh.cpf = "529.982.247-25".into();
    fresh.email = "joana@example.org".into();
    let genuine = p::register(&db, None, slug, &fresh, Source::SelfService)
        .await
        .unwrap();
    let before = mails(&db).await.len();

    // The same CPF typed by someone else.
    let mut squat = person();
    squat.name = "Pessoa Que Tenta".into();
    squat.social_name = String::new();
    squat.email = "tenta@example.org".into();
    squat.phone = "(37) 99999-1234".into();
    squat.birth_date = "1990-01-02".into();
    let got = p::register(&db, None, slug, &squat, Source::SelfService)
        .await
        .unwrap();
    // The same receipt as a genuine one: its own code, what was typed, nothing of the holder's.
    assert_ne!(got.code, holder.code);
    assert!(domain::participants::normalize_code(&got.code).is_some());
    assert_eq!(got.display_name, "Pessoa Que Tenta");
    assert_eq!(
        (
            got.emailed,
            got.can_self_serve,
            &got.category_label,
            &got.needs
        ),
        (
            genuine.emailed,
            genuine.can_self_serve,
            &genuine.category_label,
            &genuine.needs
        )
    );
    let json = serde_json::to_value(&got).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&json), keys(&serde_json::to_value(&genuine).unwrap()));
    // Nothing registered.
    assert_eq!(
        registration::Entity::find().count(&db.conn).await.unwrap(),
        2
    );
    let held = registration::Entity::find()
        .filter(registration::Column::Code.eq(&holder.code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let attempts = registration_attempt::Entity::find()
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].code, got.code);
    assert_eq!(attempts[0].registration_id, held.id);
    assert!(!format!("{:?}", attempts[0]).contains("tenta@"));

    // E-mails: the person typed gets the same receipt as anyone; the holder is told, without
    // anything the other person typed.
    let all = mails(&db).await;
    let new: Vec<_> = all[before..].to_vec();
    assert_eq!(new.len(), 2, "{new:?}");
    let to_squat = new
        .iter()
        .find(|m| m.to_addr == "tenta@example.org")
        .unwrap();
    let to_genuine = all
        .iter()
        .find(|m| m.to_addr == "joana@example.org")
        .unwrap();
    assert_eq!(
        shape(&to_squat.body, "Pessoa Que Tenta", &got.code),
        shape(&to_genuine.body, "Joana Nova", &genuine.code)
    );
    assert_eq!(
        to_squat.subject.replace(&got.code, "CODIGO"),
        to_genuine.subject.replace(&genuine.code, "CODIGO")
    );
    assert!(!to_squat.body.contains(&holder.code));
    let to_holder = new
        .iter()
        .find(|m| m.to_addr == "maria@example.org")
        .unwrap();
    assert!(
        to_holder
            .subject
            .contains("Tentativa de inscrição com o seu CPF")
    );
    assert!(to_holder.body.contains(&holder.code));
    for leak in [
        "Pessoa Que Tenta",
        "tenta@",
        "99999",
        "111.444",
        "11144477735",
    ] {
        assert!(
            !to_holder.body.contains(leak),
            "{leak} in the holder's e-mail"
        );
    }

    // Again within the hour: another attempt, the holder is not e-mailed again.
    let again = p::register(&db, None, slug, &squat, Source::SelfService)
        .await
        .unwrap();
    let after = mails(&db).await;
    assert_eq!(after.len(), before + 3);
    assert!(after.last().unwrap().to_addr == "tenta@example.org");

    // "Meus dados" with an attempt's code: no data, an honest "the desk checks it".
    let proof = |code: &str, proof: &str| app::participants::my_data::ProofInput {
        code: code.into(),
        proof: proof.into(),
    };
    assert!(matches!(
        app::participants::my_data::prove(
            &db,
            "https://x.org",
            slug,
            &proof(&got.code, "111.444.777-35")
        )
        .await
        .unwrap(),
        app::participants::my_data::Outcome::Pending
    ));
    assert!(matches!(
        app::participants::my_data::prove(
            &db,
            "https://x.org",
            slug,
            &proof(&got.code, "01/01/1950")
        )
        .await
        .unwrap(),
        app::participants::my_data::Outcome::Denied
    ));

    // Staff: the list shows the attempts with what was typed to reach the person.
    let com = commission(&db).await;
    let l = p::listing(&db, Some(&com), slug, "").await.unwrap();
    assert_eq!(l.attempts.len(), 2);
    assert_eq!(l.attempts[0].code, got.code);
    assert_eq!(l.attempts[0].name, "Pessoa Que Tenta");
    assert!(l.attempts[0].contact.contains("tenta@example.org"));
    assert_eq!(l.attempts[0].holder_code, holder.code);
    assert_eq!(l.attempts[0].holder_name, "Maria Flor");

    // The desk: the attempt's code names the registration holding the CPF; that registration
    // carries a warning until the attempts are resolved.
    let c = conference_by_slug(&db, slug).await;
    let e = invalid(
        app::participants::credentialing::find_person(&db, &c, &got.code.to_lowercase())
            .await
            .map(|(r, _)| r.id),
    );
    let msg = e.message_for("code").unwrap();
    assert!(
        msg.contains(&holder.code) && msg.contains("Maria Flor"),
        "{msg}"
    );
    assert!(msg.contains("documento com foto") && !msg.contains("já foi marcado"));
    let rows = app::participants::credentialing::search(&db, Some(&com), slug, "Maria")
        .await
        .unwrap();
    assert!(rows[0].cpf_alert.as_deref().unwrap().contains("CPF"));
    // Staff registering the same CPF are told which registration has it.
    let taken = invalid(p::register(&db, Some(&com), slug, &squat, Source::Assisted).await);
    assert!(taken.message_for("cpf").unwrap().contains(&holder.code));
    let art = articulator(&db).await;
    let taken = invalid(p::register(&db, Some(&art), slug, &squat, Source::Assisted).await);
    assert!(!taken.message_for("cpf").unwrap().contains(&holder.code));

    // Resolved: gone from the list and from the desk. Only staff who may correct.
    assert!(matches!(
        p::resolve_attempt(&db, Some(&art), slug, &l.attempts[0].id).await,
        Err(Fail::Forbidden)
    ));
    for a in &l.attempts {
        p::resolve_attempt(&db, Some(&com), slug, &a.id)
            .await
            .unwrap();
    }
    assert!(matches!(
        p::resolve_attempt(&db, Some(&com), slug, &uuid::Uuid::now_v7().to_string()).await,
        Err(Fail::NotFound)
    ));
    assert!(
        p::listing(&db, Some(&com), slug, "")
            .await
            .unwrap()
            .attempts
            .is_empty()
    );
    let rows = app::participants::credentialing::search(&db, Some(&com), slug, "Maria")
        .await
        .unwrap();
    assert!(rows[0].cpf_alert.is_none());
    // The code is still recognized (and said resolved).
    let e = invalid(
        app::participants::credentialing::find_person(&db, &c, &again.code)
            .await
            .map(|(r, _)| r.id),
    );
    assert!(
        e.message_for("code")
            .unwrap()
            .contains("já foi marcado como resolvido")
    );

    // Anonymizing the holder deletes the attempts (what the others typed).
    app::participants::privacy::anonymize(&db, Some(&com), slug, &holder.code)
        .await
        .unwrap();
    assert_eq!(
        registration_attempt::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
});
