//! Delegate elections to the next level (issue 4 item 6; ADR 0013).
//!
//! The table (`Action::RunPlenary`) sets the seats (from the municipality's porte in the sample
//! table, labelled as sample data, or typed), the tie rule and the draw's seed; registers
//! candidates per segment (delegates of that segment whose category may be elected); opens one
//! poll per segment, recording the segment's delegates present; the segment's delegates present
//! today vote from their paired phones (one vote, for one candidate, secret); the table may add
//! counts per candidate from paper or raised badges, then closes. The result is computed with
//! `domain::elections` (titulares, suplentes, quota swaps) and stored; the public sees names,
//! segments and seats, and the quota only as counts. Finally the elected are carried to the
//! parent conference as its registrations, once.
//!
//! As for plenary votes (ADR 0011), who voted (`election_participation`) and for whom
//! (`election_ballot`: the hash of the voter's receipt code and the candidate) share no key but the
//! poll. Each vote answers with a receipt code the voter can check at
//! `/c/{slug}/eleicao/votacoes/{poll}/comprovante`. While the poll is open its ballots are sealed
//! (`crate::plenary::seal`); the closing opens them, writes them readable sorted by receipt hash and chains
//! them in one link. Every event of a poll (opening, the ballots, the room's counts, closing) is a
//! link of the poll's hash chain (`election_log`), published with its verification at
//! `…/registro.json`.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use crate::platform::chain::{self, GENESIS};
use crate::plenary::regimento::tz_of;
use chrono::Utc;
use domain::elections::{self as el, GovernmentSeats, Seats, TieRule};
use domain::policy::Action;
use domain::values::{Category, DelegateOrigin, Porte, Seat, Segment};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use store::entities::{
    body, conference, election, election_appointment, election_ballot, election_candidate,
    election_log, election_participation, election_poll, election_result, election_room_count,
    federative_entity, registration, registration_sensitive,
};
use store::{Backend, Db};
use uuid::Uuid;

