//! Electronic votes from paired phones on both databases: opening with quorum, one vote per
//! delegate present, every refusal with nothing counted, named and secret ballots kept apart,
//! mixed channel without counting anyone twice, receipts, and the hash chain (which a tampered
//! ballot breaks).

use crate::support::{
    articulator, check_in_today, commission, conference_by_slug, present_with_phone, refusal,
    register_at_desk, registration_form,
};
use app::Fail;
use app::participants::devices as dv;
use app::plenary::regimento::{self as pl, CountInput, DestaqueInput};
use app::plenary::voting;
use conferencia_app as app;
use domain::plenary::Outcome;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{ballot, checkin, destaque, plenary_vote, registration, vote_participation};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

fn counts(f: &str, a: &str, s: &str) -> CountInput {
    CountInput {
        favor: f.into(),
        against: a.into(),
        abstain: s.into(),
    }
}

async fn register(db: &app::Db, com: &app::platform::auth::Me, name: &str) -> registration::Model {
    register_at_desk(db, com, &registration_form(name, "delegado", "usuarios")).await
}

/// A delegate checked in today with a paired phone: returns the phone's token.
async fn delegate_with_phone(
    db: &app::Db,
    com: &app::platform::auth::Me,
    name: &str,
) -> (registration::Model, String) {
    let r = register(db, com, name).await;
    let token = present_with_phone(db, com, &r).await;
    (r, token)
}

async fn open_destaque(db: &app::Db, com: &app::platform::auth::Me, article: &str) -> String {
    pl::add_destaque(
        db,
        Some(com),
        SLUG,
        &DestaqueInput {
            article: article.into(),
            kind: "modify".into(),
            proposed_text: format!("Novo texto do artigo {article}."),
            raised_by: String::new(),
        },
    )
    .await
    .unwrap();
    destaque::Entity::find()
        .filter(destaque::Column::ArticleNumber.eq(article.parse::<i32>().unwrap()))
        .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Open))
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string()
}

