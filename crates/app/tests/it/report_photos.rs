//! The report's photos on both databases: a file that is not a photo, a missing caption or
//! consent is refused with nothing stored; a photo is re-encoded without metadata, changes the
//! report's version (confirmations start over) and appears in section IX; at most six; removal
//! takes its file; the submitted round keeps the photo it was sent with.

use crate::support::{articulator, conference_by_slug, secretariat};
use app::Fail;
use app::reporting::photos::{self as photos, MAX_PHOTOS, PhotoInput};
use app::setup::conference::Upload;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::stored_file;
use testkit::both_dbs;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
    });
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn upload(bytes: Vec<u8>) -> Option<Upload> {
    Some(Upload {
        file_name: "foto.png".into(),
        bytes,
    })
}

async fn files(db: &app::Db) -> u64 {
    stored_file::Entity::find()
        .filter(stored_file::Column::Purpose.eq("report_photo"))
        .count(&db.conn)
        .await
        .unwrap()
}

both_dbs!(
    report_photos_are_checked_reencoded_and_versioned,
    |db| async move {
        app::demo::seed::seed_with_history(&db).await.unwrap();
        let sec = secretariat(&db).await;
        let cmas = conference_by_slug(&db, app::demo::seed::DEMO_SLUG)
            .await
            .body_id;
        let slug = "fotos-2023";
        app::demo::history::finished_conference(&db, cmas, slug, "Conferência de teste das fotos")
            .await
            .unwrap()
            .unwrap();
        let before = app::reporting::report::status(&db, Some(&sec), slug)
            .await
            .unwrap();
        assert!(before.photos.is_empty());

        // Refusals: every problem at once, nothing stored.
        let bad = photos::add(
            &db,
            Some(&sec),
            slug,
            &PhotoInput::default(),
            upload(b"%PDF-1.4 disguised as foto.png".to_vec()),
        )
        .await;
        let Err(Fail::Invalid(e)) = bad else {
            panic!("{bad:?}")
        };
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, vec!["caption", "consent", "foto"], "{e:?}");
        assert!(e.0[2].message.contains("não é uma foto JPEG ou PNG"));
        assert_eq!(files(&db).await, 0);
        // Someone without the report's permission.
        let art = articulator(&db).await;
        let ok = PhotoInput {
            caption: "Plenária final, 6 de julho".into(),
            consent: "sim".into(),
        };
        assert!(matches!(
            photos::add(&db, Some(&art), slug, &ok, upload(png(10, 10))).await,
            Err(Fail::Forbidden)
        ));

        // A large photo: re-encoded to 1600 px at most, as a JPEG.
        photos::add(&db, Some(&sec), slug, &ok, upload(png(2400, 1200)))
            .await
            .unwrap();
        let (t, jpeg) = photos::staff_photo(&db, Some(&sec), slug, 0).await.unwrap();
        assert_eq!(t, "image/jpeg");
        let decoded = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1600, 800));
        let after = app::reporting::report::status(&db, Some(&sec), slug)
            .await
            .unwrap();
        assert_eq!(after.photos.len(), 1);
        assert_eq!(after.report.photos.len(), 1);
        assert_eq!(after.report.photos[0].caption, "Plenária final, 6 de julho");
        assert_ne!(after.hash, before.hash, "a photo makes a new version");
        assert!(after.signers.is_empty(), "confirmations start over");
        assert!(
            !after
                .report
                .missing_sections()
                .iter()
                .any(|m| m.contains("IX")),
            "{:?}",
            after.report.missing_sections()
        );

        // At most six.
        for i in 1..MAX_PHOTOS {
            photos::add(
                &db,
                Some(&sec),
                slug,
                &PhotoInput {
                    caption: format!("Foto {i}"),
                    ..ok.clone()
                },
                upload(png(20, 20)),
            )
            .await
            .unwrap();
        }
        let full = photos::add(&db, Some(&sec), slug, &ok, upload(png(20, 20))).await;
        let Err(Fail::Invalid(e)) = full else {
            panic!("{full:?}")
        };
        assert!(e.0[0].message.contains("já tem 6 fotos"), "{e:?}");
        assert_eq!(files(&db).await, MAX_PHOTOS as u64);

        // Removing one takes its file.
        let s = app::reporting::report::status(&db, Some(&sec), slug)
            .await
            .unwrap();
        photos::remove(&db, Some(&sec), slug, &s.photos[5].id)
            .await
            .unwrap();
        assert_eq!(files(&db).await, MAX_PHOTOS as u64 - 1);
        assert!(matches!(
            photos::remove(&db, Some(&sec), slug, &s.photos[5].id).await,
            Err(Fail::NotFound)
        ));
        let s = app::reporting::report::status(&db, Some(&sec), slug)
            .await
            .unwrap();
        assert_eq!(s.report.photos.len(), MAX_PHOTOS - 1);
        assert_eq!(s.report.photos[0].media_type, "image/jpeg");
        assert!(matches!(
            photos::staff_photo(&db, Some(&sec), slug, 9).await,
            Err(Fail::NotFound)
        ));
    }
);
