//! Platform administration on both databases: porte, regions, bodies, grants with new accounts
//! (invitation e-mail, temporary password changed at first login), revocation, permissions, and
//! that refused input writes nothing.

use crate::support::{articulator, me, secretariat};
use app::Fail;
use app::platform::accounts::LoginOutcome;
use app::platform::admin::{
    self as a, AccountOutcome, BodyInput, PersonInput, PorteInput, RegionInput,
};
use app::platform::auth::Me;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{account, body, federative_entity as fe, mail_outbox, region, role_grant};
use testkit::both_dbs;

const URL: &str = "http://conferencia.test";

async fn admin(db: &app::Db) -> Me {
    me(db, "admin@demo.conferencia.local", "demo-admin-2025").await
}

fn invalid(r: Result<impl std::fmt::Debug, Fail>) -> app::Invalid {
    match r {
        Err(Fail::Invalid(i)) => i,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

async fn counts(db: &app::Db) -> (u64, u64, u64, u64, u64) {
    (
        region::Entity::find().count(&db.conn).await.unwrap(),
        body::Entity::find().count(&db.conn).await.unwrap(),
        account::Entity::find().count(&db.conn).await.unwrap(),
        role_grant::Entity::find().count(&db.conn).await.unwrap(),
        mail_outbox::Entity::find().count(&db.conn).await.unwrap(),
    )
}

/// The municipality or UF with this IBGE code; panics when there is none.
pub(crate) async fn entity(db: &app::Db, code: &str) -> fe::Model {
    fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq(code))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
}

/// Asserts that `code` has the porte its population gives (`porte`), with no admin reason.
async fn assert_ibge_porte(db: &app::Db, code: &str, porte: &str) {
    let e = entity(db, code).await;
    assert_eq!(
        (
            e.porte.as_deref(),
            e.porte_source.as_deref(),
            e.porte_reason
        ),
        (Some(porte), Some("population"), None)
    );
}

both_dbs!(search_and_porte, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let adm = admin(&db).await;
    let sec = secretariat(&db).await;
    // Accents and case do not matter; a code prefix finds by IBGE code.
    let rows = a::search_municipalities(&db, Some(&adm), "PARA de minas")
        .await
        .unwrap();
    assert!(rows.iter().any(|r| r.ibge_code == "3147105"));
    let rows = a::search_municipalities(&db, Some(&adm), "itauna")
        .await
        .unwrap();
    assert!(rows.iter().any(|r| r.name == "Itaúna" && r.uf == "MG"));
    let rows = a::search_municipalities(&db, Some(&adm), "3133808")
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    // Itaúna, 97,669 people in the 2022 census: Médio Porte, from the population.
    assert_eq!(rows[0].population, Some(97_669));
    assert_eq!(rows[0].population_year, Some(2022));
    assert_eq!(rows[0].porte_label, "Médio Porte");
    assert_eq!(rows[0].porte_source_label, "pela população (IBGE)");
    assert!(!rows[0].by_admin);
    assert!(
        a::search_municipalities(&db, Some(&adm), "  ")
            .await
            .unwrap()
            .is_empty()
    );
    // Only the platform admin.
    assert!(matches!(
        a::search_municipalities(&db, Some(&sec), "itauna").await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        a::search_municipalities(&db, None, "itauna").await,
        Err(Fail::NeedsLogin)
    ));
    let input = PorteInput {
        ibge_code: "3133808".into(),
        porte: "GRANDE".into(),
        reason: "Estimativa IBGE 2025: 101.200 habitantes".into(),
        q: "itauna".into(),
    };
    assert!(matches!(
        a::set_porte(&db, Some(&sec), &input).await,
        Err(Fail::Forbidden)
    ));
    // Bad code, bad porte, no reason: all reported, nothing written.
    let inv = invalid(
        a::set_porte(
            &db,
            Some(&adm),
            &PorteInput {
                ibge_code: "3199999".into(),
                porte: "ENORME".into(),
                reason: "  ".into(),
                q: String::new(),
            },
        )
        .await,
    );
    assert_eq!(
        inv.message_for("ibge_code"),
        Some("Não há município com o código IBGE 3199999")
    );
    assert_eq!(inv.message_for("porte"), Some("Escolha um porte da lista"));
    assert_eq!(
        inv.message_for("reason"),
        Some(
            "Informe o motivo de definir o porte à mão (por exemplo, a estimativa de população mais recente do IBGE)"
        )
    );
    // No porte chosen (the form preselects none for a municipality without one).
    let inv = invalid(
        a::set_porte(
            &db,
            Some(&adm),
            &PorteInput {
                porte: String::new(),
                ..input.clone()
            },
        )
        .await,
    );
    assert_eq!(inv.message_for("porte"), Some("Escolha o porte"));
    // A valid porte and code without a reason is refused too.
    let inv = invalid(
        a::set_porte(
            &db,
            Some(&adm),
            &PorteInput {
                reason: String::new(),
                ..input.clone()
            },
        )
        .await,
    );
    assert_eq!(inv.0.len(), 1);
    assert!(inv.message_for("reason").is_some());
    let inv = invalid(
        a::set_porte(
            &db,
            Some(&adm),
            &PorteInput {
                ibge_code: "31".into(),
                ..input.clone()
            },
        )
        .await,
    );
    assert!(
        inv.message_for("ibge_code")
            .unwrap()
            .contains("código de uma UF")
    );
    assert_ibge_porte(&db, "3133808", "MEDIO").await;
    // Going back to the computed porte when it was not set by hand is refused.
    let back = a::ResetPorteInput {
        ibge_code: "3133808".into(),
        q: "itauna".into(),
    };
    let inv = invalid(a::reset_porte(&db, Some(&adm), &back).await);
    assert_eq!(
        inv.message_for("ibge_code"),
        Some(
            "O porte de Itaúna/MG não foi definido pela administração: já é o da população do IBGE"
        )
    );

    a::set_porte(&db, Some(&adm), &input).await.unwrap();
    let e = entity(&db, "3133808").await;
    assert_eq!(e.porte.as_deref(), Some("GRANDE"));
    assert_eq!(e.porte_source.as_deref(), Some("admin"));
    assert_eq!(
        e.porte_reason.as_deref(),
        Some("Estimativa IBGE 2025: 101.200 habitantes")
    );
    assert_eq!(e.population, Some(97_669), "the population stays");
    let rows = a::search_municipalities(&db, Some(&adm), "3133808")
        .await
        .unwrap();
    assert_eq!(rows[0].porte_label, "Grande Porte");
    assert_eq!(
        rows[0].porte_source_label,
        "definido pela administração: Estimativa IBGE 2025: 101.200 habitantes"
    );
    assert!(rows[0].by_admin);
    assert_eq!(rows[0].computed_porte_label.as_deref(), Some("Médio Porte"));

    // Back to the porte the population gives.
    assert!(matches!(
        a::reset_porte(&db, Some(&sec), &back).await,
        Err(Fail::Forbidden)
    ));
    a::reset_porte(&db, Some(&adm), &back).await.unwrap();
    assert_ibge_porte(&db, "3133808", "MEDIO").await;

    // A municipality without population: a porte by hand, and back to none.
    let boa = PorteInput {
        ibge_code: "5101837".into(),
        porte: "PP1".into(),
        reason: "Sem contagem no Censo 2022; estimativa da prefeitura abaixo de 20 mil".into(),
        q: String::new(),
    };
    assert_eq!(entity(&db, "5101837").await.porte, None);
    a::set_porte(&db, Some(&adm), &boa).await.unwrap();
    assert_eq!(entity(&db, "5101837").await.porte.as_deref(), Some("PP1"));
    let rows = a::search_municipalities(&db, Some(&adm), "5101837")
        .await
        .unwrap();
    assert_eq!(rows[0].computed_porte_label, None);
    a::reset_porte(
        &db,
        Some(&adm),
        &a::ResetPorteInput {
            ibge_code: "5101837".into(),
            q: String::new(),
        },
    )
    .await
    .unwrap();
    let e = entity(&db, "5101837").await;
    assert_eq!(
        (e.porte, e.porte_source, e.porte_reason),
        (None, None, None)
    );
});