both_dbs!(named_vote_refusals_receipts_and_chain, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let art = articulator(&db).await;
    let writer = voting::Writer::start(db.clone());
    let c = conference_by_slug(&db, SLUG).await;
    let (_, a) = delegate_with_phone(&db, &com, "Ana Delegada").await;
    let (_, b) = delegate_with_phone(&db, &com, "Bruno Delegado").await;
    let (_, cc) = delegate_with_phone(&db, &com, "Carla Delegada").await;
    let (absent, d) = delegate_with_phone(&db, &com, "Davi Ausente").await;
    let (demoted, e) = delegate_with_phone(&db, &com, "Edu Convidado").await;
    let d_id = open_destaque(&db, &com, "1").await;

    // Only the table opens a vote; a vote on an unknown item is not found.
    assert!(matches!(
        voting::open(&db, Some(&art), SLUG, &format!("destaque:{d_id}"), false).await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        voting::open(&db, Some(&com), SLUG, "destaque:xyz", false).await,
        Err(Fail::NotFound)
    ));
    let vote = voting::open(&db, Some(&com), SLUG, &format!("destaque:{d_id}"), false)
        .await
        .unwrap()
        .to_string();
    // One open vote at a time; no counted vote over it either.
    let d2 = open_destaque(&db, &com, "2").await;
    assert!(
        refusal(voting::open(&db, Some(&com), SLUG, &format!("destaque:{d2}"), false).await)
            .contains("Já há uma votação aberta")
    );
    assert!(
        refusal(pl::vote_destaque(&db, Some(&com), SLUG, &d2, &counts("3", "0", "0")).await)
            .contains("encerre-a")
    );

    // Davi leaves (his check-in today is undone); Edu is now a guest.
    checkin::Entity::delete_many()
        .filter(checkin::Column::RegistrationId.eq(absent.id))
        .exec(&db.conn)
        .await
        .unwrap();
    registration::Entity::update_many()
        .col_expr(registration::Column::Category, "convidado".into())
        .filter(registration::Column::Id.eq(demoted.id))
        .exec(&db.conn)
        .await
        .unwrap();

    // Two taps of the same phone racing: one vote counts.
    let (r1, r2) = tokio::join!(
        writer.cast(SLUG, Some(&a), &vote, "favor"),
        writer.cast(SLUG, Some(&a), &vote, "against")
    );
    assert!(
        r1.is_ok() != r2.is_ok(),
        "exactly one of the racing taps counts"
    );
    let twice = if r1.is_err() { r1 } else { r2 };
    assert!(refusal(twice).contains("já votou"));
    let rb = writer.cast(SLUG, Some(&b), &vote, "against").await.unwrap();
    assert_eq!(rb.choice, "contra");
    assert!(!rb.secret);
    writer.cast(SLUG, Some(&cc), &vote, "favor").await.unwrap();
    assert!(refusal(writer.cast(SLUG, Some(&b), &vote, "favor").await).contains("já votou"));
    assert!(
        refusal(writer.cast(SLUG, Some(&d), &vote, "favor").await).contains("credenciado(a) hoje")
    );
    assert!(refusal(writer.cast(SLUG, Some(&e), &vote, "favor").await).contains("Só delegados"));
    assert!(matches!(
        writer.cast(SLUG, Some("not-a-token"), &vote, "favor").await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        writer.cast(SLUG, None, &vote, "favor").await,
        Err(Fail::Forbidden)
    ));
    assert!(
        refusal(writer.cast(SLUG, Some(&b), &vote, "talvez").await).contains("Escolha uma opção")
    );
    assert!(
        refusal(
            writer
                .cast(SLUG, Some(&b), &uuid::Uuid::now_v7().to_string(), "favor")
                .await
        )
        .contains("não existe")
    );

    // The phone sees the open vote and that it already voted; the board counts voters, not choices.
    let home = dv::home(&db, SLUG, Some(&b)).await.unwrap();
    let pv = home.vote.unwrap();
    assert!(pv.already_voted && !pv.secret);
    assert_eq!(pv.proposed_text.as_deref(), Some("Novo texto do artigo 1."));
    let board = pl::board(&db, SLUG).await.unwrap();
    assert_eq!(board.open.as_ref().unwrap().voters, 3);
    let console = pl::console(&db, Some(&com), SLUG).await.unwrap();
    assert_eq!(console.open_vote.as_ref().unwrap().voters, 3);

    // Closing: the room cannot add anyone who voted by phone (3 present, 3 by phone).
    assert!(
        refusal(voting::close(&db, Some(&com), SLUG, &vote, &counts("1", "", "")).await)
            .contains("Conte de novo")
    );
    assert!(matches!(
        voting::close(&db, Some(&art), SLUG, &vote, &counts("", "", "")).await,
        Err(Fail::Forbidden)
    ));
    let o = voting::close(&db, Some(&com), SLUG, &vote, &counts("", "", ""))
        .await
        .unwrap();
    assert_eq!(o, Outcome::Approved, "2 for, 1 against");
    assert!(
        refusal(voting::close(&db, Some(&com), SLUG, &vote, &counts("", "", "")).await)
            .contains("já foi encerrada")
    );
    assert!(refusal(writer.cast(SLUG, Some(&cc), &vote, "against").await).contains("encerrada"));

    let v = plenary_vote::Entity::find_by_id(uuid::Uuid::parse_str(&vote).unwrap())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (v.status, v.channel.as_str(), v.favor, v.against, v.abstain),
        (plenary_vote::VoteStatus::Closed, "electronic", 2, 1, 0)
    );
    assert_eq!((v.phone_favor, v.phone_against, v.present), (2, 1, 3));
    let dq = destaque::Entity::find_by_id(uuid::Uuid::parse_str(&d_id).unwrap())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dq.status, destaque::DestaqueStatus::Approved);
    assert_eq!(dq.vote_id, Some(v.id));

    // Named: the participation records the choice.
    let named: Vec<vote_participation::Model> = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(v.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(named.len(), 3);
    assert!(named.iter().all(|p| p.choice.is_some()));

    // The receipt finds the ballot; a wrong code does not.
    let check = voting::check_receipt(&db, SLUG, &vote, &rb.code.to_lowercase())
        .await
        .unwrap();
    assert!(check.found && check.closed);
    assert_eq!(check.choice, Some("contra"));
    assert_eq!(check.outcome.as_deref(), Some("aprovado"));
    let wrong = voting::check_receipt(&db, SLUG, &vote, "AAAA-BBBB-CCCC")
        .await
        .unwrap();
    assert!(!wrong.found);
    assert!(refusal(voting::check_receipt(&db, SLUG, &vote, "123").await).contains("três grupos"));

    // The chain holds: open, the ballots, close; anyone can recount it.
    let rec = voting::record(&db, SLUG, &vote).await.unwrap();
    assert!(rec.intact, "{:?}", rec.problems);
    assert_eq!(rec.links.first().unwrap().kind, "open");
    assert_eq!(rec.links.last().unwrap().kind, "close");
    let in_chain: usize = rec
        .links
        .iter()
        .filter(|l| l.kind == "ballots")
        .map(|l| l.body["ballots"].as_array().unwrap().len())
        .sum();
    assert_eq!(in_chain, 3);
    // A changed ballot breaks it.
    let h = voting::record(&db, SLUG, &vote).await.unwrap();
    let first_ballot = h.links[1].body["ballots"][0][0]
        .as_str()
        .unwrap()
        .to_owned();
    ballot::Entity::update_many()
        .col_expr(ballot::Column::Choice, "abstain".into())
        .filter(ballot::Column::ReceiptHash.eq(first_ballot))
        .exec(&db.conn)
        .await
        .unwrap();
    let broken = voting::record(&db, SLUG, &vote).await.unwrap();
    assert!(!broken.intact);

    // The minutes carry the electronic vote.
    let pdf = pl::minutes_pdf(&db, Some(&com), SLUG).await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let _ = c;
});

