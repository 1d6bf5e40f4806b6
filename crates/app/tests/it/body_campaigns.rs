//! A regional consortium's technical chamber and its campaigns (issue 24), on both databases,
//! for a consortium the platform's administration creates here (three municipalities, none of
//! the demo's seeds): the chamber's seats are the member municipalities' managers (one per
//! municipality at a time, nothing else accepted); a campaign with its period and shared
//! materials (a PDF, a poster re-encoded, a link; one of them) by the chamber's secretariat
//! only; each municipality's actions recorded by the chamber's secretariat or by its own
//! council's secretariat and nobody else, with every bad field named and nothing written; the
//! photos re-encoded with their description; the results per municipality, those without an
//! action included; the council secretary's panel finding the campaign.

use crate::support::{commission, invalid, me, platform_admin, secretariat};
use app::Fail;
use app::bodies::campaigns::{self as cp, ActionInput, CampaignInput, MaterialInput};
use app::bodies::members::{self as mb, SeatInput};
use app::platform::admin::{self as a, BodyInput, PersonInput, RegionInput};
use app::setup::conference::Upload;
use chrono::{Duration, Utc};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    conference, region_campaign, region_campaign_action, region_campaign_material,
    region_campaign_photo,
};
use testkit::both_dbs;

const URL: &str = "http://conferencia.test";

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 120])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn file(name: &str, bytes: Vec<u8>) -> Option<Upload> {
    Some(Upload {
        file_name: name.into(),
        bytes,
    })
}

fn today() -> chrono::NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
}

async fn rows(db: &app::Db) -> [u64; 4] {
    [
        region_campaign::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        region_campaign_material::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        region_campaign_action::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        region_campaign_photo::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    ]
}

