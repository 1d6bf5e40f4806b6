//! The regimento's votes counted at the table: each destaque's, then the block vote that
//! approves the text.

use super::*;
use store::entities::plenary_vote::VoteStatus;

/// Checks quorum and counts inside the write transaction; records the vote.
pub(crate) async fn record_vote(
    tx: &sea_orm::DatabaseTransaction,
    me: Option<&Me>,
    c: &conference::Model,
    subject: &str,
    subject_id: Option<Uuid>,
    counts: &CountInput,
) -> Result<plenary_vote::Model, Fail> {
    let tally = Tally::parse(&counts.favor, &counts.against, &counts.abstain)?;
    refuse_unless(
        crate::plenary::voting::open_vote_of(tx, c.id)
            .await?
            .is_none(),
        "Há uma votação aberta pelos celulares: encerre-a antes de registrar outra contagem",
    )?;
    let room = attendance(tx, c).await?;
    room.check_quorum()?;
    let (present, credentialed) = (room.present(), room.credentialed);
    tally.check(present)?;
    let v = plenary_vote::Model {
        id: Uuid::now_v7(),
        conference_id: c.id,
        subject: subject.into(),
        subject_id,
        channel: "analog".into(),
        present: present as i32,
        credentialed: credentialed as i32,
        quorum_rule: room.rules.quorum.code(),
        quorum_min: room.quorum_min() as i32,
        favor: tally.favor as i32,
        against: tally.against as i32,
        abstain: tally.abstain as i32,
        outcome: tally.simple_majority().code().into(),
        recorded_by: me.map(|m| m.account.id),
        recorded_at: Utc::now(),
        status: VoteStatus::Closed,
        secret: false,
        opened_at: None,
        closed_at: None,
        phone_favor: 0,
        phone_against: 0,
        phone_abstain: 0,
        log_seq: 0,
        log_head: None,
        present_remote: room.present_remote() as i32,
    };
    plenary_vote::Entity::insert(v.clone().into_active_model())
        .exec(tx)
        .await?;
    Ok(v)
}

/// A vote counted at the table on `subject` (and its id), in one write: `check` refuses an item
/// that cannot be voted now and returns it, the vote is recorded (`record_vote`), `settle`
/// applies it to the item, and the change is committed and signalled. Returns the outcome and
/// the vote's id.
pub(crate) async fn counted_vote<T>(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    (subject, subject_id): (&str, Option<Uuid>),
    counts: &CountInput,
    check: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, Fail>,
    settle: impl AsyncFnOnce(&DatabaseTransaction, T, &plenary_vote::Model) -> Result<Outcome, Fail>,
) -> Result<(Outcome, Uuid), Fail> {
    let tx = db.write().await?;
    let item = check(&tx).await?;
    let v = record_vote(&tx, me, c, subject, subject_id, counts).await?;
    let outcome = settle(&tx, item, &v).await?;
    commit_and_signal(tx, c.id).await?;
    Ok((outcome, v.id))
}

/// Marks a destaque with the result of its vote.
pub(crate) async fn settle_destaque(
    tx: &sea_orm::DatabaseTransaction,
    d: destaque::Model,
    v: &plenary_vote::Model,
) -> Result<Outcome, Fail> {
    let outcome = outcome_of(v);
    let mut am = d.into_active_model();
    am.status = Set(outcome.into());
    am.vote_id = Set(Some(v.id));
    am.update(tx).await?;
    Ok(outcome)
}

/// Records the counted vote of an open destaque: approved applies its change to the text.
pub async fn vote_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(id).map_err(|_| Fail::NotFound)?;
    let (outcome, vote) = counted_vote(
        db,
        me,
        &c,
        ("regimento_destaque", Some(id)),
        counts,
        async |tx| open_destaque(tx, &c, id).await,
        async |tx, d, v| settle_destaque(tx, d, v).await,
    )
    .await?;
    tracing::info!(conference = %c.id, vote = %vote, outcome = outcome.code(), "destaque voted");
    Ok(outcome)
}

/// Whether the regimento can be put to its block vote: not yet approved, every destaque voted.
pub(crate) async fn block_ready(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> Result<(), Fail> {
    refuse_unless(!is_approved(tx, c.id).await?, "O regimento já foi aprovado")?;
    let open = open_destaques(tx, c).await?.len();
    refuse_unless(
        open == 0,
        &format!(
            "Ainda há {open} destaque(s) sem votação: vote cada destaque antes de aprovar o regimento"
        ),
    )
}

/// Applies the block vote: approved → the draft with the approved destaques becomes version 1.
pub(crate) async fn settle_block(
    tx: &sea_orm::DatabaseTransaction,
    c: &conference::Model,
    draft: &[Article],
    v: &plenary_vote::Model,
) -> Result<Outcome, Fail> {
    let outcome = outcome_of(v);
    if outcome == Outcome::Approved {
        let ds = destaque::Entity::find()
            .filter(destaque::Column::ConferenceId.eq(c.id))
            .filter(destaque::Column::Status.eq(destaque::DestaqueStatus::Approved))
            .all(tx)
            .await?;
        let changes: Vec<(i32, DestaqueKind)> = ds
            .iter()
            .map(|d| {
                (
                    d.article_number,
                    match &d.proposed_text {
                        Some(t) if d.kind == "modify" => DestaqueKind::Modify(t.clone()),
                        _ => DestaqueKind::Suppress,
                    },
                )
            })
            .collect();
        let articles: Vec<StoredArticle> = approved_text(draft, &changes)
            .into_iter()
            .map(StoredArticle::from)
            .collect();
        regimento_version::Entity::insert(regimento_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            version: Set(1),
            articles: Set(serde_json::to_string(&articles).unwrap_or_else(|_| "[]".into())),
            vote_id: Set(v.id),
            approved_at: Set(Utc::now()),
        })
        .exec(tx)
        .await?;
    }
    Ok(outcome)
}

/// The block vote on the regimento once every destaque is voted. Approved: the text with the
/// approved destaques applied becomes the next published version. Rejected: recorded, nothing
/// published.
pub async fn approve_regimento(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let draft = published_draft(db, &c).await?;
    let (outcome, vote) = counted_vote(
        db,
        me,
        &c,
        ("regimento_block", None),
        counts,
        async |tx| block_ready(tx, &c).await,
        async |tx, _, v| settle_block(tx, &c, &draft, v).await,
    )
    .await?;
    tracing::info!(conference = %c.id, vote = %vote, outcome = outcome.code(), "regimento block vote");
    Ok(outcome)
}
