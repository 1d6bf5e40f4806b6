//! One seat, one vote, on both databases: the titular who arrives after the suplente, "devolver
//! a vaga", the suplente who replaces nobody, exits and returns, the quorum rule of the
//! regimento, phones that vote only while their delegate holds a seat and is in the room, and the
//! seat rule under two desks racing (a unique constraint, not a read, decides).

use crate::support::{
    articulator, commission, conference_by_slug, open_desk, refusal, register_at_desk,
    registration_form,
};
use app::Fail;
use app::participants::credentialing::{self as cr, Method};
use app::participants::registration::RegistrationInput;
use app::plenary::seats::{self, RulesInput};
use app::plenary::voting;
use conferencia_app as app;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use store::entities::{checkin, conference, destaque, registration, seat_hold};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn conf(db: &app::Db) -> conference::Model {
    conference_by_slug(db, SLUG).await
}

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

async fn voting_now(db: &app::Db) -> Vec<String> {
    let c = conf(db).await;
    let room = seats::room(&db.conn, &c).await.unwrap();
    // The vote writer's narrowed reading agrees with the whole room, for each person alone and
    // for everyone at once.
    let everyone: Vec<uuid::Uuid> = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    let all = seats::room_for(&db.conn, &c, &everyone).await.unwrap();
    assert_eq!(all.voting, room.voting);
    assert_eq!(all.in_room, room.in_room);
    assert_eq!(all.out_since, room.out_since);
    assert_eq!(all.delegates, room.delegates);
    for id in &everyone {
        let one = seats::room_for(&db.conn, &c, &[*id]).await.unwrap();
        assert_eq!(one.delegates.contains(id), room.delegates.contains(id));
        assert_eq!(one.why_not_voting(*id), room.why_not_voting(*id));
        assert_eq!(one.seat_held_by(*id), room.seat_held_by(*id));
    }
    let mut names: Vec<String> = registration::Entity::find()
        .filter(registration::Column::Id.is_in(room.voting.iter().copied().collect::<Vec<_>>()))
        .all(&db.conn)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    names.sort();
    names
}

fn rules(kind: &str, number: &str, alone: bool, tie: &str) -> RulesInput {
    RulesInput {
        quorum_kind: kind.into(),
        quorum_number: number.into(),
        suplente_votes_alone: alone.then(|| "1".into()),
        suplente_tie: tie.into(),
        ..Default::default()
    }
}