both_dbs!(regions_and_bodies, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let adm = admin(&db).await;
    let sec = secretariat(&db).await;
    let before = counts(&db).await;
    let good = RegionInput {
        uf: "MG".into(),
        kind: "consorcio".into(),
        name: "Consórcio do Médio Paraopeba".into(),
        ibge_codes: "3147105, 3133808".into(),
    };
    assert!(matches!(
        a::create_region(&db, Some(&sec), &good).await,
        Err(Fail::Forbidden)
    ));
    // A municipality of another UF and an unknown code: one message on the field, nothing written.
    let inv = invalid(
        a::create_region(
            &db,
            Some(&adm),
            &RegionInput {
                ibge_codes: "3147105 3550308\n3199999".into(),
                ..good.clone()
            },
        )
        .await,
    );
    let m = inv.message_for("ibge_codes").unwrap();
    assert!(
        m.contains("São Paulo (3550308) fica em SP, não em MG"),
        "{m}"
    );
    assert!(
        m.contains("Não há município com o código IBGE 3199999"),
        "{m}"
    );
    let inv = invalid(
        a::create_region(
            &db,
            Some(&adm),
            &RegionInput {
                uf: "XX".into(),
                kind: "x".into(),
                name: " ".into(),
                ibge_codes: String::new(),
            },
        )
        .await,
    );
    assert_eq!(inv.message_for("uf"), Some("Escolha a UF da lista"));
    assert_eq!(
        inv.message_for("kind"),
        Some("Escolha um tipo de região da lista")
    );
    assert!(inv.message_for("name").is_some());
    assert_eq!(counts(&db).await, before);

    let rid = a::create_region(&db, Some(&adm), &good).await.unwrap();
    let r = a::region(&db, Some(&adm), rid).await.unwrap();
    assert_eq!(r.members.len(), 2);
    // Same name (accents aside) in the same UF is refused.
    let inv = invalid(
        a::create_region(
            &db,
            Some(&adm),
            &RegionInput {
                name: "consorcio do medio paraopeba".into(),
                ibge_codes: String::new(),
                ..good.clone()
            },
        )
        .await,
    );
    assert!(inv.message_for("name").unwrap().contains("Já existe"));
    // Adding members: repeated ones are ignored, wrong UF refused.
    let inv = invalid(
        a::add_members(
            &db,
            Some(&adm),
            rid,
            &a::MembersInput {
                ibge_codes: "3118601 3304557".into(),
            },
        )
        .await,
    );
    assert!(
        inv.message_for("ibge_codes")
            .unwrap()
            .contains("Rio de Janeiro")
    );
    assert_eq!(
        a::add_members(
            &db,
            Some(&adm),
            rid,
            &a::MembersInput {
                ibge_codes: "3118601 3147105".into(),
            },
        )
        .await
        .unwrap(),
        1
    );
    assert_eq!(
        a::region(&db, Some(&adm), rid).await.unwrap().members.len(),
        3
    );

    // Bodies: every mismatch is a field message and writes nothing.
    let n_bodies = body::Entity::find().count(&db.conn).await.unwrap();
    let body_in = |kind: &str, code: &str, region: &str| BodyInput {
        kind: kind.into(),
        ibge_code: code.into(),
        region_id: region.into(),
        ..Default::default()
    };
    let cases: &[(BodyInput, &str, &str)] = &[
        (
            body_in("cmas", "31", ""),
            "ibge_code",
            "um CMAS é de um município",
        ),
        (
            body_in("cmas", "3199999", ""),
            "ibge_code",
            "Não há município",
        ),
        (body_in("cmas", "", ""), "ibge_code", "Para um CMAS"),
        (
            body_in("cmas", "3147105", ""),
            "ibge_code",
            "Já existe um órgão deste tipo em Pará de Minas",
        ),
        (
            body_in("ceas", "3147105", ""),
            "ibge_code",
            "um CEAS é de uma UF",
        ),
        (body_in("cnas", "31", ""), "ibge_code", "O CNAS é nacional"),
        (
            body_in("camara_tecnica", "", ""),
            "region_id",
            "Escolha a região",
        ),
        (
            body_in("cmas", "3133808", &rid.to_string()),
            "region_id",
            "Só câmaras técnicas",
        ),
        (
            body_in("conselho", "", ""),
            "kind",
            "Escolha um tipo de órgão",
        ),
    ];
    for (input, field, text) in cases {
        let inv = invalid(a::create_body(&db, Some(&adm), input).await);
        let m = inv
            .message_for(field)
            .unwrap_or_else(|| panic!("{field}: {inv}"));
        assert!(m.contains(text), "{field}: {m}");
    }
    assert!(matches!(
        a::create_body(&db, Some(&sec), &body_in("cmas", "3133808", "")).await,
        Err(Fail::Forbidden)
    ));
    assert_eq!(
        body::Entity::find().count(&db.conn).await.unwrap(),
        n_bodies
    );

    let cmas = a::create_body(&db, Some(&adm), &body_in("cmas", "3133808", ""))
        .await
        .unwrap();
    let ceas = a::create_body(&db, Some(&adm), &body_in("ceas", "31", ""))
        .await
        .unwrap();
    a::create_body(&db, Some(&adm), &body_in("cnas", "", ""))
        .await
        .unwrap();
    let ct = a::create_body(
        &db,
        Some(&adm),
        &body_in("camara_tecnica", "", &rid.to_string()),
    )
    .await
    .unwrap();
    let rows = a::bodies(&db, Some(&adm)).await.unwrap();
    let row = |id| rows.iter().find(|b| b.id == id).unwrap();
    assert_eq!(
        row(cmas).name,
        "Conselho Municipal de Assistência Social de Itaúna"
    );
    assert_eq!(row(cmas).place, "Itaúna/MG");
    assert_eq!(row(ceas).acronym, "CEAS-MG");
    assert_eq!(row(ct).place, "Consórcio do Médio Paraopeba/MG");
    // A second CEAS for MG is refused.
    let inv = invalid(a::create_body(&db, Some(&adm), &body_in("ceas", "31", "")).await);
    assert!(inv.message_for("ibge_code").unwrap().contains("Já existe"));
});

