//! The table's side of a vote: opening it, closing it (with the room's counts), unsealing and mixing its ballots.

use super::*;

/// The open vote of a conference, if any (at most one at a time: a unique partial index).
pub(crate) async fn open_vote_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<plenary_vote::Model>> {
    Ok(plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(conference_id))
        .filter(plenary_vote::Column::Status.eq(VoteStatus::Open))
        .one(db)
        .await?)
}

/// What a vote is about, as the table chooses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A destaque of the regimento.
    Destaque(Uuid),
    RegimentoBlock,
    /// The proposals of an eixo without destaque, in block.
    ProposalBlock(Uuid),
    /// A destaque on a proposal.
    ProposalDestaque(Uuid),
    /// An admitted moção.
    Mocao(Uuid),
}

impl Item {
    /// `destaque:<id>`, `bloco`, `eixo:<id>` or `proposta:<destaque id>`.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        if t == "bloco" {
            return Some(Item::RegimentoBlock);
        }
        let (kind, id) = t.split_once(':')?;
        let id = Uuid::parse_str(id).ok()?;
        match kind {
            "destaque" => Some(Item::Destaque(id)),
            "eixo" => Some(Item::ProposalBlock(id)),
            "proposta" => Some(Item::ProposalDestaque(id)),
            "mocao" => Some(Item::Mocao(id)),
            _ => None,
        }
    }
}

pub(super) async fn append_log(
    tx: &impl ConnectionTrait,
    v: &plenary_vote::Model,
    prev: &str,
    seq: i32,
    kind: &str,
    body: &serde_json::Value,
) -> store::Result<String> {
    let (body, hash) = chain::seal(prev, seq, kind, body);
    ballot_log::Entity::insert(ballot_log::ActiveModel {
        vote_id: Set(v.id),
        seq: Set(seq),
        kind: Set(kind.into()),
        body: Set(body),
        prev_hash: Set(prev.into()),
        hash: Set(hash.clone()),
    })
    .exec(tx)
    .await?;
    Ok(hash)
}

/// Appends a link after the vote's head (its row locked by the caller); returns the new link's
/// sequence number and hash, which the caller stores as the vote's head.
pub(super) async fn append_next(
    tx: &impl ConnectionTrait,
    v: &plenary_vote::Model,
    kind: &str,
    body: &serde_json::Value,
) -> store::Result<(i32, String)> {
    let seq = v.log_seq + 1;
    let prev = v.log_head.as_deref().unwrap_or(GENESIS);
    Ok((seq, append_log(tx, v, prev, seq, kind, body).await?))
}

