//! Receipts and the public record of a vote (its chain and named votes).

use super::*;
use store::entities::plenary_vote::VoteStatus;

/// An electronic vote of the conference that has a chain.
async fn chained_vote(db: &Db, slug: &str, vote: &str) -> Result<plenary_vote::Model, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let id = Uuid::parse_str(vote.trim()).map_err(|_| Fail::NotFound)?;
    plenary_vote::Entity::find_by_id(id)
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::LogHead.is_not_null())
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

/// What a receipt check finds.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptCheck {
    pub subject: String,
    pub found: bool,
    pub choice: Option<&'static str>,
    pub closed: bool,
    pub outcome: Option<String>,
}

/// Checks a receipt code against a vote's ballots (public: the code is the voter's own secret).
pub async fn check_receipt(
    db: &Db,
    slug: &str,
    vote: &str,
    code: &str,
) -> Result<ReceiptCheck, Fail> {
    let v = chained_vote(db, slug, vote).await?;
    chain::well_formed(code)?;
    let h = receipt_hash(v.id, code);
    // While a secret vote is open its ballot is sealed: look there first, then among the readable
    // ballots (the closing moves every ballot from one to the other in one transaction).
    let sealed = crate::plenary::seal::find(db, v.status.code(), v.id, &h).await?;
    let choice = match sealed {
        Some(c) => Some(c),
        None => ballot::Entity::find_by_id((v.id, h))
            .one(&db.conn)
            .await?
            .map(|b| b.choice),
    };
    Ok(ReceiptCheck {
        subject: crate::plenary::regimento::subject_of(&db.conn, &v).await?,
        found: choice.is_some(),
        choice: choice.as_deref().and_then(Choice::parse).map(Choice::label),
        closed: v.status == VoteStatus::Closed,
        outcome: (v.status == VoteStatus::Closed).then(|| {
            if v.outcome == "approved" {
                Outcome::Approved.label().to_owned()
            } else {
                Outcome::Rejected.label().to_owned()
            }
        }),
    })
}

/// A vote's public record: the chain's links, which anyone can recompute.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub vote: Uuid,
    pub subject: String,
    pub status: String,
    pub links: Vec<Link>,
    /// Whether every link's hash holds, the last equals the vote's head and the ballots in the
    /// links are exactly the stored ballots, counted as the result says.
    pub intact: bool,
    pub problems: Vec<String>,
}

pub use crate::platform::chain::Link;

/// Reads and verifies the chain of an electronic vote.
pub async fn record(db: &Db, slug: &str, vote: &str) -> Result<Record, Fail> {
    let v = chained_vote(db, slug, vote).await?;
    let stored: HashMap<String, String> = ballot::Entity::find()
        .filter(ballot::Column::VoteId.eq(v.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|b| (b.receipt_hash, b.choice))
        .collect();
    let chain::Checked {
        links,
        mut problems,
        ballots,
    } = verify_chain(
        &db.conn,
        ballot_log::Column::VoteId,
        ballot_log::Column::Seq,
        v.id,
        v.log_head.as_deref(),
        &stored,
    )
    .await?;
    if v.status == VoteStatus::Closed {
        let t = Tally::of(ballots.values().filter_map(|c| Choice::parse(c)));
        if (t.favor as i32, t.against as i32, t.abstain as i32)
            != (v.phone_favor, v.phone_against, v.phone_abstain)
        {
            problems.push("a contagem dos celulares não é a soma dos votos da cadeia".into());
        }
    }
    Ok(Record {
        vote: v.id,
        subject: crate::plenary::regimento::subject_of(&db.conn, &v).await?,
        status: v.status.code().into(),
        intact: problems.is_empty(),
        problems,
        links,
    })
}

/// Who voted in a named vote and how (for the minutes); `None` for a secret vote.
pub(crate) async fn named_votes(
    db: &impl ConnectionTrait,
    v: &plenary_vote::Model,
) -> store::Result<Option<Vec<(String, String)>>> {
    if v.secret || v.log_head.is_none() {
        return Ok(None);
    }
    let ps = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(v.id))
        .all(db)
        .await?;
    let regs = registrations_by_id(db, ps.iter().map(|p| p.registration_id)).await?;
    let mut out: Vec<(String, String)> = ps
        .iter()
        .map(|p| {
            (
                regs.get(&p.registration_id)
                    .map(|r| format!("{} ({})", r.display_name(), r.code))
                    .unwrap_or_else(|| "(inscrição anonimizada)".into()),
                p.choice
                    .as_deref()
                    .and_then(Choice::parse)
                    .map(Choice::label)
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    out.sort();
    Ok(Some(out))
}