/// The municipality's porte of a conference (through its body), if known.
async fn entity_porte(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<Porte>> {
    let Some(b) = body::Entity::find_by_id(c.body_id).one(db).await? else {
        return Ok(None);
    };
    let Some(eid) = b.entity_id else {
        return Ok(None);
    };
    Ok(federative_entity::Entity::find_by_id(eid)
        .one(db)
        .await?
        .and_then(|e| e.porte)
        .and_then(|p| Porte::parse(&p).ok()))
}

/// The election's settings, stored or (before the table saves any) the defaults: the sample
/// table's titulares for the municipality's porte, older first on ties.
pub(crate) async fn settings_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<election::Model> {
    if let Some(e) = election::Entity::find_by_id(c.id).one(db).await? {
        return Ok(e);
    }
    let porte = entity_porte(db, c).await?;
    Ok(election::Model {
        conference_id: c.id,
        porte: porte.map(|p| p.code().to_owned()),
        titulares: porte.map(el::sample_titulares).unwrap_or(2) as i32,
        seats_source: "entity".into(),
        tie_rule: TieRule::OlderFirst.code().into(),
        seed: 0,
        computed_at: None,
        summary: None,
        carried_at: None,
        updated_by: None,
        updated_at: Utc::now(),
        government: GovernmentSeats::Elected.code().into(),
        government_act: None,
    })
}

fn seats_of(e: &election::Model) -> Seats {
    Seats::apportion(e.titulares.max(0) as u32)
}

/// How the government's delegates are chosen (elected unless the table set `appointed`).
pub(crate) fn government_of(e: &election::Model) -> GovernmentSeats {
    GovernmentSeats::parse(&e.government).unwrap_or(GovernmentSeats::Elected)
}

fn government_appointed(e: &election::Model) -> bool {
    government_of(e) == GovernmentSeats::Appointed
}

/// "1º turno", "2º turno", …
pub fn round_label(round: i32) -> String {
    format!("{}º turno", round.max(1))
}

/// The candidate ids a round is restricted to (`None`: every candidate of the segment).
fn round_candidates(p: &election_poll::Model) -> Option<HashSet<Uuid>> {
    p.candidates
        .as_deref()
        .and_then(|s| serde_json::from_str::<Vec<Uuid>>(s).ok())
        .map(|v| v.into_iter().collect())
}

/// Whether a candidate stands in a round.
fn in_round(p: &election_poll::Model, candidate: Uuid) -> bool {
    round_candidates(p).is_none_or(|s| s.contains(&candidate))
}

/// The appointed government delegates of a conference: (appointment, registration), titulares
/// first, each seat in the act's order.
async fn appointments_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<(election_appointment::Model, registration::Model)>> {
    let rows = election_appointment::Entity::find()
        .filter(election_appointment::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?;
    let regs: HashMap<Uuid, registration::Model> = registration::Entity::find()
        .filter(
            registration::Column::Id
                .is_in(rows.iter().map(|a| a.registration_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut out: Vec<(election_appointment::Model, registration::Model)> = rows
        .into_iter()
        .filter_map(|a| {
            let r = regs.get(&a.registration_id)?.clone();
            Some((a, r))
        })
        .collect();
    out.sort_by_key(|(a, _)| (a.seat != Seat::Titular.code(), a.position));
    Ok(out)
}

pub(crate) fn tie_rule_of(e: &election::Model) -> TieRule {
    TieRule::parse(&e.tie_rule).unwrap_or(TieRule::OlderFirst)
}

fn segment_of(code: &str) -> Option<Segment> {
    Segment::parse(code).ok()
}

/// The seats of one segment, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentSeats {
    pub code: &'static str,
    pub label: &'static str,
    pub titulares: u32,
    pub suplentes: u32,
}

fn segment_seats(s: Seats) -> Vec<SegmentSeats> {
    Segment::ALL
        .iter()
        .map(|g| SegmentSeats {
            code: g.code(),
            label: g.label(),
            titulares: s.of(*g),
            suplentes: s.of(*g),
        })
        .collect()
}

/// The settings page.
#[derive(Debug, Clone, Serialize)]
pub struct Setup {
    pub slug: String,
    pub title: String,
    pub porte_label: Option<&'static str>,
    pub titulares: u32,
    /// The seats come from the sample table (the label must be shown).
    pub sample: bool,
    pub sample_label: &'static str,
    /// (porte, titulares) of the sample table.
    pub sample_table: Vec<(&'static str, u32)>,
    pub seats: Vec<SegmentSeats>,
    pub quota_minimum: u32,
    pub tie_rule: &'static str,
    pub tie_rules: Vec<(&'static str, &'static str)>,
    pub seed: String,
    pub saved: bool,
    pub parent_title: Option<String>,
    pub locked: bool,
    /// `GovernmentSeats` code: `elected` or `appointed`.
    pub government: &'static str,
    pub government_options: Vec<(&'static str, &'static str)>,
    /// Titular seats of the government segment (the number to appoint).
    pub government_seats: u32,
    /// The act that appointed the government's delegates, once appointed.
    pub government_act: Option<String>,
    /// The appointed government delegates (titulares first, in the act's order).
    pub appointed: Vec<AppointedView>,
    /// Active delegates of the government segment, to choose from (with their current seat).
    pub government_delegates: Vec<GovernmentDelegate>,
    /// The result was carried to the parent conference: nothing changes any more.
    pub carried: bool,
}

/// An appointed government delegate, as the table sees them.
#[derive(Debug, Clone, Serialize)]
pub struct AppointedView {
    pub name: String,
    pub code: String,
    /// `Seat` label.
    pub seat: &'static str,
    pub position: i32,
}

/// A government delegate the manager may appoint.
#[derive(Debug, Clone, Serialize)]
pub struct GovernmentDelegate {
    pub id: String,
    pub name: String,
    pub code: String,
    /// `titular`, `suplente` or empty (not appointed).
    pub seat: String,
}

/// Active delegates of the government segment of a conference, in registration order.
async fn government_delegates(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .filter(registration::Column::Status.eq("active"))
        .filter(registration::Column::Category.eq(Category::Delegate.code()))
        .filter(registration::Column::Segment.eq(Segment::Government.code()))
        .order_by_asc(registration::Column::Id)
        .all(db)
        .await?)
}

async fn setup_of(db: &Db, c: &conference::Model) -> Result<Setup, Fail> {
    let e = settings_of(&db.conn, c).await?;
    let seats = seats_of(&e);
    let saved = election::Entity::find_by_id(c.id)
        .one(&db.conn)
        .await?
        .is_some();
    let appointed = appointments_of(&db.conn, c.id).await?;
    let seat_of: HashMap<Uuid, String> = appointed
        .iter()
        .map(|(a, _)| (a.registration_id, a.seat.clone()))
        .collect();
    let government_delegates = if government_appointed(&e) {
        government_delegates(&db.conn, c.id)
            .await?
            .into_iter()
            .map(|r| GovernmentDelegate {
                id: r.id.to_string(),
                name: r.display_name().to_owned(),
                code: r.code.clone(),
                seat: seat_of.get(&r.id).cloned().unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Setup {
        slug: c.slug.clone(),
        title: c.title.clone(),
        porte_label: e
            .porte
            .as_deref()
            .and_then(|p| Porte::parse(p).ok())
            .map(Porte::label),
        titulares: seats.titulares(),
        sample: e.seats_source == "entity",
        sample_label: el::SAMPLE_LABEL,
        sample_table: el::SAMPLE_TITULARES
            .iter()
            .map(|(p, n)| (p.label(), *n))
            .collect(),
        seats: segment_seats(seats),
        // Every seat filled: titulares and as many suplentes.
        quota_minimum: el::quota_minimum(seats.titulares() * 2),
        tie_rule: tie_rule_of(&e).code(),
        tie_rules: TieRule::ALL.iter().map(|t| (t.code(), t.label())).collect(),
        seed: (e.seed as u64).to_string(),
        saved,
        parent_title: parent_of(&db.conn, c).await?.map(|p| p.title),
        locked: any_poll(&db.conn, c.id).await?,
        government: government_of(&e).code(),
        government_options: GovernmentSeats::ALL
            .iter()
            .map(|g| (g.code(), g.label()))
            .collect(),
        government_seats: seats.government,
        government_act: e
            .government_act
            .clone()
            .filter(|_| government_appointed(&e)),
        appointed: if government_appointed(&e) {
            appointed
                .iter()
                .map(|(a, r)| AppointedView {
                    name: r.display_name().to_owned(),
                    code: r.code.clone(),
                    seat: Seat::parse(&a.seat).map(Seat::label).unwrap_or(""),
                    position: a.position,
                })
                .collect()
        } else {
            Vec::new()
        },
        government_delegates,
        carried: e.carried_at.is_some(),
    })
}

async fn parent_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<conference::Model>> {
    Ok(match c.parent_id {
        Some(p) => conference::Entity::find_by_id(p).one(db).await?,
        None => None,
    })
}

async fn any_poll(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<bool> {
    Ok(election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(conference_id))
        .count(db)
        .await?
        > 0)
}

/// The settings for the table.
pub async fn setup(db: &Db, me: Option<&Me>, slug: &str) -> Result<Setup, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    setup_of(db, &c).await
}

/// What the table types on the settings form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct SetupInput {
    /// Blank: the sample table for the municipality's porte.
    #[serde(default)]
    pub titulares: String,
    #[serde(default)]
    pub tie_rule: String,
    /// Blank: a new random seed (for a draw); else the seed to record.
    #[serde(default)]
    pub seed: String,
    /// `GovernmentSeats` code; blank: elected.
    #[serde(default)]
    pub government: String,
}

/// Saves the settings; refused once a poll has opened (the seats are then fixed).
pub async fn save_setup(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &SetupInput,
) -> Result<Setup, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let mut inv = Invalid::default();
    let porte = entity_porte(&db.conn, &c).await?;
    let (titulares, source) = if i.titulares.trim().is_empty() {
        match porte {
            Some(p) => (Some(el::sample_titulares(p)), "entity"),
            None => {
                inv.push(FieldError::new(
                    "titulares",
                    "O porte do município não está cadastrado: digite o número de vagas titulares",
                ));
                (None, "manual")
            }
        }
    } else {
        (inv.take(el::parse_titulares(&i.titulares)), "manual")
    };
    let tie = inv.take(TieRule::parse(&i.tie_rule));
    let government = inv.take(GovernmentSeats::parse(&i.government));
    let seed: Option<u64> = if i.seed.trim().is_empty() {
        Some(rand::random())
    } else {
        inv.take(i.seed.trim().parse::<u64>().map_err(|_| {
            FieldError::new(
                "seed",
                "Semente do sorteio: digite um número inteiro de até 20 algarismos, ou deixe em branco para gerar uma",
            )
        }))
    };
    inv.into_result()?;
    let (Some(titulares), Some(tie), Some(seed), Some(government)) =
        (titulares, tie, seed, government)
    else {
        return Err(Fail::Invalid(Invalid::one("form", "Confira os campos")));
    };
    let tx = db.write().await?;
    if any_poll(&tx, c.id).await? {
        return Err(Invalid::one(
            "form",
            "A eleição já começou (há votação aberta ou encerrada): as vagas e a regra de desempate não mudam mais",
        )
        .into());
    }
    let before = election::Entity::find_by_id(c.id).one(&tx).await?;
    if government == GovernmentSeats::Appointed {
        let n = election_candidate::Entity::find()
            .filter(election_candidate::Column::ConferenceId.eq(c.id))
            .filter(election_candidate::Column::Segment.eq(Segment::Government.code()))
            .count(&tx)
            .await?;
        if n > 0 {
            return Err(Invalid::one(
                "government",
                format!(
                    "Há {n} candidatura(s) no segmento Governo: retire-a(s) antes de passar à indicação pelo órgão gestor"
                ),
            )
            .into());
        }
    } else {
        // Elected again: an earlier appointment no longer holds.
        election_appointment::Entity::delete_many()
            .filter(election_appointment::Column::ConferenceId.eq(c.id))
            .exec(&tx)
            .await?;
    }
    let act = before
        .filter(|b| government == GovernmentSeats::Appointed && government_appointed(b))
        .and_then(|b| b.government_act);
    let row = election::ActiveModel {
        conference_id: Set(c.id),
        porte: Set(porte.map(|p| p.code().to_owned())),
        titulares: Set(titulares as i32),
        seats_source: Set(source.into()),
        tie_rule: Set(tie.code().into()),
        seed: Set(seed as i64),
        computed_at: Set(None),
        summary: Set(None),
        carried_at: Set(None),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
        government: Set(government.code().into()),
        government_act: Set(act),
    };
    election::Entity::delete_by_id(c.id).exec(&tx).await?;
    election::Entity::insert(row).exec(&tx).await?;
    tx.commit().await?;
    setup_of(db, &c).await
}

/// Makes sure the settings row exists (with a random seed) before the election starts.
async fn ensure_row(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<election::Model> {
    if let Some(e) = election::Entity::find_by_id(c.id).one(tx).await? {
        return Ok(e);
    }
    let mut e = settings_of(tx, c).await?;
    e.seed = rand::random::<u64>() as i64;
    election::Entity::insert(election::ActiveModel {
        conference_id: Set(e.conference_id),
        porte: Set(e.porte.clone()),
        titulares: Set(e.titulares),
        seats_source: Set(e.seats_source.clone()),
        tie_rule: Set(e.tie_rule.clone()),
        seed: Set(e.seed),
        computed_at: Set(None),
        summary: Set(None),
        carried_at: Set(None),
        updated_by: Set(None),
        updated_at: Set(e.updated_at),
        government: Set(e.government.clone()),
        government_act: Set(None),
    })
    .exec(tx)
    .await?;
    Ok(e)
}

// ----- Candidates --------------------------------------------------------------------------

/// A candidate as the table sees it.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    pub id: String,
    pub name: String,
    pub code: String,
    pub votes: Option<u32>,
}

/// One segment on the table's election page.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    pub code: &'static str,
    pub label: &'static str,
    pub titulares: u32,
    pub candidates: Vec<CandidateView>,
    /// `none`, `open`, `closed`.
    pub poll_status: &'static str,
    pub poll_id: Option<String>,
    pub present_at_open: Option<i32>,
    pub present_now: u32,
    pub voters: u32,
    /// The last round (1, 2, …; 0 before the first poll) and its label ("2º turno").
    pub round: i32,
    pub round_label: Option<String>,
    /// Every round of the segment's poll, in order.
    pub rounds: Vec<RoundView>,
    /// The government's delegates are appointed by the manager: no poll in this segment.
    pub appointed: bool,
    /// A new round the table may open (the last one is closed, the result not carried).
    pub next_round: Option<NextRound>,
}

/// One round of a segment's poll on the console.
#[derive(Debug, Clone, Serialize)]
pub struct RoundView {
    pub round: i32,
    /// "1º turno", "2º turno", …
    pub label: String,
    /// `open`, `closed`.
    pub status: &'static str,
    pub poll_id: String,
    pub present_at_open: i32,
    pub voters: u32,
    /// The round's candidates with their votes once closed, most voted first.
    pub counts: Vec<RoundCount>,
}

/// A candidate of a round and their votes (once closed).
#[derive(Debug, Clone, Serialize)]
pub struct RoundCount {
    pub id: String,
    pub name: String,
    pub votes: Option<u32>,
}

/// The form for a new round of a segment's poll.
#[derive(Debug, Clone, Serialize)]
pub struct NextRound {
    /// "2º turno", …
    pub label: String,
    /// The segment's candidates; the tied ones (at a seat's edge in the last round) checked.
    pub candidates: Vec<NewRoundCandidate>,
    /// Some candidates were tied at a seat's edge.
    pub tied: bool,
    /// The form's field (for its errors): `turno-{segment}`.
    pub field: String,
}

/// A candidate on the new round's form.
#[derive(Debug, Clone, Serialize)]
pub struct NewRoundCandidate {
    pub id: String,
    pub name: String,
    pub checked: bool,
}

/// The table's election console.
#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub segments: Vec<SegmentView>,
    pub computed: bool,
    pub all_closed: bool,
}

/// Delegates of a segment who vote now (in the room, holding a seat: `crate::plenary::seats`).
async fn present_of_segment(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    segment: Segment,
) -> store::Result<HashSet<Uuid>> {
    let room = crate::plenary::seats::room(db, c).await?;
    let ids: HashSet<Uuid> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq("active"))
        .filter(registration::Column::Category.eq(Category::Delegate.code()))
        .filter(registration::Column::Segment.eq(segment.code()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(room.voting.intersection(&ids).copied().collect())
}

/// Phone ballots per candidate of a poll, in candidate id order.
async fn phone_counts(
    db: &impl ConnectionTrait,
    poll: Uuid,
) -> store::Result<std::collections::BTreeMap<Uuid, u32>> {
    let ballots: Vec<Uuid> = election_ballot::Entity::find()
        .select_only()
        .column(election_ballot::Column::CandidateId)
        .filter(election_ballot::Column::PollId.eq(poll))
        .into_tuple()
        .all(db)
        .await?;
    let mut out = std::collections::BTreeMap::new();
    for b in ballots {
        *out.entry(b).or_default() += 1;
    }
    Ok(out)
}

/// Phone ballots plus room counts per candidate of a poll.
async fn votes_of(db: &impl ConnectionTrait, poll: Uuid) -> store::Result<HashMap<Uuid, u32>> {
    let mut out: HashMap<Uuid, u32> = phone_counts(db, poll).await?.into_iter().collect();
    for r in election_room_count::Entity::find()
        .filter(election_room_count::Column::PollId.eq(poll))
        .all(db)
        .await?
    {
        *out.entry(r.candidate_id).or_default() += r.votes.max(0) as u32;
    }
    Ok(out)
}

async fn voters_of(db: &impl ConnectionTrait, poll: Uuid) -> store::Result<u32> {
    Ok(election_participation::Entity::find()
        .filter(election_participation::Column::PollId.eq(poll))
        .count(db)
        .await? as u32)
}

async fn candidates_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<(election_candidate::Model, registration::Model)>> {
    let cs = election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(conference_id))
        .order_by_asc(election_candidate::Column::CreatedAt)
        .all(db)
        .await?;
    let regs: HashMap<Uuid, registration::Model> = registration::Entity::find()
        .filter(
            registration::Column::Id
                .is_in(cs.iter().map(|c| c.registration_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    Ok(cs
        .into_iter()
        .filter_map(|c| {
            let r = regs.get(&c.registration_id)?.clone();
            Some((c, r))
        })
        .collect())
}

async fn polls_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<election_poll::Model>> {
    Ok(election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?)
}

/// The domain's inputs from the closed rounds of the polls: the first rounds' candidates with their
/// votes and the later rounds in the order held (ids are registration ids).
async fn ballots_of(
    db: &impl ConnectionTrait,
    polls: &[election_poll::Model],
    cands: &[(election_candidate::Model, registration::Model)],
    quota: &HashSet<Uuid>,
) -> store::Result<(Vec<el::Candidate>, Vec<el::Round>)> {
    let mut closed: Vec<&election_poll::Model> =
        polls.iter().filter(|p| p.status == "closed").collect();
    closed.sort_by_key(|p| (p.round, p.opened_at));
    let mut candidates = Vec::new();
    let mut rounds = Vec::new();
    for p in closed {
        let Some(segment) = segment_of(&p.segment) else {
            continue;
        };
        let votes = votes_of(db, p.id).await?;
        let mine = cands
            .iter()
            .filter(|(k, _)| k.segment == p.segment && in_round(p, k.id));
        if p.round <= 1 {
            for (k, r) in mine {
                candidates.push(el::Candidate {
                    // The registration's id: UUIDv7, so "then by id" is registration order.
                    id: r.id,
                    segment,
                    votes: votes.get(&k.id).copied().unwrap_or(0),
                    birth_date: r.birth_date,
                    quota: quota.contains(&r.id),
                });
            }
        } else {
            rounds.push(el::Round {
                segment,
                votes: mine
                    .map(|(k, r)| (r.id, votes.get(&k.id).copied().unwrap_or(0)))
                    .collect(),
            });
        }
    }
    Ok((candidates, rounds))
}

/// Registrations of the conference that declared a quota group (counted, never shown).
async fn quota_of(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<HashSet<Uuid>> {
    Ok(registration_sensitive::Entity::find()
        .filter(registration_sensitive::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .filter(|s| !s.quotas.trim().is_empty())
        .map(|s| s.registration_id)
        .collect())
}

/// The console: seats, candidates and polls (every round) per segment.
pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let e = settings_of(&db.conn, &c).await?;
    let seats = seats_of(&e);
    let cands = candidates_of(&db.conn, c.id).await?;
    let polls = polls_of(&db.conn, c.id).await?;
    // The ties the rule would decide at a seat's edge in each segment's last closed round: the
    // candidates a new round would put to the vote again.
    let (first, later) = ballots_of(&db.conn, &polls, &cands, &HashSet::new()).await?;
    let ranked = el::elect_with(seats, &first, &later, None, tie_rule_of(&e), e.seed as u64);
    let mut segments = Vec::new();
    for s in Segment::ALL {
        let mut rounds: Vec<&election_poll::Model> =
            polls.iter().filter(|p| p.segment == s.code()).collect();
        rounds.sort_by_key(|p| p.round);
        let poll = rounds.last().copied();
        let votes = match poll.filter(|p| p.status == "closed") {
            Some(p) => Some(votes_of(&db.conn, p.id).await?),
            None => None,
        };
        let mut round_views = Vec::new();
        for p in &rounds {
            let closed = p.status == "closed";
            let v = if closed {
                votes_of(&db.conn, p.id).await?
            } else {
                HashMap::new()
            };
            let mut counts: Vec<RoundCount> = cands
                .iter()
                .filter(|(k, _)| k.segment == s.code() && in_round(p, k.id))
                .map(|(k, r)| RoundCount {
                    id: k.id.to_string(),
                    name: r.display_name().to_owned(),
                    votes: closed.then(|| v.get(&k.id).copied().unwrap_or(0)),
                })
                .collect();
            if closed {
                counts.sort_by(|a, b| b.votes.cmp(&a.votes).then_with(|| a.name.cmp(&b.name)));
            }
            round_views.push(RoundView {
                round: p.round,
                label: round_label(p.round),
                status: if closed { "closed" } else { "open" },
                poll_id: p.id.to_string(),
                present_at_open: p.present,
                voters: voters_of(&db.conn, p.id).await?,
                counts,
            });
        }
        let last_round = poll.map(|p| p.round).unwrap_or(0);
        let tied: HashSet<Uuid> = ranked
            .ties
            .iter()
            .filter(|t| t.segment == *s && t.decisive && t.round as i32 == last_round)
            .flat_map(|t| t.candidates.iter().copied())
            .collect();
        let next_round = poll
            .filter(|p| p.status == "closed" && e.carried_at.is_none())
            .map(|p| NextRound {
                label: round_label(p.round + 1),
                candidates: cands
                    .iter()
                    .filter(|(k, _)| k.segment == s.code())
                    .map(|(k, r)| NewRoundCandidate {
                        id: k.id.to_string(),
                        name: r.display_name().to_owned(),
                        checked: tied.contains(&r.id),
                    })
                    .collect(),
                tied: !tied.is_empty(),
                field: format!("turno-{}", s.code()),
            });
        segments.push(SegmentView {
            code: s.code(),
            label: s.label(),
            titulares: seats.of(*s),
            candidates: cands
                .iter()
                .filter(|(k, _)| k.segment == s.code())
                .map(|(k, r)| CandidateView {
                    id: k.id.to_string(),
                    name: r.display_name().to_owned(),
                    code: r.code.clone(),
                    votes: votes
                        .as_ref()
                        .filter(|_| poll.is_some_and(|p| in_round(p, k.id)))
                        .map(|v| v.get(&k.id).copied().unwrap_or(0)),
                })
                .collect(),
            poll_status: match poll.map(|p| p.status.as_str()) {
                Some("open") => "open",
                Some(_) => "closed",
                None => "none",
            },
            poll_id: poll.map(|p| p.id.to_string()),
            present_at_open: poll.map(|p| p.present),
            present_now: present_of_segment(&db.conn, &c, *s).await?.len() as u32,
            voters: match poll {
                Some(p) => voters_of(&db.conn, p.id).await?,
                None => 0,
            },
            round: last_round,
            round_label: (last_round > 0).then(|| round_label(last_round)),
            rounds: round_views,
            appointed: *s == Segment::Government && government_appointed(&e),
            next_round,
        });
    }
    Ok(Console {
        slug: c.slug.clone(),
        title: c.title.clone(),
        all_closed: !polls.is_empty() && polls.iter().all(|p| p.status == "closed"),
        computed: e.computed_at.is_some(),
        segments,
    })
}

/// Registers a candidate by registration code: an active delegate of this conference whose
/// category may be elected, in the segment of their registration, before that segment's poll.
pub async fn add_candidate(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    registration_code: &str,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let code = domain::participants::normalize_code(registration_code).ok_or_else(|| {
        Invalid::one(
            "code",
            "Código de inscrição inválido: confira no crachá (ex.: ABCD-EFGH)",
        )
    })?;
    let r = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(&code))
        .filter(registration::Column::Status.eq("active"))
        .one(&db.conn)
        .await?
        .ok_or_else(|| Invalid::one("code", "Nenhuma inscrição ativa com este código"))?;
    let rights = crate::setup::categories::rights(db, c.id).await?;
    let category = Category::parse(&r.category).ok();
    if category != Some(Category::Delegate) || !rights.may_be_elected(Category::Delegate) {
        return Err(Invalid::one(
            "code",
            "Só delegados(as) podem se candidatar, quando o regimento permite que sejam eleitos(as)",
        )
        .into());
    }
    let Some(segment) = r.segment.as_deref().and_then(segment_of) else {
        return Err(Invalid::one(
            "code",
            "A inscrição não tem segmento: corrija a inscrição antes da candidatura",
        )
        .into());
    };
    let tx = db.write().await?;
    let e = ensure_row(&tx, &c).await?;
    if segment == Segment::Government && government_appointed(&e) {
        return Err(Invalid::one(
            "code",
            "Nesta eleição os(as) delegados(as) do governo são indicados(as) pelo órgão gestor: não há candidatura no segmento Governo",
        )
        .into());
    }
    if seats_of(&e).of(segment) == 0 {
        return Err(Invalid(vec![FieldError::new(
            "code",
            format!(
                "O segmento {} não tem vagas nesta eleição: não há candidatura nele",
                segment.label()
            ),
        )])
        .into());
    }
    if election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(c.id))
        .filter(election_poll::Column::Segment.eq(segment.code()))
        .count(&tx)
        .await?
        > 0
    {
        return Err(Invalid(vec![FieldError::new(
            "code",
            format!(
                "A votação do segmento {} já foi aberta: não entram mais candidaturas",
                segment.label()
            ),
        )])
        .into());
    }
    if election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::RegistrationId.eq(r.id))
        .count(&tx)
        .await?
        > 0
    {
        return Err(Invalid::one("code", "Esta pessoa já é candidata").into());
    }
    election_candidate::Entity::insert(election_candidate::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        segment: Set(segment.code().into()),
        accepted: Set(true),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a candidate before the segment's poll opens.
pub async fn remove_candidate(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    candidate: &str,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let id = Uuid::parse_str(candidate.trim()).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let k = election_candidate::Entity::find_by_id(id)
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(c.id))
        .filter(election_poll::Column::Segment.eq(&k.segment))
        .count(&tx)
        .await?
        > 0
    {
        return Err(Invalid::one(
            "form",
            "A votação deste segmento já foi aberta: a candidatura não pode mais ser retirada",
        )
        .into());
    }
    election_candidate::Entity::delete_by_id(id)
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

// ----- Government appointed by the manager ---------------------------------------------------

/// What the table sends to record the manager's appointment of the government's delegates.
#[derive(Debug, Clone, Default)]
pub struct AppointInput {
    /// The act that appointed them ("Portaria SMAS nº 12/2027").
    pub act: String,
    /// (registration id, `titular` | `suplente` | blank: not appointed), in the act's order.
    pub seats: Vec<(String, String)>,
}

/// Records the government's delegates appointed by the manager (órgão gestor), replacing an
/// earlier appointment: active delegates of the government segment of this conference, exactly
/// as many titulares as the segment's seats and at most as many suplentes, with the act. Refused
/// unless the election's settings say the government is appointed, and after the result was
/// carried. A result computed before is cleared: the table computes it again.
pub async fn appoint(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &AppointInput,
) -> Result<Setup, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let mut inv = Invalid::default();
    let act = inv.take(el::parse_act(&i.act));
    let mut chosen: Vec<(Uuid, Seat)> = Vec::new();
    let mut unknown = false;
    for (id, seat) in &i.seats {
        if seat.trim().is_empty() {
            continue;
        }
        let (Ok(id), Ok(seat)) = (Uuid::parse_str(id.trim()), Seat::parse(seat)) else {
            unknown = true;
            continue;
        };
        if !chosen.iter().any(|(x, _)| *x == id) {
            chosen.push((id, seat));
        }
    }
    if unknown {
        inv.push(FieldError::new(
            "indicacao",
            "Escolha, para cada pessoa da lista, titular, suplente ou não indicado(a)",
        ));
    }
    let tx = db.write().await?;
    let e = ensure_row(&tx, &c).await?;
    if e.carried_at.is_some() {
        return Err(Invalid::one(
            "form",
            "O resultado já foi levado à conferência da etapa seguinte: a eleição está encerrada",
        )
        .into());
    }
    if !government_appointed(&e) {
        return Err(Invalid::one(
            "indicacao",
            "Nesta eleição os(as) delegados(as) do governo são eleitos(as): para registrar a indicação pelo órgão gestor, escolha-a antes nas vagas",
        )
        .into());
    }
    let gov: HashSet<Uuid> = government_delegates(&tx, c.id)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    for (id, _) in chosen.iter().filter(|(id, _)| !gov.contains(id)) {
        let who = registration::Entity::find_by_id(*id)
            .filter(registration::Column::ConferenceId.eq(c.id))
            .one(&tx)
            .await?
            .map(|r| r.display_name().to_owned())
            .unwrap_or_else(|| "Uma das pessoas marcadas".to_owned());
        inv.push(FieldError::new(
            "indicacao",
            format!(
                "{who} não é delegado(a) do segmento Governo com inscrição ativa nesta conferência: só eles(as) podem ser indicados(as) pelo órgão gestor"
            ),
        ));
    }
    let count = |seat: Seat| chosen.iter().filter(|(_, s)| *s == seat).count() as u32;
    for f in el::check_appointed(
        seats_of(&e).government,
        count(Seat::Titular),
        count(Seat::Suplente),
    ) {
        inv.push(f);
    }
    inv.into_result()?;
    let Some(act) = act else {
        return Err(Invalid::one("ato", "Confira o ato de indicação").into());
    };
    election_appointment::Entity::delete_many()
        .filter(election_appointment::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    let now = Utc::now();
    for seat in [Seat::Titular, Seat::Suplente] {
        for (pos, (id, _)) in chosen.iter().filter(|(_, s)| *s == seat).enumerate() {
            election_appointment::Entity::insert(election_appointment::ActiveModel {
                conference_id: Set(c.id),
                registration_id: Set(*id),
                seat: Set(seat.code().into()),
                position: Set(pos as i32 + 1),
                appointed_by: Set(me.map(|m| m.account.id)),
                appointed_at: Set(now),
            })
            .exec(&tx)
            .await?;
        }
    }
    // A result computed with another appointment no longer holds.
    election_result::Entity::delete_many()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    election::Entity::update_many()
        .col_expr(election::Column::GovernmentAct, Some(act).into())
        .col_expr(
            election::Column::ComputedAt,
            Option::<chrono::DateTime<Utc>>::None.into(),
        )
        .col_expr(election::Column::Summary, Option::<String>::None.into())
        .col_expr(election::Column::UpdatedBy, me.map(|m| m.account.id).into())
        .col_expr(election::Column::UpdatedAt, Utc::now().into())
        .filter(election::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, appointed = chosen.len(), "government delegates appointed");
    setup_of(db, &c).await
}

// ----- Polls ---------------------------------------------------------------------------------

/// Opens the poll of a segment (its 1º turno): needs candidates and delegates of the segment
/// present today; records how many are present. Refused for the government when its delegates
/// are appointed by the manager.
pub async fn open_poll(db: &Db, me: Option<&Me>, slug: &str, segment: &str) -> Result<Uuid, Fail> {
    open_round_in(db, me, slug, segment, None).await
}

/// Opens a new round (2º turno, …) of a segment's poll, for the candidates of the segment in
/// `candidates` (ids; at least two when the segment has two): for a tie the rule should not
/// decide, or when the regimento says so. Only the last round counts for the result; the earlier
/// ones keep their counts, chains and receipts. Refused before the first round, while a round of
/// the segment is open, and after the result was carried.
pub async fn open_round(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    segment: &str,
    candidates: &[String],
) -> Result<Uuid, Fail> {
    open_round_in(db, me, slug, segment, Some(candidates)).await
}

/// The candidates of a new round: ids of the segment's candidates, each once.
async fn next_round_candidates(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    segment: Segment,
    earlier: &[election_poll::Model],
    round: i32,
    ids: &[String],
) -> Result<Vec<Uuid>, Fail> {
    let field = format!("turno-{}", segment.code());
    let fail = |msg: String| Fail::Invalid(Invalid(vec![FieldError::new(field.clone(), msg)]));
    if earlier.is_empty() {
        return Err(fail(format!(
            "A votação do segmento {} ainda não foi aberta: abra o 1º turno antes",
            segment.label()
        )));
    }
    if let Some(p) = earlier.iter().find(|p| p.status == "open") {
        return Err(fail(format!(
            "O {} do segmento {} está aberto: encerre-o antes de abrir outro turno",
            round_label(p.round),
            segment.label()
        )));
    }
    let all: HashSet<Uuid> = election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::Segment.eq(segment.code()))
        .all(tx)
        .await?
        .into_iter()
        .map(|k| k.id)
        .collect();
    let mut chosen: Vec<Uuid> = Vec::new();
    for id in ids {
        let Some(k) = Uuid::parse_str(id.trim()).ok().filter(|k| all.contains(k)) else {
            return Err(fail(format!(
                "Marque só candidatos(as) do segmento {} para o {}",
                segment.label(),
                round_label(round)
            )));
        };
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    if chosen.len() < all.len().min(2) {
        return Err(fail(format!(
            "Marque ao menos dois(duas) candidatos(as) do segmento {} para o {} (por exemplo, os(as) empatados(as))",
            segment.label(),
            round_label(round)
        )));
    }
    chosen.sort();
    Ok(chosen)
}

/// Opens the first round of a segment's poll (`next` is `None`) or a new round for `next`.
async fn open_round_in(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    segment: &str,
    next: Option<&[String]>,
) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let segment = Segment::parse(segment)?;
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let e = ensure_row(&tx, &c).await?;
    if e.carried_at.is_some() {
        return Err(Invalid::one(
            "form",
            "O resultado já foi levado à conferência da etapa seguinte: a eleição está encerrada",
        )
        .into());
    }
    if seats_of(&e).of(segment) == 0 {
        return Err(Invalid(vec![FieldError::new(
            "segment",
            format!(
                "O segmento {} não tem vagas nesta tabela: não há eleição nele",
                segment.label()
            ),
        )])
        .into());
    }
    if segment == Segment::Government && government_appointed(&e) {
        return Err(Invalid::one(
            "segment",
            "Nesta eleição os(as) delegados(as) do governo são indicados(as) pelo órgão gestor: não há votação no segmento Governo",
        )
        .into());
    }
    let earlier = election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(c.id))
        .filter(election_poll::Column::Segment.eq(segment.code()))
        .all(&tx)
        .await?;
    let round = earlier.iter().map(|p| p.round).max().unwrap_or(0) + 1;
    let restricted = match next {
        None if !earlier.is_empty() => {
            return Err(Invalid(vec![FieldError::new(
                "segment",
                format!("A votação do segmento {} já foi aberta", segment.label()),
            )])
            .into());
        }
        None => None,
        Some(ids) => Some(next_round_candidates(&tx, &c, segment, &earlier, round, ids).await?),
    };
    let n = election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::Segment.eq(segment.code()))
        .count(&tx)
        .await?;
    if n == 0 {
        return Err(Invalid(vec![FieldError::new(
            "segment",
            format!(
                "Registre ao menos uma candidatura do segmento {} antes de abrir a votação",
                segment.label()
            ),
        )])
        .into());
    }
    let present = present_of_segment(&tx, &c, segment).await?.len();
    if present == 0 {
        return Err(Invalid(vec![FieldError::new(
            "segment",
            format!(
                "Nenhum(a) delegado(a) do segmento {} foi credenciado(a) hoje: não há quem vote",
                segment.label()
            ),
        )])
        .into());
    }
    let id = Uuid::now_v7();
    let now = Utc::now();
    let mut candidates: Vec<String> = election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::Segment.eq(segment.code()))
        .all(&tx)
        .await?
        .into_iter()
        .filter(|k| restricted.as_ref().is_none_or(|only| only.contains(&k.id)))
        .map(|k| k.id.to_string())
        .collect();
    candidates.sort();
    // Each poll's chain starts from the genesis hash: polls of several segments may be open at
    // once, so there is no "previous poll's last hash" that is final.
    let head = insert_link(
        &tx,
        id,
        GENESIS,
        0,
        "open",
        &serde_json::json!({
            "poll": id,
            "conference": c.id,
            "segment": segment.code(),
            "round": round,
            "titulares": seats_of(&e).of(segment),
            "candidates": candidates,
            "present": present,
            "opened_at": now.to_rfc3339(),
        }),
    )
    .await?;
    election_poll::Entity::insert(election_poll::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        segment: Set(segment.code().into()),
        status: Set("open".into()),
        present: Set(present as i32),
        opened_at: Set(now),
        closed_at: Set(None),
        opened_by: Set(me.map(|m| m.account.id)),
        log_seq: Set(0),
        log_head: Set(Some(head)),
        round: Set(round),
        candidates: Set(restricted
            .as_ref()
            .map(|v| serde_json::to_string(v).unwrap_or_default())),
    })
    .exec(&tx)
    .await
    .map_err(store::Error::from_db)?;
    // The poll's ballots are sealed while it is open (`crate::plenary::seal`).
    crate::plenary::seal::start(&tx, &root, id).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, poll = %id, segment = segment.code(), round, "election poll opened");
    Ok(id)
}

