//! One seat, one vote; who is in the plenary now; the quorum rule of the regimento (ADR 0030).
//!
//! A voting **seat** belongs to a delegate registration: a titular, a delegate without a seat
//! kind (natos, appointed), or, where the regimento says so, a suplente who votes on her own
//! (`Rules::suplente_votes_alone`). On a conference day a seat is held by its owner or by one
//! suplente in their place, never both: `seat_hold` rows with two partial unique indexes (one open
//! hold per seat and day, one per holder and day) make that hold under two desks and two
//! instances, on both databases. A suplente who replaces nobody is in the room with voice only.
//!
//! **Present now** = checked in today and not out: the desk records exits and returns
//! (`door_event`); a person whose last door event today is an exit is out. A delegate **votes
//! now** when present and holding a seat: the owner whose seat no suplente holds today, or the
//! suplente holding someone's seat. The counters, every quorum, the phones' votes, elections,
//! group votes and moções count exactly these people.
//!
//! Quorum is counted on seats: `credentialed` = seats taken by anyone on any day of the
//! conference, `registered` = seats of active registrations; the rule (`domain::plenary::
//! QuorumRule`) is the conference's setting, checked when a vote opens and stored with it.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::Invalid;
use domain::plenary::{QuorumBase, QuorumRule};
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{checkin, conference, door_event, plenary_rules, registration, seat_hold};
use uuid::Uuid;

/// Which titulares a suplente may take the place of, besides the same segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Tie {
    /// Any absent titular of the same segment.
    #[default]
    Segment,
    /// Same segment and territory (delegates elected at the territories' pre-conferences).
    Territory,
    /// Same segment and origin of the delegation.
    Origin,
}

impl Tie {
    pub const ALL: [Tie; 3] = [Tie::Segment, Tie::Territory, Tie::Origin];
    pub fn code(self) -> &'static str {
        match self {
            Tie::Segment => "segment",
            Tie::Territory => "territory",
            Tie::Origin => "origin",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Tie::Segment => "Qualquer titular ausente do mesmo segmento",
            Tie::Territory => "Titular ausente do mesmo segmento e do mesmo território",
            Tie::Origin => "Titular ausente do mesmo segmento e da mesma origem da delegação",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Tie::ALL.into_iter().find(|t| t.code() == s.trim())
    }
}

/// How a delegate credentialed online proves who they are (the regimento's choice, ADR 0040).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Proof {
    /// The single-use link e-mailed to the registration's address, and the registration code.
    Link,
    /// A video call with the staff, who see the registration and confirm.
    Staff,
    /// Either: the person chooses.
    #[default]
    Both,
}

impl Proof {
    pub const ALL: [Proof; 3] = [Proof::Both, Proof::Link, Proof::Staff];
    pub fn code(self) -> &'static str {
        match self {
            Proof::Link => "link",
            Proof::Staff => "staff",
            Proof::Both => "both",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Proof::Both => {
                "Os dois: link no e-mail ou chamada de vídeo com a equipe (a pessoa escolhe)"
            }
            Proof::Link => "Só o link no e-mail da inscrição, com o código de inscrição",
            Proof::Staff => "Só a chamada de vídeo com a equipe, que confere a inscrição",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Proof::ALL.into_iter().find(|t| t.code() == s.trim())
    }
    /// The e-mailed link is accepted.
    pub fn link(self) -> bool {
        self != Proof::Staff
    }
    /// The staff's video check is accepted.
    pub fn staff(self) -> bool {
        self != Proof::Link
    }
}

/// The plenary's rules of a conference, from its regimento.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rules {
    #[serde(skip)]
    pub quorum: QuorumRule,
    /// A suplente who replaces nobody votes (on her own seat).
    pub suplente_votes_alone: bool,
    pub tie: Tie,
    /// How long the table's roll call stays open unless it says otherwise (ADR 0040).
    pub roll_call_seconds: u32,
    /// After how long without a sign of their device a remote delegate is no longer present.
    pub disconnect_seconds: u32,
    /// How a delegate credentialed online proves who they are.
    pub proof: Proof,
    /// The regimento provides a consultation of the participants on the proposals.
    pub consultation: bool,
}

/// The roll call's default length and its bounds, in seconds.
pub const ROLL_CALL_SECONDS: (u32, u32, u32) = (120, 30, 900);
/// The disconnection limit's default and its bounds, in seconds.
pub const DISCONNECT_SECONDS: (u32, u32, u32) = (180, 60, 1800);

