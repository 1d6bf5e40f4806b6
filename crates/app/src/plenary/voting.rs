//! Electronic votes from delegates' phones (issue 4 items 3 and 7; ADR 0011).
//!
//! The table opens a vote on one item (a destaque of the regimento, or the regimento in block),
//! named or secret; quorum is checked when it opens. Each delegate present today votes once from
//! the paired phone and gets a receipt code. The table closes the vote, adding, for a mixed vote,
//! the room's raised badges of the delegates who did not vote by phone; the result is then applied
//! to the item exactly as a counted vote is.
//!
//! Casting goes through a [`Writer`]: one task per process collects the votes that arrive together
//! and writes them in one transaction (group commit), then acknowledges each. Every check (phone,
//! delegate, present today, vote open, not voted yet) runs inside that transaction; on PostgreSQL
//! the vote's row is locked (`FOR UPDATE`), so batches of several instances and the closing of
//! the vote serialize on it and the tally is exact.
//!
//! Who voted (`vote_participation`) and what was voted (`ballot`) share no key but the vote; a
//! secret vote stores no choice with the voter, and ballots carry no time. While a secret vote is
//! open its ballots are sealed (`crate::plenary::seal`): encrypted under the vote's key, in no readable
//! order; closing opens them and writes them readable, sorted by receipt hash, with one chain link.
//! Every event is appended to `ballot_log`, a hash chain per vote whose first link is the previous
//! vote's last hash.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use crate::platform::chain::{self, GENESIS, receipt_hash, sha256_hex};
use crate::plenary::regimento::{attendance, tz_of};
use chrono::Utc;
use domain::Invalid;
use domain::plenary::{Choice, Outcome, Tally};
use domain::policy::Action;
use rand::seq::SliceRandom;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use store::entities::{
    ballot, ballot_log, conference, delegate_device, destaque, plenary_vote, registration,
    vote_participation,
};
use store::{Backend, Db};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// Most votes written in one transaction.
const MAX_BATCH: usize = 1000;