async fn lock_poll(
    db: &Db,
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<election_poll::Model, Fail> {
    let q =
        election_poll::Entity::find_by_id(id).filter(election_poll::Column::ConferenceId.eq(c.id));
    let p = match db.backend {
        Backend::Postgres => q.lock_exclusive().one(tx).await?,
        Backend::Sqlite => q.one(tx).await?,
    };
    p.ok_or(Fail::NotFound)
}

/// Writes one link of a poll's chain; returns its hash.
async fn insert_link(
    tx: &impl ConnectionTrait,
    poll: Uuid,
    prev: &str,
    seq: i32,
    kind: &str,
    body: &serde_json::Value,
) -> store::Result<String> {
    let (body, hash) = chain::seal(prev, seq, kind, body);
    election_log::Entity::insert(election_log::ActiveModel {
        poll_id: Set(poll),
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

/// Appends a link after the poll's head and moves the head (the poll's row is locked). A poll
/// opened before the chain existed gets no links.
async fn append(
    tx: &impl ConnectionTrait,
    p: &mut election_poll::Model,
    kind: &str,
    body: &serde_json::Value,
) -> store::Result<()> {
    let Some(prev) = p.log_head.clone() else {
        return Ok(());
    };
    let seq = p.log_seq + 1;
    let head = insert_link(tx, p.id, &prev, seq, kind, body).await?;
    election_poll::Entity::update_many()
        .col_expr(election_poll::Column::LogSeq, seq.into())
        .col_expr(election_poll::Column::LogHead, Some(head.clone()).into())
        .filter(election_poll::Column::Id.eq(p.id))
        .exec(tx)
        .await?;
    p.log_seq = seq;
    p.log_head = Some(head);
    Ok(())
}

fn refuse(msg: &str) -> Fail {
    Fail::Invalid(Invalid::one("candidate", msg))
}

/// The receipt handed to the phone after its vote was written. The code is shown once and is
/// stored only as a hash with the ballot.
#[derive(Debug, Clone, Serialize)]
pub struct Receipt {
    pub poll_id: Uuid,
    pub code: String,
    pub segment: &'static str,
    pub candidate: String,
}

/// A vote from a delegate's phone (`token` is the phone's cookie): one vote in the poll of the
/// delegate's own segment, for one of its candidates, while present today and the poll is open.
/// Written in one transaction: the participation, the ballot (keyed by the receipt's hash) and the
/// chain's link, nothing linking the voter to the ballot.
pub async fn cast(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    poll: &str,
    candidate: &str,
) -> Result<Receipt, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::devices::delegate(db, &c, token)
        .await?
        .ok_or(Fail::Forbidden)?;
    let poll = Uuid::parse_str(poll.trim()).map_err(|_| Fail::NotFound)?;
    let candidate = Uuid::parse_str(candidate.trim()).ok();
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let mut p = lock_poll(db, &tx, &c, poll).await?;
    let segment = segment_of(&p.segment).ok_or(Fail::NotFound)?;
    if p.status != "open" {
        return Err(refuse(
            "Esta votação já foi encerrada: o seu voto não foi contado",
        ));
    }
    // A poll opened since ballots are sealed has a key; older polls keep readable ballots.
    let seal_key = crate::plenary::seal::key_of(&tx, &root, p.id).await?;
    if r.category != Category::Delegate.code() {
        return Err(refuse(
            "Só delegados(as) com inscrição ativa votam: este voto não foi contado",
        ));
    }
    if r.segment.as_deref() != Some(segment.code()) {
        return Err(Fail::Invalid(Invalid(vec![FieldError::new(
            "candidate",
            format!(
                "Esta eleição é do segmento {}: só delegados(as) desse segmento votam nela",
                segment.label()
            ),
        )])));
    }
    if let Some(why) = crate::plenary::seats::room_for(&tx, &c, &[r.id])
        .await?
        .why_not_voting(r.id)
    {
        return Err(refuse(why));
    }
    if election_participation::Entity::find_by_id((p.id, r.id))
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(refuse(
            "Você já votou nesta eleição: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
        ));
    }
    let candidate =
        candidate.ok_or_else(|| refuse("Escolha um(a) candidato(a) da lista deste segmento"))?;
    let k = election_candidate::Entity::find_by_id(candidate)
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::Segment.eq(segment.code()))
        .one(&tx)
        .await?
        // In a later round, only its candidates.
        .filter(|k| in_round(&p, k.id))
        .ok_or_else(|| refuse("Escolha um(a) candidato(a) da lista deste segmento"))?;
    election_participation::Entity::insert(election_participation::ActiveModel {
        poll_id: Set(p.id),
        registration_id: Set(r.id),
    })
    .exec(&tx)
    .await
    .map_err(|e| match store::Error::from_db(e) {
        store::Error::Conflict(_) => refuse(
            "Você já votou nesta eleição: cada delegado(a) vota uma vez, e o primeiro voto é o que vale",
        ),
        other => Fail::from(other),
    })?;
    let code = chain::new_receipt_code();
    let key = chain::receipt_hash(p.id, &code);
    if let Some(seal_key) = &seal_key {
        // Sealed until the closing, which writes every ballot readable and chains them in one
        // link sorted by receipt hash: nothing here tells the order in which ballots came.
        crate::plenary::seal::insert(&tx, vec![seal_key.seal(p.id, &key, &k.id.to_string())])
            .await?;
    } else {
        election_ballot::Entity::insert(election_ballot::ActiveModel {
            poll_id: Set(p.id),
            ballot_key: Set(key.clone()),
            candidate_id: Set(k.id),
        })
        .exec(&tx)
        .await?;
        // (A poll opened before sealing: one link per ballot, as it began.)
        append(
            &tx,
            &mut p,
            "ballots",
            &serde_json::json!({ "ballots": [[key, k.id.to_string()]] }),
        )
        .await?;
    }
    let name = registration::Entity::find_by_id(k.registration_id)
        .one(&tx)
        .await?
        .map(|r| r.display_name().to_owned())
        .unwrap_or_default();
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(Receipt {
        poll_id: p.id,
        code,
        segment: segment.label(),
        candidate: name,
    })
}

/// Counts typed by the table when closing: candidate id → votes counted in the room.
pub type RoomCounts = Vec<(String, String)>;

/// Closes a segment's poll, adding the room's counts per candidate (paper or raised badges) of
/// the delegates who did not vote by phone. Refused when the counts would count more people
/// than the segment's delegates present.
pub async fn close_poll(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    poll: &str,
    room: &RoomCounts,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let id = Uuid::parse_str(poll.trim()).map_err(|_| Fail::NotFound)?;
    let root = crate::plenary::seal::root(db).await?;
    let tx = db.write().await?;
    let mut p = lock_poll(db, &tx, &c, id).await?;
    let segment = segment_of(&p.segment).ok_or(Fail::NotFound)?;
    if p.status != "open" {
        return Err(Invalid::one("form", "Esta votação já foi encerrada").into());
    }
    let sealed = unseal(db, &tx, &root, &mut p).await?;
    let cands: HashSet<Uuid> = election_candidate::Entity::find()
        .filter(election_candidate::Column::ConferenceId.eq(c.id))
        .filter(election_candidate::Column::Segment.eq(segment.code()))
        .all(&tx)
        .await?
        .into_iter()
        .map(|k| k.id)
        // In a later round, only its candidates.
        .filter(|k| in_round(&p, *k))
        .collect();
    let mut inv = Invalid::default();
    let mut counts: Vec<(Uuid, u32)> = Vec::new();
    for (k, v) in room {
        let Some(kid) = Uuid::parse_str(k.trim()).ok().filter(|k| cands.contains(k)) else {
            continue;
        };
        let t = v.trim();
        if t.is_empty() {
            continue;
        }
        match t.parse::<u32>() {
            Ok(n) if n <= 100_000 => {
                if n > 0 {
                    counts.push((kid, n));
                }
            }
            _ => inv.push(FieldError::new(
                format!("sala-{kid}"),
                "Votos contados na sala: digite um número inteiro, 0 ou mais",
            )),
        }
    }
    inv.into_result()?;
    let voters = voters_of(&tx, p.id).await?;
    let present = present_of_segment(&tx, &c, segment).await?.len() as u32;
    let room_total: u32 = counts.iter().map(|(_, n)| n).sum();
    if voters + room_total > present {
        return Err(Invalid(vec![FieldError::new(
            "form",
            format!(
                "A contagem da sala ({room_total}) mais os {voters} voto(s) pelo celular passa dos {present} delegado(s) do segmento presente(s): conte de novo"
            ),
        )])
        .into());
    }
    if voters + room_total == 0 {
        return Err(Invalid::one(
            "form",
            "Ninguém votou pelo celular e não há contagem da sala: a votação não pode ser encerrada sem votos",
        )
        .into());
    }
    counts.sort();
    for (k, n) in &counts {
        election_room_count::Entity::insert(election_room_count::ActiveModel {
            poll_id: Set(p.id),
            candidate_id: Set(*k),
            votes: Set(*n as i32),
        })
        .exec(&tx)
        .await?;
    }
    let now = Utc::now();
    append(
        &tx,
        &mut p,
        "room",
        &serde_json::json!({
            "room": counts.iter().map(|(k, n)| serde_json::json!([k.to_string(), n])).collect::<Vec<_>>(),
        }),
    )
    .await?;
    let phone = phone_counts(&tx, p.id).await?;
    append(
        &tx,
        &mut p,
        "close",
        &serde_json::json!({
            "phone": phone.iter().map(|(k, n)| serde_json::json!([k.to_string(), n])).collect::<Vec<_>>(),
            "voters_by_phone": voters,
            "present": present,
            "closed_at": now.to_rfc3339(),
        }),
    )
    .await?;
    election_poll::Entity::update_many()
        .col_expr(election_poll::Column::Status, "closed".into())
        .col_expr(election_poll::Column::ClosedAt, Some(now).into())
        .filter(election_poll::Column::Id.eq(p.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    if sealed {
        crate::plenary::seal::scrub(db);
    }
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, poll = %p.id, "election poll closed");
    Ok(())
}

/// At the closing of a sealed poll, in the closing transaction: opens every sealed ballot, writes
/// them readable into `election_ballot` in receipt-hash order in one pass, chains them as ONE
/// `ballots` link sorted by receipt hash, deletes the sealed rows and the poll's salt, and on
/// PostgreSQL rewrites the participation in registration-id order, so that every row of the poll
/// carries the closing transaction's `xmin` and no storage order follows arrival (ADR 0013).
/// Returns whether the poll was sealed; a ballot that does not open refuses the closing.
async fn unseal(
    db: &Db,
    tx: &sea_orm::DatabaseTransaction,
    root: &crate::plenary::seal::Root,
    p: &mut election_poll::Model,
) -> Result<bool, Fail> {
    let Some(key) = crate::plenary::seal::key_of(tx, root, p.id).await? else {
        return Ok(false);
    };
    let bs = crate::plenary::seal::open_all(tx, &key, p.id).await?;
    let mut rows = Vec::with_capacity(bs.len());
    for (h, k) in &bs {
        let candidate = Uuid::parse_str(k)
            .map_err(|_| store::Error::Other("a sealed ballot names no candidate".into()))?;
        rows.push(election_ballot::ActiveModel {
            poll_id: Set(p.id),
            ballot_key: Set(h.clone()),
            candidate_id: Set(candidate),
        });
    }
    for chunk in rows.chunks(500) {
        election_ballot::Entity::insert_many(chunk.to_vec())
            .exec(tx)
            .await?;
    }
    append(
        tx,
        p,
        "ballots",
        &serde_json::json!({
            "ballots": bs.iter().map(|(h, k)| [h.as_str(), k.as_str()]).collect::<Vec<_>>(),
        }),
    )
    .await?;
    crate::plenary::seal::erase(tx, p.id).await?;
    if db.backend == Backend::Postgres {
        let mut who: Vec<Uuid> = election_participation::Entity::find()
            .select_only()
            .column(election_participation::Column::RegistrationId)
            .filter(election_participation::Column::PollId.eq(p.id))
            .into_tuple()
            .all(tx)
            .await?;
        who.sort();
        election_participation::Entity::delete_many()
            .filter(election_participation::Column::PollId.eq(p.id))
            .exec(tx)
            .await?;
        for chunk in who.chunks(500) {
            election_participation::Entity::insert_many(chunk.iter().map(|r| {
                election_participation::ActiveModel {
                    poll_id: Set(p.id),
                    registration_id: Set(*r),
                }
            }))
            .exec(tx)
            .await?;
        }
    }
    Ok(true)
}

// ----- Result ----------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub(crate) struct Summary {
    pub(crate) titulares: u32,
    /// Suplentes elected (0 in summaries from before the quota counted them).
    #[serde(default)]
    pub(crate) suplentes: u32,
    /// The least elected from quota groups (30%; of titulares and suplentes since
    /// `quota_elected` exists, of titulares before).
    pub(crate) quota_minimum: u32,
    /// Titulares from quota groups.
    pub(crate) quota_titulares: u32,
    /// Elected (titulares and suplentes) from quota groups; `None` in summaries from when the
    /// quota counted titulares only.
    #[serde(default)]
    pub(crate) quota_elected: Option<u32>,
    pub(crate) quota_met: bool,
    tie_rule: String,
    seed: String,
    /// (segment, left, left votes, entered, entered votes)
    swaps: Vec<(String, Uuid, u32, Uuid, u32)>,
    /// The seat each swap's entrant took, in the order of `swaps` (absent: `titular`).
    #[serde(default)]
    swap_seats: Vec<String>,
    /// (segment, votes, candidates' registrations in the rule's order)
    ties: Vec<(String, u32, Vec<Uuid>)>,
    /// The round of each tie, in the order of `ties` (absent: 1).
    #[serde(default)]
    tie_rounds: Vec<u32>,
    /// The act that appointed the government's delegates, when they were appointed.
    #[serde(default)]
    pub(crate) government_act: Option<String>,
}

impl Summary {
    /// The elected counted for the quota and how many of them are from quota groups (titulares
    /// and suplentes; titulares only in summaries from before).
    pub(crate) fn counted(&self) -> (u32, u32) {
        match self.quota_elected {
            Some(q) => (self.titulares + self.suplentes, q),
            None => (self.titulares, self.quota_titulares),
        }
    }
}

/// Computes the result from the closed polls with the domain rules and stores it (replacing an
/// earlier computation). Refused while a poll is open or after the result was carried.
pub async fn compute(db: &Db, me: Option<&Me>, slug: &str) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let tx = db.write().await?;
    let e = ensure_row(&tx, &c).await?;
    if e.carried_at.is_some() {
        return Err(Invalid::one(
            "form",
            "O resultado já foi levado à conferência da etapa seguinte e não é mais recalculado",
        )
        .into());
    }
    let polls = polls_of(&tx, c.id).await?;
    if polls.iter().any(|p| p.status == "open") {
        return Err(Invalid::one(
            "form",
            "Há votação de segmento aberta: encerre-a antes de apurar o resultado",
        )
        .into());
    }
    if polls.is_empty() {
        return Err(Invalid::one(
            "form",
            "Nenhuma votação de segmento foi feita ainda: não há resultado a apurar",
        )
        .into());
    }
    let seats = seats_of(&e);
    let appointed_gov = government_appointed(&e);
    let appointments = if appointed_gov {
        appointments_of(&tx, c.id).await?
    } else {
        Vec::new()
    };
    let appointed_titulares = appointments
        .iter()
        .filter(|(a, _)| a.seat == Seat::Titular.code())
        .count() as u32;
    if appointed_gov && (appointed_titulares != seats.government || e.government_act.is_none()) {
        return Err(Invalid(vec![FieldError::new(
            "form",
            format!(
                "Os(as) delegados(as) do governo são indicados(as) pelo órgão gestor: registre a indicação dos(as) {} titular(es) do governo, com o ato, antes de apurar",
                seats.government
            ),
        )])
        .into());
    }
    let cands = candidates_of(&tx, c.id).await?;
    let quota = quota_of(&tx, c.id).await?;
    // Only the last round of each segment's poll counts (`el::elect_with`).
    let (candidates, rounds) = ballots_of(&tx, &polls, &cands, &quota).await?;
    let appointed: Vec<el::Appointed> = appointments
        .iter()
        .map(|(a, r)| el::Appointed {
            id: r.id,
            seat: Seat::parse(&a.seat).unwrap_or(Seat::Suplente),
            quota: quota.contains(&r.id),
        })
        .collect();
    let rule = tie_rule_of(&e);
    let o = el::elect_with(
        seats,
        &candidates,
        &rounds,
        appointed_gov.then_some(appointed.as_slice()),
        rule,
        e.seed as u64,
    );
    election_result::Entity::delete_many()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    for x in &o.elected {
        election_result::Entity::insert(election_result::ActiveModel {
            conference_id: Set(c.id),
            registration_id: Set(x.candidate),
            segment: Set(x.segment.code().into()),
            seat: Set(x.seat.code().into()),
            position: Set(x.position as i32),
            votes: Set(x.votes as i32),
            by_quota: Set(x.by_quota),
            carried_registration_id: Set(None),
        })
        .exec(&tx)
        .await?;
    }
    let summary = Summary {
        titulares: o.titulares,
        suplentes: o.suplentes,
        quota_minimum: o.quota_minimum,
        quota_titulares: o.quota_titulares,
        quota_elected: Some(o.quota_elected),
        quota_met: o.quota_met,
        swap_seats: o.swaps.iter().map(|s| s.seat.code().to_owned()).collect(),
        tie_rounds: o.ties.iter().map(|t| t.round).collect(),
        government_act: e.government_act.clone().filter(|_| appointed_gov),
        tie_rule: rule.code().into(),
        seed: (e.seed as u64).to_string(),
        swaps: o
            .swaps
            .iter()
            .map(|s| {
                (
                    s.segment.code().to_owned(),
                    s.left,
                    s.left_votes,
                    s.entered,
                    s.entered_votes,
                )
            })
            .collect(),
        ties: o
            .ties
            .iter()
            .map(|t| (t.segment.code().to_owned(), t.votes, t.candidates.clone()))
            .collect(),
    };
    election::Entity::update_many()
        .col_expr(election::Column::ComputedAt, Some(Utc::now()).into())
        .col_expr(
            election::Column::Summary,
            Some(serde_json::to_string(&summary).unwrap_or_default()).into(),
        )
        .filter(election::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, elected = o.elected.len(), quota_met = o.quota_met, "election result computed");
    Ok(())
}