impl Default for Rules {
    fn default() -> Self {
        Rules {
            quorum: QuorumRule::default(),
            suplente_votes_alone: false,
            tie: Tie::default(),
            roll_call_seconds: ROLL_CALL_SECONDS.0,
            disconnect_seconds: DISCONNECT_SECONDS.0,
            proof: Proof::default(),
            consultation: false,
        }
    }
}

pub async fn rules_of(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<Rules> {
    Ok(
        match plenary_rules::Entity::find_by_id(conference_id)
            .one(db)
            .await?
        {
            Some(r) => Rules {
                quorum: QuorumRule::from_code(&r.quorum_rule),
                suplente_votes_alone: r.suplente_votes_alone,
                tie: Tie::parse(&r.suplente_tie).unwrap_or_default(),
                roll_call_seconds: r.roll_call_seconds.max(0) as u32,
                disconnect_seconds: r.disconnect_seconds.max(0) as u32,
                proof: Proof::parse(&r.online_proof).unwrap_or_default(),
                consultation: r.consultation,
            },
            None => Rules::default(),
        },
    )
}

/// The plenary's transmission link, when the commission set one (ADR 0040).
pub async fn broadcast_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<String>> {
    Ok(plenary_rules::Entity::find_by_id(conference_id)
        .one(db)
        .await?
        .and_then(|r| r.broadcast_url))
}

/// Whether a registration owns a voting seat under the rules.
pub fn owns_seat(category: &str, seat: Option<&str>, rules: &Rules) -> bool {
    category == "delegado" && (seat != Some("suplente") || rules.suplente_votes_alone)
}

pub(crate) fn tz_of(c: &conference::Model) -> Tz {
    c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo)
}

pub(crate) fn today_of(c: &conference::Model) -> NaiveDate {
    Utc::now().with_timezone(&tz_of(c)).date_naive()
}

/// The plenary room of a conference today.
#[derive(Debug, Clone, Default)]
pub struct Room {
    pub rules: Rules,
    pub day: NaiveDate,
    /// Checked in today and not out now (any category).
    pub in_room: HashSet<Uuid>,
    /// Checked in today and out now, since when.
    pub out_since: HashMap<Uuid, DateTime<Utc>>,
    /// Delegates who vote now: in the room and holding a seat.
    pub voting: HashSet<Uuid>,
    /// Active delegate registrations (titulares and suplentes; of the looked-up ones for
    /// [`room_for`]).
    pub delegates: HashSet<Uuid>,
    /// Today's substitutions in force: seat (the titular) → the suplente holding it.
    pub substitutes: HashMap<Uuid, Uuid>,
    /// Voting seats taken by anyone on any day.
    pub credentialed: u32,
    /// Voting seats of active registrations.
    pub registered: u32,
    /// Credentialed online today and present from where they are now (answered the latest roll
    /// call, not left, their device seen within the limit), and not in the room: the room and
    /// the remote never overlap, so nobody counts twice (ADR 0040).
    pub remote: HashSet<Uuid>,
    /// Credentialed online today and not present now, with the reason.
    pub remote_absent: HashMap<Uuid, RemoteAbsence>,
}

/// Why someone credentialed online is not present now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RemoteAbsence {
    /// The table has not called the roll today.
    NoRollCall,
    /// They did not answer the latest roll call.
    NotAnswered,
    /// They left the remote plenary.
    Left,
    /// Their device gave no sign for longer than the rules allow.
    Disconnected,
}

impl RemoteAbsence {
    /// Why a vote from this person was not counted, in pt-BR.
    pub fn message(self) -> &'static str {
        match self {
            RemoteAbsence::NoRollCall => {
                "A mesa ainda não fez a chamada de hoje: quem participa a distância vota depois de responder à chamada. Este voto não foi contado"
            }
            RemoteAbsence::NotAnswered => {
                "Você não respondeu à última chamada: toque em \u{201c}Estou presente\u{201d} quando a mesa abrir a próxima. Este voto não foi contado"
            }
            RemoteAbsence::Left => {
                "Você saiu da plenária a distância: responda à próxima chamada para voltar. Este voto não foi contado"
            }
            RemoteAbsence::Disconnected => {
                "Sua conexão caiu por mais tempo do que o regimento permite: responda à próxima chamada para voltar. Este voto não foi contado"
            }
        }
    }
}