/// Opens an electronic vote on an item (the table). Refused below quorum, while another vote is
/// open, or when the item cannot be voted.
pub async fn open(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    item: &str,
    secret: bool,
) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let item = Item::parse(item).ok_or(Fail::NotFound)?;
    if item == Item::RegimentoBlock
        && crate::setup::conference::regimento(db, c.id)
            .await?
            .is_empty()
    {
        return Err(Invalid::one(
            "form",
            "Não há minuta do regimento: a comissão organizadora precisa publicá-la antes",
        )
        .into());
    }
    // The key material is read before the write transaction (it may be created on first use).
    let root = match secret {
        true => Some(crate::plenary::seal::root(db).await?),
        false => None,
    };
    let tx = db.write().await?;
    if open_vote_of(&tx, c.id).await?.is_some() {
        return Err(Invalid::one(
            "form",
            "Já há uma votação aberta: encerre-a antes de abrir outra",
        )
        .into());
    }
    if let Some(call) =
        crate::plenary::presence::open_roll_call(&tx, c.id, chrono::Utc::now()).await?
    {
        return Err(Invalid::one(
            "form",
            format!(
                "A chamada está aberta até {}: encerre-a antes de abrir a votação, para o quórum contar quem respondeu",
                call.closes_at
                    .with_timezone(&crate::plenary::seats::tz_of(&c))
                    .format("%H:%M")
            ),
        )
        .into());
    }
    let (subject, subject_id) = match item {
        Item::Destaque(id) => {
            let d = crate::plenary::regimento::open_destaque(&tx, &c, id).await?;
            ("regimento_destaque", Some(d.id))
        }
        Item::RegimentoBlock => {
            crate::plenary::regimento::block_ready(&tx, &c).await?;
            ("regimento_block", None)
        }
        Item::ProposalBlock(eixo) => {
            crate::plenary::final_plenary::check_block(&tx, &c, eixo).await?;
            ("proposals_block", Some(eixo))
        }
        Item::ProposalDestaque(id) => {
            let d = crate::plenary::final_plenary::open_destaque(&tx, &c, id).await?;
            ("proposal_destaque", Some(d.id))
        }
        Item::Mocao(id) => {
            let m = crate::plenary::mocoes::admitted(&tx, &c, id).await?;
            ("mocao", Some(m.id))
        }
    };
    let hall = attendance(&tx, &c).await?;
    hall.check_quorum()?;
    let (present, credentialed, quorum_min) =
        (hall.present(), hall.credentialed, hall.quorum_min());
    let quorum_rule = hall.rules.quorum.code();
    let now = Utc::now();
    // The chain goes on from the previous electronic vote of the conference.
    let prev = plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::LogHead.is_not_null())
        .order_by_desc(plenary_vote::Column::RecordedAt)
        .one(&tx)
        .await?
        .and_then(|v| v.log_head)
        .unwrap_or_else(|| GENESIS.to_owned());
    let mut v = plenary_vote::Model {
        id: Uuid::now_v7(),
        conference_id: c.id,
        subject: subject.into(),
        subject_id,
        channel: "electronic".into(),
        present: present as i32,
        credentialed: credentialed as i32,
        quorum_rule: quorum_rule.clone(),
        quorum_min: quorum_min as i32,
        favor: 0,
        against: 0,
        abstain: 0,
        outcome: "pending".into(),
        recorded_by: me.map(|m| m.account.id),
        recorded_at: now,
        status: VoteStatus::Open,
        secret,
        opened_at: Some(now),
        closed_at: None,
        phone_favor: 0,
        phone_against: 0,
        phone_abstain: 0,
        log_seq: 0,
        log_head: None,
        present_remote: hall.present_remote() as i32,
    };
    let head = append_log(
        &tx,
        &v,
        &prev,
        0,
        "open",
        &serde_json::json!({
            "vote": v.id,
            "conference": c.id,
            "subject": subject,
            "subject_id": subject_id,
            "secret": secret,
            "present": present,
            "credentialed": credentialed,
            "quorum_rule": quorum_rule,
            "quorum_min": quorum_min,
            "opened_at": now.to_rfc3339(),
        }),
    )
    .await?;
    v.log_head = Some(head);
    plenary_vote::Entity::insert(v.clone().into_active_model())
        .exec(&tx)
        .await
        .map_err(store::Error::from_db)?;
    if let Some(root) = &root {
        crate::plenary::seal::start(&tx, root, v.id).await?;
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, vote = %v.id, secret, "electronic vote opened");
    Ok(v.id)
}

/// Locks the vote's row for the rest of the transaction (PostgreSQL; SQLite's `BEGIN IMMEDIATE`
/// already excludes every other writer).
pub(super) async fn lock_votes(
    db: &Db,
    tx: &impl ConnectionTrait,
    ids: &[Uuid],
) -> store::Result<Vec<plenary_vote::Model>> {
    let q = plenary_vote::Entity::find().filter(plenary_vote::Column::Id.is_in(ids.to_vec()));
    Ok(match db.backend {
        Backend::Postgres => q.lock_exclusive().all(tx).await?,
        Backend::Sqlite => q.all(tx).await?,
    })
}

async fn phone_tally(tx: &impl ConnectionTrait, vote: Uuid) -> store::Result<(Tally, u32)> {
    let choices: Vec<String> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Choice)
        .filter(ballot::Column::VoteId.eq(vote))
        .into_tuple()
        .all(tx)
        .await?;
    let voters = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(vote))
        .count(tx)
        .await? as u32;
    Ok((
        Tally::of(choices.iter().filter_map(|c| Choice::parse(c))),
        voters,
    ))
}