/// One elected delegate, as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ElectedView {
    pub name: String,
    pub segment: &'static str,
    pub seat: &'static str,
    pub position: i32,
    /// Staff only (`None` in public).
    pub votes: Option<i32>,
    /// Staff only: entered the elected by the quota adjustment.
    pub by_quota: Option<bool>,
    pub carried: bool,
    /// Appointed instead of elected: "indicado(a) pelo órgão gestor (ato …)" (staff and public).
    pub appointed: Option<String>,
}

/// The result as the table sees it (names in the swaps) or as the public sees it (counts).
#[derive(Debug, Clone, Serialize)]
pub struct ResultView {
    pub slug: String,
    pub title: String,
    pub computed: bool,
    pub titulares: Vec<ElectedView>,
    pub suplentes: Vec<ElectedView>,
    pub titulares_count: u32,
    /// The elected the quota counts (titulares and suplentes) and how many are from quota groups.
    pub elected_count: u32,
    pub quota_elected: u32,
    /// How the quota counted: "eleitos(as) (titulares e suplentes)" (or "titulares" for a result
    /// computed before the quota counted suplentes).
    pub quota_basis: &'static str,
    pub quota_minimum: u32,
    pub quota_met: bool,
    /// The quota not met, in pt-BR.
    pub shortfall: Option<String>,
    /// How many swaps the quota adjustment made.
    pub swaps_count: usize,
    /// Staff only: each swap explained.
    pub swaps: Vec<String>,
    /// Each tie and how the rule decided it (names only for staff).
    pub ties: Vec<String>,
    pub tie_rule: String,
    pub seed: String,
    pub parent_title: Option<String>,
    pub carried: bool,
    /// The act that appointed the government's delegates, when appointed.
    pub government_act: Option<String>,
}