both_dbs!(grants_accounts_and_revocation, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let adm = admin(&db).await;
    let sec = secretariat(&db).await;
    let art = articulator(&db).await;
    let slug = app::demo::seed::DEMO_SLUG;
    let view = a::conference_roles(&db, Some(&sec), slug).await.unwrap();
    let unit = view
        .units
        .iter()
        .find(|(_, n)| n == "CRAS Norte")
        .unwrap()
        .0
        .clone();
    let person = |role: &str, email: &str, username: &str, name: &str, unit: &str| PersonInput {
        role: role.into(),
        email: email.into(),
        username: username.into(),
        name: name.into(),
        unit_id: unit.into(),
        act: String::new(),
    };
    // Permissions: the articulator may not give roles; nobody logged in neither.
    let p = person("participant", "", "jose.souza", "José Souza", "");
    assert!(matches!(
        a::grant_conference_role(&db, Some(&art), URL, slug, &p).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        a::grant_conference_role(&db, None, URL, slug, &p).await,
        Err(Fail::NeedsLogin)
    ));
    // Validation: nothing written.
    let before = counts(&db).await;
    let cases: &[(PersonInput, &str, &str)] = &[
        (
            person("territorial_articulator", "", "ana.lima", "Ana Lima", ""),
            "unit_id",
            "Escolha a unidade",
        ),
        (
            person("participant", "", "ana.lima", "Ana Lima", &unit),
            "unit_id",
            "só vale para articulador",
        ),
        (
            person("platform_admin", "", "ana.lima", "Ana Lima", ""),
            "role",
            "Escolha um papel",
        ),
        (
            person("participant", "", "", "Ana Lima", ""),
            "email",
            "Informe o e-mail",
        ),
        (
            person("participant", "ana@exemplo.org", "ana.lima", "Ana", ""),
            "username",
            "Preencha só um",
        ),
        (
            person("participant", "ana@", "", "Ana", ""),
            "email",
            "e-mail válido",
        ),
        (
            person("participant", "", "a", "Ana", ""),
            "username",
            "nome de usuário",
        ),
        (
            person("participant", "", "ana.lima", "", ""),
            "name",
            "nome completo",
        ),
        (
            person("participant", "", "articulador.cras.centro", "", &unit),
            "unit_id",
            "só vale",
        ),
        (
            PersonInput {
                act: "Resolução CMAS nº 5/2025".into(),
                ..person("participant", "", "ana.lima", "Ana Lima", "")
            },
            "act",
            "só vale para articulador",
        ),
        (
            PersonInput {
                act: "x".repeat(201),
                ..person("territorial_articulator", "", "ana.lima", "Ana Lima", &unit)
            },
            "act",
            "até 200 caracteres",
        ),
    ];
    for (input, field, text) in cases {
        let inv = invalid(a::grant_conference_role(&db, Some(&sec), URL, slug, input).await);
        let m = inv
            .message_for(field)
            .unwrap_or_else(|| panic!("{field}: {inv}"));
        assert!(m.contains(text), "{field}: {m}");
    }
    assert_eq!(counts(&db).await, before);

    // A username-only articulator: a temporary password, shown once, changed at first login.
    let g = a::grant_conference_role(
        &db,
        Some(&sec),
        URL,
        slug,
        &PersonInput {
            act: "  Resolução CMAS nº 5/2025, de 10/03/2025 ".into(),
            ..person("territorial_articulator", "", "Ana.Lima", "Ana Lima", &unit)
        },
    )
    .await
    .unwrap();
    // The act that appointed her is on the roles page.
    let view = a::conference_roles(&db, Some(&sec), slug).await.unwrap();
    let row = view.grants.iter().find(|g| g.name == "Ana Lima").unwrap();
    assert_eq!(row.act, "Resolução CMAS nº 5/2025, de 10/03/2025");
    assert_eq!(row.unit, "CRAS Norte");
    let AccountOutcome::TemporaryPassword { username, password } = g.account else {
        panic!("expected a temporary password");
    };
    assert_eq!(username, "ana.lima");
    assert!(!format!("{password:?}").contains(password.expose()));
    let LoginOutcome::Ok(t) = app::platform::accounts::login(&db, "ana.lima", password.expose())
        .await
        .unwrap()
    else {
        panic!("temporary password does not log in");
    };
    let ana = app::platform::auth::me(&db, Some(&t))
        .await
        .unwrap()
        .unwrap();
    assert!(ana.account.must_change_password);
    assert_eq!(ana.actor.grants.len(), 1);
    let new = domain::values::NewPassword::parse("uma senha so minha").unwrap();
    app::platform::accounts::change_password(&db, ana.account.id, &t, &new)
        .await
        .unwrap();
    let ana = app::platform::auth::me(&db, Some(&t))
        .await
        .unwrap()
        .unwrap();
    assert!(!ana.account.must_change_password, "the session stays");
    assert_eq!(
        app::platform::accounts::login(&db, "ana.lima", password.expose())
            .await
            .unwrap(),
        LoginOutcome::WrongCredentials
    );
    // The same role on the same unit again is refused.
    let inv = invalid(
        a::grant_conference_role(
            &db,
            Some(&sec),
            URL,
            slug,
            &person("territorial_articulator", "", "ana.lima", "", &unit),
        )
        .await,
    );
    assert!(
        inv.message_for("username")
            .unwrap()
            .contains("já tem o papel")
    );

    // A new e-mail account: an invitation in the outbox whose link sets the password.
    let mails = mail_outbox::Entity::find().count(&db.conn).await.unwrap();
    let g = a::grant_conference_role(
        &db,
        Some(&sec),
        URL,
        slug,
        &person(
            "credentialing_staff",
            "Bia@Exemplo.org",
            "",
            "Beatriz Costa",
            "",
        ),
    )
    .await
    .unwrap();
    assert_eq!(g.account, AccountOutcome::Invited);
    let mail = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq("bia@exemplo.org"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        mail_outbox::Entity::find().count(&db.conn).await.unwrap(),
        mails + 1
    );
    assert!(mail.body.contains("Equipe de credenciamento"));
    let token = mail
        .body
        .split("/senha/nova?token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    assert!(mail.body.contains(&format!("{URL}/senha/nova?token=")));
    assert!(
        app::platform::accounts::reset_token_valid(&db, &token)
            .await
            .unwrap()
    );
    // Before the invitation is used, no password logs in.
    assert_eq!(
        app::platform::accounts::login(&db, "bia@exemplo.org", "!invited")
            .await
            .unwrap(),
        LoginOutcome::WrongCredentials
    );
    let pw = domain::values::NewPassword::parse("senha da beatriz 1").unwrap();
    app::platform::accounts::reset_password(&db, &token, &pw)
        .await
        .unwrap();
    assert!(matches!(
        app::platform::accounts::login(&db, "bia@exemplo.org", "senha da beatriz 1")
            .await
            .unwrap(),
        LoginOutcome::Ok(_)
    ));
    // An existing account gets the role added (and a notice), no new account.
    let accounts = account::Entity::find().count(&db.conn).await.unwrap();
    let g = a::grant_conference_role(
        &db,
        Some(&sec),
        URL,
        slug,
        &person("participant", "bia@exemplo.org", "", "", ""),
    )
    .await
    .unwrap();
    assert_eq!(g.account, AccountOutcome::Existing);
    assert_eq!(
        account::Entity::find().count(&db.conn).await.unwrap(),
        accounts
    );

    // The listing shows who has which role; revoking removes it.
    let view = a::conference_roles(&db, Some(&sec), slug).await.unwrap();
    let row = view
        .grants
        .iter()
        .find(|g| g.login == "ana.lima")
        .unwrap()
        .clone();
    assert_eq!(row.role_label, "Articulador(a) territorial");
    assert_eq!(row.unit, "CRAS Norte");
    assert!(
        view.grants
            .iter()
            .any(|g| g.login == "bia@exemplo.org" && g.role_label == "Participante")
    );
    assert!(matches!(
        a::revoke_conference_role(&db, Some(&art), slug, row.id).await,
        Err(Fail::Forbidden)
    ));
    a::revoke_conference_role(&db, Some(&sec), slug, row.id)
        .await
        .unwrap();
    assert!(matches!(
        a::revoke_conference_role(&db, Some(&sec), slug, row.id).await,
        Err(Fail::NotFound)
    ));
    let ana = app::platform::auth::me(&db, Some(&t))
        .await
        .unwrap()
        .unwrap();
    assert!(ana.actor.grants.is_empty());

    // Body secretariat: only the platform admin grants it.
    let demo_body = body::Entity::find().one(&db.conn).await.unwrap().unwrap();
    let p = person("", "nova.secretaria@exemplo.org", "", "Carla Dias", "");
    assert!(matches!(
        a::grant_secretariat(&db, Some(&sec), URL, demo_body.id, &p).await,
        Err(Fail::Forbidden)
    ));
    let g = a::grant_secretariat(&db, Some(&adm), URL, demo_body.id, &p)
        .await
        .unwrap();
    assert_eq!(g.account, AccountOutcome::Invited);
    let v = a::body_view(&db, Some(&adm), demo_body.id).await.unwrap();
    assert_eq!(v.secretariat.len(), 2);
    assert_eq!(v.conferences.len(), 1);
    let carla = v
        .secretariat
        .iter()
        .find(|g| g.name == "Carla Dias")
        .unwrap();
    a::revoke_secretariat(&db, Some(&adm), demo_body.id, carla.id)
        .await
        .unwrap();
    assert_eq!(
        a::body_view(&db, Some(&adm), demo_body.id)
            .await
            .unwrap()
            .secretariat
            .len(),
        1
    );
});

