//! The conference day's programme on both databases: the demo's day, the commission's edits in
//! time order, pt-BR refusals with nothing written, who may edit, and the public view.

use crate::support::{DEMO, articulator, commission, invalid, me};
use app::Fail;
use app::setup::programme::{self as p, ProgrammeInput};
use conferencia_app as app;
use testkit::both_dbs;

fn keynote() -> ProgrammeInput {
    ProgrammeInput {
        kind: "keynote".into(),
        title: "Palestra magna de teste".into(),
        starts_at: "2025-07-03T07:00".into(),
        ends_at: "2025-07-03T07:45".into(),
        place: "Sala de teste".into(),
        speaker_name: "Dra. Teresa Quintino".into(),
        speaker_role: "Pesquisadora".into(),
        description: String::new(),
    }
}

both_dbs!(
    the_commission_keeps_the_day_in_time_order,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        // The demo's day, in order, from credentialing to the closing.
        let before = p::public(&db, DEMO).await.unwrap();
        assert_eq!(before.days, "03/07/2025");
        let kinds: Vec<&str> = before.items.iter().map(|i| i.kind.as_str()).collect();
        for k in ["opening", "keynote", "groups", "final_plenary", "election"] {
            assert!(kinds.contains(&k), "demo programme lacks {k}: {kinds:?}");
        }
        assert_eq!(before.items[0].hours, "07:30–08:30");
        let kn = before.items.iter().find(|i| i.kind == "keynote").unwrap();
        assert!(
            kn.speaker
                .as_deref()
                .unwrap()
                .starts_with("Profa. Dra. Helena")
        );

        // An item before all others goes first.
        let id = p::add_item(&db, Some(&com), DEMO, &keynote())
            .await
            .unwrap();
        let after = p::items(&db, Some(&com), DEMO).await.unwrap();
        assert_eq!(after.items.len(), before.items.len() + 1);
        assert_eq!(after.items[0].id, id);
        assert_eq!(after.items[0].hours, "07:00–07:45");
        assert_eq!(
            after.items[0].speaker.as_deref(),
            Some("Dra. Teresa Quintino, Pesquisadora")
        );

        // Edited to the evening: it moves to the end; the form shows what was saved.
        let mut f = p::item_input(&db, Some(&com), DEMO, id).await.unwrap();
        assert_eq!(f.starts_at, "2025-07-03T07:00");
        f.starts_at = "2025-07-03T18:00".into();
        f.ends_at = String::new();
        p::update_item(&db, Some(&com), DEMO, id, &f).await.unwrap();
        let moved = p::public(&db, DEMO).await.unwrap();
        assert_eq!(moved.items.last().unwrap().id, id);
        assert_eq!(moved.items.last().unwrap().hours, "18:00");

        // Refused: every problem at its field, nothing changed.
        let mut bad = keynote();
        bad.speaker_name = String::new();
        bad.starts_at = "2025-07-04T09:00".into();
        bad.ends_at = "2025-07-04T08:00".into();
        let e = invalid(p::update_item(&db, Some(&com), DEMO, id, &bad).await);
        assert_eq!(
            e.message_for("speaker_name"),
            Some("Preencha o nome de quem faz a palestra magna")
        );
        assert_eq!(
            e.message_for("starts_at"),
            Some("A atividade precisa ser no dia da conferência, 03/07/2025")
        );
        assert_eq!(
            e.message_for("ends_at"),
            Some("O término precisa ser depois do início")
        );
        let e = invalid(p::add_item(&db, Some(&com), DEMO, &bad).await);
        assert!(e.message_for("starts_at").is_some());
        assert_eq!(
            p::public(&db, DEMO).await.unwrap().items.len(),
            moved.items.len(),
            "nothing written"
        );
        assert_eq!(
            p::item_input(&db, Some(&com), DEMO, id)
                .await
                .unwrap()
                .starts_at,
            "2025-07-03T18:00"
        );

        // Removed.
        p::remove_item(&db, Some(&com), DEMO, id).await.unwrap();
        let gone = p::public(&db, DEMO).await.unwrap();
        assert_eq!(gone.items.len(), before.items.len());
        assert!(gone.items.iter().all(|i| i.id != id));
        assert!(matches!(
            p::remove_item(&db, Some(&com), DEMO, id).await,
            Err(Fail::NotFound)
        ));
    }
);

both_dbs!(only_the_commission_edits_the_programme, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let art = articulator(&db).await;
    let public_account = me(
        &db,
        "participante@demo.conferencia.local",
        "demo-participante-2025",
    )
    .await;
    let n = p::public(&db, DEMO).await.unwrap().items.len();
    for who in [Some(&art), Some(&public_account)] {
        assert!(matches!(
            p::add_item(&db, who, DEMO, &keynote()).await,
            Err(Fail::Forbidden)
        ));
        assert!(matches!(
            p::items(&db, who, DEMO).await,
            Err(Fail::Forbidden)
        ));
    }
    assert!(matches!(
        p::add_item(&db, None, DEMO, &keynote()).await,
        Err(Fail::NeedsLogin)
    ));
    let first = p::public(&db, DEMO).await.unwrap().items[0].id;
    assert!(matches!(
        p::remove_item(&db, Some(&art), DEMO, first).await,
        Err(Fail::Forbidden)
    ));
    assert_eq!(p::public(&db, DEMO).await.unwrap().items.len(), n);
    // The secretariat runs the conference too.
    let sec = crate::support::secretariat(&db).await;
    p::add_item(&db, Some(&sec), DEMO, &keynote())
        .await
        .unwrap();
    assert_eq!(p::public(&db, DEMO).await.unwrap().items.len(), n + 1);
    assert!(matches!(
        p::public(&db, "nao-existe").await,
        Err(Fail::NotFound)
    ));
});
