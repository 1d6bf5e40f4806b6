//! What each participant category may do, on both databases: the defaults, saving, every
//! validation error writing nothing, permission refusals, and where the rights show.

use crate::support::{articulator, commission, secretariat};
use app::Fail;
use app::setup::categories::{self as k, RightsInput};
use conferencia_app as app;
use domain::values::Category;
use sea_orm::{EntityTrait, PaginatorTrait};
use store::entities::category_rights;
use testkit::both_dbs;

const DEMO: &str = "para-de-minas-2025";

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

async fn rows(db: &app::Db) -> u64 {
    category_rights::Entity::find()
        .count(&db.conn)
        .await
        .unwrap()
}

async fn conference_id(db: &app::Db) -> uuid::Uuid {
    app::platform::auth::conference_scope(db, DEMO)
        .await
        .unwrap()
        .0
        .id
}

both_dbs!(defaults_apply_until_the_commission_saves, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    // A conference that has set nothing has the defaults.
    let r = k::rights(&db, uuid::Uuid::now_v7()).await.unwrap();
    assert_eq!(r, k::CategoryRights::defaults());
    assert!(r.may_vote(Category::Delegate) && r.may_be_elected(Category::Delegate));
    assert!(r.may_speak(Category::Guest) && !r.may_vote(Category::Guest));
    assert!(!r.may_speak(Category::Observer) && !r.may_vote(Category::Observer));
    assert!(r.0.iter().all(|c| c.is_default));
    assert_eq!(
        r.options()[1],
        ("convidado".to_owned(), "Convidado(a): voz".to_owned())
    );
    // The demo set only its observers (art. 5 of its regimento gives them a voice).
    let demo = k::rights(&db, conference_id(&db).await).await.unwrap();
    assert_eq!(rows(&db).await, 1);
    assert!(demo.get(Category::Delegate).is_default && demo.get(Category::Guest).is_default);
    assert!(!demo.get(Category::Observer).is_default);
    assert!(demo.may_speak(Category::Observer) && !demo.may_vote(Category::Observer));
    let page = app::setup::public::conference_page(&db, DEMO)
        .await
        .unwrap();
    assert_eq!(page.categories, demo);
    let form = app::participants::registration::form_context(&db, DEMO)
        .await
        .unwrap();
    assert_eq!(form.categories, demo.options());
    assert_eq!(
        form.categories[2],
        ("observador".to_owned(), "Observador(a): voz".to_owned())
    );
});

both_dbs!(the_commission_saves_and_everyone_sees_it, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let input = RightsInput::from_pairs(&pairs(&[
        ("delegado_voice", "1"),
        ("delegado_vote", "1"),
        ("delegado_may_be_elected", "1"),
        ("delegado_note", "  até   20 vagas "),
        ("convidado_voice", "1"),
        ("observador_voice", "1"),
        ("observador_note", "Inscrição no local"),
    ]));
    let saved = k::save_rights(&db, Some(&com), DEMO, &input).await.unwrap();
    assert_eq!(rows(&db).await, 3);
    assert!(saved.0.iter().all(|c| !c.is_default));
    assert_eq!(
        saved.get(Category::Delegate).note.as_deref(),
        Some("até 20 vagas")
    );
    assert!(saved.may_speak(Category::Observer) && !saved.may_vote(Category::Observer));
    assert_eq!(
        saved.get(Category::Observer).description,
        "Observador(a): voz (Inscrição no local)"
    );
    // The input round-trips (the form shows what was saved).
    let again = k::rights_for_staff(&db, Some(&com), DEMO).await.unwrap();
    assert_eq!(again, saved);
    assert_eq!(again.input().rows[2].note, "Inscrição no local");
    let form = app::participants::registration::form_context(&db, DEMO)
        .await
        .unwrap();
    assert!(form.categories.contains(&(
        "observador".into(),
        "Observador(a): voz (Inscrição no local)".into()
    )));
    let page = app::setup::public::conference_page(&db, DEMO)
        .await
        .unwrap();
    assert_eq!(page.categories, saved);

    // Saving again updates in place (one row per category), also from the secretariat.
    let sec = secretariat(&db).await;
    let mut back = k::CategoryRights::defaults().input();
    back.rows[1].may_be_elected = true;
    let r = k::save_rights(&db, Some(&sec), DEMO, &back).await.unwrap();
    assert_eq!(rows(&db).await, 3);
    assert!(r.may_be_elected(Category::Guest));
    assert_eq!(r.get(Category::Delegate).note, None);
    assert!(!r.may_speak(Category::Observer));
});

both_dbs!(every_validation_error_writes_nothing, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let before = rows(&db).await;
    let long = "x".repeat(121);
    let input = RightsInput::from_pairs(&pairs(&[
        // The delegates lose the vote; guests vote without a voice; observers' note is too long.
        ("delegado_voice", "1"),
        ("convidado_vote", "1"),
        ("observador_note", &long),
    ]));
    let Err(Fail::Invalid(e)) = k::save_rights(&db, Some(&com), DEMO, &input).await else {
        panic!("expected invalid input");
    };
    assert_eq!(e.0.len(), 3, "every problem at once: {e}");
    assert!(
        e.message_for("delegado_vote")
            .unwrap()
            .contains("mantêm o voto")
    );
    assert!(
        e.message_for("convidado_voice")
            .unwrap()
            .contains("também tem voz")
    );
    assert!(e.message_for("observador_note").unwrap().contains("120"));
    assert_eq!(rows(&db).await, before);

    // One bad category among good ones: still nothing written.
    let mut one_bad = k::CategoryRights::defaults().input();
    one_bad.rows[2].vote = true;
    assert!(matches!(
        k::save_rights(&db, Some(&com), DEMO, &one_bad).await,
        Err(Fail::Invalid(_))
    ));
    // A missing category is refused too.
    let mut missing = k::CategoryRights::defaults().input();
    missing.rows.pop();
    assert!(matches!(
        k::save_rights(&db, Some(&com), DEMO, &missing).await,
        Err(Fail::Invalid(_))
    ));
    assert_eq!(rows(&db).await, before);
    let demo = k::rights(&db, conference_id(&db).await).await.unwrap();
    assert!(demo.may_speak(Category::Observer) && demo.get(Category::Delegate).is_default);
});

both_dbs!(
    only_who_edits_the_conference_may_set_rights,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let before = rows(&db).await;
        let good = k::CategoryRights::defaults().input();
        assert!(matches!(
            k::save_rights(&db, None, DEMO, &good).await,
            Err(Fail::NeedsLogin)
        ));
        assert!(matches!(
            k::rights_for_staff(&db, None, DEMO).await,
            Err(Fail::NeedsLogin)
        ));
        let art = articulator(&db).await;
        assert!(matches!(
            k::save_rights(&db, Some(&art), DEMO, &good).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            k::rights_for_staff(&db, Some(&art), DEMO).await,
            Err(Fail::Forbidden)
        ));
        // Refused before validation: bad input from a stranger is Forbidden, not Invalid.
        let bad = RightsInput::default();
        assert!(matches!(
            k::save_rights(&db, Some(&art), DEMO, &bad).await,
            Err(Fail::Forbidden)
        ));
        let com = commission(&db).await;
        assert!(matches!(
            k::save_rights(&db, Some(&com), "nao-existe", &good).await,
            Err(Fail::NotFound)
        ));
        assert_eq!(rows(&db).await, before);
    }
);
