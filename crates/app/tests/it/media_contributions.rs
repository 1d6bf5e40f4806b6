//! "units and participants upload": what a participant sends to a unit's gallery
//! waits for the unit's review; only the sender and the unit see it (file included) until it is
//! published; a refusal deletes the files and leaves the reason for the sender (both databases).

use app::Fail;
use app::mobilization::unit_media::{self as um, MediaInput};
use app::platform::accounts::LoginOutcome;
use app::setup::conference::Upload;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{stored_file, unit_media};
use testkit::both_dbs;
use uuid::Uuid;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn login(db: &app::Db, (login, pw): (&str, &str)) -> app::platform::auth::Me {
    let LoginOutcome::Ok(t) = app::platform::accounts::login(db, login, pw).await.unwrap() else {
        panic!("login {login}");
    };
    app::platform::auth::me(db, Some(&t))
        .await
        .unwrap()
        .unwrap()
}

fn refused<T: std::fmt::Debug>(r: Result<T, Fail>, field: &str) -> String {
    match r {
        Err(Fail::Invalid(i)) => i
            .message_for(field)
            .unwrap_or_else(|| panic!("no error for {field}: {i:?}"))
            .to_owned(),
        other => panic!("expected invalid, got {other:?}"),
    }
}

async fn unit_named(db: &app::Db, name: &str) -> Uuid {
    testkit::unit_by_name(db, name).await.id
}

fn small_png() -> Option<Upload> {
    let img = image::RgbImage::from_fn(30, 20, |x, y| image::Rgb([x as u8 * 8, y as u8 * 12, 70]));
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .unwrap();
    Some(Upload {
        file_name: "roda.png".into(),
        bytes,
    })
}

fn input(caption: &str, consent: bool) -> MediaInput {
    MediaInput {
        caption: caption.into(),
        consent: if consent { "sim".into() } else { String::new() },
        ..Default::default()
    }
}

async fn counts(db: &app::Db) -> (u64, u64) {
    (
        unit_media::Entity::find().count(&db.conn).await.unwrap(),
        stored_file::Entity::find().count(&db.conn).await.unwrap(),
    )
}

