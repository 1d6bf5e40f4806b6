//! What a unit's meeting produces — proposals that reach the working groups with their
//! origin, and the unit's media (photos re-encoded with thumbnails, PDFs, video links) that the
//! commission picks for the report (both databases).

use crate::support::{articulator, commission, invalid};
use app::Fail;
use app::mobilization::proposals::{self as up, ProposalInput};
use app::mobilization::unit_media::{self as um, MediaInput};
use app::mobilization::units::{self as u, MeetingInput, ReportInput};
use app::setup::conference::Upload;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use store::entities::{
    eixo, proposal, proposal_origin, report_photo, stage, stored_file, unit_media, unit_proposal,
};
use testkit::both_dbs;
use uuid::Uuid;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn unit_id(db: &app::Db, name: &str) -> Uuid {
    testkit::unit_by_name(db, name).await.id
}

/// A held meeting of the unit (the demo's unit stage is in the past).
async fn held_meeting(db: &app::Db, art: &app::platform::auth::Me, unit: Uuid) -> Uuid {
    let st = stage::Entity::find()
        .filter(stage::Column::Kind.eq("unit_meeting"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let id = u::schedule_meeting(
        db,
        Some(art),
        SLUG,
        unit,
        &MeetingInput {
            stage_id: st.id.to_string(),
            starts_at: "2025-05-08T15:00".into(),
            ends_at: String::new(),
            place: "Salão do CRAS".into(),
            online_url: String::new(),
        },
    )
    .await
    .unwrap();
    u::report_meeting(
        db,
        Some(art),
        SLUG,
        unit,
        id,
        &ReportInput {
            participants: "30".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    id
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn upload(name: &str, bytes: Vec<u8>) -> Option<Upload> {
    Some(Upload {
        file_name: name.into(),
        bytes,
    })
}

both_dbs!(
    meeting_proposals_reach_the_working_groups,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let art = articulator(&db).await;
        let com = commission(&db).await;
        let centro = unit_id(&db, "CRAS Centro").await;
        let sul = unit_id(&db, "CRAS Sul").await;
        let eixos = eixo::Entity::find()
            .order_by_asc(eixo::Column::Number)
            .all(&db.conn)
            .await
            .unwrap();
        let e1 = eixos[0].clone();
        let m = held_meeting(&db, &art, centro).await;
        let good = ProposalInput {
            eixo_id: e1.id.to_string(),
            level: "municipal".into(),
            kind: "new".into(),
            text: "Ampliar o horário de atendimento do CRAS para o período noturno".into(),
        };

        // Only the unit's own articulator; every field checked at once, nothing written.
        assert!(matches!(
            up::add(&db, Some(&art), SLUG, sul, m, &good).await,
            Err(Fail::Forbidden) | Err(Fail::NotFound)
        ));
        let e = invalid(
            up::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                m,
                &ProposalInput {
                    eixo_id: Uuid::now_v7().to_string(),
                    level: "galactico".into(),
                    kind: "new".into(),
                    text: " ".into(),
                },
            )
            .await,
        );
        assert!(e.message_for("eixo_id").is_some(), "{e}");
        assert!(e.message_for("level").is_some(), "{e}");
        assert!(e.message_for("text").is_some(), "{e}");
        assert_eq!(
            unit_proposal::Entity::find().count(&db.conn).await.unwrap(),
            0
        );

        // A meeting not yet held takes no proposals.
        let st = stage::Entity::find()
            .filter(stage::Column::Kind.eq("unit_meeting"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let pending = u::schedule_meeting(
            &db,
            Some(&art),
            SLUG,
            centro,
            &MeetingInput {
                stage_id: st.id.to_string(),
                starts_at: "2025-05-20T15:00".into(),
                place: "Escola".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        let e = invalid(up::add(&db, Some(&art), SLUG, centro, pending, &good).await);
        assert!(e.message_for("text").unwrap().contains("aconteceu"), "{e}");

        let a = up::add(&db, Some(&art), SLUG, centro, m, &good)
            .await
            .unwrap();
        let mut second = good.clone();
        second.text = "Garantir transporte para as famílias da zona rural chegarem ao CRAS".into();
        second.level = "estadual".into();
        up::add(&db, Some(&art), SLUG, centro, m, &second)
            .await
            .unwrap();
        let mut third = good.clone();
        third.text = "Texto registrado por engano".into();
        let mistake = up::add(&db, Some(&art), SLUG, centro, m, &third)
            .await
            .unwrap();
        up::remove(&db, Some(&art), SLUG, centro, &mistake.to_string())
            .await
            .unwrap();
        let record = u::meeting_record(&db, Some(&art), SLUG, centro, m)
            .await
            .unwrap();
        assert_eq!(record.proposals.len(), 2);
        assert!(record.proposals.iter().all(|p| p.group.is_none()));
        assert!(record.proposals[0].eixo.starts_with("Eixo 1"));

        // The group of eixo 1 sees them waiting, with their origin; one is brought, then the rest.
        let g1 = app::plenary::groups::create_group(
            &db,
            Some(&com),
            SLUG,
            &e1.id.to_string(),
            "Grupo 1",
        )
        .await
        .unwrap()
        .to_string();
        assert!(matches!(
            up::bring_into_group(&db, Some(&art), SLUG, &g1, "").await,
            Err(Fail::Forbidden)
        ));
        let page = app::plenary::groups::group(&db, Some(&com), SLUG, &g1)
            .await
            .unwrap();
        assert_eq!(page.from_units.len(), 2);
        assert!(
            page.from_units[0]
                .origin
                .starts_with("Pré-conferência: CRAS Centro (08/05/2025)"),
            "{}",
            page.from_units[0].origin
        );
        assert_eq!(
            up::bring_into_group(&db, Some(&com), SLUG, &g1, &a.to_string())
                .await
                .unwrap(),
            1
        );
        // The same one again: already in a group, nothing new written.
        let before = proposal::Entity::find().count(&db.conn).await.unwrap();
        let e = invalid(up::bring_into_group(&db, Some(&com), SLUG, &g1, &a.to_string()).await);
        assert!(e.to_string().contains("já foi levada"), "{e}");
        assert_eq!(
            proposal::Entity::find().count(&db.conn).await.unwrap(),
            before
        );
        assert_eq!(
            up::bring_into_group(&db, Some(&com), SLUG, &g1, "")
                .await
                .unwrap(),
            1
        );
        assert!(
            invalid(up::bring_into_group(&db, Some(&com), SLUG, &g1, "").await)
                .to_string()
                .contains("Não há propostas")
        );
        let page = app::plenary::groups::group(&db, Some(&com), SLUG, &g1)
            .await
            .unwrap();
        assert!(page.from_units.is_empty());
        let texts: Vec<_> = page.proposals.iter().map(|p| p.text.as_str()).collect();
        assert!(texts.contains(&good.text.as_str()) && texts.contains(&second.text.as_str()));
        for p in page
            .proposals
            .iter()
            .filter(|p| p.text == good.text || p.text == second.text)
        {
            assert_eq!(
                p.origins,
                vec!["Pré-conferência: CRAS Centro (08/05/2025)".to_owned()]
            );
            assert_eq!(p.status, "draft");
        }
        let est = page
            .proposals
            .iter()
            .find(|p| p.text == second.text)
            .unwrap();
        assert_eq!(est.level, "estadual");
        let origin = proposal_origin::Entity::find()
            .filter(proposal_origin::Column::Label.starts_with("Pré-conferência: CRAS Centro"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (origin.kind.as_str(), origin.ref_id),
            ("unit", Some(centro))
        );
        // The unit sees where they went, and can no longer withdraw them.
        let record = u::meeting_record(&db, Some(&art), SLUG, centro, m)
            .await
            .unwrap();
        assert!(
            record
                .proposals
                .iter()
                .all(|p| p.group.as_deref() == Some("Grupo 1"))
        );
        let e = invalid(up::remove(&db, Some(&art), SLUG, centro, &a.to_string()).await);
        assert!(e.to_string().contains("grupo de trabalho"), "{e}");
    }
);

both_dbs!(
    unit_media_is_sniffed_reencoded_and_picked,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let art = articulator(&db).await;
        let com = commission(&db).await;
        let centro = unit_id(&db, "CRAS Centro").await;
        let sul = unit_id(&db, "CRAS Sul").await;
        let m = held_meeting(&db, &art, centro).await;
        let photo = MediaInput {
            caption: "Roda de conversa no CRAS Centro".into(),
            consent: "sim".into(),
            meeting_id: m.to_string(),
            ..Default::default()
        };
        let files_before = stored_file::Entity::find().count(&db.conn).await.unwrap();

        // Someone else's unit; bad inputs, every one refused with nothing written.
        assert!(matches!(
            um::add(
                &db,
                Some(&art),
                SLUG,
                sul,
                &photo,
                upload("a.png", png(10, 10))
            )
            .await,
            Err(Fail::Forbidden)
        ));
        let e = invalid(
            um::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                &photo,
                upload("foto.jpg", b"%PDF-1.4 disguised".to_vec()),
            )
            .await,
        );
        assert!(
            e.message_for("arquivo").unwrap().contains("não é uma foto"),
            "{e}"
        );
        let mut mp4 = b"\x00\x00\x00\x18ftypmp42".to_vec();
        mp4.extend(vec![0u8; 2000]);
        let e = invalid(
            um::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                &photo,
                upload("festa.mp4", mp4),
            )
            .await,
        );
        assert!(
            e.message_for("arquivo").unwrap().contains("cole o link"),
            "{e}"
        );
        let e = invalid(
            um::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                &photo,
                upload("planilha.xlsx", b"PK\x03\x04....".to_vec()),
            )
            .await,
        );
        assert!(
            e.message_for("arquivo").unwrap().contains("não é aceito"),
            "{e}"
        );
        let e = invalid(
            um::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                &photo,
                upload("grande.pdf", {
                    let mut b = b"%PDF-1.7\n".to_vec();
                    b.resize(um::MAX_FILE_BYTES + 1, b' ');
                    b
                }),
            )
            .await,
        );
        assert!(
            e.message_for("arquivo").unwrap().contains("limite é 10 MB"),
            "{e}"
        );
        let mut no_consent = photo.clone();
        no_consent.consent = String::new();
        no_consent.caption = String::new();
        let e = invalid(
            um::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                &no_consent,
                upload("a.png", png(10, 10)),
            )
            .await,
        );
        assert!(
            e.message_for("consent").is_some() && e.message_for("caption").is_some(),
            "{e}"
        );
        let e = invalid(um::add(&db, Some(&art), SLUG, centro, &photo, None).await);
        assert!(e.message_for("arquivo").is_some(), "{e}");
        let mut both = photo.clone();
        both.video_url = "https://video.example.org/v/123".into();
        let e = invalid(
            um::add(
                &db,
                Some(&art),
                SLUG,
                centro,
                &both,
                upload("a.png", png(10, 10)),
            )
            .await,
        );
        assert!(
            e.message_for("video_url").unwrap().contains("não os dois"),
            "{e}"
        );
        assert_eq!(
            stored_file::Entity::find().count(&db.conn).await.unwrap(),
            files_before
        );
        assert_eq!(unit_media::Entity::find().count(&db.conn).await.unwrap(), 0);

        // A photo: re-encoded at most 1600 px, with a 320 px thumbnail.
        let pid = um::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            &photo,
            upload("roda.png", png(2400, 1200)),
        )
        .await
        .unwrap();
        let big = um::file(&db, None, SLUG, &pid.to_string(), false)
            .await
            .unwrap();
        assert_eq!(big.content_type, "image/jpeg");
        assert!(big.public);
        let img = image::load_from_memory(&big.bytes).unwrap();
        assert_eq!((img.width(), img.height()), (1600, 800));
        let thumb = um::file(&db, None, SLUG, &pid.to_string(), true)
            .await
            .unwrap();
        let t = image::load_from_memory(&thumb.bytes).unwrap();
        assert_eq!((t.width(), t.height()), (320, 160));
        // The ata as PDF (no consent needed) and a video link, in general.
        let ata = MediaInput {
            caption: "Ata da reunião".into(),
            meeting_id: m.to_string(),
            ..Default::default()
        };
        um::add(
            &db,
            Some(&art),
            SLUG,
            centro,
            &ata,
            upload("ata.pdf", b"%PDF-1.4\n%ata\n".to_vec()),
        )
        .await
        .unwrap();
        let video = MediaInput {
            caption: "Vídeo da apresentação cultural".into(),
            consent: "sim".into(),
            video_url: "https://video.example.org/v/123".into(),
            ..Default::default()
        };
        let vid = um::add(&db, Some(&art), SLUG, centro, &video, None)
            .await
            .unwrap();
        assert!(matches!(
            um::file(&db, None, SLUG, &vid.to_string(), false).await,
            Err(Fail::NotFound)
        ));
        let record = u::meeting_record(&db, Some(&art), SLUG, centro, m)
            .await
            .unwrap();
        assert_eq!(record.media.len(), 2, "the meeting's photo and ata");
        let page = u::unit_page(&db, Some(&art), SLUG, centro).await.unwrap();
        assert_eq!(page.media.len(), 3);
        assert_eq!(page.media[0].kind, "video");

        // The commission picks the photo for the report (a copy), not a PDF, not twice.
        assert!(matches!(
            um::pick_for_report(&db, Some(&art), SLUG, &pid.to_string()).await,
            Err(Fail::Forbidden)
        ));
        let g = um::gallery(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!(g.items.len(), 3);
        let doc = g.items.iter().find(|i| i.kind == "document").unwrap();
        assert!(
            invalid(um::pick_for_report(&db, Some(&com), SLUG, &doc.id).await)
                .to_string()
                .contains("Só fotos")
        );
        um::pick_for_report(&db, Some(&com), SLUG, &pid.to_string())
            .await
            .unwrap();
        assert!(
            invalid(um::pick_for_report(&db, Some(&com), SLUG, &pid.to_string()).await)
                .to_string()
                .contains("já está")
        );
        let rp = report_photo::Entity::find().all(&db.conn).await.unwrap();
        assert_eq!(rp.len(), 1);
        assert_eq!(
            rp[0].caption,
            "Roda de conversa no CRAS Centro (CRAS Centro)"
        );
        assert_eq!(rp[0].consent_by, Some(art.account.id));
        let g = um::gallery(&db, Some(&com), SLUG).await.unwrap();
        assert!(
            g.items
                .iter()
                .find(|i| i.id == pid.to_string())
                .unwrap()
                .in_report
        );
        // The unit removes its photo: the report keeps its copy.
        um::remove(&db, Some(&art), SLUG, centro, &pid.to_string())
            .await
            .unwrap();
        assert_eq!(
            report_photo::Entity::find().count(&db.conn).await.unwrap(),
            1
        );
        assert!(matches!(
            um::file(&db, None, SLUG, &pid.to_string(), true).await,
            Err(Fail::NotFound)
        ));
    }
);

both_dbs!(units_share_their_actions_on_the_timeline, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let art = articulator(&db).await;
    let com = commission(&db).await;
    let centro = unit_id(&db, "CRAS Centro").await;
    let sul = unit_id(&db, "CRAS Sul").await;
    let m = held_meeting(&db, &art, centro).await;
    let photo = um::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        &MediaInput {
            caption: "Oficina de artesanato".into(),
            consent: "sim".into(),
            meeting_id: m.to_string(),
            ..Default::default()
        },
        upload("oficina.png", png(40, 30)),
    )
    .await
    .unwrap();
    // The commission's photo in another unit's gallery cannot go in CRAS Centro's post.
    let other = um::add(
        &db,
        Some(&com),
        SLUG,
        sul,
        &MediaInput {
            caption: "Visita domiciliar".into(),
            consent: "sim".into(),
            ..Default::default()
        },
        upload("visita.png", png(20, 20)),
    )
    .await
    .unwrap();
    use app::mobilization::posts as ps;
    assert!(matches!(
        ps::publish(&db, Some(&art), SLUG, sul, "Ação", &[]).await,
        Err(Fail::Forbidden)
    ));
    let e = invalid(ps::publish(&db, Some(&art), SLUG, centro, "  ", &[other.to_string()]).await);
    assert!(e.message_for("texto").is_some(), "{e}");
    assert!(
        e.message_for("media").unwrap().contains("desta unidade"),
        "{e}"
    );
    let e = invalid(ps::publish(&db, Some(&art), SLUG, centro, "Ação", &["x".into()]).await);
    assert!(e.message_for("media").is_some(), "{e}");
    assert_eq!(
        store::entities::unit_post::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    let first = ps::publish(
        &db,
        Some(&art),
        SLUG,
        centro,
        "Roda de conversa com 30 famílias",
        &[],
    )
    .await
    .unwrap();
    ps::publish(
        &db,
        Some(&art),
        SLUG,
        centro,
        "Oficina de artesanato com as usuárias do SCFV",
        &[photo.to_string(), photo.to_string()],
    )
    .await
    .unwrap();
    let t = ps::timeline(&db, SLUG, 0).await.unwrap();
    assert_eq!(t.posts.len(), 2);
    assert!(!t.has_next);
    assert_eq!(
        t.posts[0].text,
        "Oficina de artesanato com as usuárias do SCFV"
    );
    assert_eq!(t.posts[0].media.len(), 1, "the same item once");
    assert_eq!(t.posts[0].media[0].caption, "Oficina de artesanato");
    assert_eq!(t.posts[0].unit_name, "CRAS Centro");
    assert!(!t.posts[0].territory.is_empty());
    let pu = ps::unit_public(&db, SLUG, &centro.to_string())
        .await
        .unwrap();
    // The demo's meeting (35 people) and this one (30).
    assert_eq!((pu.meetings_held, pu.people), (2, 65));
    assert_eq!(pu.posts.len(), 2);
    assert_eq!(pu.gallery.len(), 1);
    assert!(matches!(
        ps::unit_public(&db, SLUG, &Uuid::now_v7().to_string()).await,
        Err(Fail::NotFound)
    ));
    ps::remove(&db, Some(&art), SLUG, centro, &first.to_string())
        .await
        .unwrap();
    assert_eq!(ps::timeline(&db, SLUG, 0).await.unwrap().posts.len(), 1);
    // Pages of 20.
    for i in 0..ps::PAGE {
        ps::publish(&db, Some(&art), SLUG, centro, &format!("Ação {i}"), &[])
            .await
            .unwrap();
    }
    let t = ps::timeline(&db, SLUG, 0).await.unwrap();
    assert!(t.has_next && t.posts.len() == ps::PAGE as usize);
    let t2 = ps::timeline(&db, SLUG, 1).await.unwrap();
    assert_eq!(t2.posts.len(), 1);
    assert!(!t2.has_next);
});