both_dbs!(
    titular_after_suplente_and_the_seat_given_back,
    |db| async move {
        app::demo::seed::seed_on(&db, testkit::demo_clock())
            .await
            .unwrap();
        let com = commission(&db).await;
        open_desk(&db).await;
        let ana = delegate(&db, &com, "Ana Titular", "usuarios", "titular").await;
        let bia = delegate(&db, &com, "Bia Suplente", "usuarios", "suplente").await;
        let cida = delegate(&db, &com, "Cida Suplente", "usuarios", "suplente").await;
        let davi = delegate(&db, &com, "Davi Titular", "usuarios", "titular").await;
        let _gov = delegate(&db, &com, "Gil Governo", "governo", "titular").await;

        // The desk asks "No lugar de quem?" for a suplente: the absent titulares of her segment only.
        let (row, list) = cr::seat_question(&db, Some(&com), SLUG, &bia.code)
            .await
            .unwrap()
            .expect("a suplente is asked whom she replaces");
        assert_eq!(row.display_name, "Bia Suplente");
        let names: Vec<&str> = list.iter().map(|t| t.display_name.as_str()).collect();
        assert_eq!(names, ["Ana Titular", "Davi Titular"]);
        // A titular is never asked.
        assert!(
            cr::seat_question(&db, Some(&com), SLUG, &ana.code)
                .await
                .unwrap()
                .is_none()
        );

        let done = cr::check_in(
            &db,
            Some(&com),
            SLUG,
            &bia.code,
            Some(&ana.code),
            Method::Code,
        )
        .await
        .unwrap();
        assert!(done.voting);
        assert_eq!(done.replaces.as_deref(), Some("Ana Titular"));
        // A second suplente for the same titular: refused, naming who holds the seat.
        let e = refusal(
            cr::check_in(
                &db,
                Some(&com),
                SLUG,
                &cida.code,
                Some(&ana.code),
                Method::Code,
            )
            .await,
        );
        assert!(e.contains("já está com Bia Suplente"), "{e}");
        // The titular arrives after her suplente: refused, naming the suplente and offering the seat back.
        let e = refusal(cr::check_in(&db, Some(&com), SLUG, &ana.code, None, Method::Code).await);
        assert!(e.contains("Bia Suplente"), "{e}");
        assert!(e.contains("Devolver a vaga"), "{e}");
        assert_eq!(
            cr::seat_with_suplente(&db, Some(&com), SLUG, &ana.code)
                .await
                .unwrap(),
            Some(ana.code.clone())
        );
        // Nothing was written for her.
        assert!(
            checkin::Entity::find()
                .filter(checkin::Column::RegistrationId.eq(ana.id))
                .one(&db.conn)
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(voting_now(&db).await, ["Bia Suplente"]);

        // "Devolver a vaga": Ana votes, Bia stays with voice only; recorded with who and when.
        let back = cr::return_seat(&db, Some(&com), SLUG, &ana.code)
            .await
            .unwrap();
        assert!(back.message.contains("Vaga devolvida"), "{}", back.message);
        assert_eq!(voting_now(&db).await, ["Ana Titular"]);
        let ended = seat_hold::Entity::find()
            .filter(seat_hold::Column::HolderId.eq(bia.id))
            .one(&db.conn)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ended.end_reason.as_deref(), Some("returned"));
        assert_eq!(ended.ended_by, Some(com.account.id));
        assert!(ended.ended_at.is_some());
        assert!(
            refusal(cr::return_seat(&db, Some(&com), SLUG, &ana.code).await)
                .contains("não está com nenhum(a) suplente")
        );

        // A suplente who replaces nobody: voice only.
        let done = cr::check_in(
            &db,
            Some(&com),
            SLUG,
            &cida.code,
            Some("ninguem"),
            Method::Code,
        )
        .await
        .unwrap();
        assert!(!done.voting);
        assert!(done.message.contains("só voz"), "{}", done.message);
        let n = cr::counters(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!((n.total, n.delegates, n.voice_only_delegates), (3, 1, 2));
        // Registered voting seats: the three titulares, not the suplentes.
        assert_eq!(n.registered_delegates, 3);

        // A delegate leaves: no longer present, no longer counted; a second exit is refused.
        let out = cr::check_out(&db, Some(&com), SLUG, &ana.code, Method::Code)
            .await
            .unwrap();
        assert!(out.message.contains("Saída registrada"));
        assert!(voting_now(&db).await.is_empty());
        assert!(
            refusal(cr::check_out(&db, Some(&com), SLUG, &ana.code, Method::Code).await)
                .contains("já saiu às")
        );
        assert!(
            refusal(cr::check_out(&db, Some(&com), SLUG, &davi.code, Method::Code).await)
                .contains("não foi credenciado(a) hoje")
        );
        let n = cr::counters(&db, Some(&com), SLUG).await.unwrap();
        assert_eq!((n.total, n.delegates, n.out_now), (2, 0, 1));
        // While Ana is out, Cida (in the room with voice) takes her seat.
        let seated = cr::check_in(
            &db,
            Some(&com),
            SLUG,
            &cida.code,
            Some(&ana.code),
            Method::Search,
        )
        .await
        .unwrap();
        assert!(seated.voting);
        assert_eq!(voting_now(&db).await, ["Cida Suplente"]);
        // Ana comes back while Cida is in the room: refused, seat offered back.
        let e = refusal(cr::check_in(&db, Some(&com), SLUG, &ana.code, None, Method::Code).await);
        assert!(
            e.contains("Cida Suplente") && e.contains("Devolver a vaga"),
            "{e}"
        );
        // Cida leaves; Ana's return takes her seat back at once.
        cr::check_out(&db, Some(&com), SLUG, &cida.code, Method::Code)
            .await
            .unwrap();
        let again = cr::check_in(&db, Some(&com), SLUG, &ana.code, None, Method::Code)
            .await
            .unwrap();
        assert!(
            again.message.contains("voltou à plenária"),
            "{}",
            again.message
        );
        assert!(again.message.contains("A vaga voltou"), "{}", again.message);
        assert_eq!(voting_now(&db).await, ["Ana Titular"]);
    }
);

both_dbs!(quorum_rules_and_suplente_settings, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    open_desk(&db).await;
    let ana = delegate(&db, &com, "Ana Titular", "usuarios", "titular").await;
    let bia = delegate(&db, &com, "Bia Suplente", "usuarios", "suplente").await;
    let caio = delegate(&db, &com, "Caio Titular", "trabalhadores", "titular").await;
    for r in [&ana, &caio] {
        cr::check_in(&db, Some(&com), SLUG, &r.code, None, Method::Code)
            .await
            .unwrap();
    }
    cr::check_in(&db, Some(&com), SLUG, &bia.code, None, Method::Code)
        .await
        .unwrap();
    // Only the commission sets the rules; bad input is refused per field, nothing saved.
    assert!(matches!(
        seats::save_rules(
            &db,
            Some(&art),
            SLUG,
            &rules("fixed", "3", false, "segment")
        )
        .await,
        Err(Fail::Forbidden)
    ));
    match seats::save_rules(
        &db,
        Some(&com),
        SLUG,
        &RulesInput {
            roll_call_seconds: "10".into(),
            disconnect_seconds: "uma hora".into(),
            ..rules("percent_of_credentialed", "150", false, "nowhere")
        },
    )
    .await
    {
        Err(Fail::Invalid(i)) => {
            assert!(i.message_for("quorum_number").is_some());
            assert!(i.message_for("suplente_tie").is_some());
            assert!(
                i.message_for("roll_call_seconds")
                    .unwrap()
                    .contains("de 30 a 900")
            );
            assert!(i.message_for("disconnect_seconds").is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        seats::rules_for_staff(&db, Some(&com), SLUG).await.unwrap(),
        seats::RulesInput::of(&seats::Rules::default())
    );
    // Default: majority of the credentialed seats (2 of 2 present).
    let c = conf(&db).await;
    let room = seats::room(&db.conn, &c).await.unwrap();
    assert_eq!(
        (room.present(), room.credentialed, room.registered),
        (2, 2, 2)
    );
    assert!(room.check_quorum().is_ok());
    // A fixed number the room does not reach: no vote can open, and the reason names the rule.
    seats::save_rules(
        &db,
        Some(&com),
        SLUG,
        &rules("fixed", "3", false, "segment"),
    )
    .await
    .unwrap();
    let destaque = app::plenary::regimento::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &app::plenary::regimento::DestaqueInput {
            article: "1".into(),
            kind: "modify".into(),
            proposed_text: "Outro texto.".into(),
            raised_by: String::new(),
        },
    )
    .await;
    destaque.unwrap();
    let d = destaque::Entity::find()
        .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Open))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let e =
        refusal(voting::open(&db, Some(&com), SLUG, &format!("destaque:{}", d.id), false).await);
    assert!(
        e.contains("Sem quórum: 2") && e.contains("necessários 3"),
        "{e}"
    );
    // The regimento lets a suplente with nobody to replace vote: she counts, and quorum is met.
    seats::save_rules(&db, Some(&com), SLUG, &rules("fixed", "3", true, "segment"))
        .await
        .unwrap();
    assert_eq!(
        voting_now(&db).await,
        ["Ana Titular", "Bia Suplente", "Caio Titular"]
    );
    let vote = voting::open(&db, Some(&com), SLUG, &format!("destaque:{}", d.id), false)
        .await
        .unwrap();
    let v = store::entities::plenary_vote::Entity::find_by_id(vote)
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (v.quorum_rule.as_str(), v.quorum_min, v.present),
        ("fixed:3", 3, 3)
    );
    // Rules cannot change under an open vote.
    assert!(
        refusal(
            seats::save_rules(
                &db,
                Some(&com),
                SLUG,
                &rules("fixed", "1", false, "segment")
            )
            .await
        )
        .contains("votação aberta")
    );
});