/// Closes the open vote: the phones' ballots plus, for a mixed vote, the room's count of the
/// delegates who did not vote by phone; the result is applied to the item.
pub async fn close(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    vote: &str,
    room: &crate::plenary::regimento::CountInput,
) -> Result<Outcome, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(vote.trim()).map_err(|_| Fail::NotFound)?;
    let room = Tally::parse(&room.favor, &room.against, &room.abstain)?;
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let mut v = lock_votes(db, &tx, &[id])
        .await?
        .into_iter()
        .find(|v| v.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    if v.status != VoteStatus::Open {
        return Err(Invalid::one("form", "Esta votação já foi encerrada").into());
    }
    let sealed = unseal(&tx, &root, &mut v).await?;
    let (phones, voters) = phone_tally(&tx, v.id).await?;
    // The room's count is of badges raised in the room: bounded by the voting delegates in the
    // room who did not vote by phone (remote delegates vote only by phone, ADR 0040).
    let hall = attendance(&tx, &c).await?;
    let present = hall.present();
    let by_phone_in_room = vote_participation::Entity::find()
        .select_only()
        .column(vote_participation::Column::RegistrationId)
        .filter(vote_participation::Column::VoteId.eq(v.id))
        .into_tuple::<Uuid>()
        .all(&tx)
        .await?
        .into_iter()
        .filter(|id| hall.in_room.contains(id) && hall.voting.contains(id))
        .count() as u32;
    room.check_room(hall.present_room(), by_phone_in_room)?;
    let total = phones.plus(room);
    if total.total() == 0 {
        return Err(Invalid::one(
            "form",
            "Ninguém votou pelo celular e não há contagem da sala: a votação não pode ser encerrada sem votos",
        )
        .into());
    }
    let outcome = total.simple_majority();
    let now = Utc::now();
    let (seq, head) = append_next(
        &tx,
        &v,
        "close",
        &serde_json::json!({
            "phone": {"favor": phones.favor, "against": phones.against, "abstain": phones.abstain},
            "room": {"favor": room.favor, "against": room.against, "abstain": room.abstain},
            "voters_by_phone": voters,
            "present": present,
            "outcome": outcome.code(),
            "closed_at": now.to_rfc3339(),
        }),
    )
    .await?;
    let mut closed = v.clone();
    closed.status = VoteStatus::Closed;
    closed.channel = if room.total() > 0 {
        "mixed"
    } else {
        "electronic"
    }
    .into();
    closed.favor = total.favor as i32;
    closed.against = total.against as i32;
    closed.abstain = total.abstain as i32;
    closed.phone_favor = phones.favor as i32;
    closed.phone_against = phones.against as i32;
    closed.phone_abstain = phones.abstain as i32;
    closed.present = present as i32;
    closed.present_remote = hall.present_remote() as i32;
    closed.outcome = outcome.code().into();
    closed.closed_at = Some(now);
    closed.recorded_at = now;
    closed.log_seq = seq;
    closed.log_head = Some(head);
    use plenary_vote::Column as V;
    plenary_vote::Entity::update_many()
        .col_expr(V::Status, VoteStatus::Closed.into())
        .col_expr(V::Channel, closed.channel.clone().into())
        .col_expr(V::Favor, closed.favor.into())
        .col_expr(V::Against, closed.against.into())
        .col_expr(V::Abstain, closed.abstain.into())
        .col_expr(V::PhoneFavor, closed.phone_favor.into())
        .col_expr(V::PhoneAgainst, closed.phone_against.into())
        .col_expr(V::PhoneAbstain, closed.phone_abstain.into())
        .col_expr(V::Present, closed.present.into())
        .col_expr(V::PresentRemote, closed.present_remote.into())
        .col_expr(V::Outcome, closed.outcome.clone().into())
        .col_expr(V::ClosedAt, closed.closed_at.into())
        .col_expr(V::RecordedAt, closed.recorded_at.into())
        .col_expr(V::LogSeq, seq.into())
        .col_expr(V::LogHead, closed.log_head.clone().into())
        .filter(V::Id.eq(closed.id))
        .exec(&tx)
        .await?;
    if closed.secret {
        mix(db, &tx, closed.id).await?;
    }
    match (closed.subject.as_str(), closed.subject_id) {
        ("regimento_destaque", Some(d)) => {
            let d = crate::plenary::regimento::open_destaque(&tx, &c, d).await?;
            crate::plenary::regimento::settle_destaque(&tx, d, &closed).await?;
        }
        ("regimento_block", _) => {
            crate::plenary::regimento::settle_block(&tx, &c, &draft, &closed).await?;
        }
        ("mocao", _) => {
            crate::plenary::mocoes::settle(&tx, &c, &closed).await?;
        }
        _ => {
            crate::plenary::final_plenary::settle(&tx, &c, &closed).await?;
        }
    }
    tx.commit().await?;
    if sealed {
        crate::plenary::seal::scrub(db);
    }
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, vote = %closed.id, outcome = outcome.code(), "electronic vote closed");
    Ok(outcome)
}

