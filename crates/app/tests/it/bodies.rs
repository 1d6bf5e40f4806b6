//! A standing body's members (issue 24), on both databases: the secretariat adds seats with a
//! titular and a suplente (every bad field named in pt-BR, nothing written), ends one early
//! (inside its mandate, once), a mandate that is over goes to the history by itself; the public
//! composition shows names, organizations, mandates and acts, never an e-mail; only the body's
//! secretariat (and the platform's administration) keeps it.

use crate::support::{
    commission, conference_by_slug, invalid, platform_admin, refusal, secretariat,
};
use app::Fail;
use app::bodies::members::{self as m, EndInput, SeatInput};
use chrono::{Duration, Utc};
use conferencia_app as app;
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entities::body_seat;
use testkit::both_dbs;

fn seat(segment: &str, org: &str, titular: &str, start: i64, end: i64) -> SeatInput {
    let today = Utc::now().date_naive();
    SeatInput {
        segment: segment.into(),
        organization: org.into(),
        titular_name: titular.into(),
        titular_email: format!(
            "{}@exemplo.org",
            titular.split(' ').next().unwrap().to_lowercase()
        ),
        suplente_name: format!("Suplente de {titular}"),
        suplente_email: String::new(),
        mandate_start: (today + Duration::days(start)).to_string(),
        mandate_end: (today + Duration::days(end)).to_string(),
        act: "Decreto nº 1.234/2025".into(),
        municipality: String::new(),
    }
}

async fn seats(db: &app::Db) -> u64 {
    body_seat::Entity::find().count(&db.conn).await.unwrap()
}