/// "indicado(a) pelo órgão gestor (ato …)".
fn appointed_note(act: Option<&str>) -> String {
    match act {
        Some(a) => format!("indicado(a) pelo órgão gestor (ato {a})"),
        None => "indicado(a) pelo órgão gestor".to_owned(),
    }
}

async fn result_view(db: &Db, c: &conference::Model, staff: bool) -> Result<ResultView, Fail> {
    let e = settings_of(&db.conn, c).await?;
    let parent = parent_of(&db.conn, c).await?;
    let summary: Option<Summary> = e
        .summary
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok());
    let rows = election_result::Entity::find()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let names: HashMap<Uuid, String> = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r.display_name().to_owned()))
        .collect();
    let name = |id: &Uuid| {
        names
            .get(id)
            .cloned()
            .unwrap_or_else(|| "(inscrição anonimizada)".into())
    };
    let order = |s: &str| Segment::ALL.iter().position(|g| g.code() == s).unwrap_or(9);
    let mut rows = rows;
    rows.sort_by_key(|r| (order(&r.segment), r.position));
    // The government's rows are appointed when the election says so (fixed once a poll opened,
    // and a result needs a poll); the act as it was when computed.
    let appointed_gov = government_appointed(&e);
    let act = summary
        .as_ref()
        .and_then(|s| s.government_act.clone())
        .or_else(|| e.government_act.clone())
        .filter(|_| appointed_gov);
    let view = |r: &election_result::Model| {
        let appointed = appointed_gov && r.segment == Segment::Government.code();
        ElectedView {
            name: name(&r.registration_id),
            segment: segment_of(&r.segment).map(Segment::label).unwrap_or(""),
            seat: Seat::parse(&r.seat).map(Seat::label).unwrap_or(""),
            position: r.position,
            votes: (staff && !appointed).then_some(r.votes),
            by_quota: staff.then_some(r.by_quota),
            carried: r.carried_registration_id.is_some(),
            appointed: appointed.then(|| appointed_note(act.as_deref())),
        }
    };
    let rule = tie_rule_of(&e);
    let (swaps, ties, swaps_count) = match &summary {
        Some(s) => (
            if staff {
                s.swaps
                    .iter()
                    .enumerate()
                    .map(|(i, (seg, l, lv, n, nv))| {
                        let seg = segment_of(seg).map(Segment::label).unwrap_or("");
                        let (n, l) = (name(n), name(l));
                        match s.swap_seats.get(i).map(String::as_str) {
                            None => format!(
                                "{seg}: {n} ({nv} voto(s)), de grupo de cota, assume a vaga titular de {l} ({lv} voto(s)), que passa a suplente, para cumprir o mínimo de 30% de titulares de grupos de cota (Res. CNAS/MDS 187/2025)"
                            ),
                            Some("suplente") => format!(
                                "{seg}: {n} ({nv} voto(s)), de grupo de cota, entra como suplente no lugar de {l} ({lv} voto(s)), que deixa a lista de eleitos(as), para cumprir o mínimo de 30% de eleitos(as), titulares e suplentes, de grupos de cota (Res. CNAS/MDS 187/2025); é a troca que perde menos votos"
                            ),
                            Some(_) => format!(
                                "{seg}: {n} ({nv} voto(s)), de grupo de cota, assume a vaga titular de {l} ({lv} voto(s)), que deixa a lista de eleitos(as) (os(as) suplentes do segmento já são de grupos de cota), para cumprir o mínimo de 30% de eleitos(as), titulares e suplentes, de grupos de cota (Res. CNAS/MDS 187/2025); é a troca que perde menos votos"
                            ),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
            if staff {
                s.ties
                    .iter()
                    .enumerate()
                    .map(|(i, (seg, v, ids))| {
                        let how = match rule {
                            TieRule::OlderFirst => "a pessoa mais velha primeiro".to_owned(),
                            TieRule::Draw => format!("sorteio com a semente {}", s.seed),
                        };
                        let round = match s.tie_rounds.get(i) {
                            Some(r) if *r > 1 => format!(", {}", round_label(*r as i32)),
                            _ => String::new(),
                        };
                        format!(
                            "{}{round}: empate com {v} voto(s) entre {}, decidido por {how}, nesta ordem",
                            segment_of(seg).map(Segment::label).unwrap_or(""),
                            ids.iter().map(name).collect::<Vec<_>>().join(", ")
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            },
            s.swaps.len(),
        ),
        None => (Vec::new(), Vec::new(), 0),
    };
    let (elected_count, quota_elected) = summary.as_ref().map(Summary::counted).unwrap_or((0, 0));
    let old_basis = summary.as_ref().is_some_and(|s| s.quota_elected.is_none());
    Ok(ResultView {
        slug: c.slug.clone(),
        title: c.title.clone(),
        computed: e.computed_at.is_some(),
        titulares: rows
            .iter()
            .filter(|r| r.seat == Seat::Titular.code())
            .map(view)
            .collect(),
        suplentes: rows
            .iter()
            .filter(|r| r.seat == Seat::Suplente.code())
            .map(view)
            .collect(),
        titulares_count: summary.as_ref().map(|s| s.titulares).unwrap_or(0),
        elected_count,
        quota_elected,
        quota_basis: if old_basis {
            "titulares"
        } else {
            "eleitos(as) (titulares e suplentes)"
        },
        quota_minimum: summary.as_ref().map(|s| s.quota_minimum).unwrap_or(0),
        quota_met: summary.as_ref().map(|s| s.quota_met).unwrap_or(false),
        shortfall: summary.as_ref().filter(|s| !s.quota_met).map(|s| {
            if old_basis {
                format!(
                    "A cota não foi atingida: {} de {} titulares são de grupos de cota, o mínimo é {} (30%). Não havia mais candidatos(as) votados(as) de grupos de cota nos segmentos para a substituição",
                    s.quota_titulares, s.titulares, s.quota_minimum
                )
            } else {
                el::shortfall_text(quota_elected, elected_count, s.quota_minimum)
            }
        }),
        swaps_count,
        swaps,
        ties,
        tie_rule: rule.label().to_owned(),
        seed: (e.seed as u64).to_string(),
        parent_title: parent.map(|p| p.title),
        carried: e.carried_at.is_some(),
        government_act: act,
    })
}

/// The result for the table: votes, quota swaps explained with names.
pub async fn result(db: &Db, me: Option<&Me>, slug: &str) -> Result<ResultView, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let staff = crate::platform::auth::allow(me, Action::ViewSensitive(scope)).is_ok();
    result_view(db, &c, staff).await
}

/// The public result: names, segments and seats; the quota only as counts (LGPD).
pub async fn public_result(db: &Db, slug: &str) -> Result<ResultView, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    result_view(db, &c, false).await
}

// ----- Carry to the parent conference ------------------------------------------------------

/// What carrying did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Carried {
    pub parent_title: String,
    /// New registrations in the parent conference.
    pub created: u32,
    /// Elected already registered there (same CPF) or carried before.
    pub already: u32,
}

/// Registers the elected (titulares and suplentes) in the parent conference: category delegado,
/// origin "eleito" ("indicado" for the government's delegates appointed by the manager), their
/// segment and seat, their data and quota self-declarations as given at
/// registration. Idempotent: an elected person already carried (or registered there with the same
/// CPF) is not registered again.
pub async fn carry(db: &Db, me: Option<&Me>, slug: &str) -> Result<Carried, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::RunPlenary(scope))?;
    let parent = parent_of(&db.conn, &c).await?.ok_or_else(|| {
        Invalid::one(
            "form",
            "Esta conferência não está ligada a uma conferência da etapa seguinte: não há para onde levar os(as) eleitos(as)",
        )
    })?;
    let tx = db.write().await?;
    let out = carry_in(&tx, &c, &parent, me.map(|m| m.account.id)).await?;
    tx.commit().await?;
    tracing::info!(conference = %c.id, parent = %parent.id, created = out.created, already = out.already, "elected carried to the parent conference");
    Ok(out)
}

/// [`carry`] inside the caller's write transaction (also used when the parent accepts the
/// report: `app::reporting::report::accept`).
pub(crate) async fn carry_in(
    tx: &sea_orm::DatabaseTransaction,
    c: &conference::Model,
    parent: &conference::Model,
    by: Option<Uuid>,
) -> Result<Carried, Fail> {
    let e = election::Entity::find_by_id(c.id)
        .one(tx)
        .await?
        .filter(|e| e.computed_at.is_some())
        .ok_or_else(|| {
            Invalid::one(
                "form",
                "Apure o resultado da eleição antes de levá-lo à conferência da etapa seguinte",
            )
        })?;
    let rows = election_result::Entity::find()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?;
    let regs: HashMap<Uuid, registration::Model> = registration::Entity::find()
        .filter(
            registration::Column::Id
                .is_in(rows.iter().map(|r| r.registration_id).collect::<Vec<_>>()),
        )
        .all(tx)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let sensitive: HashMap<Uuid, String> = registration_sensitive::Entity::find()
        .filter(
            registration_sensitive::Column::RegistrationId
                .is_in(rows.iter().map(|r| r.registration_id).collect::<Vec<_>>()),
        )
        .all(tx)
        .await?
        .into_iter()
        .map(|s| (s.registration_id, s.quotas))
        .collect();
    let mut created = 0;
    let mut already = 0;
    for row in &rows {
        if row.carried_registration_id.is_some() {
            already += 1;
            continue;
        }
        let Some(r) = regs
            .get(&row.registration_id)
            .filter(|r| r.status == "active")
        else {
            continue;
        };
        let existing = match &r.cpf {
            Some(cpf) => {
                registration::Entity::find()
                    .filter(registration::Column::ConferenceId.eq(parent.id))
                    .filter(registration::Column::Cpf.eq(cpf))
                    .one(tx)
                    .await?
            }
            None => None,
        };
        let target = match existing {
            Some(x) => {
                already += 1;
                x.id
            }
            None => {
                let v = crate::participants::registration::Valid {
                    name: r.name.clone(),
                    social_name: r.social_name.clone(),
                    category: Category::Delegate,
                    segment: r.segment.as_deref().and_then(segment_of),
                    seat: Seat::parse(&row.seat).ok(),
                    // The government's appointed delegates arrive as appointed.
                    origin: Some(
                        if government_appointed(&e) && row.segment == Segment::Government.code() {
                            DelegateOrigin::Indicado
                        } else {
                            DelegateOrigin::Eleito
                        },
                    ),
                    represents: r.represents.clone(),
                    territory_id: None,
                    unit_id: None,
                    // An eixo of the conference before: not one of this conference.
                    preferred_eixo_id: None,
                    cpf: r
                        .cpf
                        .as_deref()
                        .and_then(|x| domain::values::Cpf::parse(x).ok()),
                    email: r
                        .email
                        .as_deref()
                        .and_then(|x| domain::values::Email::parse(x).ok()),
                    phone: r.phone.clone(),
                    birth_date: r.birth_date,
                    trust_position: r.trust_position,
                    needs: r
                        .needs
                        .split(',')
                        .filter_map(|n| domain::values::AccessNeed::parse(n).ok())
                        .collect(),
                    needs_other: r.needs_other.clone(),
                    quotas: sensitive
                        .get(&r.id)
                        .map(|q| {
                            q.split(',')
                                .filter_map(|x| domain::values::QuotaGroup::parse(x).ok())
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                let (id, _) = crate::participants::registration::insert(
                    tx,
                    parent.id,
                    &v,
                    crate::participants::registration::Source::Election,
                    by,
                    None,
                )
                .await?;
                created += 1;
                id
            }
        };
        election_result::Entity::update_many()
            .col_expr(
                election_result::Column::CarriedRegistrationId,
                Some(target).into(),
            )
            .filter(election_result::Column::ConferenceId.eq(c.id))
            .filter(election_result::Column::RegistrationId.eq(row.registration_id))
            .exec(tx)
            .await?;
    }
    if e.carried_at.is_none() {
        election::Entity::update_many()
            .col_expr(election::Column::CarriedAt, Some(Utc::now()).into())
            .filter(election::Column::ConferenceId.eq(c.id))
            .exec(tx)
            .await?;
    }
    Ok(Carried {
        parent_title: parent.title.clone(),
        created,
        already,
    })
}

// ----- Phone and board -----------------------------------------------------------------------

/// The open poll of the delegate's segment, as the phone shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PhonePoll {
    pub id: String,
    pub segment: &'static str,
    /// "2º turno", … for a later round (`None` for the first).
    pub round_label: Option<String>,
    /// (candidate id, name)
    pub candidates: Vec<(String, String)>,
    pub already_voted: bool,
}

/// The open poll of this delegate's segment, if any.
pub async fn for_phone(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
) -> store::Result<Option<PhonePoll>> {
    let Some(seg) = r.segment.as_deref().and_then(segment_of) else {
        return Ok(None);
    };
    if r.category != Category::Delegate.code() {
        return Ok(None);
    }
    let Some(p) = election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(c.id))
        .filter(election_poll::Column::Segment.eq(seg.code()))
        .filter(election_poll::Column::Status.eq("open"))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let already_voted = election_participation::Entity::find_by_id((p.id, r.id))
        .one(&db.conn)
        .await?
        .is_some();
    Ok(Some(PhonePoll {
        id: p.id.to_string(),
        segment: seg.label(),
        round_label: (p.round > 1).then(|| round_label(p.round)),
        candidates: candidates_of(&db.conn, c.id)
            .await?
            .into_iter()
            .filter(|(k, _)| k.segment == seg.code() && in_round(&p, k.id))
            .map(|(k, r)| (k.id.to_string(), r.display_name().to_owned()))
            .collect(),
        already_voted,
    }))
}

/// Elections on the projector: open polls (how many voted, never for whom) and the elected once
/// computed (names, segment, seat; the quota as counts).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardElection {
    /// (segment, voters, present at open)
    pub open: Vec<(String, u32, i32)>,
    pub elected: Vec<ElectedView>,
    pub quota: Option<String>,
}

/// The board's election part, `None` when the conference has no election under way.
pub async fn board(db: &Db, c: &conference::Model) -> Result<Option<BoardElection>, Fail> {
    let polls = polls_of(&db.conn, c.id).await?;
    if polls.is_empty() {
        return Ok(None);
    }
    let mut open = Vec::new();
    for p in polls.iter().filter(|p| p.status == "open") {
        let seg = segment_of(&p.segment).map(Segment::label).unwrap_or("");
        open.push((
            if p.round > 1 {
                format!("{seg}, {}", round_label(p.round))
            } else {
                seg.to_owned()
            },
            voters_of(&db.conn, p.id).await?,
            p.present,
        ));
    }
    let r = result_view(db, c, false).await?;
    let quota = r.computed.then(|| {
        format!(
            "{} de {} {} de grupos de cota (mínimo {})",
            r.quota_elected, r.elected_count, r.quota_basis, r.quota_minimum
        )
    });
    Ok(Some(BoardElection {
        open,
        elected: r.titulares.into_iter().chain(r.suplentes).collect(),
        quota,
    }))
}

// ----- Receipts and the public record ------------------------------------------------------------

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
    let sealed = match p.status.as_str() {
        "open" => crate::plenary::seal::find(db, p.id, &h)
            .await?
            .and_then(|k| Uuid::parse_str(&k).ok()),
        _ => None,
    };
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
        closed: p.status == "closed",
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
    let rows = election_log::Entity::find()
        .filter(election_log::Column::PollId.eq(p.id))
        .order_by_asc(election_log::Column::Seq)
        .all(&db.conn)
        .await?;
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
    } = chain::verify(
        rows.into_iter().map(Into::into).collect(),
        p.log_head.as_deref(),
        &stored,
    );
    // While a poll is open its ballots are sealed (none readable, none chained yet).
    let sealed = match p.status.as_str() {
        "open" => crate::plenary::seal::count(&db.conn, p.id).await? as usize,
        _ => 0,
    };
    if voters_of(&db.conn, p.id).await? as usize != stored.len() + sealed {
        problems.push("o número de votantes pelo celular não é o número de votos guardados".into());
    }
    if p.status == "closed" {
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
        status: p.status.clone(),
        candidates,
        intact: problems.is_empty(),
        problems,
        links,
    })
}

