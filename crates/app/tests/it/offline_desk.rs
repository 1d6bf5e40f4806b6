//! The offline desk's server side (issue 25), on both databases: the list a desk keeps (no CPF;
//! the badge token as a hash), two desks' queues sent after the network returns (device-time
//! order, the titular who arrived earlier than the suplente who took the seat, the same person
//! checked in by both, a walk-in with a provisional code used again in a later batch, an exit),
//! every action once per key (the same batch again, and the same key twice at once), the
//! conflicts returned to the desks and listed for the secretariat until resolved, and the
//! counters and the seats right afterwards.

use crate::support::{
    commission, conference_by_slug, invalid, me, open_desk, register_at_desk, registration_form,
};
use app::Fail;
use app::participants::credentialing::offline::{self as off, Queued, SyncInput, WalkIn};
use app::participants::registration::RegistrationInput;
use chrono::{Duration, Utc};
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};
use store::entities::{checkin, desk_action, registration};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn delegate(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
    segment: &str,
    seat: &str,
) -> registration::Model {
    let input = RegistrationInput {
        seat: seat.into(),
        ..registration_form(name, "delegado", segment)
    };
    register_at_desk(db, com, &input).await
}

fn act(key: &str, kind: &str, code: &str, at: chrono::DateTime<Utc>) -> Queued {
    Queued {
        key: key.into(),
        kind: kind.into(),
        code: code.into(),
        replaces: None,
        at,
        walk_in: None,
    }
}

async fn checkins(db: &app::Db) -> u64 {
    let c = conference_by_slug(db, SLUG).await;
    checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .count(&db.conn)
        .await
        .unwrap()
}