both_dbs!(territory_tie_for_suplentes, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    open_desk(&db).await;
    let ana = delegate(&db, &com, "Ana Titular", "usuarios", "titular").await;
    let bia = delegate(&db, &com, "Bia Suplente", "usuarios", "suplente").await;
    seats::save_rules(
        &db,
        Some(&com),
        SLUG,
        &rules("majority_of_credentialed", "", false, "territory"),
    )
    .await
    .unwrap();
    // Neither has a territory: the regimento ties them to one, so the desk offers nobody.
    let (_, list) = cr::seat_question(&db, Some(&com), SLUG, &bia.code)
        .await
        .unwrap()
        .unwrap();
    assert!(list.is_empty());
    let e = refusal(
        cr::check_in(
            &db,
            Some(&com),
            SLUG,
            &bia.code,
            Some(&ana.code),
            Method::Code,
        )
        .await,
    );
    assert!(e.contains("mesmo território"), "{e}");
});

both_dbs!(phones_vote_only_with_a_seat_in_the_room, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    open_desk(&db).await;
    let writer = voting::Writer::start(db.clone());
    let ana = delegate(&db, &com, "Ana Titular", "usuarios", "titular").await;
    let bia = delegate(&db, &com, "Bia Suplente", "usuarios", "suplente").await;
    let caio = delegate(&db, &com, "Caio Titular", "trabalhadores", "titular").await;
    let mut phones = Vec::new();
    for r in [&ana, &bia, &caio] {
        cr::check_in(
            &db,
            Some(&com),
            SLUG,
            &r.code,
            Some("ninguem"),
            Method::Code,
        )
        .await
        .unwrap();
        let pairing = app::participants::devices::start_pairing(&db, Some(&com), SLUG, &r.code)
            .await
            .unwrap();
        phones.push(
            app::participants::devices::complete_pairing(&db, SLUG, &pairing.code)
                .await
                .unwrap(),
        );
    }
    app::plenary::regimento::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &app::plenary::regimento::DestaqueInput {
            article: "1".into(),
            kind: "modify".into(),
            proposed_text: "Outro texto.".into(),
            raised_by: String::new(),
        },
    )
    .await
    .unwrap();
    let d = destaque::Entity::find()
        .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Open))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    let vote = voting::open(&db, Some(&com), SLUG, &format!("destaque:{}", d.id), true)
        .await
        .unwrap()
        .to_string();
    // The suplente in the room with voice only: her phone's vote is refused.
    let e = refusal(writer.cast(SLUG, Some(&phones[1]), &vote, "favor").await);
    assert!(e.contains("voz, sem voto"), "{e}");
    // Ana leaves: her phone stops voting; back in the room, it votes.
    cr::check_out(&db, Some(&com), SLUG, &ana.code, Method::Code)
        .await
        .unwrap();
    let e = refusal(writer.cast(SLUG, Some(&phones[0]), &vote, "favor").await);
    assert!(e.contains("saiu da plenária"), "{e}");
    cr::check_in(&db, Some(&com), SLUG, &ana.code, None, Method::Code)
        .await
        .unwrap();
    writer
        .cast(SLUG, Some(&phones[0]), &vote, "favor")
        .await
        .unwrap();
    writer
        .cast(SLUG, Some(&phones[2]), &vote, "against")
        .await
        .unwrap();
});