impl Room {
    pub fn base(&self) -> QuorumBase {
        QuorumBase {
            credentialed: self.credentialed,
            registered: self.registered,
        }
    }
    /// Voting delegates present now (the quorum's count).
    pub fn present(&self) -> u32 {
        self.voting.len() as u32
    }
    /// Voting delegates present in the room now.
    pub fn present_room(&self) -> u32 {
        self.voting
            .iter()
            .filter(|id| self.in_room.contains(id))
            .count() as u32
    }
    /// Voting delegates present from a distance now.
    pub fn present_remote(&self) -> u32 {
        self.voting
            .iter()
            .filter(|id| self.remote.contains(id))
            .count() as u32
    }
    /// In the room or present from a distance now (any category).
    pub fn is_present(&self, id: Uuid) -> bool {
        self.in_room.contains(&id) || self.remote.contains(&id)
    }
    pub fn quorum_min(&self) -> u32 {
        self.rules.quorum.minimum(self.base())
    }
    pub fn check_quorum(&self) -> Result<(), domain::FieldError> {
        self.rules.quorum.check(self.present(), self.base())
    }
    /// Why a delegate cannot vote now, in pt-BR (`None` when they can).
    pub fn why_not_voting(&self, registration: Uuid) -> Option<&'static str> {
        if self.voting.contains(&registration) {
            None
        } else if let Some(why) = self.remote_absent.get(&registration) {
            Some(why.message())
        } else if self.out_since.contains_key(&registration) {
            Some(
                "Você saiu da plenária: registre a volta no credenciamento para votar. Este voto não foi contado",
            )
        } else if self.is_present(registration) {
            Some(
                "Você está na plenária com voz, sem voto: o voto é de quem está com a vaga (suplente só vota no lugar de titular ausente). Este voto não foi contado",
            )
        } else {
            Some(
                "Você não foi credenciado(a) hoje: só delegados(as) presentes votam. Procure o credenciamento",
            )
        }
    }

    /// The seat a suplente holds today, if any.
    pub fn seat_held_by(&self, holder: Uuid) -> Option<Uuid> {
        self.substitutes
            .iter()
            .find(|(_, h)| **h == holder)
            .map(|(s, _)| *s)
    }
}

/// Reads the room of a conference today (a handful of id-only queries: the live boards run it on
/// every change).
pub async fn room(db: &impl ConnectionTrait, c: &conference::Model) -> store::Result<Room> {
    let rules = rules_of(db, c.id).await?;
    let day = today_of(c);
    let delegates = delegate_seats(db, c, &rules, None).await?;
    let mut checked_any: HashSet<Uuid> = HashSet::new();
    let mut checked_today: Vec<(Uuid, bool)> = Vec::new();
    for (rid, d, method) in checkin::Entity::find()
        .select_only()
        .column(checkin::Column::RegistrationId)
        .column(checkin::Column::Day)
        .column(checkin::Column::Method)
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .into_tuple::<(Uuid, NaiveDate, String)>()
        .all(db)
        .await?
    {
        checked_any.insert(rid);
        if d == day {
            checked_today.push((rid, method == ONLINE));
        }
    }
    let remote = remote_now(db, c, &rules, day, &checked_today, None).await?;
    let last_door = last_doors(db, c, day, None).await?;
    let mut substitutes = HashMap::new();
    let mut seats_taken: HashSet<Uuid> = HashSet::new();
    for (seat, holder, d, ended) in seat_hold::Entity::find()
        .select_only()
        .column(seat_hold::Column::SeatId)
        .column(seat_hold::Column::HolderId)
        .column(seat_hold::Column::Day)
        .column(seat_hold::Column::EndedAt)
        .filter(seat_hold::Column::ConferenceId.eq(c.id))
        .into_tuple::<(Uuid, Uuid, NaiveDate, Option<DateTime<Utc>>)>()
        .all(db)
        .await?
    {
        if delegates.contains_key(&seat) {
            seats_taken.insert(seat);
        }
        if d == day && ended.is_none() && seat != holder {
            substitutes.insert(seat, holder);
        }
    }
    for (id, own) in &delegates {
        if *own && checked_any.contains(id) {
            seats_taken.insert(*id);
        }
    }
    let mut room = assemble(
        rules,
        day,
        &delegates,
        checked_today,
        &last_door,
        substitutes,
        remote,
    );
    room.credentialed = seats_taken.len() as u32;
    room.registered = delegates.values().filter(|own| **own).count() as u32;
    Ok(room)
}