both_dbs!(two_offline_desks_sync_exactly_once, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    open_desk(&db).await;
    let ana = delegate(&db, &com, "Ana Titular", "usuarios", "titular").await;
    let bia = delegate(&db, &com, "Bia Suplente", "usuarios", "suplente").await;
    let caio = delegate(&db, &com, "Caio Titular", "trabalhadores", "titular").await;
    let davi = delegate(&db, &com, "Davi Suplente", "trabalhadores", "suplente").await;
    let eva = delegate(&db, &com, "Eva Titular", "governo", "titular").await;

    // The desk's list: everyone active, the badge token only as its SHA-256, no CPF.
    let snap = off::snapshot(&db, Some(&com), SLUG).await.unwrap();
    let row = snap.people.iter().find(|p| p.code == ana.code).unwrap();
    let token = app::platform::tokens::token_for(&db, ana.id).await.unwrap();
    assert_eq!(
        row.token_sha256,
        hex::encode(Sha256::digest(token.as_bytes()))
    );
    assert_eq!(row.seat.as_deref(), Some("titular"));
    assert!(!row.checked_in);
    let json = serde_json::to_string(&snap).unwrap();
    assert!(!json.contains("cpf") && !json.contains(&token));
    let participant = me(
        &db,
        app::demo::seed::DEMO_PARTICIPANT.0,
        app::demo::seed::DEMO_PARTICIPANT.1,
    )
    .await;
    assert!(matches!(
        off::snapshot(&db, Some(&participant), SLUG).await,
        Err(Fail::Forbidden)
    ));

    let t = Utc::now() - Duration::minutes(20);
    let at = |m: i64| t + Duration::minutes(m);
    let before = checkins(&db).await;
    // Desk A, offline: Bia takes Ana's seat (08:02), Eva arrives (08:03), a walk-in (08:04);
    // Davi takes Caio's seat (08:06).
    let desk_a = SyncInput {
        desk: "Mesa 1".into(),
        actions: vec![
            Queued {
                replaces: Some(ana.code.clone()),
                ..act("a-1", "checkin", &bia.code, at(2))
            },
            act("a-2", "checkin", &eva.code, at(3)),
            Queued {
                walk_in: Some(WalkIn {
                    name: "Fábio Visitante".into(),
                    category: "convidado".into(),
                    segment: String::new(),
                }),
                ..act("a-3", "walk_in", "P-A1", at(4))
            },
            Queued {
                replaces: Some(caio.code.clone()),
                ..act("a-4", "checkin", &davi.code, at(6))
            },
        ],
    };
    // Desk B, offline at the same time: Ana arrives (08:01, before Bia took her seat), Eva too
    // (08:05, after desk A), Caio (08:09, after Davi took his seat).
    let desk_b = SyncInput {
        desk: "Mesa 2".into(),
        actions: vec![
            act("b-2", "checkin", &eva.code, at(5)),
            act("b-1", "checkin", &ana.code, at(1)),
            act("b-3", "checkin", &caio.code, at(9)),
        ],
    };
    let a = off::sync(&db, Some(&com), SLUG, &desk_a).await.unwrap();
    let outcomes: Vec<(&str, &str)> = a
        .results
        .iter()
        .map(|r| (r.key.as_str(), r.outcome.as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("a-1", "applied"),
            ("a-2", "applied"),
            ("a-3", "applied"),
            ("a-4", "applied")
        ]
    );
    let walk_in_code = a.results[2].code.clone().expect("the walk-in's code");
    assert!(a.results[2].message.contains("no aparelho era P-A1"));
    assert!(a.conflicts.is_empty());

    let b = off::sync(&db, Some(&com), SLUG, &desk_b).await.unwrap();
    // Answered in the order sent; applied in the order of the devices' clocks.
    let keys: Vec<&str> = b.results.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["b-2", "b-1", "b-3"]);
    assert_eq!(b.results[0].outcome, "already");
    assert!(b.results[0].message.contains("já foi credenciado(a) hoje"));
    assert_eq!(b.results[1].outcome, "applied");
    assert!(
        b.results[1]
            .message
            .contains("a vaga ficou com Ana Titular"),
        "{}",
        b.results[1].message
    );
    // Caio arrived after Davi took his seat: the seat stays with Davi until the desk gives it
    // back; a conflict for the secretariat.
    assert_eq!(b.results[2].outcome, "conflict");
    assert!(b.results[2].message.contains("Devolver a vaga"));
    // The substitution Ana's earlier arrival undid is now a conflict too, on desk A's action.
    assert_eq!(b.conflicts.len(), 2);
    let on_a = b.conflicts.iter().find(|k| k.desk == "Mesa 1").unwrap();
    assert!(
        on_a.message.contains(
            "a vaga voltou para Ana Titular; Bia Suplente continua credenciado(a), com voz"
        )
    );

    // The room: Ana votes in her seat, Bia with voice; Davi holds Caio's seat; Eva once.
    let c = conference_by_slug(&db, SLUG).await;
    let room = app::plenary::seats::room(&db.conn, &c).await.unwrap();
    assert!(room.voting.contains(&ana.id) && !room.voting.contains(&bia.id));
    assert!(room.voting.contains(&davi.id) && !room.voting.contains(&caio.id));
    assert!(room.voting.contains(&eva.id));
    // Ana, Bia, Eva, the walk-in, Davi: five check-ins; Eva's second and Caio's refused one add none.
    assert_eq!(checkins(&db).await, before + 5);

    // Desk A sends its queue again (its answer was lost), with an exit of the walk-in by the
    // provisional code: the four are answered from before, the exit applied once.
    let mut again = desk_a.clone();
    again.actions.push(act("a-5", "exit", "P-A1", at(12)));
    let r = off::sync(&db, Some(&com), SLUG, &again).await.unwrap();
    assert!(r.results[..4].iter().all(|x| x.replayed));
    assert_eq!(
        r.results[0].outcome, "conflict",
        "the undone substitution, as it stands now"
    );
    assert_eq!(r.results[2].code.as_deref(), Some(walk_in_code.as_str()));
    assert_eq!(
        (r.results[4].outcome.as_str(), r.results[4].replayed),
        ("applied", false)
    );
    assert!(
        r.results[4]
            .message
            .contains("Saída registrada: Fábio Visitante")
    );
    assert_eq!(checkins(&db).await, before + 5);
    // The same key sent twice at once: applied once.
    let late = SyncInput {
        desk: "Mesa 3".into(),
        actions: vec![act("c-1", "exit", &eva.code, at(14))],
    };
    let (x, y) = tokio::join!(
        off::sync(&db, Some(&com), SLUG, &late),
        off::sync(&db, Some(&com), SLUG, &late)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(
        [x.results[0].replayed, y.results[0].replayed]
            .iter()
            .filter(|r| !**r)
            .count(),
        1
    );
    assert_eq!(x.results[0].outcome, "applied");
    assert_eq!(y.results[0].outcome, "applied");
    let rows = desk_action::Entity::find()
        .filter(desk_action::Column::ActionKey.eq("c-1"))
        .count(&db.conn)
        .await
        .unwrap();
    assert_eq!(rows, 1);

    // Bad requests: nothing applied, every message in pt-BR.
    let bad = |kind: &str| SyncInput {
        desk: "Mesa 1".into(),
        actions: vec![act("z-1", kind, &ana.code, at(15))],
    };
    let inv = invalid(off::sync(&db, Some(&com), SLUG, &bad("dançar")).await);
    assert!(inv.to_string().contains("Tipo de ação desconhecido"));
    let inv = invalid(
        off::sync(
            &db,
            Some(&com),
            SLUG,
            &SyncInput {
                desk: " ".into(),
                ..bad("checkin")
            },
        )
        .await,
    );
    assert!(inv.message_for("desk").is_some());
    let too_many = SyncInput {
        desk: "Mesa 1".into(),
        actions: (0..=off::MAX_BATCH)
            .map(|n| act(&format!("m-{n}"), "checkin", &ana.code, at(15)))
            .collect(),
    };
    assert!(
        invalid(off::sync(&db, Some(&com), SLUG, &too_many).await)
            .to_string()
            .contains("no máximo 500")
    );
    assert!(matches!(
        off::sync(&db, Some(&participant), SLUG, &bad("checkin")).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        off::sync(&db, None, SLUG, &bad("checkin")).await,
        Err(Fail::NeedsLogin)
    ));
    assert_eq!(
        desk_action::Entity::find()
            .filter(desk_action::Column::ActionKey.starts_with("z-"))
            .count(&db.conn)
            .await
            .unwrap(),
        0
    );

    // The conflicts page lists both until each is resolved with a note, once.
    let page = off::conflicts(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(page.open.len(), 2);
    let id = page.open[0].id.clone();
    let inv = invalid(off::resolve(&db, Some(&com), SLUG, &id, " ").await);
    assert!(inv.message_for("resolution").is_some());
    off::resolve(
        &db,
        Some(&com),
        SLUG,
        &id,
        "Conferido com a Bia: ficou com voz",
    )
    .await
    .unwrap();
    let e = invalid(off::resolve(&db, Some(&com), SLUG, &id, "de novo").await);
    assert!(e.to_string().contains("já foi resolvido"));
    let page = off::conflicts(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!((page.open.len(), page.resolved), (1, 1));
    assert!(matches!(
        off::conflicts(&db, Some(&participant), SLUG).await,
        Err(Fail::Forbidden)
    ));
});