/// At the closing of a sealed (secret) vote, in the closing transaction: opens every sealed ballot,
/// writes them readable into `ballot` in receipt-hash order in one pass, chains them as ONE
/// `ballots` link sorted by receipt hash, and deletes the sealed rows and the vote's salt. Returns
/// whether the vote was sealed. A ballot that does not open refuses the closing.
async fn unseal(
    tx: &sea_orm::DatabaseTransaction,
    root: &crate::plenary::seal::Root,
    v: &mut plenary_vote::Model,
) -> Result<bool, Fail> {
    let Some(key) = crate::plenary::seal::key_of(tx, root, v.id).await? else {
        return Ok(false);
    };
    let bs = crate::plenary::seal::open_all(tx, &key, v.id).await?;
    let rows: Vec<ballot::ActiveModel> = bs
        .iter()
        .map(|(h, ch)| ballot::ActiveModel {
            vote_id: Set(v.id),
            receipt_hash: Set(h.clone()),
            choice: Set(ch.clone()),
        })
        .collect();
    for chunk in rows.chunks(500) {
        ballot::Entity::insert_many(chunk.to_vec()).exec(tx).await?;
    }
    let (seq, head) = append_next(
        tx,
        v,
        "ballots",
        &serde_json::json!({
            "ballots": bs.iter().map(|(h, ch)| [h.as_str(), ch.as_str()]).collect::<Vec<_>>(),
        }),
    )
    .await?;
    v.log_seq = seq;
    v.log_head = Some(head);
    crate::plenary::seal::erase(tx, v.id).await?;
    Ok(true)
}

/// The mix at closing of a secret vote, on PostgreSQL: its heap stores rows in the order they
/// were written, and each row's `xmin` names the batch that wrote it, so participation rows could
/// be paired with ballots by position or by transaction. Closing rewrites both sets in the closing
/// transaction, participation in registration-id order and ballots in receipt-hash (random) order:
/// afterwards every row of the vote has the closing transaction's `xmin` and an order that does
/// not follow arrival. SQLite needs nothing: both tables are `WITHOUT ROWID`, stored in key order,
/// and a sealed vote's ballots were written at closing in receipt-hash order.
async fn mix(db: &Db, tx: &sea_orm::DatabaseTransaction, vote: Uuid) -> Result<(), Fail> {
    if db.backend != Backend::Postgres {
        return Ok(());
    }
    let mut who: Vec<vote_participation::ActiveModel> = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(vote))
        .all(tx)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let mut what: Vec<ballot::ActiveModel> = ballot::Entity::find()
        .filter(ballot::Column::VoteId.eq(vote))
        .all(tx)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    delete_where(tx, vote_participation::Column::VoteId, vote).await?;
    delete_where(tx, ballot::Column::VoteId, vote).await?;
    who.sort_by_key(|p| p.registration_id.clone().unwrap());
    what.sort_by_key(|b| b.receipt_hash.clone().unwrap());
    for chunk in who.chunks(500) {
        vote_participation::Entity::insert_many(chunk.to_vec())
            .exec(tx)
            .await?;
    }
    for chunk in what.chunks(500) {
        ballot::Entity::insert_many(chunk.to_vec()).exec(tx).await?;
    }
    Ok(())
}
