//! The phone's choice is confirmed before it is cast, on both databases: reading the choice
//! (`devices::vote_choice`, `devices::poll_choice`) writes nothing and refuses what the cast
//! would refuse; the confirmed cast still counts once. The telão shows a secret vote's counts
//! only once it is closed, and an election's elected without votes per candidate.

use crate::support::{
    check_in_today, commission, pair_phone, refusal, register_at_desk, registration_form,
};
use app::Fail;
use app::participants::devices as dv;
use app::plenary::elections as el;
use app::plenary::regimento::{self as pl, CountInput, DestaqueInput};
use app::plenary::voting;
use conferencia_app as app;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::entities::{
    ballot, destaque, election_ballot, election_participation, registration, vote_participation,
};
use testkit::both_dbs;

const SLUG: &str = app::demo::seed::DEMO_SLUG;

async fn register(db: &app::Db, com: &app::platform::auth::Me, name: &str) -> registration::Model {
    register_at_desk(db, com, &registration_form(name, "delegado", "usuarios")).await
}

/// Who has voted: (in plenary votes, in elections). Where the ballots themselves go while a
/// vote is open is the vote's business; a choice must write neither.
async fn written(db: &app::Db) -> (u64, u64) {
    (
        vote_participation::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
        election_participation::Entity::find()
            .count(&db.conn)
            .await
            .unwrap(),
    )
}

async fn readable_ballots(db: &app::Db) -> u64 {
    ballot::Entity::find().count(&db.conn).await.unwrap()
        + election_ballot::Entity::find()
            .count(&db.conn)
            .await
            .unwrap()
}

