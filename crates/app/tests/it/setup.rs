//! Conference setup on both databases: permissions, validation that writes nothing, the calendar
//! history, the convocation PDF, parity, the regimento.

use crate::support::{articulator, commission, secretariat};
use app::Fail;
use app::setup::conference::{self as s, ConferenceInput, StageInput};
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entities::{
    body, conference, federative_entity as fe, stage, stage_change, stored_file,
};
use testkit::both_dbs;

fn invalid(r: Result<impl std::fmt::Debug, Fail>) -> app::Invalid {
    match r {
        Err(Fail::Invalid(i)) => i,
        other => panic!("expected invalid input, got {other:?}"),
    }
}

fn new_conf(body_id: String) -> ConferenceInput {
    ConferenceInput {
        body_id,
        cycle: "2023".into(),
        slug: "para-de-minas-extra-2023".into(),
        title: "Conferência Extraordinária de Pará de Minas".into(),
        edition: "13".into(),
        theme: "Reconstrução do SUAS".into(),
        process_starts_on: "2023-04-01".into(),
        process_ends_on: "2023-07-31".into(),
        starts_on: "2023-07-10".into(),
        ends_on: "2023-07-11".into(),
        format: "hibrida".into(),
        time_zone: "America/Sao_Paulo".into(),
        ..Default::default()
    }
}

async fn count_conferences(db: &app::Db) -> u64 {
    conference::Entity::find().count(&db.conn).await.unwrap()
}

both_dbs!(
    create_from_template_with_permissions_and_errors,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let sec = secretariat(&db).await;
        let com = commission(&db).await;
        let bodies = s::creatable_bodies(&db, Some(&sec)).await.unwrap();
        assert_eq!(bodies.len(), 1, "the secretariat creates for its own CMAS");
        assert!(
            s::creatable_bodies(&db, Some(&com))
                .await
                .unwrap()
                .is_empty()
        );
        let input = new_conf(bodies[0].id.to_string());
        let before = count_conferences(&db).await;

        // Nobody logged in, then the commission (not the body's secretariat): refused, nothing written.
        assert!(matches!(
            s::create_conference(&db, None, &input).await,
            Err(Fail::NeedsLogin)
        ));
        assert!(matches!(
            s::create_conference(&db, Some(&com), &input).await,
            Err(Fail::Forbidden)
        ));

        // A conference ending before it starts, and other bad fields at once.
        let mut bad = input.clone();
        bad.ends_on = "2023-07-09".into();
        bad.time_zone = "Europe/Lisbon2".into();
        bad.cycle = "1999".into();
        let e = invalid(s::create_conference(&db, Some(&sec), &bad).await);
        assert_eq!(
            e.message_for("ends_on"),
            Some("A conferência não pode terminar antes de começar")
        );
        assert!(e.message_for("time_zone").is_some());
        assert!(e.message_for("cycle").unwrap().contains("ciclo nacional"));
        // Duplicate slug.
        let mut dup = input.clone();
        dup.slug = app::demo::seed::DEMO_SLUG.into();
        let e = invalid(s::create_conference(&db, Some(&sec), &dup).await);
        assert!(e.message_for("slug").unwrap().contains("já é usado"));
        assert_eq!(count_conferences(&db).await, before);

        // The real thing: eixos of the 2023 template, with their ementas.
        let slug = s::create_conference(&db, Some(&sec), &input).await.unwrap();
        assert_eq!(slug, "para-de-minas-extra-2023");
        let page = app::setup::public::conference_page(&db, &slug)
            .await
            .unwrap();
        assert_eq!(page.summary.level, "municipal");
        assert_eq!(page.summary.place_name, "Pará de Minas/MG");
        let t2023 = s::cycle_templates()
            .into_iter()
            .find(|c| c.year == 2023)
            .unwrap();
        assert_eq!(page.eixos.len(), t2023.eixos.len());
        assert_eq!(page.eixos[0].title, t2023.eixos[0].title);
        // The commission of the demo conference has no say on this one.
        assert!(matches!(
            s::eixos_input(&db, Some(&com), &slug).await,
            Err(Fail::Forbidden)
        ));
        // Slug derived from the place when left blank.
        // Its year is the conference's own (first day), not the template's.
        let mut auto = input.clone();
        auto.slug = String::new();
        auto.cycle = "2021".into();
        auto.process_starts_on = "2027-03-01".into();
        auto.process_ends_on = "2027-08-31".into();
        auto.starts_on = "2027-07-10".into();
        auto.ends_on = "2027-07-11".into();
        assert_eq!(
            s::create_conference(&db, Some(&sec), &auto).await.unwrap(),
            "para-de-minas-2027"
        );
    }
);

