//! The demo as `serve --demo` seeds it, on both databases, with an injected clock: its
//! conference day is the injected day (in São Paulo), credentialing open all of it, the
//! mobilization in the weeks before, 60 people of every segment and category (some checked in,
//! two suplentes in absent titulares' seats, some still at the door, a few phones paired), and
//! the state conference's pool with near-duplicates from several municipalities that the
//! systematization groups. Seeding again changes nothing.

use crate::support::{DEMO, platform_admin};
use app::demo::history::{HISTORY_SLUG, NEIGHBOURS, STATE_SLUG};
use app::reporting::systematization as sy;
use chrono::{NaiveDate, TimeZone, Utc};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::{BTreeSet, HashSet};
use store::entities::{checkin, delegate_device, received_proposal, registration, stage};
use testkit::{both_dbs, conference_by_slug};

/// 14/03/2031 at 13:30 in São Paulo (16:30 UTC): a day no test runs on.
fn injected() -> (chrono::DateTime<Utc>, NaiveDate) {
    let now = chrono_tz::America::Sao_Paulo
        .with_ymd_and_hms(2031, 3, 14, 13, 30, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc);
    (now, NaiveDate::from_ymd_opt(2031, 3, 14).unwrap())
}

/// Registrations, check-ins and received proposals in the whole database.
async fn rows(db: &app::Db) -> (u64, u64, u64) {
    (
        registration::Entity::find().count(&db.conn).await.unwrap(),
        checkin::Entity::find().count(&db.conn).await.unwrap(),
        received_proposal::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    )
}

/// A time of the injected day in São Paulo.
fn on_day(day: NaiveDate, h: u32, m: u32) -> chrono::DateTime<Utc> {
    chrono_tz::America::Sao_Paulo
        .from_local_datetime(&day.and_hms_opt(h, m, 0).unwrap())
        .single()
        .unwrap()
        .with_timezone(&Utc)
}