both_dbs!(a_choice_is_confirmed_before_it_is_cast, |db| async move {
    app::demo::seed::seed_on(&db, testkit::demo_clock())
        .await
        .unwrap();
    let com = commission(&db).await;
    let writer = voting::Writer::start(db.clone());
    let ana = register(&db, &com, "Ana Confirma").await;
    let bia = register(&db, &com, "Bia Confirma").await;
    let cid = register(&db, &com, "Cid Sem Celular").await;
    for r in [&ana, &bia, &cid] {
        check_in_today(&db, r).await;
    }
    let ta = pair_phone(&db, &com, &ana).await;
    let tb = pair_phone(&db, &com, &bia).await;

    // Nothing open: the choice is refused with the reason.
    assert!(
        refusal(
            dv::vote_choice(
                &db,
                SLUG,
                Some(&ta),
                &uuid::Uuid::now_v7().to_string(),
                "favor"
            )
            .await
        )
        .contains("não está mais aberta")
    );
    pl::add_destaque(
        &db,
        Some(&com),
        SLUG,
        &DestaqueInput {
            article: "2".into(),
            kind: "modify".into(),
            proposed_text: "Novo texto do artigo 2.".into(),
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

    // The choice to confirm: what the vote is about and the choice as the button said it.
    let c = dv::vote_choice(&db, SLUG, Some(&ta), &vote, "favor")
        .await
        .unwrap();
    assert_eq!((c.choice, c.label), ("favor", "A favor"));
    assert_eq!(c.vote.id, vote);
    assert!(c.vote.subject.contains("art. 2º"), "{}", c.vote.subject);
    assert_eq!(
        dv::vote_choice(&db, SLUG, Some(&ta), &vote, "abstain")
            .await
            .unwrap()
            .label,
        "Abstenção"
    );
    // Choosing again and again writes nothing.
    assert_eq!(written(&db).await, (0, 0));
    assert_eq!(readable_ballots(&db).await, 0);
    // Refusals: a bad choice, another vote, an unpaired phone.
    assert!(
        refusal(dv::vote_choice(&db, SLUG, Some(&ta), &vote, "talvez").await)
            .contains("Escolha uma opção")
    );
    assert!(
        refusal(dv::vote_choice(&db, SLUG, Some(&ta), &d.id.to_string(), "favor").await)
            .contains("não está mais aberta")
    );
    assert!(matches!(
        dv::vote_choice(&db, SLUG, Some("x"), &vote, "favor").await,
        Err(Fail::Forbidden)
    ));
    assert!(matches!(
        dv::vote_choice(&db, SLUG, None, &vote, "favor").await,
        Err(Fail::Forbidden)
    ));

    // The confirmation casts it, once.
    let r = writer.cast(SLUG, Some(&ta), &vote, c.choice).await.unwrap();
    assert_eq!(r.choice, "a favor");
    assert_eq!(written(&db).await, (1, 0));
    assert!(
        refusal(dv::vote_choice(&db, SLUG, Some(&ta), &vote, "against").await)
            .contains("Você já votou")
    );
    writer
        .cast(SLUG, Some(&tb), &vote, "against")
        .await
        .unwrap();

    // The telão while the secret vote is open: how many voted, never how.
    let b = pl::board(&db, SLUG).await.unwrap();
    assert_eq!(b.open.as_ref().map(|o| o.voters), Some(2));
    assert!(b.last.is_none(), "no result before the vote closes");
    // The item in full, for the room to read what it votes: the draft's text and the destaque's.
    let open = b.open.as_ref().unwrap();
    assert_eq!(open.text.as_deref(), Some(d.draft_text.as_str()));
    assert_eq!(open.proposed.as_deref(), Some("Novo texto do artigo 2."));
    voting::close(
        &db,
        Some(&com),
        SLUG,
        &vote,
        &CountInput {
            favor: String::new(),
            against: String::new(),
            abstain: "1".into(),
        },
    )
    .await
    .unwrap();
    // Closed: the counts of each option.
    let b = pl::board(&db, SLUG).await.unwrap();
    assert!(b.open.is_none());
    let last = b.last.unwrap();
    assert_eq!((last.favor, last.against, last.abstain), (1, 1, 1));
    // The vote is closed: a choice in it is refused.
    assert!(
        refusal(dv::vote_choice(&db, SLUG, Some(&tb), &vote, "favor").await)
            .contains("não está mais aberta")
    );

    // The election of the segment: the candidate chosen is confirmed before the vote.
    for r in [&ana, &bia] {
        el::add_candidate(&db, Some(&com), SLUG, &r.code)
            .await
            .unwrap();
    }
    el::open_poll(&db, Some(&com), SLUG, "usuarios")
        .await
        .unwrap();
    let console = el::console(&db, Some(&com), SLUG).await.unwrap();
    let seg = console
        .segments
        .iter()
        .find(|s| s.code == "usuarios")
        .unwrap();
    let poll = seg.poll_id.clone().unwrap();
    let k_ana = seg
        .candidates
        .iter()
        .find(|k| k.name == "Ana Confirma")
        .unwrap()
        .id
        .clone();
    let pc = dv::poll_choice(&db, SLUG, Some(&tb), &poll, &k_ana)
        .await
        .unwrap();
    assert_eq!(
        (pc.name.as_str(), pc.candidate.as_str()),
        ("Ana Confirma", k_ana.as_str())
    );
    assert_eq!(pc.poll.segment, "Usuários(as)");
    let before = readable_ballots(&db).await;
    assert_eq!(written(&db).await, (2, 0), "choosing writes nothing");
    assert!(
        refusal(
            dv::poll_choice(
                &db,
                SLUG,
                Some(&tb),
                &poll,
                &uuid::Uuid::now_v7().to_string()
            )
            .await
        )
        .contains("Escolha um(a) candidato(a)")
    );
    assert!(
        refusal(dv::poll_choice(&db, SLUG, Some(&tb), &vote, &k_ana).await)
            .contains("não está aberta")
    );
    assert_eq!(readable_ballots(&db).await, before);
    el::cast(&db, SLUG, Some(&tb), &poll, &pc.candidate)
        .await
        .unwrap();
    assert_eq!(written(&db).await, (2, 1));
    assert!(
        refusal(dv::poll_choice(&db, SLUG, Some(&tb), &poll, &k_ana).await)
            .contains("Você já votou")
    );
    el::cast(&db, SLUG, Some(&ta), &poll, &k_ana).await.unwrap();
    el::close_poll(&db, Some(&com), SLUG, &poll, &vec![])
        .await
        .unwrap();
    el::compute(&db, Some(&com), SLUG).await.unwrap();

    // The telão names the elected, never their votes (a quota declaration could be inferred).
    let b = pl::board(&db, SLUG).await.unwrap();
    let e = b.election.unwrap();
    assert!(e.elected.iter().any(|x| x.name == "Ana Confirma"));
    assert!(
        e.elected
            .iter()
            .all(|x| x.votes.is_none() && x.by_quota.is_none())
    );
});