both_dbs!(calendar_changes_are_kept_and_public, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let slug = app::demo::seed::DEMO_SLUG;
    let stage_count = stage::Entity::find().count(&db.conn).await.unwrap();
    let change_count = stage_change::Entity::find().count(&db.conn).await.unwrap();
    let good = StageInput {
        kind: "preconference".into(),
        title: "Pré-conferência do Centro POP".into(),
        starts_at: "2025-05-05T09:00".into(),
        ends_at: "2025-05-16T17:00".into(),
        place: "Centro POP".into(),
        ..Default::default()
    };
    // The articulator cannot change the calendar.
    assert!(matches!(
        s::add_stage(&db, Some(&art), slug, &good).await,
        Err(Fail::Forbidden)
    ));
    // A stage outside the conference window; a unit-set stage without its end.
    let mut outside = good.clone();
    outside.starts_at = "2025-08-01T09:00".into();
    outside.ends_at = "2025-08-02T09:00".into();
    let e = invalid(s::add_stage(&db, Some(&com), slug, &outside).await);
    assert!(
        e.message_for("starts_at")
            .unwrap()
            .contains("dentro do período")
    );
    let mut open = good.clone();
    open.ends_at = String::new();
    let e = invalid(s::add_stage(&db, Some(&com), slug, &open).await);
    assert!(e.message_for("ends_at").unwrap().contains("cada unidade"));
    let mut bad_link = good.clone();
    bad_link.online_url = "meet.google.com/abc".into();
    assert!(
        invalid(s::add_stage(&db, Some(&com), slug, &bad_link).await)
            .message_for("online_url")
            .is_some()
    );
    assert_eq!(
        stage::Entity::find().count(&db.conn).await.unwrap(),
        stage_count
    );
    assert_eq!(
        stage_change::Entity::find().count(&db.conn).await.unwrap(),
        change_count
    );

    let id = s::add_stage(&db, Some(&com), slug, &good).await.unwrap();
    // Moving it needs a reason; the move is then public with the reason.
    let mut moved = good.clone();
    moved.starts_at = "2025-05-12T09:00".into();
    moved.ends_at = "2025-05-23T17:00".into();
    let e = invalid(s::update_stage(&db, Some(&com), slug, id, &moved).await);
    assert!(e.message_for("reason").is_some());
    moved.reason = "Chuvas fortes na semana".into();
    s::update_stage(&db, Some(&com), slug, id, &moved)
        .await
        .unwrap();
    s::cancel_stage(&db, Some(&com), slug, id, "Unidade em reforma")
        .await
        .unwrap();
    assert!(
        invalid(s::cancel_stage(&db, Some(&com), slug, id, "de novo").await)
            .message_for("reason")
            .is_some()
    );
    let page = app::setup::public::conference_page(&db, slug)
        .await
        .unwrap();
    let texts: Vec<String> = page
        .changes
        .iter()
        .map(|c| format!("{} | {:?}", c.summary, c.reason))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains(
            "de 05/05/2025 09:00 a 16/05/2025 17:00 para 12/05/2025 09:00 a 23/05/2025 17:00"
        ) && t.contains("Chuvas fortes")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Etapa cancelada") && t.contains("Unidade em reforma"))
    );
    let s_view = page
        .stages
        .iter()
        .find(|s| s.title == "Pré-conferência do Centro POP")
        .unwrap();
    assert!(s_view.cancelled && s_view.set_by_units);
    // The conference window cannot shrink under an active stage.
    let mut data = s::conference_input(&db, Some(&com), slug).await.unwrap();
    data.process_ends_on = "2025-07-05".into();
    let e = invalid(s::update_conference(&db, Some(&com), slug, &data).await);
    assert!(e.0[0].message.contains("Envio do relatório"));
});