/// The room as it concerns some registrations only: the same `in_room`, `out_since`, `voting` and
/// `substitutes` as [`room`] restricted to `ids` (a substitution is kept when the seat or its
/// holder is one of them), read with indexed lookups instead of the whole conference. The vote
/// writer runs it inside each batch's write transaction. `credentialed` and `registered` are
/// not counted (zero): quorum questions need [`room`].
pub async fn room_for(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    ids: &[Uuid],
) -> store::Result<Room> {
    let rules = rules_of(db, c.id).await?;
    let day = today_of(c);
    if ids.is_empty() {
        return Ok(Room {
            rules,
            day,
            ..Room::default()
        });
    }
    let delegates = delegate_seats(db, c, &rules, Some(ids)).await?;
    let checked_today = checked_in_on(db, c, day, Some(ids)).await?;
    let remote = remote_now(db, c, &rules, day, &checked_today, Some(ids)).await?;
    let last_door = last_doors(db, c, day, Some(ids)).await?;
    let ids = ids.to_vec();
    let mut substitutes = HashMap::new();
    for (seat, holder) in seat_hold::Entity::find()
        .select_only()
        .column(seat_hold::Column::SeatId)
        .column(seat_hold::Column::HolderId)
        .filter(
            sea_orm::Condition::any()
                .add(seat_hold::Column::SeatId.is_in(ids.clone()))
                .add(seat_hold::Column::HolderId.is_in(ids)),
        )
        .filter(seat_hold::Column::Day.eq(day))
        .filter(seat_hold::Column::EndedAt.is_null())
        .filter(seat_hold::Column::ConferenceId.eq(c.id))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
    {
        if seat != holder {
            substitutes.insert(seat, holder);
        }
    }
    Ok(assemble(
        rules,
        day,
        &delegates,
        checked_today,
        &last_door,
        substitutes,
        remote,
    ))
}

/// The conference's active delegates (of `ids` only, when given) and whether each owns a voting
/// seat under the rules.
async fn delegate_seats(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    rules: &Rules,
    ids: Option<&[Uuid]>,
) -> store::Result<HashMap<Uuid, bool>> {
    Ok(registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::Seat)
        .apply_if(ids, |q, ids| {
            q.filter(registration::Column::Id.is_in(ids.to_vec()))
        })
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active))
        .filter(registration::Column::Category.eq("delegado"))
        .into_tuple::<(Uuid, Option<String>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, seat)| (id, owns_seat("delegado", seat.as_deref(), rules)))
        .collect())
}

/// The check-in method of online credentialing (`checkin.method`).
pub const ONLINE: &str = "online";

/// Who checked in at the conference on `day` (of `ids` only, when given), and whether online.
async fn checked_in_on(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    day: NaiveDate,
    ids: Option<&[Uuid]>,
) -> store::Result<Vec<(Uuid, bool)>> {
    Ok(checkin::Entity::find()
        .select_only()
        .column(checkin::Column::RegistrationId)
        .column(checkin::Column::Method)
        .apply_if(ids, |q, ids| {
            q.filter(checkin::Column::RegistrationId.is_in(ids.to_vec()))
        })
        .filter(checkin::Column::Day.eq(day))
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, m)| (id, m == ONLINE))
        .collect())
}

/// Remote presence now of the people credentialed online today (of `ids` only, when given):
/// present when they answered the day's latest roll call, did not leave or lapse, and their
/// device gave a sign within the rules' limit; otherwise absent with the reason.
#[derive(Debug, Clone, Default)]
pub struct RemoteNow {
    pub present: HashSet<Uuid>,
    pub absent: HashMap<Uuid, RemoteAbsence>,
}