both_dbs!(the_secretariat_keeps_the_members, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let sec = secretariat(&db).await;
    let c = conference_by_slug(&db, app::demo::seed::DEMO_SLUG).await;
    let body = c.body_id.to_string();
    let before = seats(&db).await;
    // The demo council: eight seats of a mandate around its day, paritário, and one of the
    // previous mandate (the tests' demo day is fixed, so its mandate may be over by now).
    let demo = m::public(&db, &body).await.unwrap();
    assert_eq!(demo.current_total + demo.history.len(), 9);
    assert_eq!(demo.government, demo.civil_society);
    let (base, base_gov, base_hist) = (demo.current_total, demo.government, demo.history.len());

    // Only the body's secretariat (and the platform's administration).
    let com = commission(&db).await;
    assert!(matches!(
        m::add_seat(
            &db,
            Some(&com),
            &body,
            &seat("governo", "SMAS", "Ana", -30, 700)
        )
        .await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        m::for_staff(&db, None, &body).await,
        Err(Fail::NeedsLogin)
    ));
    assert!(
        m::for_staff(&db, Some(&platform_admin(&db).await), &body)
            .await
            .is_ok()
    );
    assert!(
        m::my_bodies(&db, &sec)
            .await
            .unwrap()
            .iter()
            .any(|(id, _, chamber)| *id == body && !chamber)
    );
    assert!(m::my_bodies(&db, &com).await.unwrap().is_empty());

    // Every bad field at once, nothing written.
    let e = invalid(
        m::add_seat(
            &db,
            Some(&sec),
            &body,
            &SeatInput {
                segment: "prefeitura".into(),
                titular_email: "sem arroba".into(),
                suplente_email: "b@exemplo.org".into(),
                mandate_start: "31/02/2025".into(),
                ..Default::default()
            },
        )
        .await,
    );
    for f in [
        "segment",
        "organization",
        "titular_name",
        "titular_email",
        "suplente_name",
        "mandate_start",
        "mandate_end",
        "act",
    ] {
        assert!(e.message_for(f).is_some(), "{f}: {e:?}");
    }
    let e = invalid(
        m::add_seat(
            &db,
            Some(&sec),
            &body,
            &seat("governo", "SMAS", "Ana", 10, 5),
        )
        .await,
    );
    assert!(
        e.message_for("mandate_end")
            .unwrap()
            .contains("depois do início")
    );
    let e = invalid(
        m::add_seat(
            &db,
            Some(&sec),
            &body,
            &seat("governo", "SMAS", "Ana", 0, 365 * 5),
        )
        .await,
    );
    assert!(
        e.message_for("mandate_end")
            .unwrap()
            .contains("no máximo 4 anos")
    );
    assert_eq!(seats(&db).await, before);

    // Two seats today, one whose mandate is over.
    let ana = m::add_seat(
        &db,
        Some(&sec),
        &body,
        &seat(
            "governo",
            "Secretaria de Assistência Social",
            "Ana Souza",
            -30,
            700,
        ),
    )
    .await
    .unwrap();
    m::add_seat(
        &db,
        Some(&sec),
        &body,
        &seat("usuarios", "Fórum de Usuários", "Bruno Lima", -30, 700),
    )
    .await
    .unwrap();
    m::add_seat(
        &db,
        Some(&sec),
        &body,
        &seat("trabalhadores", "Sindicato", "Carla Dias", -800, -70),
    )
    .await
    .unwrap();
    let staff = m::for_staff(&db, Some(&sec), &body).await.unwrap();
    assert_eq!(staff.current_total, base + 2);
    assert_eq!(
        (staff.government, staff.civil_society),
        (base_gov + 1, base - base_gov + 1)
    );
    let first = staff.current[0]
        .seats
        .iter()
        .find(|s| s.titular == "Ana Souza")
        .unwrap();
    assert_eq!(first.titular_email.as_deref(), Some("ana@exemplo.org"));
    assert_eq!(first.suplente.as_deref(), Some("Suplente de Ana Souza"));
    assert_eq!(staff.history.len(), base_hist + 1);
    let carla = staff
        .history
        .iter()
        .find(|s| s.titular == "Carla Dias")
        .unwrap();
    assert_eq!(carla.ended.as_deref(), Some("mandato concluído"));

    // Ending early: inside the mandate, with a reason, once.
    let today = Utc::now().date_naive();
    let e = invalid(
        m::end_seat(
            &db,
            Some(&sec),
            &body,
            &ana.to_string(),
            &EndInput {
                ended_on: (today + Duration::days(800)).to_string(),
                reason: String::new(),
            },
        )
        .await,
    );
    assert!(
        e.message_for("ended_on")
            .unwrap()
            .contains("dentro do mandato")
    );
    assert!(e.message_for("reason").is_some());
    let end = EndInput {
        ended_on: today.to_string(),
        reason: "Substituição pela secretaria".into(),
    };
    m::end_seat(&db, Some(&sec), &body, &ana.to_string(), &end)
        .await
        .unwrap();
    let again = refusal(m::end_seat(&db, Some(&sec), &body, &ana.to_string(), &end).await);
    assert!(again.contains("já foi encerrado"), "{again}");
    assert!(matches!(
        m::end_seat(
            &db,
            Some(&sec),
            &body,
            &uuid::Uuid::now_v7().to_string(),
            &end
        )
        .await,
        Err(Fail::NotFound)
    ));

    // The public page: names, organizations, mandates, acts; no e-mail anywhere.
    let public = m::public(&db, &body).await.unwrap();
    assert_eq!(public.current_total, base + 1);
    assert_eq!(public.history.len(), base_hist + 2);
    assert_eq!(
        public.history[0].titular, "Ana Souza",
        "the latest ended first"
    );
    assert!(
        public.history[0]
            .ended
            .as_deref()
            .unwrap()
            .ends_with(": Substituição pela secretaria")
    );
    let json = serde_json::to_string(&public).unwrap();
    assert!(!json.contains("@exemplo.org"), "{json}");
    assert!(json.contains("Decreto nº 1.234/2025"));
    assert!(matches!(
        m::public(&db, "não-é-id").await,
        Err(Fail::NotFound)
    ));
});