both_dbs!(two_desks_race_for_one_seat, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    open_desk(&db).await;
    for round in 0..4 {
        let t = delegate(
            &db,
            &com,
            &format!("Titular {round}"),
            "entidades",
            "titular",
        )
        .await;
        let s1 = delegate(
            &db,
            &com,
            &format!("Suplente A{round}"),
            "entidades",
            "suplente",
        )
        .await;
        let s2 = delegate(
            &db,
            &com,
            &format!("Suplente B{round}"),
            "entidades",
            "suplente",
        )
        .await;
        // Two suplentes at two desks for the same titular, and the titular at a third desk.
        let (a, b, own) = tokio::join!(
            {
                let (db, me, code, tc) = (db.clone(), com.clone(), s1.code.clone(), t.code.clone());
                tokio::spawn(async move {
                    cr::check_in(&db, Some(&me), SLUG, &code, Some(&tc), Method::Code).await
                })
            },
            {
                let (db, me, code, tc) = (db.clone(), com.clone(), s2.code.clone(), t.code.clone());
                tokio::spawn(async move {
                    cr::check_in(&db, Some(&me), SLUG, &code, Some(&tc), Method::Code).await
                })
            },
            {
                let (db, me, code) = (db.clone(), com.clone(), t.code.clone());
                tokio::spawn(async move {
                    cr::check_in(&db, Some(&me), SLUG, &code, None, Method::Code).await
                })
            },
        );
        let results = [a.unwrap(), b.unwrap(), own.unwrap()];
        let won = results.iter().filter(|r| r.is_ok()).count();
        assert_eq!(won, 1, "round {round}: {results:?}");
        for r in results.iter().filter(|r| r.is_err()) {
            assert!(matches!(r, Err(Fail::Invalid(_))), "{r:?}");
        }
        let open_holds = seat_hold::Entity::find()
            .filter(seat_hold::Column::SeatId.eq(t.id))
            .filter(seat_hold::Column::EndedAt.is_null())
            .all(&db.conn)
            .await
            .unwrap();
        assert_eq!(open_holds.len(), 1, "round {round}");
    }
    // The database itself refuses a second open hold of a seat (two instances cannot bypass it).
    let c = conf(&db).await;
    let seat = uuid::Uuid::now_v7();
    let day = chrono::Utc::now().date_naive();
    let hold = |holder: uuid::Uuid| seat_hold::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        conference_id: Set(c.id),
        day: Set(day),
        seat_id: Set(seat),
        holder_id: Set(holder),
        started_at: Set(chrono::Utc::now()),
        started_by: Set(None),
        ended_at: Set(None),
        ended_by: Set(None),
        end_reason: Set(None),
    };
    seat_hold::Entity::insert(hold(uuid::Uuid::now_v7()))
        .exec(&db.conn)
        .await
        .unwrap();
    let e = seat_hold::Entity::insert(hold(uuid::Uuid::now_v7()))
        .exec(&db.conn)
        .await
        .unwrap_err();
    assert!(
        matches!(store::Error::from_db(e), store::Error::Conflict(_)),
        "a second open hold of one seat must violate the unique index"
    );
});

/// Every pooled SQLite connection commits with `synchronous=FULL` (2): a vote, a check-in or a
/// registration answered with a receipt survives a power loss, not only a killed process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_commits_survive_power_loss() {
    use sea_orm::ConnectionTrait;
    let db = testkit::sqlite().await;
    let reads = (0..6).map(|_| {
        let db = db.clone();
        tokio::spawn(async move {
            let rows = db
                .conn
                .query_all_raw(sea_orm::Statement::from_string(
                    sea_orm::DbBackend::Sqlite,
                    "PRAGMA synchronous",
                ))
                .await
                .unwrap();
            rows[0].try_get_by_index::<i64>(0).unwrap()
        })
    });
    for r in reads {
        assert_eq!(r.await.unwrap(), 2, "synchronous must be FULL");
    }
}