both_dbs!(convocation_pdf_checked_and_replaced, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let slug = app::demo::seed::DEMO_SLUG;
    let files = stored_file::Entity::find().count(&db.conn).await.unwrap();
    let form = s::ConvocationInput {
        act_type: "resolucao".into(),
        number: "05/2025".into(),
        signed_on: "2025-04-03".into(),
        signatories: "Presidente do CMAS\n\nPrefeita".into(),
        published_in: String::new(),
    };
    let docx = s::Upload {
        file_name: "ato.docx".into(),
        bytes: b"PK\x03\x04fake".to_vec(),
    };
    let e = invalid(s::save_convocation(&db, Some(&com), slug, &form, Some(docx)).await);
    assert!(e.message_for("file").unwrap().contains("não é um PDF"));
    let mut big = b"%PDF-1.5\n".to_vec();
    big.resize(domain::setup::MAX_PDF_BYTES + 10, b'0');
    let e = invalid(
        s::save_convocation(
            &db,
            Some(&com),
            slug,
            &form,
            Some(s::Upload {
                file_name: "a.pdf".into(),
                bytes: big,
            }),
        )
        .await,
    );
    assert!(e.message_for("file").unwrap().contains("limite"));
    let mut late = form.clone();
    late.signed_on = "2025-08-01".into();
    assert!(
        invalid(s::save_convocation(&db, Some(&com), slug, &late, None).await)
            .message_for("signed_on")
            .is_some()
    );
    assert_eq!(
        stored_file::Entity::find().count(&db.conn).await.unwrap(),
        files
    );
    // Unchanged: the demo decree.
    let (name, _) = s::convocation_file(&db, slug).await.unwrap();
    assert_eq!(name, "decreto-1234-2025.pdf");

    let pdf = app::demo::seed::demo_pdf(&["Resolucao CMAS 05/2025"]);
    s::save_convocation(
        &db,
        Some(&com),
        slug,
        &form,
        Some(s::Upload {
            file_name: "resolução 05.pdf".into(),
            bytes: pdf.clone(),
        }),
    )
    .await
    .unwrap();
    let (name, bytes) = s::convocation_file(&db, slug).await.unwrap();
    assert_eq!((name.as_str(), bytes), ("resolução 05.pdf", pdf));
    // The old file is gone (replaced, not piled up); the act keeps its PDF when none is sent.
    assert_eq!(
        stored_file::Entity::find().count(&db.conn).await.unwrap(),
        files
    );
    s::save_convocation(&db, Some(&com), slug, &form, None)
        .await
        .unwrap();
    let page = app::setup::public::conference_page(&db, slug)
        .await
        .unwrap();
    let c = page.convocation.unwrap();
    assert!(c.has_file);
    assert_eq!(c.act_label, "Resolução do conselho");
    assert_eq!(c.signatories, vec!["Presidente do CMAS", "Prefeita"]);
});