/// The open vote of a conference, if any (at most one at a time: a unique partial index).
pub(crate) async fn open_vote_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<plenary_vote::Model>> {
    Ok(plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(conference_id))
        .filter(plenary_vote::Column::Status.eq("open"))
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

async fn append_log(
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

/// Opens an electronic vote on an item (the table). Refused below quorum, while another vote is
/// open, or when the item cannot be voted.
pub async fn open(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    item: &str,
    secret: bool,
) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
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
        status: "open".into(),
        secret,
        opened_at: Some(now),
        closed_at: None,
        phone_favor: 0,
        phone_against: 0,
        phone_abstain: 0,
        log_seq: 0,
        log_head: None,
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
async fn lock_votes(
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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
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
    if v.status != "open" {
        return Err(Invalid::one("form", "Esta votação já foi encerrada").into());
    }
    let sealed = unseal(&tx, &root, &mut v).await?;
    let (phones, voters) = phone_tally(&tx, v.id).await?;
    // Present now (check-ins are never undone in the room, so this only grows during a vote).
    let present = attendance(&tx, &c).await?.present();
    room.check_room(present, voters)?;
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
    let seq = v.log_seq + 1;
    let head = append_log(
        &tx,
        &v,
        v.log_head.as_deref().unwrap_or(GENESIS),
        seq,
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
    closed.status = "closed".into();
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
    closed.outcome = outcome.code().into();
    closed.closed_at = Some(now);
    closed.recorded_at = now;
    closed.log_seq = seq;
    closed.log_head = Some(head);
    use plenary_vote::Column as V;
    plenary_vote::Entity::update_many()
        .col_expr(V::Status, "closed".into())
        .col_expr(V::Channel, closed.channel.clone().into())
        .col_expr(V::Favor, closed.favor.into())
        .col_expr(V::Against, closed.against.into())
        .col_expr(V::Abstain, closed.abstain.into())
        .col_expr(V::PhoneFavor, closed.phone_favor.into())
        .col_expr(V::PhoneAgainst, closed.phone_against.into())
        .col_expr(V::PhoneAbstain, closed.phone_abstain.into())
        .col_expr(V::Present, closed.present.into())
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
    let seq = v.log_seq + 1;
    let head = append_log(
        tx,
        v,
        v.log_head.as_deref().unwrap_or(GENESIS),
        seq,
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
    vote_participation::Entity::delete_many()
        .filter(vote_participation::Column::VoteId.eq(vote))
        .exec(tx)
        .await?;
    ballot::Entity::delete_many()
        .filter(ballot::Column::VoteId.eq(vote))
        .exec(tx)
        .await?;
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

/// A receipt handed to the phone after its vote was written.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub vote_id: Uuid,
    pub code: String,
    pub choice: &'static str,
    pub secret: bool,
}

struct Cast {
    slug: String,
    token_hash: String,
    vote: Uuid,
    choice: Choice,
    reply: oneshot::Sender<Result<Receipt, Fail>>,
}

/// The per-process vote writer (group commit). Cheap to clone.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Cast>,
}

impl Writer {
    /// Starts the writer task on the current Tokio runtime.
    pub fn start(db: Db) -> Self {
        let (tx, mut rx) = mpsc::channel::<Cast>(20_000);
        tokio::spawn(async move {
            let mut conferences: HashMap<String, conference::Model> = HashMap::new();
            let mut root = None;
            while let Some(first) = rx.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match rx.try_recv() {
                        Ok(c) => batch.push(c),
                        Err(_) => break,
                    }
                }
                write_batch(&db, &mut conferences, &mut root, batch).await;
            }
        });
        Writer { tx }
    }

    /// Casts one vote from a phone (`token` is the phone's cookie). Returns once the vote is
    /// committed, with the receipt; or the reason in pt-BR, with nothing counted.
    pub async fn cast(
        &self,
        slug: &str,
        token: Option<&str>,
        vote: &str,
        choice: &str,
    ) -> Result<Receipt, Fail> {
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(Fail::Forbidden);
        };
        let vote = Uuid::parse_str(vote.trim()).map_err(|_| Fail::NotFound)?;
        let choice = Choice::parse(choice).ok_or_else(|| {
            Invalid::one("choice", "Escolha uma opção: a favor, contra ou abstenção")
        })?;
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Cast {
                slug: slug.to_owned(),
                token_hash: sha256_hex(token),
                vote,
                choice,
                reply,
            })
            .await
            .map_err(|_| Fail::Store(store::Error::Other("vote writer stopped".into())))?;
        rx.await
            .map_err(|_| Fail::Store(store::Error::Other("vote writer dropped a vote".into())))?
    }
}

fn refuse(msg: &str) -> Result<Receipt, Fail> {
    Err(Invalid::one("choice", msg).into())
}

async fn write_batch(
    db: &Db,
    cache: &mut HashMap<String, conference::Model>,
    root: &mut Option<crate::plenary::seal::Root>,
    batch: Vec<Cast>,
) {
    let mut replies: Vec<Option<Result<Receipt, Fail>>> = (0..batch.len()).map(|_| None).collect();
    let started = std::time::Instant::now();
    let result = try_batch(db, cache, root, &batch, &mut replies).await;
    tracing::debug!(
        votes = batch.len(),
        ms = started.elapsed().as_secs_f64() * 1000.0,
        "vote batch"
    );
    let touched: HashSet<Uuid> = match &result {
        Ok(t) => t.clone(),
        Err(e) => {
            tracing::error!(error = %e, votes = batch.len(), "vote batch failed");
            HashSet::new()
        }
    };
    for (cast, r) in batch.into_iter().zip(replies) {
        let r = match (&result, r) {
            (Ok(_), Some(r)) => r,
            _ => Err(Fail::Store(store::Error::Other(
                "the vote batch was not written".into(),
            ))),
        };
        let _ = cast.reply.send(r);
    }
    for c in touched {
        crate::platform::events::bump(c);
    }
}

