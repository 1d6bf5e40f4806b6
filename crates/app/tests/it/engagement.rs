//! The units' engagement ranking — weights, counts that score only once the
//! commission confirms them, the public ranking by unit and territory, the reveal (both
//! databases).

use crate::support::{articulator, commission, secretariat};
use app::Fail;
use app::mobilization::engagement as e;
use app::mobilization::units::{MeetingInput, ReportInput};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{engagement_count, engagement_setting, stage};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn w(v: [&str; 5]) -> [String; 5] {
    v.map(str::to_owned)
}

both_dbs!(only_confirmed_counts_score, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let art = articulator(&db).await;
    let com = commission(&db).await;
    let sec = secretariat(&db).await;
    let centro = testkit::unit_by_name(&db, "CRAS Centro").await;
    let st = stage::Entity::find()
        .filter(stage::Column::Kind.eq("unit_meeting"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let m = app::mobilization::units::schedule_meeting(
        &db,
        Some(&art),
        SLUG,
        centro.id,
        &MeetingInput {
            stage_id: st.id.to_string(),
            starts_at: "2025-05-08T15:00".into(),
            place: "Salão".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    app::mobilization::units::report_meeting(
        &db,
        Some(&art),
        SLUG,
        centro.id,
        m,
        &ReportInput {
            participants: "30".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // The demo's results stage is past (winners would show): move it to the future, so that
    // the commission's reveal is what shows them.
    let results = stage::Entity::find()
        .filter(stage::Column::Kind.eq("engagement_results"))
        .one(&db.conn)
        .await
        .unwrap()
        .expect("the demo calendar has the engagement results stage");
    assert!(e::ranking(&db, SLUG).await.unwrap().revealed);
    let mut later: stage::ActiveModel = results.into();
    later.starts_at = sea_orm::ActiveValue::Set(chrono::Utc::now() + chrono::Duration::days(30));
    later.ends_at =
        sea_orm::ActiveValue::Set(Some(chrono::Utc::now() + chrono::Duration::days(31)));
    sea_orm::ActiveModelTrait::update(later, &db.conn)
        .await
        .unwrap();

    // Nothing confirmed: the unit's own numbers do not score yet.
    let r = e::ranking(&db, SLUG).await.unwrap();
    assert!(r.units.iter().all(|p| p.score == 0));
    assert_eq!(r.confirmed_units, 0);
    assert!(!r.revealed && r.winners.is_empty());
    assert!(r.reveal_at.is_some());
    let b = e::board(&db, Some(&com), SLUG).await.unwrap();
    let row = b.units.iter().find(|u| u.name == "CRAS Centro").unwrap();
    // The demo's own meeting of CRAS Centro (35 people) and this one (30).
    assert_eq!(row.now, vec![65, 0, 0, 2, 0]);
    assert!(row.pending && row.confirmed.is_none());

    // Who is not in the commission changes nothing: the articulator, the secretariat, nobody.
    for who in [Some(&art), Some(&sec)] {
        assert!(matches!(
            e::save_weights(&db, who, SLUG, &w(["9", "9", "9", "9", "9"])).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            e::confirm(&db, who, SLUG, "").await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            e::reveal(&db, who, SLUG).await,
            Err(Fail::Forbidden)
        ));
    }
    assert!(matches!(
        e::confirm(&db, None, SLUG, "").await,
        Err(Fail::NeedsLogin)
    ));
    assert!(matches!(
        e::board(&db, Some(&art), SLUG).await,
        Err(Fail::Forbidden)
    ));
    assert_eq!(
        engagement_count::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        engagement_setting::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );

    // Bad weights: every field named, nothing saved.
    let Err(Fail::Invalid(i)) =
        e::save_weights(&db, Some(&com), SLUG, &w(["-1", "2", "x", "10", "101"])).await
    else {
        panic!("invalid weights accepted");
    };
    assert_eq!(i.0.len(), 3, "{i}");
    assert_eq!(
        engagement_setting::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );

    e::save_weights(&db, Some(&com), SLUG, &w(["1", "2", "5", "10", "3"]))
        .await
        .unwrap();
    assert_eq!(
        e::confirm(&db, Some(&com), SLUG, &centro.id.to_string())
            .await
            .unwrap(),
        1
    );
    let r = e::ranking(&db, SLUG).await.unwrap();
    let first = &r.units[0];
    assert_eq!(
        (first.name.as_str(), first.score, first.place),
        ("CRAS Centro", 85, 1)
    );
    assert_eq!(first.counts, vec![65, 0, 0, 2, 0]);
    assert!(
        r.units[1..].iter().all(|p| p.place == 2 && p.score == 0),
        "ties share a place"
    );
    let t = r
        .territories
        .iter()
        .find(|t| t.name == first.territory)
        .unwrap();
    assert_eq!((t.score, t.place), (85, 1));

    // New numbers wait for the next confirmation; the weights change the score at once.
    app::mobilization::proposals::add(
        &db,
        Some(&art),
        SLUG,
        centro.id,
        m,
        &app::mobilization::proposals::ProposalInput {
            eixo_id: store::entities::eixo::Entity::find()
                .one(&db.conn)
                .await
                .unwrap()
                .unwrap()
                .id
                .to_string(),
            level: "municipal".into(),
            kind: "new".into(),
            text: "Proposta da reunião do CRAS Centro".into(),
        },
    )
    .await
    .unwrap();
    let b = e::board(&db, Some(&com), SLUG).await.unwrap();
    let row = b.units.iter().find(|u| u.name == "CRAS Centro").unwrap();
    assert!(row.pending);
    assert_eq!(row.score, 85);
    assert_eq!(e::ranking(&db, SLUG).await.unwrap().units[0].score, 85);
    e::confirm(&db, Some(&com), SLUG, "").await.unwrap();
    assert_eq!(e::ranking(&db, SLUG).await.unwrap().units[0].score, 90);
    assert_eq!(e::board(&db, Some(&com), SLUG).await.unwrap().pending, 0);
    e::save_weights(&db, Some(&com), SLUG, &w(["2", "0", "0", "0", "0"]))
        .await
        .unwrap();
    assert_eq!(e::ranking(&db, SLUG).await.unwrap().units[0].score, 130);

    // The reveal: winners show once, and only then.
    e::reveal(&db, Some(&com), SLUG).await.unwrap();
    let r = e::ranking(&db, SLUG).await.unwrap();
    assert!(r.revealed);
    assert_eq!(r.winners, vec!["CRAS Centro".to_owned()]);
    assert_eq!(r.territory_winners.len(), 1);
    assert!(matches!(
        e::reveal(&db, Some(&com), SLUG).await,
        Err(Fail::Invalid(_))
    ));
    // Saving weights after the reveal keeps it revealed.
    e::save_weights(&db, Some(&com), SLUG, &w(["1", "1", "1", "1", "1"]))
        .await
        .unwrap();
    assert!(e::ranking(&db, SLUG).await.unwrap().revealed);
});