// ----- Minutes -----------------------------------------------------------------------------------

/// The elections' section of the plenary minutes, as (paragraph, size, bold): per segment the
/// poll's times, the delegates present, phone and room votes, votes per candidate and the chain's
/// head; then the result (titulares, suplentes), the quota adjustment as counts only (LGPD: no
/// one's quota membership), the tie rule and the seed. Empty when no poll was opened.
pub(crate) async fn minutes_section(
    db: &Db,
    c: &conference::Model,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let polls = polls_of(&db.conn, c.id).await?;
    if polls.is_empty() {
        return Ok(Vec::new());
    }
    let tz = tz_of(c);
    let hm = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let e = settings_of(&db.conn, c).await?;
    let seats = seats_of(&e);
    let rule = tie_rule_of(&e);
    let mut out: Vec<(String, f32, bool)> = Vec::new();
    out.push((
        "Eleição de delegados(as) para a etapa seguinte".into(),
        12.0,
        true,
    ));
    let source = if e.seats_source == "entity" {
        format!(
            "da tabela de exemplo para o porte {}. {}",
            e.porte
                .as_deref()
                .and_then(|p| Porte::parse(p).ok())
                .map(Porte::label)
                .unwrap_or("não informado"),
            el::SAMPLE_LABEL
        )
    } else {
        "número definido pela comissão".to_owned()
    };
    out.push((
        format!(
            "Vagas: {t} titulares e {t} suplentes, {source}. Regra de desempate: {}{}. Votação secreta, pelo celular de cada delegado(a) presente do segmento, com comprovante; a mesa soma os votos contados na sala.",
            rule.label(),
            match rule {
                TieRule::Draw => format!("; semente do sorteio: {}", e.seed as u64),
                TieRule::OlderFirst => String::new(),
            },
            t = seats.titulares(),
        ),
        9.0,
        false,
    ));
    let cands = candidates_of(&db.conn, c.id).await?;
    if government_appointed(&e) {
        let names = |seat: Seat, xs: &[(election_appointment::Model, registration::Model)]| {
            let v: Vec<String> = xs
                .iter()
                .filter(|(a, _)| a.seat == seat.code())
                .map(|(_, r)| r.display_name().to_owned())
                .collect();
            if v.is_empty() {
                "nenhum(a)".to_owned()
            } else {
                v.join("; ")
            }
        };
        let xs = appointments_of(&db.conn, c.id).await?;
        out.push((
            format!("Segmento {}", Segment::Government.label()),
            10.0,
            true,
        ));
        out.push((
            format!(
                "Delegados(as) do governo indicados(as) pelo órgão gestor, sem votação no segmento{}. Titulares: {}. Suplentes: {}.",
                e.government_act
                    .as_deref()
                    .map(|a| format!(" (ato {a})"))
                    .unwrap_or_else(|| " (ato ainda não registrado)".to_owned()),
                names(Seat::Titular, &xs),
                names(Seat::Suplente, &xs)
            ),
            9.0,
            false,
        ));
    }
    // Every round of each segment's poll, in order; only the last one counts for the result.
    let mut ordered: Vec<(&Segment, &election_poll::Model)> = Segment::ALL
        .iter()
        .flat_map(|s| {
            polls
                .iter()
                .filter(move |p| p.segment == s.code())
                .map(move |p| (s, p))
        })
        .collect();
    ordered.sort_by_key(|(s, p)| (Segment::ALL.iter().position(|g| g == *s), p.round));
    for (s, p) in ordered {
        let rounds = polls.iter().filter(|q| q.segment == s.code()).count();
        if p.round <= 1 {
            out.push((format!("Segmento {}", s.label()), 10.0, true));
        }
        let turn = if rounds > 1 {
            let among: Vec<String> = match round_candidates(p) {
                Some(only) => cands
                    .iter()
                    .filter(|(k, _)| only.contains(&k.id))
                    .map(|(_, r)| r.display_name().to_owned())
                    .collect(),
                None => Vec::new(),
            };
            let last = p.round as usize >= rounds;
            format!(
                "{}{}{}. ",
                round_label(p.round),
                if among.is_empty() {
                    String::new()
                } else {
                    format!(", entre {}", among.join(", "))
                },
                if last {
                    " (o último turno, que vale para o resultado)"
                } else {
                    ""
                }
            )
        } else {
            String::new()
        };
        if p.status == "open" {
            // The ballots are sealed until the closing: no count per candidate before it.
            out.push((
                format!(
                    "{turn}Votação aberta às {}, ainda aberta. Delegados(as) do segmento presentes na abertura: {}. Votos pelo celular até agora: {}; a contagem por candidato(a) sai no encerramento.",
                    hm(p.opened_at),
                    p.present,
                    voters_of(&db.conn, p.id).await?
                ),
                9.0,
                false,
            ));
            continue;
        }
        let phone = phone_counts(&db.conn, p.id).await?;
        let all = votes_of(&db.conn, p.id).await?;
        let by_phone: u32 = phone.values().sum();
        let total: u32 = all.values().sum();
        out.push((
            format!(
                "{turn}Votação aberta às {}{}. Delegados(as) do segmento presentes na abertura: {}. Votos: {} pelo celular e {} contados na sala.",
                hm(p.opened_at),
                match p.closed_at {
                    Some(t) => format!(", encerrada às {}", hm(t)),
                    None => ", ainda aberta".to_owned(),
                },
                p.present,
                by_phone,
                total - by_phone
            ),
            9.0,
            false,
        ));
        let mut rows: Vec<(u32, String, u32)> = cands
            .iter()
            .filter(|(k, _)| k.segment == s.code() && in_round(p, k.id))
            .map(|(k, r)| {
                (
                    all.get(&k.id).copied().unwrap_or(0),
                    r.display_name().to_owned(),
                    phone.get(&k.id).copied().unwrap_or(0),
                )
            })
            .collect();
        rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        out.push((
            format!(
                "Votos por candidato(a): {}.",
                rows.iter()
                    .map(|(n, name, ph)| format!(
                        "{name}: {n} ({ph} pelo celular, {} na sala)",
                        n - ph
                    ))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            9.0,
            false,
        ));
        if let Some(h) = &p.log_head {
            out.push((
                format!(
                    "Registro encadeado: {} elos, último hash {h} (conferível em /c/{}/eleicao/votacoes/{}/registro.json).",
                    p.log_seq + 1,
                    c.slug,
                    p.id
                ),
                9.0,
                false,
            ));
        }
    }
    // The public view (no votes per person, no quota flag) for the lists and the quota counts;
    // the staff view only for the ties, which name candidates but say nothing about quotas.
    let r = result_view(db, c, false).await?;
    if !r.computed {
        out.push((
            "O resultado da eleição ainda não foi apurado.".into(),
            10.0,
            true,
        ));
        return Ok(out);
    }
    out.push(("Resultado da eleição".into(), 10.0, true));
    let list = |xs: &[ElectedView]| {
        if xs.is_empty() {
            "nenhum(a)".to_owned()
        } else {
            xs.iter()
                .map(|x| match &x.appointed {
                    Some(a) => format!("{} ({}, {a})", x.name, x.segment),
                    None => format!("{} ({})", x.name, x.segment),
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    out.push((format!("Titulares: {}.", list(&r.titulares)), 9.0, false));
    out.push((format!("Suplentes: {}.", list(&r.suplentes)), 9.0, false));
    out.push((
        format!(
            "Cota (Res. CNAS/MDS 187/2025): {} de {} {} são de grupos de cota; o mínimo é {} (30%). Ajuste da cota: {} substituição(ões) dentro do mesmo segmento.{}",
            r.quota_elected,
            r.elected_count,
            r.quota_basis,
            r.quota_minimum,
            r.swaps_count,
            r.shortfall
                .as_deref()
                .map(|s| format!(" {s}."))
                .unwrap_or_default()
        ),
        9.0,
        false,
    ));
    let staff = result_view(db, c, true).await?;
    let ties = if staff.ties.is_empty() {
        "nenhum empate decidido pela regra".to_owned()
    } else {
        staff.ties.join("; ")
    };
    out.push((
        format!(
            "Desempate: {}; semente registrada: {}. {ties}.",
            r.tie_rule, r.seed
        ),
        9.0,
        false,
    ));
    Ok(out)
}