both_dbs!(a_consortium_runs_a_regional_campaign, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let adm = platform_admin(&db).await;
    // Pará de Minas (whose council is the demo's), Itaúna (a council created here, no
    // secretariat) and Pitangui (no council on the platform).
    let region = a::create_region(
        &db,
        Some(&adm),
        &RegionInput {
            uf: "MG".into(),
            kind: "consorcio".into(),
            name: "Consórcio do Médio Pará".into(),
            ibge_codes: "3147105 3133808 3151404".into(),
        },
    )
    .await
    .unwrap();
    let chamber = a::create_body(
        &db,
        Some(&adm),
        &BodyInput {
            kind: "camara_tecnica".into(),
            region_id: region.to_string(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    a::create_body(
        &db,
        Some(&adm),
        &BodyInput {
            kind: "cmas".into(),
            ibge_code: "3133808".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    // The chamber's secretariat: the demo's commission account, which is not a council's.
    a::grant_secretariat(
        &db,
        Some(&adm),
        URL,
        chamber,
        &PersonInput {
            email: "comissao@demo.conferencia.local".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let ct = commission(&db).await;
    let cmas = secretariat(&db).await; // Pará de Minas's council
    let body = chamber.to_string();
    let members = mb::for_staff(&db, Some(&ct), &body).await.unwrap();
    let ch = members.chamber.clone().expect("a chamber");
    assert_eq!(ch.members.len(), 3);
    assert_eq!(ch.seated, 0);
    let id_of = |name: &str| {
        ch.members
            .iter()
            .find(|m| m.name == name)
            .unwrap()
            .id_text
            .clone()
    };
    let (para, itauna, pitangui) = (id_of("Pará de Minas"), id_of("Itaúna"), id_of("Pitangui"));

    // Seats: a member municipality is required; its secretariat is the default organization.
    let seat = SeatInput {
        titular_name: "Mirela Antunes".into(),
        titular_email: "mirela@pitangui.example".into(),
        mandate_start: "2025-01-01".into(),
        mandate_end: "2028-12-31".into(),
        act: "Ofício nº 12/2025 da Prefeitura".into(),
        ..Default::default()
    };
    let inv = invalid(mb::add_seat(&db, Some(&ct), &body, &seat).await);
    assert!(
        inv.message_for("municipality")
            .unwrap()
            .contains("Escolha o município do consórcio")
    );
    // Not a member (Belo Horizonte's entity is not in the region): the same message.
    let inv = invalid(
        mb::add_seat(
            &db,
            Some(&ct),
            &body,
            &SeatInput {
                municipality: uuid::Uuid::now_v7().to_string(),
                ..seat.clone()
            },
        )
        .await,
    );
    assert!(inv.message_for("municipality").is_some());
    mb::add_seat(
        &db,
        Some(&ct),
        &body,
        &SeatInput {
            municipality: pitangui.clone(),
            ..seat.clone()
        },
    )
    .await
    .unwrap();
    let inv = invalid(
        mb::add_seat(
            &db,
            Some(&ct),
            &body,
            &SeatInput {
                municipality: pitangui.clone(),
                titular_name: "Outra Pessoa".into(),
                ..seat.clone()
            },
        )
        .await,
    );
    assert!(
        inv.message_for("municipality")
            .unwrap()
            .contains("já tem cadeira na câmara nesse período (Mirela Antunes")
    );
    let public = mb::public(&db, &body).await.unwrap();
    let ch = public.chamber.unwrap();
    assert_eq!(ch.seated, 1);
    assert_eq!(ch.unseated, vec!["Itaúna", "Pará de Minas"]);
    let s = &public.current[0].seats[0];
    assert_eq!(s.municipality.as_deref(), Some("Pitangui"));
    assert_eq!(
        s.organization,
        "Secretaria Municipal de Assistência Social de Pitangui"
    );
    assert_eq!(s.titular_email, None);

    // The campaign: the chamber's secretariat only, and only on a chamber.
    let before = rows(&db).await;
    let start = today() - Duration::days(10);
    let good = CampaignInput {
        title: "Maio Laranja regional".into(),
        summary: "Enfrentamento ao abuso e à exploração sexual de crianças e adolescentes, integrado entre os municípios.".into(),
        starts_on: start.to_string(),
        ends_on: (start + Duration::days(40)).to_string(),
    };
    assert!(matches!(
        cp::create(&db, Some(&cmas), &body, &good).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        cp::create(&db, None, &body, &good).await,
        Err(Fail::NeedsLogin)
    ));
    let own_council = conference::Entity::find()
        .filter(conference::Column::Slug.eq("para-de-minas-2025"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .body_id;
    let inv = invalid(cp::create(&db, Some(&cmas), &own_council.to_string(), &good).await);
    assert!(
        inv.message_for("form")
            .unwrap()
            .contains("da câmara técnica de um consórcio")
    );
    let inv = invalid(
        cp::create(
            &db,
            Some(&ct),
            &body,
            &CampaignInput {
                title: " ".into(),
                summary: String::new(),
                starts_on: "2027-05-31".into(),
                ends_on: "2027-05-01".into(),
            },
        )
        .await,
    );
    assert!(inv.message_for("title").is_some());
    assert!(inv.message_for("summary").is_some());
    assert_eq!(
        inv.message_for("ends_on"),
        Some("O fim da campanha deve ser no dia do início ou depois")
    );
    let inv = invalid(
        cp::create(
            &db,
            Some(&ct),
            &body,
            &CampaignInput {
                ends_on: (start + Duration::days(400)).to_string(),
                ..good.clone()
            },
        )
        .await,
    );
    assert!(
        inv.message_for("ends_on")
            .unwrap()
            .contains("no máximo um ano")
    );
    assert_eq!(rows(&db).await, before);
    let camp = cp::create(&db, Some(&ct), &body, &good)
        .await
        .unwrap()
        .to_string();

    // Materials: a PDF, a poster (re-encoded as JPEG), a link; one of them, of a known kind.
    let pdf = app::demo::seed::demo_pdf(&["Cartilha da campanha"]);
    let mat = |t: &str, url: &str| MaterialInput {
        material_title: t.into(),
        url: url.into(),
    };
    let inv = invalid(
        cp::add_material(
            &db,
            Some(&ct),
            &body,
            &camp,
            &mat("Cartilha", "https://exemplo.org/cartilha"),
            file("cartilha.pdf", pdf.clone()),
        )
        .await,
    );
    assert!(inv.message_for("url").unwrap().contains("não os dois"));
    let inv = invalid(
        cp::add_material(
            &db,
            Some(&ct),
            &body,
            &camp,
            &mat("Planilha", ""),
            file("lista.txt", b"nome;telefone\n".to_vec()),
        )
        .await,
    );
    assert_eq!(
        inv.message_for("material_file"),
        Some("Este arquivo não é um PDF nem uma imagem JPEG ou PNG")
    );
    let inv = invalid(cp::add_material(&db, Some(&ct), &body, &camp, &mat("", ""), None).await);
    assert!(inv.message_for("material_title").is_some());
    assert!(inv.message_for("material_file").is_some());
    assert!(matches!(
        cp::add_material(
            &db,
            Some(&cmas),
            &body,
            &camp,
            &mat("Cartilha", ""),
            file("c.pdf", pdf.clone())
        )
        .await,
        Err(Fail::Forbidden)
    ));
    cp::add_material(
        &db,
        Some(&ct),
        &body,
        &camp,
        &mat("Cartilha", ""),
        file("cartilha.pdf", pdf.clone()),
    )
    .await
    .unwrap();
    cp::add_material(
        &db,
        Some(&ct),
        &body,
        &camp,
        &mat("Cartaz", ""),
        file("cartaz.png", png(900, 600)),
    )
    .await
    .unwrap();
    cp::add_material(
        &db,
        Some(&ct),
        &body,
        &camp,
        &mat("Vídeo da campanha", "https://exemplo.org/video"),
        None,
    )
    .await
    .unwrap();
    let p = cp::page_public(&db, &body, &camp).await.unwrap();
    let whats: Vec<&str> = p.materials.iter().map(|m| m.kind.as_str()).collect();
    assert_eq!(whats, ["pdf", "photo", "link"]);
    let (name, ctype, bytes) = cp::material_file(&db, &body, &camp, &p.materials[0].id)
        .await
        .unwrap();
    assert_eq!((name.as_str(), ctype), ("cartilha.pdf", "application/pdf"));
    assert_eq!(bytes, pdf);
    let (_, ctype, poster) = cp::material_file(&db, &body, &camp, &p.materials[1].id)
        .await
        .unwrap();
    assert_eq!(ctype, "image/jpeg");
    assert!(poster.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert!(matches!(
        cp::material_file(&db, &body, &camp, &p.materials[2].id).await,
        Err(Fail::NotFound)
    ));

    // Actions: every bad field named and nothing written.
    let before = rows(&db).await;
    let act = |m: &str| ActionInput {
        municipality: m.into(),
        action_title: "Roda de conversa no CRAS".into(),
        happened_on: (today() - Duration::days(2)).to_string(),
        description: "Roda de conversa com as famílias do PAIF sobre a campanha.".into(),
        people_reached: "45".into(),
        materials_given: "1.200".into(),
        photo_alt: String::new(),
    };
    let inv = invalid(
        cp::add_action(
            &db,
            Some(&ct),
            &body,
            &camp,
            &ActionInput {
                municipality: String::new(),
                action_title: String::new(),
                happened_on: (start - Duration::days(1)).to_string(),
                description: " ".into(),
                people_reached: "muitas".into(),
                materials_given: "-3".into(),
                photo_alt: String::new(),
            },
            None,
        )
        .await,
    );
    for f in [
        "municipality",
        "action_title",
        "happened_on",
        "description",
        "people_reached",
        "materials_given",
    ] {
        assert!(inv.message_for(f).is_some(), "{f}: {inv}");
    }
    assert!(
        inv.message_for("happened_on")
            .unwrap()
            .contains("no período da campanha")
    );
    let inv = invalid(
        cp::add_action(
            &db,
            Some(&ct),
            &body,
            &camp,
            &ActionInput {
                happened_on: (today() + Duration::days(1)).to_string(),
                ..act(&itauna)
            },
            None,
        )
        .await,
    );
    assert!(
        inv.message_for("happened_on")
            .unwrap()
            .contains("ainda não chegou")
    );
    // A photo without its description, and a description without a photo.
    let inv = invalid(
        cp::add_action(
            &db,
            Some(&ct),
            &body,
            &camp,
            &act(&itauna),
            file("f.png", png(800, 600)),
        )
        .await,
    );
    assert!(
        inv.message_for("photo_alt")
            .unwrap()
            .contains("descrição da foto")
    );
    let inv = invalid(
        cp::add_action(
            &db,
            Some(&ct),
            &body,
            &camp,
            &ActionInput {
                photo_alt: "Famílias reunidas em roda no salão do CRAS".into(),
                ..act(&itauna)
            },
            None,
        )
        .await,
    );
    assert!(inv.message_for("file").is_some());
    assert_eq!(rows(&db).await, before);

    // Who records: the chamber's secretariat for any member; Pará de Minas's council for
    // Pará de Minas only; nobody else.
    let with_photo = ActionInput {
        photo_alt: "Famílias reunidas em roda no salão do CRAS".into(),
        ..act(&itauna)
    };
    let itauna_action = cp::add_action(
        &db,
        Some(&ct),
        &body,
        &camp,
        &with_photo,
        file("f.png", png(2400, 1600)),
    )
    .await
    .unwrap()
    .to_string();
    assert!(matches!(
        cp::add_action(&db, Some(&cmas), &body, &camp, &act(&itauna), None).await,
        Err(Fail::Forbidden)
    ));
    let participant = me(
        &db,
        app::demo::seed::DEMO_PARTICIPANT.0,
        app::demo::seed::DEMO_PARTICIPANT.1,
    )
    .await;
    assert!(matches!(
        cp::add_action(&db, Some(&participant), &body, &camp, &act(&para), None).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        cp::add_action(&db, None, &body, &camp, &act(&para), None).await,
        Err(Fail::NeedsLogin)
    ));
    let para_action = cp::add_action(
        &db,
        Some(&cmas),
        &body,
        &camp,
        &ActionInput {
            action_title: "Blitz educativa na praça".into(),
            people_reached: "320".into(),
            materials_given: String::new(),
            ..act(&para)
        },
        None,
    )
    .await
    .unwrap()
    .to_string();
    // Pará de Minas's council sees only its municipality in the form.
    let staff = cp::page_staff(&db, Some(&cmas), &body, &camp)
        .await
        .unwrap();
    assert_eq!(
        staff.reportable,
        vec![(para.clone(), "Pará de Minas".to_owned())]
    );
    assert!(!staff.manages);
    let editable: Vec<bool> = staff.actions.iter().map(|a| a.editable).collect();
    assert_eq!(editable.iter().filter(|e| **e).count(), 1);
    assert!(matches!(
        cp::page_staff(&db, Some(&participant), &body, &camp).await,
        Err(Fail::Forbidden)
    ));

    // Photos: re-encoded JPEG within the size limit, with its description; its action's
    // reporters only; at most six.
    let p = cp::page_public(&db, &body, &camp).await.unwrap();
    let it = p.actions.iter().find(|a| a.id == itauna_action).unwrap();
    assert_eq!(it.photos.len(), 1);
    assert_eq!(
        it.photos[0].alt,
        "Famílias reunidas em roda no salão do CRAS"
    );
    let jpeg = cp::photo(&db, &body, &camp, &it.photos[0].id, false)
        .await
        .unwrap();
    let img = image::load_from_memory(&jpeg).unwrap();
    assert!(jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert_eq!((img.width(), img.height()), (1600, 1067));
    assert!(matches!(
        cp::add_photo(
            &db,
            Some(&cmas),
            &body,
            &camp,
            &itauna_action,
            "Equipe entrega folhetos na praça",
            file("g.png", png(400, 300))
        )
        .await,
        Err(Fail::Forbidden)
    ));
    let inv = invalid(
        cp::add_photo(
            &db,
            Some(&ct),
            &body,
            &camp,
            &itauna_action,
            "foto",
            file("g.png", png(400, 300)),
        )
        .await,
    );
    assert!(
        inv.message_for("photo_file_alt")
            .unwrap()
            .contains("pelo menos 10 letras")
    );
    let inv = invalid(
        cp::add_photo(
            &db,
            Some(&ct),
            &body,
            &camp,
            &itauna_action,
            "Equipe entrega folhetos na praça",
            file("g.txt", b"texto".to_vec()),
        )
        .await,
    );
    assert!(inv.message_for("photo_file").is_some());
    for _ in 0..5 {
        cp::add_photo(
            &db,
            Some(&ct),
            &body,
            &camp,
            &itauna_action,
            "Equipe entrega folhetos na praça",
            file("g.png", png(400, 300)),
        )
        .await
        .unwrap();
    }
    let inv = invalid(
        cp::add_photo(
            &db,
            Some(&ct),
            &body,
            &camp,
            &itauna_action,
            "Equipe entrega folhetos na praça",
            file("g.png", png(400, 300)),
        )
        .await,
    );
    assert!(
        inv.message_for("photo_file")
            .unwrap()
            .contains("no máximo 6 fotos")
    );

    // The results per municipality: those with actions first, Pitangui without one listed.
    let p = cp::page_public(&db, &body, &camp).await.unwrap();
    let table: Vec<(&str, usize, i64, i64)> = p
        .results
        .iter()
        .map(|r| (r.name.as_str(), r.actions, r.people, r.materials))
        .collect();
    assert_eq!(
        table,
        [
            ("Pará de Minas", 1, 320, 0),
            ("Itaúna", 1, 45, 1200),
            ("Pitangui", 0, 0, 0)
        ]
    );
    assert_eq!(
        (p.with_actions, p.total_actions, p.total_people),
        (2, 2, 365)
    );
    assert!(p.reportable.is_empty() && !p.manages);
    let list = cp::list_public(&db, &body).await.unwrap();
    assert_eq!(list.campaigns.len(), 1);
    assert_eq!(list.campaigns[0].municipalities, 2);
    assert!(list.campaigns[0].status.starts_with("em andamento até"));

    // The council secretary's panel finds the campaign for Pará de Minas; the chamber's own
    // secretariat keeps it from the chamber's pages.
    let mine = cp::my_campaigns(&db, &cmas).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].for_municipalities, "Pará de Minas");
    assert!(cp::my_campaigns(&db, &ct).await.unwrap().is_empty());

    // An action recorded by mistake is removed by its municipality's reporters, photos too.
    assert!(matches!(
        cp::remove_action(&db, Some(&cmas), &body, &camp, &itauna_action).await,
        Err(Fail::Forbidden)
    ));
    cp::remove_action(&db, Some(&cmas), &body, &camp, &para_action)
        .await
        .unwrap();
    cp::remove_action(&db, Some(&ct), &body, &camp, &itauna_action)
        .await
        .unwrap();
    assert_eq!(rows(&db).await[2..], [0, 0]);
    // Another body's id with this campaign finds nothing.
    assert!(matches!(
        cp::page_public(&db, &own_council.to_string(), &camp).await,
        Err(Fail::NotFound)
    ));
});
