//! Foundation use cases on both databases.

use app::platform::accounts::LoginOutcome;
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use store::entities::{conference, federative_entity};
use testkit::both_dbs;

both_dbs!(ibge_entities_load_once, |db| async move {
    app::platform::tenancy::ensure_entities(&db).await.unwrap();
    app::platform::tenancy::ensure_entities(&db).await.unwrap();
    let n = federative_entity::Entity::find()
        .count(&db.conn)
        .await
        .unwrap();
    // nation + 27 UFs + the shipped municipality list (data/ibge/municipios.csv)
    assert_eq!(n, 1 + 27 + 5571);
});

both_dbs!(demo_seeds_a_public_conference, |db| async move {
    assert!(
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap()
    );
    assert!(
        !app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap(),
        "second seed creates nothing"
    );
    let p = app::setup::public::conference_page(&db, app::demo::seed::DEMO_SLUG)
        .await
        .unwrap();
    assert_eq!(p.eixos.len(), 5);
    // Convocation, units' meetings, sharing day, registration, engagement results,
    // credentialing (all of the conference day), the conference, the final solemnity, the report.
    assert_eq!(p.stages.len(), 9);
    assert_eq!(p.changes.len(), 1, "the calendar change is public");
    assert!(p.stages.iter().any(|s| s.set_by_units));
    // accent- and case-insensitive search by municipality
    for q in ["Pará de Minas", "PARA DE MINAS", "para"] {
        let l = app::setup::public::list_conferences(&db, Some(q))
            .await
            .unwrap();
        assert_eq!(l.len(), 1, "{q}");
    }
    assert!(
        app::setup::public::list_conferences(&db, Some("Manaus"))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        app::setup::public::conference_page(&db, "nao-existe").await,
        Err(store::Error::NotFound)
    ));
});

both_dbs!(concurrent_seeds_seed_once, |db| async move {
    // Two instances starting at once on one database: both miss the fast "already seeded?"
    // check, then queue on the exclusive transaction; exactly one seeds, neither fails.
    let other = db.clone();
    let (a, b) = tokio::join!(
        tokio::spawn(async move { app::demo::seed::seed_on(&other, testkit::demo_clock()).await }),
        app::demo::seed::seed_on(&db, testkit::demo_clock())
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap());
    assert!(a ^ b, "exactly one seeded (got {a} and {b})");
    assert_eq!(conference::Entity::find().count(&db.conn).await.unwrap(), 1);
    assert_eq!(
        federative_entity::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        1 + 27 + 5571,
        "IBGE entities loaded once"
    );
});

both_dbs!(duplicate_slug_is_a_conflict, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let c = conference::Entity::find()
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let mut dup: conference::ActiveModel = c.into();
    dup.id = Set(uuid::Uuid::now_v7());
    let e = conference::Entity::insert(dup)
        .exec(&db.conn)
        .await
        .map_err(store::Error::from_db)
        .unwrap_err();
    assert!(matches!(e, store::Error::Conflict(_)), "{e:?}");
});

both_dbs!(login_sessions_and_rate_limit, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let (login, pw, _) = app::demo::seed::DEMO_LOGINS[3];
    let LoginOutcome::Ok(token) = app::platform::accounts::login(&db, login, pw)
        .await
        .unwrap()
    else {
        panic!("login by username")
    };
    let (acc, grants) = app::platform::accounts::current(&db, &token)
        .await
        .unwrap()
        .expect("session");
    assert_eq!(acc.username.as_deref(), Some(login));
    assert_eq!(grants[0].role, "territorial_articulator");
    app::platform::accounts::logout(&db, &token).await.unwrap();
    assert!(
        app::platform::accounts::current(&db, &token)
            .await
            .unwrap()
            .is_none()
    );

    let (email, pw, _) = app::demo::seed::DEMO_LOGINS[2];
    assert!(matches!(
        app::platform::accounts::login(&db, &email.to_uppercase(), pw)
            .await
            .unwrap(),
        LoginOutcome::Ok(_)
    ));
    for _ in 0..app::platform::accounts::LOGIN_LIMIT {
        assert_eq!(
            app::platform::accounts::login(&db, email, "errada-123456")
                .await
                .unwrap(),
            LoginOutcome::WrongCredentials
        );
    }
    // locked now, even with the right password
    assert_eq!(
        app::platform::accounts::login(&db, email, pw)
            .await
            .unwrap(),
        LoginOutcome::TooManyAttempts
    );
    assert_eq!(
        app::platform::accounts::login(&db, "ninguem@x.org", "x")
            .await
            .unwrap(),
        LoginOutcome::WrongCredentials
    );
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_has_no_drift_between_backends() {
    let Some(pg) = testkit::postgres().await else {
        return;
    };
    let lite = testkit::sqlite().await;
    let a = store::schema::shape(&lite).await.unwrap();
    let b = store::schema::shape(&pg).await.unwrap();
    assert!(!a.columns.is_empty());
    let only_lite: Vec<_> = a.columns.difference(&b.columns).collect();
    let only_pg: Vec<_> = b.columns.difference(&a.columns).collect();
    assert!(
        only_lite.is_empty() && only_pg.is_empty(),
        "columns differ:\nsqlite only {only_lite:#?}\npostgres only {only_pg:#?}"
    );
    assert_eq!(a.unique, b.unique);
    assert_eq!(a.foreign_keys, b.foreign_keys);
}