async fn remote_now(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    rules: &Rules,
    day: NaiveDate,
    checked_today: &[(Uuid, bool)],
    ids: Option<&[Uuid]>,
) -> store::Result<RemoteNow> {
    use store::entities::{delegate_device, roll_call_answer};
    let online: Vec<Uuid> = checked_today
        .iter()
        .filter(|(_, online)| *online)
        .map(|(id, _)| *id)
        .collect();
    let mut out = RemoteNow::default();
    if online.is_empty() {
        return Ok(out);
    }
    let Some(call) = latest_roll_call(db, c.id, day).await? else {
        out.absent = online
            .into_iter()
            .map(|id| (id, RemoteAbsence::NoRollCall))
            .collect();
        return Ok(out);
    };
    let answers: HashMap<Uuid, roll_call_answer::Model> = roll_call_answer::Entity::find()
        .filter(roll_call_answer::Column::RollCallId.eq(call.id))
        .apply_if(ids, |q, ids| {
            q.filter(roll_call_answer::Column::RegistrationId.is_in(ids.to_vec()))
        })
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.registration_id, a))
        .collect();
    let mut seen: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for (rid, at) in delegate_device::Entity::find()
        .select_only()
        .column(delegate_device::Column::RegistrationId)
        .column(delegate_device::Column::LastSeenAt)
        .filter(delegate_device::Column::ConferenceId.eq(c.id))
        .filter(delegate_device::Column::Revoked.eq(false))
        .filter(delegate_device::Column::LastSeenAt.is_not_null())
        .apply_if(ids, |q, ids| {
            q.filter(delegate_device::Column::RegistrationId.is_in(ids.to_vec()))
        })
        .into_tuple::<(Uuid, Option<DateTime<Utc>>)>()
        .all(db)
        .await?
    {
        if let Some(at) = at {
            seen.insert(rid, at);
        }
    }
    let limit = Utc::now() - chrono::Duration::seconds(rules.disconnect_seconds as i64);
    for id in online {
        let why = match answers.get(&id) {
            None => Some(RemoteAbsence::NotAnswered),
            Some(a) if a.left_at.is_some() => Some(RemoteAbsence::Left),
            Some(a) if a.lapsed_at.is_some() => Some(RemoteAbsence::Disconnected),
            Some(_) if seen.get(&id).is_none_or(|at| *at < limit) => {
                Some(RemoteAbsence::Disconnected)
            }
            Some(_) => None,
        };
        match why {
            Some(w) => {
                out.absent.insert(id, w);
            }
            None => {
                out.present.insert(id);
            }
        }
    }
    Ok(out)
}

/// The latest roll call of a conference day, open or not.
pub(crate) async fn latest_roll_call(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    day: NaiveDate,
) -> store::Result<Option<store::entities::roll_call::Model>> {
    use store::entities::roll_call;
    Ok(roll_call::Entity::find()
        .filter(roll_call::Column::ConferenceId.eq(conference_id))
        .filter(roll_call::Column::Day.eq(day))
        .order_by_desc(roll_call::Column::OpenedAt)
        .one(db)
        .await?)
}

/// The last door event (kind, when) on `day` of each person (of `ids` only, when given).
async fn last_doors(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    day: NaiveDate,
    ids: Option<&[Uuid]>,
) -> store::Result<HashMap<Uuid, (String, DateTime<Utc>)>> {
    let mut last_door = HashMap::new();
    for (rid, kind, at) in door_event::Entity::find()
        .select_only()
        .column(door_event::Column::RegistrationId)
        .column(door_event::Column::Kind)
        .column(door_event::Column::At)
        .apply_if(ids, |q, ids| {
            q.filter(door_event::Column::RegistrationId.is_in(ids.to_vec()))
        })
        .filter(door_event::Column::Day.eq(day))
        .filter(door_event::Column::ConferenceId.eq(c.id))
        .order_by_asc(door_event::Column::At)
        .order_by_asc(door_event::Column::Id)
        .into_tuple::<(Uuid, String, DateTime<Utc>)>()
        .all(db)
        .await?
    {
        last_door.insert(rid, (kind, at));
    }
    Ok(last_door)
}

