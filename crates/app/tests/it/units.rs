//! Units schedule and report their own meetings inside a unit-set stage (both databases).

use crate::support::{articulator, commission, invalid};
use app::Fail;
use app::mobilization::units::{self as u, MeetingInput, ReportInput};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{stage, unit_meeting};
use testkit::both_dbs;

both_dbs!(
    articulator_schedules_and_reports_its_unit,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let slug = app::demo::seed::DEMO_SLUG;
        let art = articulator(&db).await;
        let com = commission(&db).await;
        let unit_of = |name: &'static str| {
            let db = db.clone();
            async move { testkit::unit_by_name(&db, name).await.id }
        };
        let centro = unit_of("CRAS Centro").await;
        let sul = unit_of("CRAS Sul").await;
        let st = stage::Entity::find()
            .filter(stage::Column::Kind.eq("unit_meeting"))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let good = MeetingInput {
            stage_id: st.id.to_string(),
            starts_at: "2025-05-08T15:00".into(),
            ends_at: "2025-05-08T17:00".into(),
            place: "Quadra do bairro".into(),
            online_url: String::new(),
        };
        // Only its own unit.
        assert!(matches!(
            u::schedule_meeting(&db, Some(&art), slug, sul, &good).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            u::unit_page(&db, Some(&art), slug, sul).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            u::unit_page(&db, None, slug, centro).await,
            Err(Fail::NeedsLogin)
        ));
        let before = unit_meeting::Entity::find().count(&db.conn).await.unwrap();
        // Outside the stage's window (22/04 to 30/05), without a place, with an unknown stage.
        let mut outside = good.clone();
        outside.starts_at = "2025-06-10T15:00".into();
        outside.ends_at = String::new();
        let e = invalid(u::schedule_meeting(&db, Some(&art), slug, centro, &outside).await);
        assert!(
            e.message_for("starts_at")
                .unwrap()
                .contains("22/04/2025 09:00 a 30/05/2025 17:00"),
            "{e}"
        );
        let mut nowhere = good.clone();
        nowhere.place = " ".into();
        assert!(
            invalid(u::schedule_meeting(&db, Some(&art), slug, centro, &nowhere).await)
                .message_for("place")
                .is_some()
        );
        let mut unknown = good.clone();
        unknown.stage_id = uuid::Uuid::now_v7().to_string();
        assert!(
            invalid(u::schedule_meeting(&db, Some(&art), slug, centro, &unknown).await)
                .message_for("stage_id")
                .is_some()
        );
        assert_eq!(
            unit_meeting::Entity::find().count(&db.conn).await.unwrap(),
            before
        );

        let id = u::schedule_meeting(&db, Some(&art), slug, centro, &good)
            .await
            .unwrap();
        let e = invalid(
            u::report_meeting(
                &db,
                Some(&art),
                slug,
                centro,
                id,
                &ReportInput {
                    participants: "muitos".into(),
                    note: String::new(),
                    ..Default::default()
                },
            )
            .await,
        );
        assert!(e.message_for("participants").unwrap().contains("números"));
        // By segment: a count that is not a number, and counts that do not add up to the total.
        let e = invalid(
            u::report_meeting(
                &db,
                Some(&art),
                slug,
                centro,
                id,
                &ReportInput {
                    participants: "27".into(),
                    by_segment: ["2".into(), "x".into(), String::new(), String::new()],
                    ..Default::default()
                },
            )
            .await,
        );
        assert!(
            e.message_for("usuarios")
                .unwrap()
                .contains("Usuários(as) em números")
        );
        let e = invalid(
            u::report_meeting(
                &db,
                Some(&art),
                slug,
                centro,
                id,
                &ReportInput {
                    participants: "27".into(),
                    by_segment: ["2".into(), "20".into(), "3".into(), String::new()],
                    ..Default::default()
                },
            )
            .await,
        );
        assert!(
            e.message_for("governo")
                .unwrap()
                .contains("A soma por segmento (25) não confere com o total de participantes (27)")
        );
        u::report_meeting(
            &db,
            Some(&art),
            slug,
            centro,
            id,
            &ReportInput {
                participants: "27".into(),
                note: "Boa conversa".into(),
                by_segment: ["2".into(), "20".into(), "5".into(), String::new()],
            },
        )
        .await
        .unwrap();
        let page = u::unit_page(&db, Some(&art), slug, centro).await.unwrap();
        let held = page
            .stages
            .iter()
            .flat_map(|s| &s.meetings)
            .find(|m| m.id == id)
            .unwrap();
        assert_eq!(held.participants, Some(27));
        assert_eq!(
            held.by_segment.as_deref(),
            Some(
                "Governo: 2 · Usuários(as): 20 · Trabalhadores(as) do SUAS: 5 · Entidades de assistência social: 0"
            )
        );
        assert!(
            invalid(
                u::report_meeting(
                    &db,
                    Some(&art),
                    slug,
                    centro,
                    id,
                    &ReportInput {
                        participants: "27".into(),
                        note: String::new(),
                        ..Default::default()
                    }
                )
                .await
            )
            .message_for("participants")
            .unwrap()
            .contains("já foi")
        );
        // A meeting in the future cannot be reported yet.
        let later = unit_meeting::Entity::find()
            .filter(unit_meeting::Column::Status.eq(unit_meeting::MeetingStatus::Scheduled))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        let mut a: unit_meeting::ActiveModel = later.clone().into();
        a.starts_at = sea_orm::ActiveValue::Set(chrono::Utc::now() + chrono::Duration::days(3));
        sea_orm::ActiveModelTrait::update(a, &db.conn)
            .await
            .unwrap();
        let norte = later.unit_id;
        assert!(
            invalid(
                u::report_meeting(
                    &db,
                    Some(&com),
                    slug,
                    norte,
                    later.id,
                    &ReportInput {
                        participants: "5".into(),
                        note: String::new(),
                        ..Default::default()
                    }
                )
                .await
            )
            .message_for("participants")
            .unwrap()
            .contains("ainda não aconteceu")
        );

        // The commission sees who has not scheduled; the public calendar shows the meetings.
        let p = u::progress(&db, Some(&com), slug).await.unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].missing, 5, "8 units, 3 with meetings");
        let c = p[0]
            .units
            .iter()
            .find(|x| x.unit_name == "CRAS Centro")
            .unwrap();
        assert_eq!((c.scheduled, c.held), (2, 2));
        assert!(matches!(
            u::progress(&db, Some(&art), slug).await,
            Err(Fail::Forbidden)
        ));
        let page = app::setup::public::conference_page(&db, slug)
            .await
            .unwrap();
        let s = page.stages.iter().find(|s| s.set_by_units).unwrap();
        assert!(
            s.meetings
                .iter()
                .any(|m| m.unit_name == "CRAS Centro" && m.held && m.participants == Some(27))
        );
        assert_eq!(u::my_units(&db, Some(&art)).await.unwrap().len(), 1);
    }
);
