//! Automatic report deadline alerts on both databases: none long before the deadline, one
//! "deadline near" e-mail in the last week, one "late" e-mail after it, each once; none for a
//! report already sent; a moved deadline is alerted again; the commission's report page shows
//! the deadline and how far it is.

use crate::support::conference_by_slug;
use app::demo::history::{self as history};
use app::platform::accounts::LoginOutcome;
use app::reporting::dashboard::{SOON_DAYS, send_deadline_alerts};
use chrono::{Duration, TimeZone, Utc};
use conferencia_app as app;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{conference, mail_outbox, report_alert, stage};
use testkit::both_dbs;

async fn by_slug(db: &app::Db, slug: &str) -> conference::Model {
    conference_by_slug(db, slug).await
}

async fn alerts(db: &app::Db, c: uuid::Uuid) -> Vec<String> {
    report_alert::Entity::find()
        .filter(report_alert::Column::ConferenceId.eq(c))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.kind)
        .collect()
}

async fn mails_about(db: &app::Db, title: &str) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.subject.contains(title))
        .collect()
}

both_dbs!(deadline_alerts_go_once_each, |db| async move {
    app::demo::seed::seed_with_history(&db).await.unwrap();
    let cmas = by_slug(&db, app::demo::seed::DEMO_SLUG).await.body_id;
    let slug = "alerta-2023";
    let title = "Conferência de teste dos alertas";
    history::finished_conference(&db, cmas, slug, title)
        .await
        .unwrap()
        .unwrap();
    let c = by_slug(&db, slug).await;
    // The practice conference's report stage ends on 20/07/2023 at 17:00 in Brasília.
    let deadline = chrono_tz::America::Sao_Paulo
        .with_ymd_and_hms(2023, 7, 20, 17, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let url = "https://conferencia.example.org";

    // Long before: nothing.
    let n = send_deadline_alerts(&db, url, deadline - Duration::days(SOON_DAYS + 3))
        .await
        .unwrap();
    assert_eq!(n, 0);
    assert!(alerts(&db, c.id).await.is_empty());

    // In the last week: the secretariat of the CMAS is told once.
    let soon = deadline - Duration::days(3);
    assert!(send_deadline_alerts(&db, url, soon).await.unwrap() >= 1);
    assert_eq!(alerts(&db, c.id).await, vec!["soon"]);
    let m = mails_about(&db, title).await;
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].to_addr, "secretaria@demo.conferencia.local");
    assert!(
        m[0].subject
            .starts_with("Prazo do relatório final termina em 20/07/2023")
    );
    assert!(
        m[0].body
            .contains("https://conferencia.example.org/c/alerta-2023/gestao/relatorio")
    );
    send_deadline_alerts(&db, url, soon + Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(mails_about(&db, title).await.len(), 1);

    // After the deadline: the late alert, once.
    let late = deadline + Duration::days(1);
    send_deadline_alerts(&db, url, late).await.unwrap();
    send_deadline_alerts(&db, url, late + Duration::days(1))
        .await
        .unwrap();
    let mut kinds = alerts(&db, c.id).await;
    kinds.sort();
    assert_eq!(kinds, vec!["late", "soon"]);
    let m = mails_about(&db, title).await;
    assert_eq!(m.len(), 2);
    assert!(m.iter().any(
        |x| x.subject.starts_with("Relatório da conferência em atraso")
            && x.body.contains("terminou em 20/07/2023")
    ));

    // The commission's page says so.
    let LoginOutcome::Ok(t) = app::platform::accounts::login(
        &db,
        "secretaria@demo.conferencia.local",
        "demo-secretaria-2025",
    )
    .await
    .unwrap() else {
        panic!("login");
    };
    let sec = app::platform::auth::me(&db, Some(&t))
        .await
        .unwrap()
        .unwrap();
    let s = app::reporting::report::status(&db, Some(&sec), slug)
        .await
        .unwrap();
    assert_eq!(s.deadline.as_deref(), Some("20/07/2023"));
    let (note, is_late) = s.deadline_note.clone().unwrap();
    assert!(is_late && note.starts_with("O prazo terminou há"), "{note}");

    // A new deadline in the calendar is a new alert.
    let st = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::Kind.eq("report"))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let moved = deadline + Duration::days(30);
    let mut am: stage::ActiveModel = st.into();
    am.starts_at = Set(moved);
    am.update(&db.conn).await.unwrap();
    send_deadline_alerts(&db, url, moved - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(alerts(&db, c.id).await.len(), 3);

    // The demo's 2023 report was accepted: never alerted.
    let accepted = by_slug(&db, history::HISTORY_SLUG).await;
    send_deadline_alerts(&db, url, late).await.unwrap();
    assert!(alerts(&db, accepted.id).await.is_empty());
});