/// Checks and writes one batch in one transaction. Fills `replies` for every cast; returns the
/// conferences whose votes changed.
async fn try_batch(
    db: &Db,
    cache: &mut HashMap<String, conference::Model>,
    root: &mut Option<crate::plenary::seal::Root>,
    batch: &[Cast],
    replies: &mut [Option<Result<Receipt, Fail>>],
) -> Result<HashSet<Uuid>, Fail> {
    for cast in batch {
        if !cache.contains_key(&cast.slug)
            && let Ok((c, _)) = conference_scope(db, &cast.slug).await
        {
            cache.insert(cast.slug.clone(), c);
        }
    }
    // The sealing key material, read once per writer, before any write transaction.
    let root = match root {
        Some(r) => *r,
        None => *root.insert(crate::plenary::seal::root(db).await?),
    };
    let tx = db.write().await?;
    let vote_ids: Vec<Uuid> = batch
        .iter()
        .map(|c| c.vote)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let votes: HashMap<Uuid, plenary_vote::Model> = lock_votes(db, &tx, &vote_ids)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    // The keys of the open secret votes: their ballots are written sealed.
    let secret: Vec<Uuid> = votes.values().filter(|v| v.secret).map(|v| v.id).collect();
    let keys = crate::plenary::seal::keys_of(&tx, &root, &secret).await?;
    let hashes: Vec<String> = batch.iter().map(|c| c.token_hash.clone()).collect();
    let devices: HashMap<String, delegate_device::Model> = delegate_device::Entity::find()
        .filter(delegate_device::Column::TokenHash.is_in(hashes))
        .filter(delegate_device::Column::Revoked.eq(false))
        .all(&tx)
        .await?
        .into_iter()
        .map(|d| (d.token_hash.clone(), d))
        .collect();
    let reg_ids: Vec<Uuid> = devices.values().map(|d| d.registration_id).collect();
    // Who votes now in each conference of the batch: in the room and holding a seat
    // (`crate::plenary::seats`), read inside this transaction.
    // Only the batch's voters are looked up (`seats::room_for`), not the whole conference.
    let mut rooms: HashMap<Uuid, crate::plenary::seats::Room> = HashMap::new();
    for c in cache.values() {
        if batch.iter().any(|b| b.slug == c.slug) {
            let voters: Vec<Uuid> = devices
                .values()
                .filter(|d| d.conference_id == c.id)
                .map(|d| d.registration_id)
                .collect();
            rooms.insert(
                c.id,
                crate::plenary::seats::room_for(&tx, c, &voters).await?,
            );
        }
    }
    let mut voted: HashSet<(Uuid, Uuid)> = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.is_in(vote_ids.clone()))
        .filter(vote_participation::Column::RegistrationId.is_in(reg_ids))
        .all(&tx)
        .await?
        .into_iter()
        .map(|p| (p.vote_id, p.registration_id))
        .collect();

    let mut participations = Vec::new();
    let mut ballots: HashMap<Uuid, Vec<(String, Choice)>> = HashMap::new();
    let mut touched = HashSet::new();
    for (i, cast) in batch.iter().enumerate() {
        let Some(c) = cache.get(&cast.slug) else {
            replies[i] = Some(Err(Fail::NotFound));
            continue;
        };
        let Some(dev) = devices
            .get(&cast.token_hash)
            .filter(|d| d.conference_id == c.id)
        else {
            replies[i] = Some(Err(Fail::Forbidden));
            continue;
        };
        let Some(v) = votes.get(&cast.vote).filter(|v| v.conference_id == c.id) else {
            replies[i] = Some(refuse(
                "Esta votação não existe nesta conferência: atualize a página",
            ));
            continue;
        };
        if v.status != "open" {
            replies[i] = Some(refuse(
                "Esta votação já foi encerrada: o seu voto não foi contado",
            ));
            continue;
        }
        if matches!(keys.get(&v.id), Some(Err(()))) {
            replies[i] = Some(Err(crate::plenary::seal::refuse_wrong_key()));
            continue;
        }
        let r = dev.registration_id;
        let room = rooms.get(&c.id);
        // `room_for` reads the status and category with the seat: an active delegate is in
        // `delegates`, whatever the seat.
        if !room.is_some_and(|room| room.delegates.contains(&r)) {
            replies[i] = Some(refuse(
                "Só delegados(as) com inscrição ativa votam: este voto não foi contado",
            ));
            continue;
        }
        if let Some(why) = room.and_then(|room| room.why_not_voting(r)) {
            replies[i] = Some(refuse(why));
            continue;
        }
        if !voted.insert((v.id, r)) {
            replies[i] = Some(refuse(
                "Você já votou nesta votação: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
            ));
            continue;
        }
        let code = chain::new_receipt_code();
        participations.push(vote_participation::ActiveModel {
            vote_id: Set(v.id),
            registration_id: Set(r),
            choice: Set((!v.secret).then(|| cast.choice.code().to_owned())),
        });
        ballots
            .entry(v.id)
            .or_default()
            .push((receipt_hash(v.id, &code), cast.choice));
        touched.insert(c.id);
        replies[i] = Some(Ok(Receipt {
            vote_id: v.id,
            code,
            choice: cast.choice.label(),
            secret: v.secret,
        }));
    }
    if participations.is_empty() {
        tx.rollback().await?;
        return Ok(touched);
    }
    // Who voted, in the order of the registrations' ids (not of arrival).
    participations.sort_by_key(|p| match &p.registration_id {
        Set(id) => *id,
        _ => Uuid::nil(),
    });
    for chunk in participations.chunks(500) {
        vote_participation::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    for (vote_id, mut bs) in ballots {
        let v = &votes[&vote_id];
        // A secret vote's ballots are sealed, and chained only at closing, all in one link.
        if let Some(Ok(key)) = keys.get(&vote_id) {
            let rows = bs
                .iter()
                .map(|(h, ch)| key.seal(vote_id, h, ch.code()))
                .collect();
            crate::plenary::seal::insert(&tx, rows).await?;
            continue;
        }
        bs.shuffle(&mut rand::rng());
        let rows: Vec<ballot::ActiveModel> = bs
            .iter()
            .map(|(h, ch)| ballot::ActiveModel {
                vote_id: Set(vote_id),
                receipt_hash: Set(h.clone()),
                choice: Set(ch.code().into()),
            })
            .collect();
        for chunk in rows.chunks(500) {
            ballot::Entity::insert_many(chunk.to_vec())
                .exec(&tx)
                .await?;
        }
        // The chain's link lists the batch's ballots sorted by receipt hash: it proves what was
        // counted without telling the order of arrival.
        bs.sort_by(|a, b| a.0.cmp(&b.0));
        let seq = v.log_seq + 1;
        let head = append_log(
            &tx,
            v,
            v.log_head.as_deref().unwrap_or(GENESIS),
            seq,
            "ballots",
            &serde_json::json!({
                "ballots": bs.iter().map(|(h, ch)| [h.as_str(), ch.code()]).collect::<Vec<_>>(),
            }),
        )
        .await?;
        plenary_vote::Entity::update_many()
            .col_expr(plenary_vote::Column::LogSeq, seq.into())
            .col_expr(plenary_vote::Column::LogHead, Some(head).into())
            .filter(plenary_vote::Column::Id.eq(vote_id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(touched)
}

/// The open vote as a phone shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PhoneVote {
    pub id: String,
    pub subject: String,
    /// The texts at stake (the draft's and the proposed), if any.
    pub draft_text: Option<String>,
    pub proposed_text: Option<String>,
    pub secret: bool,
    pub already_voted: bool,
}

/// The open vote of the conference for a delegate's phone.
pub async fn for_phone(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
) -> store::Result<Option<PhoneVote>> {
    let Some(v) = open_vote_of(&db.conn, c.id).await? else {
        return Ok(None);
    };
    let already_voted = vote_participation::Entity::find_by_id((v.id, registration_id))
        .one(&db.conn)
        .await?
        .is_some();
    let (draft_text, proposed_text) = match v.subject_id {
        Some(id) if v.subject == "proposal_destaque" => {
            crate::plenary::final_plenary::destaque_texts(&db.conn, id).await?
        }
        Some(_) if v.subject == "proposals_block" => (None, None),
        Some(id) if v.subject == "mocao" => {
            (crate::plenary::mocoes::text_of(&db.conn, id).await?, None)
        }
        Some(id) => match destaque::Entity::find_by_id(id).one(&db.conn).await? {
            Some(d) => (
                Some(d.draft_text),
                match d.kind.as_str() {
                    "suppress" => Some("(suprimir o artigo)".to_owned()),
                    _ => d.proposed_text,
                },
            ),
            None => (None, None),
        },
        None => (None, None),
    };
    Ok(Some(PhoneVote {
        id: v.id.to_string(),
        subject: crate::plenary::regimento::subject_of(&db.conn, &v).await?,
        draft_text,
        proposed_text,
        secret: v.secret,
        already_voted,
    }))
}

/// The open vote as the table's console shows it.
#[derive(Debug, Clone, Serialize)]
pub struct OpenVote {
    pub id: String,
    pub subject: String,
    pub secret: bool,
    pub opened_at: String,
    pub voters: u32,
    pub present: u32,
}

pub async fn open_view(db: &Db, c: &conference::Model) -> store::Result<Option<OpenVote>> {
    let Some(v) = open_vote_of(&db.conn, c.id).await? else {
        return Ok(None);
    };
    let voters = vote_participation::Entity::find()
        .filter(vote_participation::Column::VoteId.eq(v.id))
        .count(&db.conn)
        .await? as u32;
    let present = attendance(&db.conn, c).await?.present();
    Ok(Some(OpenVote {
        id: v.id.to_string(),
        subject: crate::plenary::regimento::subject_of(&db.conn, &v).await?,
        secret: v.secret,
        opened_at: v
            .opened_at
            .unwrap_or(v.recorded_at)
            .with_timezone(&tz_of(c))
            .format("%H:%M")
            .to_string(),
        voters,
        present,
    }))
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
    let (c, _) = conference_scope(db, slug).await?;
    let id = Uuid::parse_str(vote.trim()).map_err(|_| Fail::NotFound)?;
    let v = plenary_vote::Entity::find_by_id(id)
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::LogHead.is_not_null())
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    chain::well_formed(code)?;
    let h = receipt_hash(v.id, code);
    // While a secret vote is open its ballot is sealed: look there first, then among the readable
    // ballots (the closing moves every ballot from one to the other in one transaction).
    let sealed = match v.status.as_str() {
        "open" => crate::plenary::seal::find(db, v.id, &h).await?,
        _ => None,
    };
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
        closed: v.status == "closed",
        outcome: (v.status == "closed").then(|| {
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
    let (c, _) = conference_scope(db, slug).await?;
    let id = Uuid::parse_str(vote.trim()).map_err(|_| Fail::NotFound)?;
    let v = plenary_vote::Entity::find_by_id(id)
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::LogHead.is_not_null())
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let rows = ballot_log::Entity::find()
        .filter(ballot_log::Column::VoteId.eq(v.id))
        .order_by_asc(ballot_log::Column::Seq)
        .all(&db.conn)
        .await?;
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
    } = chain::verify(
        rows.into_iter().map(Into::into).collect(),
        v.log_head.as_deref(),
        &stored,
    );
    if v.status == "closed" {
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
        status: v.status.clone(),
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
    let regs: HashMap<Uuid, registration::Model> = registration::Entity::find()
        .filter(
            registration::Column::Id
                .is_in(ps.iter().map(|p| p.registration_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
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
