//! Receipts and the public record of a poll (its chain and verification).

use super::*;
use store::entities::election_poll::PollStatus;

/// A poll of the conference that has a chain (opened since receipts exist).
async fn chained_poll(db: &Db, slug: &str, poll: &str) -> Result<election_poll::Model, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let id = Uuid::parse_str(poll.trim()).map_err(|_| Fail::NotFound)?;
    election_poll::Entity::find_by_id(id)
        .filter(election_poll::Column::ConferenceId.eq(c.id))
        .filter(election_poll::Column::LogHead.is_not_null())
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

/// The display name of a candidate.
async fn candidate_name(db: &impl ConnectionTrait, candidate: Uuid) -> store::Result<String> {
    let reg = match election_candidate::Entity::find_by_id(candidate)
        .one(db)
        .await?
    {
        Some(k) => {
            registration::Entity::find_by_id(k.registration_id)
                .one(db)
                .await?
        }
        None => None,
    };
    Ok(reg
        .map(|r| r.display_name().to_owned())
        .unwrap_or_else(|| "(inscrição anonimizada)".into()))
}

/// What a receipt check finds.
#[derive(Debug, Clone, Serialize)]
pub struct ReceiptCheck {
    pub segment: &'static str,
    pub found: bool,
    /// The candidate of the ballot found.
    pub candidate: Option<String>,
    pub closed: bool,
}

/// Checks a receipt code against a poll's ballots (public: the code is the voter's own secret).
pub async fn check_receipt(
    db: &Db,
    slug: &str,
    poll: &str,
    code: &str,
) -> Result<ReceiptCheck, Fail> {
    let p = chained_poll(db, slug, poll).await?;
    chain::well_formed(code)?;
    let h = chain::receipt_hash(p.id, code);
    // While the poll is open its ballot is sealed: look there first, then among the readable
    // ballots (the closing moves every ballot from one to the other in one transaction).
    let sealed = crate::plenary::seal::find(db, p.status.code(), p.id, &h)
        .await?
        .and_then(|k| Uuid::parse_str(&k).ok());
    let b = match sealed {
        Some(k) => Some(k),
        None => election_ballot::Entity::find_by_id((p.id, h))
            .one(&db.conn)
            .await?
            .map(|b| b.candidate_id),
    };
    let candidate = match b {
        Some(k) => Some(candidate_name(&db.conn, k).await?),
        None => None,
    };
    Ok(ReceiptCheck {
        segment: segment_of(&p.segment).map(Segment::label).unwrap_or(""),
        found: b.is_some(),
        candidate,
        closed: p.status == PollStatus::Closed,
    })
}

/// A candidate as the public record names them.
#[derive(Debug, Clone, Serialize)]
pub struct RecordCandidate {
    pub id: Uuid,
    pub name: String,
}

/// A poll's public record: the chain's links, which anyone can recompute, and whether they hold.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub poll: Uuid,
    pub segment: &'static str,
    pub status: String,
    /// The candidates' names, to read the ids in the links (not part of the chain).
    pub candidates: Vec<RecordCandidate>,
    pub links: Vec<chain::Link>,
    /// Every link's hash holds, the last is the poll's head, the ballots in the links are exactly
    /// the stored ballots (one per phone voter), the room's counts are the stored ones and the
    /// closing's phone counts are the sums of the chained ballots.
    pub intact: bool,
    pub problems: Vec<String>,
}

/// `[[candidate id, n], …]` of a link's body, as a map.
fn counts_in(v: &serde_json::Value) -> HashMap<String, u64> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| Some((x[0].as_str()?.to_owned(), x[1].as_u64()?)))
        .collect()
}

/// Reads and verifies the chain of an election poll.
pub async fn record(db: &Db, slug: &str, poll: &str) -> Result<Record, Fail> {
    let p = chained_poll(db, slug, poll).await?;
    let stored: HashMap<String, String> = election_ballot::Entity::find()
        .filter(election_ballot::Column::PollId.eq(p.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|b| (b.ballot_key, b.candidate_id.to_string()))
        .collect();
    let chain::Checked {
        links,
        mut problems,
        ballots,
    } = verify_chain(
        &db.conn,
        election_log::Column::PollId,
        election_log::Column::Seq,
        p.id,
        p.log_head.as_deref(),
        &stored,
    )
    .await?;
    // While a poll is open its ballots are sealed (none readable, none chained yet).
    let sealed = match p.status.code() {
        "open" => crate::plenary::seal::count(&db.conn, p.id).await? as usize,
        _ => 0,
    };
    if voters_of(&db.conn, p.id).await? as usize != stored.len() + sealed {
        problems.push("o número de votantes pelo celular não é o número de votos guardados".into());
    }
    if p.status == PollStatus::Closed {
        let room: HashMap<String, u64> = election_room_count::Entity::find()
            .filter(election_room_count::Column::PollId.eq(p.id))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|r| (r.candidate_id.to_string(), r.votes.max(0) as u64))
            .collect();
        match links.iter().rev().find(|l| l.kind == "room") {
            Some(l) if counts_in(&l.body["room"]) == room => {}
            _ => problems.push("a contagem da sala guardada não é a da cadeia".into()),
        }
        let mut sums: HashMap<String, u64> = HashMap::new();
        for k in ballots.values() {
            *sums.entry(k.clone()).or_default() += 1;
        }
        match links.iter().rev().find(|l| l.kind == "close") {
            Some(l) if counts_in(&l.body["phone"]) == sums => {}
            _ => problems.push("a contagem dos celulares não é a soma dos votos da cadeia".into()),
        }
    }
    let mut candidates = Vec::new();
    for (k, r) in candidates_of(&db.conn, p.conference_id).await? {
        if k.segment == p.segment {
            candidates.push(RecordCandidate {
                id: k.id,
                name: r.display_name().to_owned(),
            });
        }
    }
    Ok(Record {
        poll: p.id,
        segment: segment_of(&p.segment).map(Segment::label).unwrap_or(""),
        status: p.status.code().into(),
        candidates,
        intact: problems.is_empty(),
        problems,
        links,
    })
}