both_dbs!(commission_documents_regimento_eixos, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let slug = app::demo::seed::DEMO_SLUG;
    // Parity: the demo commission is 3 + 3; one more on one side breaks it, visibly.
    let c = s::commission_for_staff(&db, Some(&com), slug)
        .await
        .unwrap();
    assert!(c.parity_holds, "{}", c.parity_text);
    let e = invalid(
        s::add_member(
            &db,
            Some(&com),
            slug,
            &s::MemberInput {
                name: "  ".into(),
                side: "both".into(),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(e.0.len(), 3, "{e:?}");
    s::add_member(
        &db,
        Some(&com),
        slug,
        &s::MemberInput {
            name: "Paulo Reis".into(),
            side: "government".into(),
            represents: "Secretaria de Educação".into(),
            duty: String::new(),
        },
    )
    .await
    .unwrap();
    let c = s::commission_for_staff(&db, Some(&com), slug)
        .await
        .unwrap();
    assert!(!c.parity_holds);
    assert!(
        c.parity_text.contains("1 membro(s) a mais do governo"),
        "{}",
        c.parity_text
    );
    let paulo = c
        .members
        .iter()
        .find(|m| m.name == "Paulo Reis")
        .unwrap()
        .id;
    s::remove_member(&db, Some(&com), slug, paulo)
        .await
        .unwrap();
    assert!(
        s::commission_for_staff(&db, Some(&com), slug)
            .await
            .unwrap()
            .parity_holds
    );

    // Documents: links only, http(s).
    let e = invalid(
        s::add_document(
            &db,
            Some(&com),
            slug,
            &s::DocumentInput {
                title: "Cartilha".into(),
                kind: "cartilha".into(),
                url: "javascript:alert(1)".into(),
                description: String::new(),
                shared: String::new(),
            },
            None,
        )
        .await,
    );
    assert!(e.message_for("url").is_some());
    s::add_document(
        &db,
        Some(&com),
        slug,
        &s::DocumentInput {
            title: "Caderno de orientações".into(),
            kind: "cartilha".into(),
            url: "https://example.org/caderno.pdf".into(),
            description: String::new(),
            shared: String::new(),
        },
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        s::documents_for_staff(&db, Some(&com), slug)
            .await
            .unwrap()
            .len(),
        5
    );

    // Regimento: pasted text becomes numbered articles; an empty text is refused and keeps the old.
    let before = s::regimento_for_staff(&db, Some(&com), slug).await.unwrap();
    assert_eq!(before.len(), 9);
    assert!(
        invalid(s::save_regimento(&db, Some(&com), slug, " \n ").await)
            .message_for("regimento")
            .is_some()
    );
    assert_eq!(
        s::regimento_for_staff(&db, Some(&com), slug).await.unwrap(),
        before
    );
    let n = s::save_regimento(
        &db,
        Some(&com),
        slug,
        "CAPÍTULO I\nArt. 1º Primeiro.\nArt. 2º Segundo:\nI - item.",
    )
    .await
    .unwrap();
    assert_eq!(n, 2);
    let (_, arts) = app::setup::public::regimento(&db, slug).await.unwrap();
    assert_eq!(arts[0].0.as_deref(), Some("CAPÍTULO I"));
    assert_eq!(arts[1].0, None, "the heading is shown once");
    assert_eq!(arts[1].1.text, "Segundo:\nI - item.");

    // Eixos: questions one per line; the last eixo can go; blank titles refused.
    let mut eixos = s::eixos_input(&db, Some(&com), slug).await.unwrap();
    assert_eq!(eixos.len(), 5);
    eixos[0].questions = "Quem ainda não é atendido?\n\n  O que falta no território?  ".into();
    eixos.pop();
    s::save_eixos(&db, Some(&com), slug, &eixos).await.unwrap();
    let page = app::setup::public::conference_page(&db, slug)
        .await
        .unwrap();
    assert_eq!(page.eixos.len(), 4);
    assert_eq!(
        page.eixos[0].questions,
        vec!["Quem ainda não é atendido?", "O que falta no território?"]
    );
    eixos[1].title = " ".into();
    assert!(
        invalid(s::save_eixos(&db, Some(&com), slug, &eixos).await)
            .message_for("eixo_2_title")
            .is_some()
    );
    assert_eq!(
        app::setup::public::conference_page(&db, slug)
            .await
            .unwrap()
            .eixos[1]
            .title,
        page.eixos[1].title
    );
});

#[test]
fn cycle_templates_ship_three_cycles() {
    let t = app::setup::conference::cycle_templates();
    let years: Vec<i32> = t.iter().map(|c| c.year).collect();
    assert_eq!(years, vec![2025, 2023, 2021]);
    assert!(t.iter().all(|c| c.eixos.len() >= 4 && !c.theme.is_empty()));
    assert_eq!(app::setup::conference::edition_of_year(2025), 14);
    assert_eq!(app::setup::conference::edition_of_year(2021), 12);
}

#[test]
fn the_next_cycle_is_offered_before_cnas_publishes_it() {
    let next = s::next_cycle();
    assert_eq!(next.year, 2027);
    assert_eq!(next.edition, "XV (15ª)");
    assert!(next.theme.is_empty() && next.eixos.is_empty());
    let years: Vec<i32> = s::cycle_choices().iter().map(|c| c.year).collect();
    assert_eq!(years, vec![2027, 2025, 2023, 2021]);
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(s::likely_cycle(day(2026, 12, 6)).year, 2027);
    assert_eq!(s::likely_cycle(day(2027, 5, 1)).year, 2027);
    assert_eq!(s::likely_cycle(day(2025, 3, 1)).year, 2025);
    assert_eq!(s::likely_cycle(day(2024, 3, 1)).year, 2025);
    assert_eq!(s::likely_cycle(day(2031, 1, 1)).year, 2027);
}

both_dbs!(
    a_conference_of_the_next_cycle_fills_theme_and_eixos_later,
    |db| async move {
        app::demo::seed::seed(&db).await.unwrap();
        let sec = secretariat(&db).await;
        let body = s::creatable_bodies(&db, Some(&sec)).await.unwrap()[0].id;
        let mut i = new_conf(body.to_string());
        i.cycle = "2027".into();
        i.slug = String::new();
        i.theme = String::new();
        i.edition = "15".into();
        i.process_starts_on = "2027-02-01".into();
        i.process_ends_on = "2027-08-31".into();
        i.starts_on = "2027-06-15".into();
        i.ends_on = "2027-06-16".into();
        let slug = s::create_conference(&db, Some(&sec), &i).await.unwrap();
        assert_eq!(slug, "para-de-minas-2027");
        let page = app::setup::public::conference_page(&db, &slug)
            .await
            .unwrap();
        assert!(page.eixos.is_empty(), "CNAS has not published the eixos");
        let c = conference::Entity::find()
            .filter(conference::Column::Slug.eq(&slug))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.theme, s::THEME_TO_BE_DEFINED);
        assert_eq!(c.cycle_year, 2027);
        let (o, _) = s::overview(&db, Some(&sec), &slug).await.unwrap();
        assert!(o.theme_pending && o.eixos == 0);
        // When CNAS publishes it, the commission writes the theme in the conference's data.
        let mut edit = s::conference_input(&db, Some(&sec), &slug).await.unwrap();
        edit.theme = "Tema publicado pelo CNAS".into();
        s::update_conference(&db, Some(&sec), &slug, &edit)
            .await
            .unwrap();
        let (o, _) = s::overview(&db, Some(&sec), &slug).await.unwrap();
        assert!(!o.theme_pending);
        // A template year that does not exist names the ones that do.
        i.cycle = "2029".into();
        let e = invalid(s::create_conference(&db, Some(&sec), &i).await);
        assert!(
            e.message_for("cycle")
                .unwrap()
                .contains("2027, 2025, 2023, 2021")
        );
    }
);

both_dbs!(the_conference_above_is_of_the_same_state, |db| async move {
    crate::support::demo_with_2023(&db).await;
    let sec = secretariat(&db).await;
    let pdm = s::creatable_bodies(&db, Some(&sec)).await.unwrap()[0].id;
    // A São Paulo state conference: never offered to a council of Minas Gerais.
    let sp = fe::Entity::find()
        .filter(fe::Column::Kind.eq("uf"))
        .filter(fe::Column::Uf.eq("SP"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let now = chrono::Utc::now();
    let ceas_sp = uuid::Uuid::now_v7();
    body::Entity::insert(body::ActiveModel {
        id: Set(ceas_sp),
        kind: Set("ceas".into()),
        name: Set("Conselho Estadual de Assistência Social de São Paulo".into()),
        acronym: Set("CONSEAS-SP".into()),
        entity_id: Set(Some(sp.id)),
        region_id: Set(None),
        created_at: Set(now),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    let mut sp_conf = s::conference_defaults(now);
    sp_conf.id = Set(uuid::Uuid::now_v7());
    sp_conf.body_id = Set(ceas_sp);
    sp_conf.slug = Set("sao-paulo-estadual-2025".into());
    sp_conf.level = Set("estadual".into());
    sp_conf.title = Set("Conferência Estadual de São Paulo".into());
    sp_conf.edition = Set(14);
    sp_conf.cycle_year = Set(2025);
    sp_conf.theme = Set("Tema".into());
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    sp_conf.process_starts_on = Set(day(6, 1));
    sp_conf.process_ends_on = Set(day(11, 30));
    sp_conf.starts_on = Set(day(10, 1));
    sp_conf.ends_on = Set(day(10, 3));
    sp_conf.format = Set("presencial".into());
    sp_conf.time_zone = Set("America/Sao_Paulo".into());
    sp_conf.place_name = Set("São Paulo".into());
    sp_conf.search_key = Set("sao paulo".into());
    conference::Entity::insert(sp_conf)
        .exec(&db.conn)
        .await
        .unwrap();

    let offered: Vec<String> = s::parent_choices(&db, pdm)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert!(
        !offered.is_empty(),
        "Minas Gerais' own state conference is offered"
    );
    assert!(!offered.contains(&"sao-paulo-estadual-2025".to_string()));
    let sp_offered: Vec<String> = s::parent_choices(&db, ceas_sp)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert!(
        sp_offered.iter().all(|s| s != "sao-paulo-estadual-2025"),
        "not its own parent"
    );

    let mut i = new_conf(pdm.to_string());
    i.parent_slug = "sao-paulo-estadual-2025".into();
    let before = count_conferences(&db).await;
    let e = invalid(s::create_conference(&db, Some(&sec), &i).await);
    assert!(
        e.message_for("parent_slug")
            .unwrap()
            .contains("outro estado (SP)"),
        "{e:?}"
    );
    assert_eq!(count_conferences(&db).await, before, "nothing written");
    i.parent_slug = offered[0].clone();
    s::create_conference(&db, Some(&sec), &i).await.unwrap();
});

both_dbs!(
    a_stage_that_opens_now_is_confirmed_before_it_is_saved,
    |db| async move {
        app::demo::seed::seed(&db).await.unwrap();
        let sec = secretariat(&db).await;
        // A conference of this year, so that a stage may cover today.
        let body = s::creatable_bodies(&db, Some(&sec)).await.unwrap()[0].id;
        let today = chrono::Utc::now().date_naive();
        let mut c = new_conf(body.to_string());
        c.slug = "stage-confirm".into();
        c.process_starts_on = (today - chrono::Duration::days(30)).to_string();
        c.process_ends_on = (today + chrono::Duration::days(60)).to_string();
        c.starts_on = (today + chrono::Duration::days(20)).to_string();
        c.ends_on = (today + chrono::Duration::days(21)).to_string();
        let slug = s::create_conference(&db, Some(&sec), &c).await.unwrap();
        let local = |d: chrono::Duration| {
            (chrono::Utc::now() + d)
                .with_timezone(&chrono_tz::America::Sao_Paulo)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        let mut open = StageInput {
            kind: "registration".into(),
            title: "Inscrições".into(),
            starts_at: local(-chrono::Duration::hours(2)),
            ends_at: local(chrono::Duration::days(3)),
            ..Default::default()
        };
        let before = stage::Entity::find().count(&db.conn).await.unwrap();
        let e = invalid(s::add_stage(&db, Some(&sec), &slug, &open).await);
        let m = e.message_for("confirm_open").unwrap();
        assert!(
            m.contains("formulário público de inscrições abre agora"),
            "{m}"
        );
        assert_eq!(stage::Entity::find().count(&db.conn).await.unwrap(), before);
        // The same stage in the future opens nothing yet: no question asked.
        let mut later = open.clone();
        later.starts_at = local(chrono::Duration::days(2));
        later.ends_at = local(chrono::Duration::days(4));
        s::add_stage(&db, Some(&sec), &slug, &later).await.unwrap();
        // A mobilization stage covering today opens nothing to the public either.
        let mut mob = open.clone();
        mob.kind = "mobilization".into();
        s::add_stage(&db, Some(&sec), &slug, &mob).await.unwrap();
        // Confirmed: saved; editing its title later asks nothing (it is already open).
        open.confirm_open = "1".into();
        let id = s::add_stage(&db, Some(&sec), &slug, &open).await.unwrap();
        let mut edit = s::stage_input(&db, Some(&sec), &slug, id).await.unwrap();
        edit.title = "Inscrições pela internet".into();
        s::update_stage(&db, Some(&sec), &slug, id, &edit)
            .await
            .unwrap();
        // Moving a future credentialing stage to now asks again.
        let mut desk = later.clone();
        desk.kind = "credentialing".into();
        let desk_id = s::add_stage(&db, Some(&sec), &slug, &desk).await.unwrap();
        let mut moved = s::stage_input(&db, Some(&sec), &slug, desk_id)
            .await
            .unwrap();
        moved.starts_at = local(-chrono::Duration::hours(1));
        moved.ends_at = local(chrono::Duration::hours(5));
        moved.reason = "Credenciamento antecipado".into();
        let e = invalid(s::update_stage(&db, Some(&sec), &slug, desk_id, &moved).await);
        assert!(
            e.message_for("confirm_open")
                .unwrap()
                .contains("credenciamento abre agora")
        );
    }
);

// The commission's timeline: each stage's state at a given moment, and what a past stage left
// undone (the convocation act, units without a held meeting), from the data as it stands.
both_dbs!(
    the_timeline_says_what_is_next_and_what_is_late,
    |db| async move {
        use chrono::TimeZone;
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        let slug = "para-de-minas-2025";
        let at = |y, m, d| chrono::Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap();
        let c = crate::support::conference_by_slug(&db, slug).await;
        let stages = stage::Entity::find()
            .filter(stage::Column::Cancelled.eq(false))
            .filter(stage::Column::ConferenceId.eq(c.id))
            .count(&db.conn)
            .await
            .unwrap() as usize;
        assert!(stages > 3, "the demo has a calendar");

        // Before the cycle: the first stage is next, the others after it, nothing late.
        let (o, _) = s::overview_at(&db, Some(&com), slug, at(2020, 1, 1))
            .await
            .unwrap();
        assert_eq!(o.timeline.len(), stages);
        assert_eq!(o.timeline[0].state_label, "Próxima");
        assert!(o.timeline[1..].iter().all(|r| r.state_label == "A seguir"));
        assert_eq!(o.next().unwrap().title, o.timeline[0].title);
        assert_eq!(o.late_count(), 0);

        // After the cycle, with the demo's data: every stage done.
        let (o, _) = s::overview_at(&db, Some(&com), slug, at(2030, 1, 1))
            .await
            .unwrap();
        assert!(o.timeline.iter().all(|r| r.state_label == "Concluída"));
        assert!(o.next().is_none());
        let late_before = o.late_count();

        // A unit joins and holds no meeting: the unit-meeting stage is late and says how many.
        let territory = store::entities::territory::Entity::find()
            .filter(store::entities::territory::Column::BodyId.eq(c.body_id))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        app::mobilization::network::add_unit(
            &db,
            Some(&com),
            slug,
            &app::mobilization::network::UnitInput {
                territory_id: territory.id.to_string(),
                kind: "cras".into(),
                name: "CRAS Sem Reunião".into(),
                address: String::new(),
                phone: String::new(),
            },
        )
        .await
        .unwrap();
        let (o, _) = s::overview_at(&db, Some(&com), slug, at(2030, 1, 1))
            .await
            .unwrap();
        let meetings = o
            .timeline
            .iter()
            .filter(|r| r.kind_label == "Reunião da unidade com seus usuários")
            .collect::<Vec<_>>();
        assert!(!meetings.is_empty(), "the demo plans unit meetings");
        for r in &meetings {
            let late = r.late.as_deref().expect("a unit without a held meeting");
            assert!(
                late.ends_with("unidade(s) participante(s) sem reunião realizada"),
                "{late}"
            );
        }
        assert!(o.late_count() >= late_before.max(1));

        // Without a convocation act, the past convocation stage is late; before it, it is not.
        store::entities::convocation_act::Entity::delete_many()
            .filter(store::entities::convocation_act::Column::ConferenceId.eq(c.id))
            .exec(&db.conn)
            .await
            .unwrap();
        let (o, _) = s::overview_at(&db, Some(&com), slug, at(2030, 1, 1))
            .await
            .unwrap();
        let conv = o
            .timeline
            .iter()
            .find(|r| r.kind_label == "Convocação")
            .expect("the demo has a convocation stage");
        assert_eq!(
            conv.late.as_deref(),
            Some("O ato de convocação ainda não foi registrado")
        );
        let (o, _) = s::overview_at(&db, Some(&com), slug, at(2020, 1, 1))
            .await
            .unwrap();
        assert_eq!(o.late_count(), 0);
    }
);

both_dbs!(
    the_library_holds_pdfs_shared_by_the_council,
    |db| async move {
        crate::support::demo_with_2023(&db).await;
        let com = commission(&db).await;
        let slug = app::demo::seed::DEMO_SLUG;
        let demo = testkit::conference_by_slug(&db, slug).await;
        let others = conference::Entity::find()
            .filter(conference::Column::Id.ne(demo.id))
            .all(&db.conn)
            .await
            .unwrap();
        let sibling = others.iter().find(|o| o.body_id == demo.body_id).unwrap();
        let stranger = others.iter().find(|o| o.body_id != demo.body_id).unwrap();
        let input = |title: &str, kind: &str, url: &str, shared: bool| s::DocumentInput {
            title: title.into(),
            kind: kind.into(),
            url: url.into(),
            description: String::new(),
            shared: if shared { "on".into() } else { String::new() },
        };
        let pdf = || s::Upload {
            file_name: "caderno.pdf".into(),
            bytes: b"%PDF-1.7\ncaderno de orientacoes\n%%EOF".to_vec(),
        };
        let before = stored_file::Entity::find().count(&db.conn).await.unwrap();
        // Neither link nor file; both; a video as a file; a file that is not a PDF: refused, nothing
        // stored.
        let e = invalid(
            s::add_document(
                &db,
                Some(&com),
                slug,
                &input("Caderno", "cartilha", "", false),
                None,
            )
            .await,
        );
        assert!(e.message_for("url").unwrap().contains("envie o PDF"));
        let e = invalid(
            s::add_document(
                &db,
                Some(&com),
                slug,
                &input("Caderno", "cartilha", "https://example.org/c.pdf", false),
                Some(pdf()),
            )
            .await,
        );
        assert!(e.message_for("url").unwrap().contains("não os dois"));
        let e = invalid(
            s::add_document(
                &db,
                Some(&com),
                slug,
                &input("Vídeo", "video", "", false),
                Some(pdf()),
            )
            .await,
        );
        assert!(e.message_for("url").unwrap().contains("pelo link"));
        let docx = s::Upload {
            file_name: "c.docx".into(),
            bytes: b"PK\x03\x04fake".to_vec(),
        };
        let e = invalid(
            s::add_document(
                &db,
                Some(&com),
                slug,
                &input("Caderno", "cartilha", "", false),
                Some(docx),
            )
            .await,
        );
        assert!(e.message_for("file").is_some());
        assert_eq!(
            stored_file::Entity::find().count(&db.conn).await.unwrap(),
            before
        );

        // A PDF shared with the council, and a link kept to this conference.
        s::add_document(
            &db,
            Some(&com),
            slug,
            &input("Caderno de orientações 2025", "cartilha", "", true),
            Some(pdf()),
        )
        .await
        .unwrap();
        s::add_document(
            &db,
            Some(&com),
            slug,
            &input(
                "Só desta conferência",
                "cartilha",
                "https://example.org/x",
                false,
            ),
            None,
        )
        .await
        .unwrap();
        let mine = s::documents(&db, &demo).await.unwrap();
        let caderno = mine
            .iter()
            .find(|d| d.title == "Caderno de orientações 2025")
            .unwrap();
        assert!(caderno.is_file && caderno.shared && caderno.from.is_none());
        assert_eq!(
            caderno.url,
            format!("/c/{slug}/documentos/{}.pdf", caderno.id)
        );
        let (name, bytes) = s::document_file(&db, slug, &format!("{}.pdf", caderno.id))
            .await
            .unwrap();
        assert_eq!((name.as_str(), &bytes[..4]), ("caderno.pdf", &b"%PDF"[..]));

        // The council's other conference (another cycle) shows the shared PDF, not the local link;
        // a conference of another body shows neither, nor serves the file.
        let theirs = s::documents(&db, sibling).await.unwrap();
        let shared = theirs.iter().find(|d| d.id == caderno.id).unwrap();
        assert_eq!(shared.from.as_deref(), Some(demo.title.as_str()));
        assert_eq!(
            shared.url,
            format!("/c/{}/documentos/{}.pdf", sibling.slug, caderno.id)
        );
        assert!(!theirs.iter().any(|d| d.title == "Só desta conferência"));
        assert!(
            s::document_file(&db, &sibling.slug, &caderno.id.to_string())
                .await
                .is_ok()
        );
        assert!(
            !s::documents(&db, stranger)
                .await
                .unwrap()
                .iter()
                .any(|d| d.id == caderno.id)
        );
        assert!(matches!(
            s::document_file(&db, &stranger.slug, &caderno.id.to_string()).await,
            Err(Fail::NotFound)
        ));
        // The sibling's staff cannot remove it there (it is not theirs): not found.
        assert!(matches!(
            s::remove_document(
                &db,
                Some(&crate::support::secretariat(&db).await),
                &sibling.slug,
                caderno.id
            )
            .await,
            Err(Fail::NotFound)
        ));
    }
);