/// `in_room`, `remote`, `out_since` and `voting` from what was read (shared by [`room`] and
/// [`room_for`]). Someone credentialed online is in the room only after the desk records their
/// entry (a door `return`); present from a distance otherwise, by `remote`. Voting is counted
/// over the union, one member per registration: never twice.
#[allow(clippy::too_many_arguments)]
fn assemble(
    rules: Rules,
    day: NaiveDate,
    delegates: &HashMap<Uuid, bool>,
    checked_today: impl IntoIterator<Item = (Uuid, bool)>,
    last_door: &HashMap<Uuid, (String, DateTime<Utc>)>,
    substitutes: HashMap<Uuid, Uuid>,
    remote: RemoteNow,
) -> Room {
    let mut out_since = HashMap::new();
    let in_room: HashSet<Uuid> = checked_today
        .into_iter()
        .filter(|(id, online)| match last_door.get(id) {
            Some((k, at)) if k == "exit" => {
                if !online {
                    out_since.insert(*id, *at);
                }
                false
            }
            Some(_) => true,
            None => !online,
        })
        .map(|(id, _)| id)
        .collect();
    let mut remote_absent = remote.absent;
    remote_absent.retain(|id, _| !in_room.contains(id));
    let remote: HashSet<Uuid> = remote
        .present
        .into_iter()
        .filter(|id| !in_room.contains(id))
        .collect();
    let holders: HashSet<Uuid> = substitutes.values().copied().collect();
    let voting = in_room
        .iter()
        .chain(remote.iter())
        .copied()
        .filter(|id| match delegates.get(id) {
            None => false,
            Some(own) => holders.contains(id) || (*own && !substitutes.contains_key(id)),
        })
        .collect();
    Room {
        rules,
        day,
        in_room,
        out_since,
        voting,
        delegates: delegates.keys().copied().collect(),
        substitutes,
        credentialed: 0,
        registered: 0,
        remote,
        remote_absent,
    }
}

/// The settings form's values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct RulesInput {
    #[serde(default)]
    pub quorum_kind: String,
    #[serde(default)]
    pub quorum_number: String,
    #[serde(default)]
    pub suplente_votes_alone: Option<String>,
    #[serde(default)]
    pub suplente_tie: String,
    #[serde(default)]
    pub roll_call_seconds: String,
    #[serde(default)]
    pub disconnect_seconds: String,
    #[serde(default)]
    pub broadcast_url: String,
    #[serde(default)]
    pub online_proof: String,
    /// A checkbox: present when the regimento provides the consultation.
    #[serde(default)]
    pub consultation: Option<String>,
}

impl RulesInput {
    pub fn of(r: &Rules) -> Self {
        RulesInput {
            quorum_kind: r.quorum.kind().into(),
            quorum_number: r.quorum.number().map(|n| n.to_string()).unwrap_or_default(),
            suplente_votes_alone: r.suplente_votes_alone.then(|| "1".into()),
            suplente_tie: r.tie.code().into(),
            roll_call_seconds: r.roll_call_seconds.to_string(),
            disconnect_seconds: r.disconnect_seconds.to_string(),
            broadcast_url: String::new(),
            online_proof: r.proof.code().into(),
            consultation: r.consultation.then(|| "1".into()),
        }
    }
}

/// A number of seconds typed in a form: blank is the default; outside the bounds is refused with
/// `what` in the message.
pub(crate) fn seconds_field(
    inv: &mut Invalid,
    field: &str,
    typed: &str,
    (default, low, high): (u32, u32, u32),
    what: &str,
) -> u32 {
    match typed.trim() {
        "" => default,
        t => match t.parse::<u32>() {
            Ok(n) if (low..=high).contains(&n) => n,
            _ => {
                inv.push(domain::FieldError::new(
                    field,
                    format!("{what}: informe um número inteiro de segundos de {low} a {high}"),
                ));
                default
            }
        },
    }
}

/// The rules as the commission's form shows them, with the transmission link.
pub async fn rules_for_staff(db: &Db, me: Option<&Me>, slug: &str) -> Result<RulesInput, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    Ok(RulesInput {
        broadcast_url: broadcast_of(&db.conn, c.id).await?.unwrap_or_default(),
        ..RulesInput::of(&rules_of(&db.conn, c.id).await?)
    })
}