both_dbs!(participants_contribute_and_units_review, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let (p_login, p_pw, _) = app::demo::seed::DEMO_PARTICIPANT;
    let p = login(&db, (p_login, p_pw)).await;
    let art = login(&db, ("articulador.cras.centro", "demo-articulador-2025")).await;
    let com = login(
        &db,
        ("comissao@demo.conferencia.local", "demo-comissao-2025"),
    )
    .await;
    let sul = unit_named(&db, "CRAS Sul").await;
    let centro = unit_named(&db, "CRAS Centro").await;
    let before = counts(&db).await;

    // Logged out: asked to log in. Bad input: clear errors, nothing written.
    assert!(matches!(
        um::contribute(&db, None, SLUG, sul, &input("Oficina", true), small_png()).await,
        Err(Fail::NeedsLogin)
    ));
    let e = refused(
        um::contribute(
            &db,
            Some(&p),
            SLUG,
            sul,
            &input("Oficina de artesanato", false),
            small_png(),
        )
        .await,
        "consent",
    );
    assert!(e.contains("autorizaram o uso da imagem"), "{e}");
    let fake = Some(Upload {
        file_name: "foto.jpg".into(),
        bytes: b"%PDF-1.4\n%nao e foto\n".to_vec(),
    });
    let e = refused(
        um::contribute(&db, Some(&p), SLUG, sul, &input("Oficina", true), fake).await,
        "arquivo",
    );
    assert!(e.contains("não é uma foto JPEG ou PNG"), "{e}");
    assert_eq!(counts(&db).await, before, "nothing half-written");

    // A photo waits for the unit: not in the public gallery, its file hidden from others.
    let published = um::contribute(
        &db,
        Some(&p),
        SLUG,
        sul,
        &input("Oficina de artesanato com as famílias", true),
        small_png(),
    )
    .await
    .unwrap();
    assert!(!published);
    let row = unit_media::Entity::find()
        .filter(unit_media::Column::Caption.eq("Oficina de artesanato com as famílias"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, um::MediaStatus::Pending);
    assert_eq!(row.uploaded_by, Some(p.account.id));
    let id = row.id.to_string();
    let public = app::mobilization::posts::unit_public(&db, SLUG, &sul.to_string())
        .await
        .unwrap();
    assert!(
        public.gallery.iter().all(|i| i.id != id),
        "pending is not public"
    );
    for who in [None, Some(&art)] {
        assert!(matches!(
            um::file(&db, who, SLUG, &id, true).await,
            Err(Fail::NotFound)
        ));
    }
    let mine = um::file(&db, Some(&p), SLUG, &id, true).await.unwrap();
    assert!(!mine.public);
    assert_eq!(mine.content_type, "image/jpeg");
    assert!(um::file(&db, Some(&com), SLUG, &id, false).await.is_ok());

    // The commission's gallery points to the unit with items waiting.
    let g = um::gallery(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(g.pending, vec![(sul.to_string(), "CRAS Sul".to_owned(), 1)]);
    assert!(g.items.iter().all(|i| i.id != id));

    // The unit's page lists it with its sender; another unit's articulator cannot review.
    let page = app::mobilization::units::unit_page(&db, Some(&com), SLUG, sul)
        .await
        .unwrap();
    assert_eq!(page.pending.len(), 1);
    assert_eq!(page.pending[0].sender, p.account.display_name);
    assert!(page.media.iter().all(|i| i.id != id));
    assert!(matches!(
        um::review(&db, Some(&art), SLUG, sul, &id, true, "").await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        um::review(&db, Some(&p), SLUG, sul, &id, true, "").await,
        Err(Fail::Forbidden)
    ));
    let e = refused(
        um::review(&db, Some(&com), SLUG, sul, &id, false, "  ").await,
        "reason",
    );
    assert!(e.contains("motivo"), "{e}");
    assert_eq!(
        unit_media::Entity::find_by_id(row.id)
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap()
            .status,
        um::MediaStatus::Pending
    );

    // Published: in the gallery, the file public.
    um::review(&db, Some(&com), SLUG, sul, &id, true, "")
        .await
        .unwrap();
    let public = app::mobilization::posts::unit_public(&db, SLUG, &sul.to_string())
        .await
        .unwrap();
    assert!(public.gallery.iter().any(|i| i.id == id));
    assert!(um::file(&db, None, SLUG, &id, true).await.unwrap().public);
    let e = refused(
        um::review(&db, Some(&com), SLUG, sul, &id, true, "").await,
        "form",
    );
    assert!(e.contains("já foi revisado"), "{e}");

    // Refused: the files are deleted at once; the sender reads the reason.
    um::contribute(
        &db,
        Some(&p),
        SLUG,
        sul,
        &input("Lista de presença da oficina", false),
        Some(Upload {
            file_name: "lista.pdf".into(),
            bytes: b"%PDF-1.4\n%lista com nomes\n".to_vec(),
        }),
    )
    .await
    .unwrap();
    let doc = unit_media::Entity::find()
        .filter(unit_media::Column::Caption.eq("Lista de presença da oficina"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let file_id = doc.file_id.expect("the PDF is stored while it waits");
    um::review(
        &db,
        Some(&com),
        SLUG,
        sul,
        &doc.id.to_string(),
        false,
        "A lista tem nomes e telefones das famílias",
    )
    .await
    .unwrap();
    let doc = unit_media::Entity::find_by_id(doc.id)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(doc.status, um::MediaStatus::Refused);
    assert_eq!(doc.file_id, None);
    assert!(
        stored_file::Entity::find_by_id(file_id)
            .one(&db.conn)
            .await
            .unwrap()
            .is_none()
    );
    assert!(matches!(
        um::file(&db, Some(&p), SLUG, &doc.id.to_string(), false).await,
        Err(Fail::NotFound)
    ));
    let m = app::mobilization::online::mine(&db, Some(&p), SLUG)
        .await
        .unwrap();
    assert_eq!(m.media.len(), 2);
    assert_eq!(m.media[0].status_label, "Recusado pela unidade");
    assert_eq!(
        m.media[0].reason.as_deref(),
        Some("A lista tem nomes e telefones das famílias")
    );
    assert_eq!(m.media[1].status_label, "Publicado na galeria");

    // The unit's own articulator publishes straight away from the public page.
    let video = MediaInput {
        video_url: "https://www.youtube.com/watch?v=abc123".into(),
        ..input("Vídeo da roda de conversa", true)
    };
    assert!(
        um::contribute(&db, Some(&art), SLUG, centro, &video, None)
            .await
            .unwrap()
    );

    // At most ten waiting per person.
    for k in 0..10 {
        let v = MediaInput {
            video_url: format!("https://www.youtube.com/watch?v=v{k}"),
            ..input(&format!("Vídeo {k}"), true)
        };
        um::contribute(&db, Some(&p), SLUG, centro, &v, None)
            .await
            .unwrap();
    }
    let before = counts(&db).await;
    let e = refused(
        um::contribute(&db, Some(&p), SLUG, centro, &video, None).await,
        "arquivo",
    );
    assert!(e.contains("espere a revisão"), "{e}");
    assert_eq!(counts(&db).await, before);
});

both_dbs!(internal_items_stay_with_the_unit, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let (p_login, p_pw, _) = app::demo::seed::DEMO_PARTICIPANT;
    let p = login(&db, (p_login, p_pw)).await;
    let art = login(&db, ("articulador.cras.centro", "demo-articulador-2025")).await;
    let com = login(
        &db,
        ("comissao@demo.conferencia.local", "demo-comissao-2025"),
    )
    .await;
    let centro = unit_named(&db, "CRAS Centro").await;
    let ata = MediaInput {
        internal: "sim".into(),
        ..input("Lista de presença com telefones", false)
    };
    let id = um::add(
        &db,
        Some(&art),
        SLUG,
        centro,
        &ata,
        Some(Upload {
            file_name: "lista.pdf".into(),
            bytes: b"%PDF-1.4\n%nomes e telefones\n".to_vec(),
        }),
    )
    .await
    .unwrap()
    .to_string();

    // Not on the public page, nor its file; the unit and the commission see both.
    let public = app::mobilization::posts::unit_public(&db, SLUG, &centro.to_string())
        .await
        .unwrap();
    assert!(public.gallery.iter().all(|i| i.id != id));
    for who in [None, Some(&p)] {
        assert!(matches!(
            um::file(&db, who, SLUG, &id, false).await,
            Err(Fail::NotFound)
        ));
    }
    let f = um::file(&db, Some(&art), SLUG, &id, false).await.unwrap();
    assert!(!f.public, "never in a shared cache");
    assert!(um::file(&db, Some(&com), SLUG, &id, false).await.is_ok());
    let page = app::mobilization::units::unit_page(&db, Some(&art), SLUG, centro)
        .await
        .unwrap();
    assert!(page.media.iter().any(|i| i.id == id && i.internal));
    let g = um::gallery(&db, Some(&com), SLUG).await.unwrap();
    assert!(g.items.iter().any(|i| i.id == id && i.internal));

    // The public timeline cannot carry it.
    let e = refused(
        app::mobilization::posts::publish(
            &db,
            Some(&art),
            SLUG,
            centro,
            "Reunião com as famílias do bairro",
            std::slice::from_ref(&id),
        )
        .await,
        "media",
    );
    assert!(e.contains("não entram em publicações"), "{e}");
});

// The limit of contributions waiting per person is counted in the transaction that
// inserts, under the person's lock, so uploads sent at once cannot pass it together (25 at once
// stored 11 before).
both_dbs!(
    uploads_sent_at_once_stop_at_the_waiting_limit,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let (p_login, p_pw, _) = app::demo::seed::DEMO_PARTICIPANT;
        let p = login(&db, (p_login, p_pw)).await;
        let sul = unit_named(&db, "CRAS Sul").await;
        let waiting = || async {
            unit_media::Entity::find()
                .filter(unit_media::Column::UploadedBy.eq(p.account.id))
                .filter(unit_media::Column::Status.eq(um::MediaStatus::Pending))
                .count(&db.conn)
                .await
                .unwrap()
        };
        let already = waiting().await;
        assert!(already < um::MAX_PENDING_PER_PERSON);
        let (_, files_before) = counts(&db).await;
        let tasks: Vec<_> = (0..25)
            .map(|i| {
                let (db, p) = (db.clone(), p.clone());
                tokio::spawn(async move {
                    um::contribute(
                        &db,
                        Some(&p),
                        SLUG,
                        sul,
                        &input(&format!("Envio {i} da oficina"), true),
                        small_png(),
                    )
                    .await
                })
            })
            .collect();
        let (mut stored, mut refusals) = (0u64, 0u64);
        for t in tasks {
            match t.await.unwrap() {
                Ok(published) => {
                    assert!(!published);
                    stored += 1;
                }
                other => {
                    let e = refused(other, "arquivo");
                    assert!(e.contains("esperando a revisão"), "{e}");
                    refusals += 1;
                }
            }
        }
        assert_eq!(stored, um::MAX_PENDING_PER_PERSON - already);
        assert_eq!(stored + refusals, 25);
        assert_eq!(waiting().await, um::MAX_PENDING_PER_PERSON);
        // A photo and its thumbnail for each one stored, nothing for the refused.
        assert_eq!(counts(&db).await.1, files_before + 2 * stored);
    }
);
