//! Units' reminders on both databases: an articulator with an e-mail is reminded of the unit's
//! meeting 48 hours before, asked to report it a day after, and told to schedule when the
//! window closes within a week and the unit has no meeting; each once; cancelled meetings and
//! other units' articulators get nothing.

use crate::support::conference_by_slug;
use app::platform::reminders::send_unit_reminders;
use chrono::{Duration, Utc};
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{account, mail_outbox, role_grant, stage, unit, unit_meeting};
use testkit::both_dbs;
use uuid::Uuid;

async fn articulator(db: &app::Db, email: &str, unit_id: Uuid) {
    let id = Uuid::now_v7();
    account::Entity::insert(account::ActiveModel {
        id: Set(id),
        email: Set(Some(email.into())),
        username: Set(None),
        display_name: Set(format!("Articuladora {email}")),
        password_hash: Set("!".into()),
        disabled: Set(false),
        must_change_password: Set(false),
        created_at: Set(Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
    role_grant::Entity::insert(role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        account_id: Set(id),
        role: Set("territorial_articulator".into()),
        body_id: Set(None),
        conference_id: Set(None),
        unit_id: Set(Some(unit_id)),
        appointment_act: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&db.conn)
    .await
    .unwrap();
}

async fn mails_to(db: &app::Db, to: &str) -> Vec<String> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddr.eq(to))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|m| format!("{} | {}", m.subject, m.body))
        .collect()
}

both_dbs!(units_are_reminded_once_of_each_step, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let c = conference_by_slug(&db, app::demo::seed::DEMO_SLUG).await;
    let st = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::SetByUnits.eq(true))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let units = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap();
    let by_name = |n: &str| units.iter().find(|u| u.name == n).unwrap().id;
    // CRAS Norte has a scheduled meeting (20/05/2025 18:00); CREAS Municipal has none.
    let norte = by_name("CRAS Norte");
    let creas = by_name("CREAS Municipal");
    articulator(&db, "norte@exemplo.org", norte).await;
    articulator(&db, "creas@exemplo.org", creas).await;
    let meeting = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::UnitId.eq(norte))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let url = "https://conferencia.example.org/";

    // A month before the window closes: nothing for anyone.
    let early = st.ends_at.unwrap() - Duration::days(30);
    assert_eq!(send_unit_reminders(&db, url, early).await.unwrap(), 0);

    // A day before the meeting (and 10 days before the window closes): the meeting reminder.
    let before = meeting.starts_at - Duration::hours(24);
    send_unit_reminders(&db, url, before).await.unwrap();
    send_unit_reminders(&db, url, before + Duration::hours(1))
        .await
        .unwrap();
    let m = mails_to(&db, "norte@exemplo.org").await;
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        m[0].starts_with("Lembrete: reunião da unidade CRAS Norte em 20/05/2025"),
        "{m:?}"
    );
    assert!(
        m[0].contains("20/05/2025 às 18:00 (Escola Municipal Padre Libério)"),
        "{m:?}"
    );
    assert!(m[0].contains(&format!(
        "https://conferencia.example.org/c/{}/unidade/{norte}",
        c.slug
    )));
    assert!(mails_to(&db, "creas@exemplo.org").await.is_empty());

    // Two days after, not reported: asked to report it, once; and the CREAS, with no meeting
    // and 8 days left… not yet; within the last week: told to schedule, once.
    let after = meeting.starts_at + Duration::days(2);
    send_unit_reminders(&db, url, after).await.unwrap();
    send_unit_reminders(&db, url, after + Duration::hours(5))
        .await
        .unwrap();
    let m = mails_to(&db, "norte@exemplo.org").await;
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m.iter()
            .any(|x| x.starts_with("Informe a reunião da unidade CRAS Norte"))
    );
    let last_week = st.ends_at.unwrap() - Duration::days(3);
    send_unit_reminders(&db, url, last_week).await.unwrap();
    send_unit_reminders(&db, url, last_week + Duration::days(1))
        .await
        .unwrap();
    let creas_mail = mails_to(&db, "creas@exemplo.org").await;
    assert_eq!(creas_mail.len(), 1, "{creas_mail:?}");
    assert!(creas_mail[0].starts_with("Marque a reunião da unidade CREAS Municipal"));
    assert!(creas_mail[0].contains("termina em 30/05/2025"));
    // Long after the stage: nothing more.
    let later = st.ends_at.unwrap() + Duration::days(60);
    assert_eq!(send_unit_reminders(&db, url, later).await.unwrap(), 0);
    assert_eq!(mails_to(&db, "norte@exemplo.org").await.len(), 2);
});

both_dbs!(the_commission_reminds_a_unit_by_hand, |db| async move {
    use app::Fail;
    use app::platform::accounts::LoginOutcome;
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let login = |l: &'static str, p: &'static str| {
        let db = db.clone();
        async move {
            let LoginOutcome::Ok(t) = app::platform::accounts::login(&db, l, p).await.unwrap()
            else {
                panic!("login {l}");
            };
            app::platform::auth::me(&db, Some(&t))
                .await
                .unwrap()
                .unwrap()
        }
    };
    let com = login("comissao@demo.conferencia.local", "demo-comissao-2025").await;
    let art = login("articulador.cras.centro", "demo-articulador-2025").await;
    let slug = app::demo::seed::DEMO_SLUG;
    let unit_named = |n: &'static str| {
        let db = db.clone();
        async move { testkit::unit_by_name(&db, n).await.id }
    };
    let centro = unit_named("CRAS Centro").await;
    let norte = unit_named("CRAS Norte").await;
    let url = "https://conferencia.example.org";
    let refused = |r: Result<u32, Fail>| match r {
        Err(Fail::Invalid(i)) => i.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    };
    // Only who runs the calendar.
    assert!(matches!(
        app::platform::reminders::remind_unit(&db, Some(&art), slug, &centro.to_string(), url)
            .await,
        Err(Fail::Forbidden)
    ));
    // The demo's unit stage is past and Centro POP reported its meeting: nothing to remind.
    let pop = unit_named("Centro POP").await;
    let e = refused(
        app::platform::reminders::remind_unit(&db, Some(&com), slug, &pop.to_string(), url).await,
    );
    assert!(e.contains("está em dia"), "{e}");
    // CRAS Norte's meeting of 20/05/2025 was never reported, but it has no articulator with e-mail.
    let e = refused(
        app::platform::reminders::remind_unit(&db, Some(&com), slug, &norte.to_string(), url).await,
    );
    assert!(e.contains("não tem articulador(a) com e-mail"), "{e}");
    articulator(&db, "norte@example.org", norte).await;
    let n = app::platform::reminders::remind_unit(&db, Some(&com), slug, &norte.to_string(), url)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let mails = mails_to(&db, "norte@example.org").await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("pendências da unidade CRAS Norte"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("reunião de 20/05/2025"), "{}", mails[0]);
    assert!(
        mails[0].contains("https://conferencia.example.org/c/para-de-minas-2025/unidade/"),
        "{}",
        mails[0]
    );
});