/// Saves the plenary's rules (the organizing commission, from the regimento). Refused while a vote
/// is open, so no open vote changes its base under it.
pub async fn save_rules(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &RulesInput,
) -> Result<Rules, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let quorum = QuorumRule::parse(&input.quorum_kind, &input.quorum_number)
        .map_err(|e| inv.push(e))
        .ok();
    let tie = Tie::parse(&input.suplente_tie);
    if tie.is_none() {
        inv.push(domain::FieldError::new(
            "suplente_tie",
            "Escolha no lugar de quem um(a) suplente pode entrar",
        ));
    }
    let roll_call_seconds = seconds_field(
        &mut inv,
        "roll_call_seconds",
        &input.roll_call_seconds,
        ROLL_CALL_SECONDS,
        "Duração da chamada",
    );
    let disconnect_seconds = seconds_field(
        &mut inv,
        "disconnect_seconds",
        &input.disconnect_seconds,
        DISCONNECT_SECONDS,
        "Tempo sem conexão",
    );
    // Blank is the default (forms and clients from before the choice existed).
    let proof = match input.online_proof.trim() {
        "" => Some(Proof::default()),
        typed => Proof::parse(typed),
    };
    if proof.is_none() {
        inv.push(domain::FieldError::new(
            "online_proof",
            "Escolha como quem participa a distância prova quem é",
        ));
    }
    let broadcast_url = domain::values::optional_url("broadcast_url", &input.broadcast_url)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    inv.into_result()?;
    let rules = Rules {
        quorum: quorum.unwrap_or_default(),
        suplente_votes_alone: input.suplente_votes_alone.is_some(),
        tie: tie.unwrap_or_default(),
        roll_call_seconds,
        disconnect_seconds,
        proof: proof.unwrap_or_default(),
        consultation: input.consultation.is_some(),
    };
    let tx = db.write().await?;
    if crate::plenary::voting::open_vote_of(&tx, c.id)
        .await?
        .is_some()
    {
        return Err(Invalid::one(
            "form",
            "Há uma votação aberta: encerre-a antes de mudar as regras de quórum",
        )
        .into());
    }
    plenary_rules::Entity::insert(plenary_rules::ActiveModel {
        conference_id: Set(c.id),
        quorum_rule: Set(rules.quorum.code()),
        suplente_votes_alone: Set(rules.suplente_votes_alone),
        suplente_tie: Set(rules.tie.code().into()),
        updated_at: Set(Utc::now()),
        updated_by: Set(me.map(|m| m.account.id)),
        roll_call_seconds: Set(rules.roll_call_seconds as i32),
        disconnect_seconds: Set(rules.disconnect_seconds as i32),
        broadcast_url: Set(broadcast_url),
        online_proof: Set(rules.proof.code().into()),
        consultation: Set(rules.consultation),
    })
    .on_conflict(
        OnConflict::column(plenary_rules::Column::ConferenceId)
            .update_columns([
                plenary_rules::Column::QuorumRule,
                plenary_rules::Column::SuplenteVotesAlone,
                plenary_rules::Column::SuplenteTie,
                plenary_rules::Column::UpdatedAt,
                plenary_rules::Column::UpdatedBy,
                plenary_rules::Column::RollCallSeconds,
                plenary_rules::Column::DisconnectSeconds,
                plenary_rules::Column::BroadcastUrl,
                plenary_rules::Column::OnlineProof,
                plenary_rules::Column::Consultation,
            ])
            .to_owned(),
    )
    .exec(&tx)
    .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(rules)
}

/// An absent titular a suplente may replace, for the desk's "No lugar de quem?".
#[derive(Debug, Clone, Serialize)]
pub struct AbsentTitular {
    pub code: String,
    pub display_name: String,
    pub territory: Option<String>,
    pub origin: Option<String>,
    /// Out of the room now (checked in earlier today), rather than not arrived.
    pub left: bool,
}