both_dbs!(secret_mixed_block_vote_and_quorum, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let writer = voting::Writer::start(db.clone());

    // Without quorum no vote opens.
    let e = refusal(voting::open(&db, Some(&com), SLUG, "bloco", true).await);
    assert!(e.contains("quórum") || e.contains("Nenhum"), "{e}");

    let mut phones = Vec::new();
    for n in 0..3 {
        phones.push(
            delegate_with_phone(&db, &com, &format!("Delegado Celular {n}"))
                .await
                .1,
        );
    }
    // Two delegates present without phones vote by raised badge.
    for n in 0..2 {
        let r = register(&db, &com, &format!("Delegada Sala {n}")).await;
        check_in_today(&db, &r).await;
    }
    let vote = voting::open(&db, Some(&com), SLUG, "bloco", true)
        .await
        .unwrap()
        .to_string();
    let home = dv::home(&db, SLUG, Some(&phones[0])).await.unwrap();
    assert!(home.vote.as_ref().unwrap().secret);
    let mut receipts = Vec::new();
    // The phones vote in the reverse order of their registrations (ids are UUIDv7: registration
    // order), so arrival order and id order differ.
    for (t, ch) in phones.iter().rev().zip(["favor", "against", "abstain"]) {
        let r = writer.cast(SLUG, Some(t), &vote, ch).await.unwrap();
        assert!(r.secret);
        receipts.push(r);
    }
    // 5 present, 3 by phone: the room may add at most 2.
    assert!(
        refusal(voting::close(&db, Some(&com), SLUG, &vote, &counts("2", "1", "")).await)
            .contains("só 2 delegado(s)")
    );
    let o = voting::close(&db, Some(&com), SLUG, &vote, &counts("2", "", ""))
        .await
        .unwrap();
    assert_eq!(o, Outcome::Approved, "1+2 for, 1 against");
    let v = plenary_vote::Entity::find_by_id(uuid::Uuid::parse_str(&vote).unwrap())
        .one(&db.conn)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            v.channel.as_str(),
            v.favor,
            v.against,
            v.abstain,
            v.phone_favor
        ),
        ("mixed", 3, 1, 1, 1)
    );
    assert!(
        app::plenary::regimento::is_approved(&db.conn, v.conference_id)
            .await
            .unwrap()
    );
    let board = pl::board(&db, SLUG).await.unwrap();
    assert!(board.open.is_none());
    assert!(board.last.unwrap().channel.contains("2 contado(s) na sala"));

    // Secret: who voted is recorded without the choice; ballots have no voter and no time.
    let ps = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(v.id))
        .all(&db.conn)
        .await
        .unwrap();
    assert_eq!(ps.len(), 3);
    assert!(ps.iter().all(|p| p.choice.is_none()));
    if db.backend == store::Backend::Postgres {
        // The mix at closing: the heap's order follows the keys, not the order of arrival.
        let order = |sql: String| {
            let db = db.clone();
            async move {
                use sea_orm::ConnectionTrait;
                db.conn
                    .query_all_raw(sea_orm::Statement::from_string(
                        sea_orm::DbBackend::Postgres,
                        sql,
                    ))
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|r| r.try_get_by_index::<String>(0).unwrap())
                    .collect::<Vec<_>>()
            }
        };
        let stored = order(format!(
            "SELECT registration_id::text FROM vote_participation WHERE vote_id = '{}' ORDER BY ctid",
            v.id
        ))
        .await;
        let mut sorted = stored.clone();
        sorted.sort();
        assert_eq!(stored, sorted, "participation stored in id order");
        let stored = order(format!(
            "SELECT receipt_hash FROM ballot WHERE vote_id = '{}' ORDER BY ctid",
            v.id
        ))
        .await;
        let mut sorted = stored.clone();
        sorted.sort();
        assert_eq!(stored, sorted, "ballots stored in receipt-hash order");
    }
    assert_eq!(
        ballot::Entity::find()
            .filter(ballot::Column::VoteId.eq(v.id))
            .count(&db.conn)
            .await
            .unwrap(),
        3
    );
    let cols: Vec<String> = store::schema::shape(&db)
        .await
        .unwrap()
        .columns
        .into_iter()
        .filter(|c| c.0 == "ballot")
        .map(|c| c.1)
        .collect();
    assert_eq!(
        cols,
        vec!["choice", "receipt_hash", "vote_id"],
        "nothing that names a voter or a time"
    );
    for r in &receipts {
        assert!(
            voting::check_receipt(&db, SLUG, &vote, &r.code)
                .await
                .unwrap()
                .found
        );
    }
    assert!(voting::record(&db, SLUG, &vote).await.unwrap().intact);
    // The chain goes on from the previous electronic vote? This is the first: it starts at zero.
    let rec = voting::record(&db, SLUG, &vote).await.unwrap();
    assert!(rec.links[0].prev_hash.chars().all(|c| c == '0'));
});