both_dbs!(the_demo_is_live_on_the_day_it_is_seeded, |db| async move {
    let (now, day) = injected();
    assert!(
        app::demo::seed::seed_with_history_on(&db, now)
            .await
            .unwrap()
    );
    let c = conference_by_slug(&db, DEMO).await;
    assert_eq!((c.starts_on, c.ends_on), (day, day));

    // The calendar: mobilization before the day, registration until it, credentialing all of it.
    let stages = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    let of = |kind: &str| {
        stages
            .iter()
            .find(|s| s.kind == kind)
            .unwrap_or_else(|| panic!("no {kind} stage"))
    };
    assert!(of("convocation").starts_at < on_day(day, 0, 0) - chrono::Duration::days(60));
    let meetings = of("unit_meeting");
    assert!(meetings.ends_at.unwrap() < on_day(day, 0, 0) - chrono::Duration::days(14));
    assert!(of("sharing_actions").starts_at < on_day(day, 0, 0));
    let reg = of("registration");
    assert!(reg.starts_at < on_day(day, 0, 0));
    assert_eq!(
        reg.ends_at
            .unwrap()
            .with_timezone(&chrono_tz::America::Sao_Paulo)
            .date_naive(),
        day
    );
    assert_eq!(
        of("conference")
            .starts_at
            .with_timezone(&chrono_tz::America::Sao_Paulo)
            .date_naive(),
        day
    );
    let windows = app::participants::credentialing::windows(&db, &c)
        .await
        .unwrap();
    assert!(
        windows
            .iter()
            .any(|(s, e)| *s <= on_day(day, 0, 0) && on_day(day, 23, 59) <= *e),
        "{windows:?}"
    );

    // The people: 60, every segment with titulares and suplentes, observers and guests, needs.
    let people = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(people.len(), 60);
    for segment in ["governo", "usuarios", "trabalhadores", "entidades"] {
        for seat in ["titular", "suplente"] {
            assert!(
                people.iter().any(|r| r.category == "delegado"
                    && r.segment.as_deref() == Some(segment)
                    && r.seat.as_deref() == Some(seat)),
                "no {seat} of {segment}"
            );
        }
    }
    assert!(people.iter().any(|r| r.category == "observador"));
    assert!(people.iter().any(|r| r.category == "convidado"));
    assert!(people.iter().filter(|r| !r.needs.is_empty()).count() >= 5);
    assert!(people.iter().any(|r| r.needs_other.is_some()));
    for r in people.iter().filter_map(|r| r.cpf.as_deref()) {
        assert!(r.starts_with("0000001"), "a synthetic CPF");
        assert!(domain::values::Cpf::parse(r).is_ok());
    }

    // This morning's arrivals: on the injected day, before its `now`; some still at the door.
    let checkins = checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert!((30..50).contains(&checkins.len()), "{}", checkins.len());
    assert!(
        checkins
            .iter()
            .all(|k| k.day == day && k.checked_at <= now && k.checked_at >= on_day(day, 0, 0))
    );
    assert_eq!(
        checkins
            .iter()
            .filter(|k| k.replaces_registration_id.is_some())
            .count(),
        2
    );
    let arrived: HashSet<_> = checkins.iter().map(|k| k.registration_id).collect();
    let waiting = people.iter().filter(|r| !arrived.contains(&r.id));
    assert!(
        waiting
            .clone()
            .any(|r| r.seat.as_deref() == Some("titular"))
    );
    assert!(waiting.count() >= 10);
    // Seats credentialed, as the final plenary and the quorum count them.
    let room = app::plenary::seats::room(&db.conn, &c).await.unwrap();
    assert!(room.credentialed >= 25, "{}", room.credentialed);
    assert!(room.registered > room.credentialed);
    // Phones paired, each of someone in the room.
    let phones = delegate_device::Entity::find()
        .filter(delegate_device::Column::ConferenceId.eq(c.id))
        .filter(delegate_device::Column::Revoked.eq(false))
        .all(&db.conn)
        .await
        .unwrap();
    assert!(phones.len() >= 4);
    assert!(phones.iter().all(|p| arrived.contains(&p.registration_id)));

    // The finished 2023 conference stays; the state received reports from several towns.
    conference_by_slug(&db, HISTORY_SLUG).await;
    let state = conference_by_slug(&db, STATE_SLUG).await;
    let pool = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(state.id))
        .all(&db.conn)
        .await
        .unwrap();
    let sources: BTreeSet<&str> = pool.iter().map(|p| p.source_title.as_str()).collect();
    assert_eq!(sources.len(), 1 + NEIGHBOURS.len(), "{sources:?}");
    let adm = platform_admin(&db).await;
    let r = sy::regroup(&db, Some(&adm), STATE_SLUG, "0,35")
        .await
        .unwrap();
    assert!(r.of_two_or_more >= 4, "{r:?}");
    let o = sy::overview(&db, Some(&adm), STATE_SLUG).await.unwrap();
    let towns = |g: &sy::GroupView| {
        g.members
            .iter()
            .map(|m| m.source_title.clone())
            .collect::<BTreeSet<_>>()
    };
    let groups: Vec<&sy::GroupView> = o.buckets.iter().flat_map(|b| &b.groups).collect();
    // The state's co-financing of basic protection, in three towns' words, is one group.
    let cofin = groups
        .iter()
        .find(|g| {
            g.members.iter().any(|m| {
                m.text
                    .starts_with("Regularizar o cofinanciamento estadual dos serviços de")
            })
        })
        .unwrap();
    assert_eq!(towns(cofin).len(), 3, "{:?}", towns(cofin));
    assert!(groups.iter().filter(|g| towns(g).len() >= 2).count() >= 4);

    // The consortium: seven municipalities, each with its manager's seat in the chamber, and a
    // campaign under way on the day, with four municipalities' actions.
    let chamber = store::entities::body::Entity::find()
        .filter(store::entities::body::Column::Kind.eq("camara_tecnica"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let comp = app::bodies::members::public(&db, &chamber.id.to_string())
        .await
        .unwrap();
    let ch = comp.chamber.unwrap();
    assert_eq!((ch.members.len(), ch.seated), (7, 7));
    let campaign = store::entities::region_campaign::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert!(campaign.starts_on < day && day < campaign.ends_on);
    let page =
        app::bodies::campaigns::page_public(&db, &chamber.id.to_string(), &campaign.id.to_string())
            .await
            .unwrap();
    assert_eq!((page.with_actions, page.results.len()), (4, 7));
    assert!(page.actions.iter().any(|a| !a.photos.is_empty()));
    assert_eq!(page.materials.len(), 3);

    // Seeding again (another start of `serve --demo`, even on a later day) changes nothing.
    let before = rows(&db).await;
    assert!(
        !app::demo::seed::seed_with_history_on(&db, now + chrono::Duration::days(3))
            .await
            .unwrap()
    );
    assert_eq!(rows(&db).await, before);
    assert_eq!(conference_by_slug(&db, DEMO).await.starts_on, day);
});