/// The titulares of the suplente's segment (and territory or origin, by the rules) whose seat is
/// free now: not arrived today, or out with nobody in their place. Same territory first, then by
/// name.
pub async fn absent_titulares(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    suplente: &registration::Model,
) -> store::Result<Vec<AbsentTitular>> {
    let room = room(db, c).await?;
    let checked_today: HashSet<Uuid> = checked_in_on(db, c, room.day, None)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut find = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active))
        .filter(registration::Column::Category.eq("delegado"))
        .filter(registration::Column::Seat.eq("titular"));
    find = match &suplente.segment {
        Some(s) => find.filter(registration::Column::Segment.eq(s.clone())),
        None => find.filter(registration::Column::Segment.is_null()),
    };
    let regs = find
        .order_by_asc(registration::Column::SearchKey)
        .all(db)
        .await?;
    let territories: HashMap<Uuid, String> = store::entities::territory::Entity::find()
        .filter(
            store::entities::territory::Column::Id.is_in(
                regs.iter()
                    .filter_map(|r| r.territory_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut out: Vec<(bool, AbsentTitular)> = regs
        .into_iter()
        .filter(|t| match room.rules.tie {
            Tie::Segment => true,
            Tie::Territory => t.territory_id.is_some() && t.territory_id == suplente.territory_id,
            Tie::Origin => t.origin.is_some() && t.origin == suplente.origin,
        })
        .filter(|t| !room.substitutes.contains_key(&t.id))
        .filter(|t| !room.is_present(t.id))
        .map(|t| {
            let same = t.territory_id.is_some() && t.territory_id == suplente.territory_id;
            (
                !same,
                AbsentTitular {
                    code: t.code.clone(),
                    display_name: t.display_name().to_owned(),
                    territory: t.territory_id.and_then(|id| territories.get(&id).cloned()),
                    origin: t.origin.clone(),
                    left: checked_today.contains(&t.id),
                },
            )
        })
        .collect();
    out.sort_by_key(|a| a.0);
    Ok(out.into_iter().map(|(_, t)| t).collect())
}

/// Whether a unique violation is on the open hold of a seat (`seat`) or of a holder.
pub(crate) fn hold_conflict(e: &store::Error) -> Option<&'static str> {
    if e.is_conflict_on("ux_seat_hold_seat") || e.is_conflict_on("seat_hold.seat_id") {
        Some("seat")
    } else if e.is_conflict_on("ux_seat_hold_holder") || e.is_conflict_on("seat_hold.holder_id") {
        Some("holder")
    } else {
        None
    }
}

/// The open hold of a seat today, inside a write transaction.
pub(crate) async fn open_hold_of_seat(
    tx: &impl ConnectionTrait,
    seat: Uuid,
    day: NaiveDate,
) -> store::Result<Option<seat_hold::Model>> {
    open_hold(tx, seat_hold::Column::SeatId, seat, day).await
}

/// The open hold a person has today as holder, inside a write transaction.
pub(crate) async fn open_hold_by(
    tx: &impl ConnectionTrait,
    holder: Uuid,
    day: NaiveDate,
) -> store::Result<Option<seat_hold::Model>> {
    open_hold(tx, seat_hold::Column::HolderId, holder, day).await
}

/// The open hold of a day whose `column` (the seat or the holder) is `id`.
async fn open_hold(
    tx: &impl ConnectionTrait,
    column: seat_hold::Column,
    id: Uuid,
    day: NaiveDate,
) -> store::Result<Option<seat_hold::Model>> {
    Ok(seat_hold::Entity::find()
        .filter(column.eq(id))
        .filter(seat_hold::Column::Day.eq(day))
        .filter(seat_hold::Column::EndedAt.is_null())
        .one(tx)
        .await?)
}

pub(crate) async fn end_hold(
    tx: &impl ConnectionTrait,
    id: Uuid,
    by: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> store::Result<()> {
    seat_hold::Entity::update_many()
        .col_expr(seat_hold::Column::EndedAt, Some(now).into())
        .col_expr(seat_hold::Column::EndedBy, by.into())
        .col_expr(seat_hold::Column::EndReason, Some(reason.to_owned()).into())
        .filter(seat_hold::Column::Id.eq(id))
        .exec(tx)
        .await?;
    Ok(())
}

/// Inserts an open hold. A unique violation comes back as `store::Error::Conflict` (see
/// [`hold_conflict`]).
pub(crate) async fn take_seat(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    seat: Uuid,
    holder: Uuid,
    day: NaiveDate,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> store::Result<()> {
    seat_hold::Entity::insert(seat_hold::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        day: Set(day),
        seat_id: Set(seat),
        holder_id: Set(holder),
        started_at: Set(now),
        started_by: Set(by),
        ended_at: Set(None),
        ended_by: Set(None),
        end_reason: Set(None),
    })
    .exec(tx)
    .await
    .map_err(store::Error::from_db)?;
    Ok(())
}

/// The last door event of a person today (inside a transaction).
pub(crate) async fn last_door(
    tx: &impl ConnectionTrait,
    registration: Uuid,
    day: NaiveDate,
) -> store::Result<Option<door_event::Model>> {
    Ok(door_event::Entity::find()
        .filter(door_event::Column::RegistrationId.eq(registration))
        .filter(door_event::Column::Day.eq(day))
        .order_by_desc(door_event::Column::At)
        .order_by_desc(door_event::Column::Id)
        .one(tx)
        .await?)
}

/// Records an exit or a return on the conference's day of `now`.
pub(crate) async fn door(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    registration: Uuid,
    kind: &str,
    by: Option<Uuid>,
    method: &str,
    now: DateTime<Utc>,
) -> store::Result<()> {
    door_event::Entity::insert(door_event::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(registration),
        day: Set(now.with_timezone(&tz_of(c)).date_naive()),
        kind: Set(kind.into()),
        at: Set(now),
        by_account: Set(by),
        method: Set(method.into()),
    })
    .exec(tx)
    .await?;
    Ok(())
}