// A new installation has no account: `conferencia admin create` (this function) makes the first
// administrator, who chooses the password at the printed link; bad input writes nothing; running
// it again changes nothing; an existing account is promoted and keeps its password.
both_dbs!(first_admin_of_an_empty_installation, |db| async move {
    assert!(!a::has_admin(&db).await.unwrap());
    let before = counts(&db).await;
    let bad = invalid(a::create_admin(&db, URL, "Rita Admin", "rita@").await);
    assert_eq!(bad.0[0].field, "email");
    let bad = invalid(a::create_admin(&db, URL, "  ", "rita@municipio.gov.br").await);
    assert_eq!(bad.0[0].field, "name");
    assert_eq!(counts(&db).await, before, "refused input wrote something");
    assert!(!a::has_admin(&db).await.unwrap());

    let a::AdminCreated::Invited { link } =
        a::create_admin(&db, URL, "Rita Admin", "Rita@Municipio.gov.br")
            .await
            .unwrap()
    else {
        panic!("a new account is invited");
    };
    let token = link
        .strip_prefix(&format!("{URL}/senha/nova?token="))
        .expect("link to choose the password");
    assert!(a::has_admin(&db).await.unwrap());
    // No password yet: nobody logs in before the link is used.
    assert!(matches!(
        app::platform::accounts::login(&db, "rita@municipio.gov.br", "")
            .await
            .unwrap(),
        LoginOutcome::WrongCredentials
    ));
    let pw = domain::values::NewPassword::parse("uma-senha-bem-longa-2026").unwrap();
    assert_eq!(
        app::platform::accounts::reset_password(&db, token, &pw)
            .await
            .unwrap(),
        app::platform::accounts::ResetOutcome::Done
    );
    let rita = me(&db, "rita@municipio.gov.br", "uma-senha-bem-longa-2026").await;
    assert!(rita.actor.is_admin());
    assert_eq!(
        a::create_admin(&db, URL, "", "rita@municipio.gov.br")
            .await
            .unwrap(),
        a::AdminCreated::AlreadyAdmin
    );
    let grants = role_grant::Entity::find().count(&db.conn).await.unwrap();
    assert_eq!(grants, 1);

    // An existing account becomes administrator and keeps its password.
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    assert_eq!(
        a::create_admin(&db, URL, "", "secretaria@demo.conferencia.local")
            .await
            .unwrap(),
        a::AdminCreated::Promoted
    );
    let sec = me(
        &db,
        "secretaria@demo.conferencia.local",
        "demo-secretaria-2025",
    )
    .await;
    assert!(sec.actor.is_admin());
});
