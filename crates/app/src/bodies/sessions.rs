//! At a body's meeting: the attendance per seat (the titular, or the suplente in the titular's
//! place: one seat counts once), the quorum by the body's rule, each item's outcome (voted by
//! counts or by name, seat by seat), the record of the debate and declarations, the meeting
//! recorded as held, its ata as a tagged PDF (a minuta until a later meeting approves it).
//!
//! Field names of the per-item form carry the item's id (`outcome-{item}`), so that a page with
//! one form per item ties each message to its own field.

use crate::Fail;
use crate::bodies::meetings::{Rules, rules_of, when_label};
use crate::bodies::members::{body_for_staff, is_current};
use crate::platform::auth::{Me, parse_id};
use crate::platform::pdf::typeset;
use chrono::{NaiveDate, Utc};
use domain::bodies::{Choice, MeetingKind, Outcome, Presence};
use domain::values::{Segment, optional_multiline};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{
    body, body_agenda_item, body_attendance, body_meeting, body_named_vote, body_seat,
};
use uuid::Uuid;

const HELD: &str = "held";
const CANCELLED: &str = "cancelled";

fn day_of(m: &body_meeting::Model, rules: &Rules) -> NaiveDate {
    m.starts_at.with_timezone(&rules.tz).date_naive()
}

/// The seats current on the meeting's day, in the order of the composition.
pub(crate) async fn seats_on(
    db: &impl ConnectionTrait,
    body_id: Uuid,
    day: NaiveDate,
) -> store::Result<Vec<body_seat::Model>> {
    let mut seats: Vec<body_seat::Model> = body_seat::Entity::find()
        .filter(body_seat::Column::BodyId.eq(body_id))
        .order_by_asc(body_seat::Column::Organization)
        .all(db)
        .await?
        .into_iter()
        .filter(|s| is_current(s, day))
        .collect();
    seats.sort_by_key(|s| {
        Segment::ALL
            .iter()
            .position(|k| k.code() == s.segment)
            .unwrap_or(9)
    });
    Ok(seats)
}

async fn meeting_for_staff(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
) -> Result<(body::Model, body_meeting::Model, Rules), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let m = body_meeting::Entity::find_by_id(parse_id(meeting_id)?)
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let rules = rules_of(&db.conn, b.id).await?;
    Ok((b, m, rules))
}

/// The meeting may be recorded: its day has come, it is not cancelled, not yet closed.
fn recordable(m: &body_meeting::Model, rules: &Rules) -> Result<(), Fail> {
    if m.status == CANCELLED {
        return Err(Invalid::one("form", "Esta reunião foi cancelada").into());
    }
    if m.status == HELD {
        return Err(Invalid::one(
            "form",
            "Esta reunião já foi encerrada e registrada: a ata não muda mais",
        )
        .into());
    }
    let today = Utc::now().with_timezone(&rules.tz).date_naive();
    if today < day_of(m, rules) {
        return Err(Invalid::one(
            "form",
            "A presença e os resultados se registram no dia da reunião",
        )
        .into());
    }
    Ok(())
}

/// Records who sat in each seat: `presences` holds (seat id, `domain::bodies::Presence` code)
/// for every seat current on the meeting's day. Recording again replaces it. Returns the seats
/// present.
pub async fn record_attendance(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    presences: &[(String, String)],
) -> Result<usize, Fail> {
    let (b, m, rules) = meeting_for_staff(db, me, body_id, meeting_id).await?;
    recordable(&m, &rules)?;
    let seats = seats_on(&db.conn, b.id, day_of(&m, &rules)).await?;
    if seats.is_empty() {
        return Err(Invalid::one(
            "form",
            "O órgão não tem cadeiras com mandato na data da reunião: inclua-as em Membros e mandatos",
        )
        .into());
    }
    let mut inv = Invalid::default();
    let mut chosen: Vec<(Uuid, Presence)> = Vec::new();
    for s in &seats {
        let field = format!("presenca-{}", s.id);
        let typed = presences
            .iter()
            .find(|(id, _)| *id == s.id.to_string())
            .map(|(_, p)| p.as_str())
            .unwrap_or("");
        match Presence::parse(typed) {
            Ok(Presence::Suplente) if s.suplente_name.is_none() => inv.push(FieldError::new(
                field,
                format!(
                    "{} ({}) não tem suplente: marque titular, ausência justificada ou ausente",
                    s.organization, s.titular_name
                ),
            )),
            Ok(p) => chosen.push((s.id, p)),
            Err(_) => inv.push(FieldError::new(
                field,
                format!(
                    "Marque a presença da cadeira de {} ({})",
                    s.organization, s.titular_name
                ),
            )),
        }
    }
    if presences
        .iter()
        .any(|(id, _)| !seats.iter().any(|s| s.id.to_string() == *id))
    {
        inv.push(FieldError::new(
            "form",
            "Uma das cadeiras marcadas não tem mandato na data desta reunião",
        ));
    }
    inv.into_result()?;
    let present = chosen.iter().filter(|(_, p)| p.present()).count();
    let needed = rules.quorum.needed(seats.len());
    let now = Utc::now();
    let tx = db.write().await?;
    body_attendance::Entity::delete_many()
        .filter(body_attendance::Column::MeetingId.eq(m.id))
        .exec(&tx)
        .await?;
    body_attendance::Entity::insert_many(chosen.iter().map(|(seat, p)| {
        body_attendance::ActiveModel {
            meeting_id: Set(m.id),
            seat_id: Set(*seat),
            presence: Set(p.code().into()),
            recorded_at: Set(now),
        }
    }))
    .exec(&tx)
    .await?;
    let mut row: body_meeting::ActiveModel = m.into();
    row.present_seats = Set(Some(present as i32));
    row.quorum_seats = Set(Some(needed as i32));
    row.updated_at = Set(now);
    body_meeting::Entity::update(row).exec(&tx).await?;
    tx.commit().await?;
    Ok(present)
}

/// An item's result as typed (the fields of the item's form, without the item suffix).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ItemResultInput {
    pub outcome: String,
    /// `contado` or `nominal`.
    pub mode: String,
    pub favor: String,
    pub against: String,
    pub abstain: String,
    pub record: String,
    /// (seat id, `domain::bodies::Choice` code) of a named vote.
    pub named: Vec<(String, String)>,
}

fn count(field: String, label: &str, typed: &str, inv: &mut Invalid) -> Option<i32> {
    let t = typed.trim();
    if t.is_empty() {
        return Some(0);
    }
    match t.parse::<i32>() {
        Ok(n) if n >= 0 => Some(n),
        _ => {
            inv.push(FieldError::new(
                field,
                format!("{label}: um número inteiro, 0 ou mais"),
            ));
            None
        }
    }
}

/// Records what became of item `item_id`: for an item for deliberation, approved or rejected by
/// counted votes (no more votes than seats present, the outcome agreeing with the counts) or by
/// a named vote (every seat present, and only those), or withdrawn or postponed; an item for
/// information is "informado". Needs the attendance, and the quorum to deliberate.
pub async fn record_item(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    item_id: &str,
    i: &ItemResultInput,
) -> Result<(), Fail> {
    let (b, m, rules) = meeting_for_staff(db, me, body_id, meeting_id).await?;
    recordable(&m, &rules)?;
    let item = body_agenda_item::Entity::find_by_id(parse_id(item_id)?)
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let f = |name: &str| format!("{name}-{}", item.id);
    let attendance = body_attendance::Entity::find()
        .filter(body_attendance::Column::MeetingId.eq(m.id))
        .all(&db.conn)
        .await?;
    if attendance.is_empty() {
        return Err(
            Invalid::one(&f("outcome"), "Registre primeiro a presença das cadeiras").into(),
        );
    }
    let present: Vec<Uuid> = attendance
        .iter()
        .filter(|a| Presence::parse(&a.presence).is_ok_and(|p| p.present()))
        .map(|a| a.seat_id)
        .collect();
    let mut inv = Invalid::default();
    let record = optional_multiline(&f("record"), "O registro do debate", &i.record, 4000)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let outcome = match Outcome::parse(&i.outcome) {
        Ok(o) => Some(o),
        Err(_) => {
            inv.push(FieldError::new(f("outcome"), "Escolha o resultado do item"));
            None
        }
    };
    let mut votes: Option<(String, i32, i32, i32)> = None;
    let mut named: Vec<(Uuid, Choice)> = Vec::new();
    match outcome {
        Some(Outcome::Informed) if item.deliberative => inv.push(FieldError::new(
            f("outcome"),
            "Este item é para deliberação: aprovado, rejeitado, retirado ou adiado",
        )),
        Some(Outcome::Approved | Outcome::Rejected | Outcome::Withdrawn | Outcome::Postponed)
            if !item.deliberative =>
        {
            inv.push(FieldError::new(
                f("outcome"),
                "Este item é um informe: registre-o como informe apresentado",
            ))
        }
        Some(o @ (Outcome::Approved | Outcome::Rejected)) => {
            let needed = m.quorum_seats.unwrap_or(0) as usize;
            if present.len() < needed {
                inv.push(FieldError::new(
                    f("outcome"),
                    format!(
                        "Sem quórum ({} de {needed} cadeiras presentes), o plenário não delibera: retire ou adie o item",
                        present.len()
                    ),
                ));
            }
            let (fv, ag, ab) = match i.mode.trim() {
                "nominal" => {
                    for (seat, choice) in &i.named {
                        let Ok(seat) = Uuid::parse_str(seat) else {
                            continue;
                        };
                        if !present.contains(&seat) {
                            inv.push(FieldError::new(f("mode"), "Só as cadeiras presentes votam"));
                            continue;
                        }
                        // A choice not in the list counts as missing (named below).
                        if let Ok(c) = Choice::parse(choice) {
                            named.push((seat, c));
                        }
                    }
                    let missing = present
                        .iter()
                        .filter(|s| !named.iter().any(|(n, _)| n == *s))
                        .count();
                    if missing > 0 {
                        inv.push(FieldError::new(
                            f("mode"),
                            format!(
                                "Na votação nominal, marque o voto de cada cadeira presente: faltam {missing}"
                            ),
                        ));
                    }
                    let by = |c: Choice| named.iter().filter(|(_, x)| *x == c).count() as i32;
                    (
                        Some(by(Choice::Favor)),
                        Some(by(Choice::Against)),
                        Some(by(Choice::Abstain)),
                    )
                }
                "contado" => (
                    count(f("favor"), "Votos a favor", &i.favor, &mut inv),
                    count(f("against"), "Votos contra", &i.against, &mut inv),
                    count(f("abstain"), "Abstenções", &i.abstain, &mut inv),
                ),
                _ => {
                    inv.push(FieldError::new(
                        f("mode"),
                        "Escolha como foi a votação: contada ou nominal",
                    ));
                    (None, None, None)
                }
            };
            if let (Some(fv), Some(ag), Some(ab)) = (fv, ag, ab) {
                if (fv + ag + ab) as usize > present.len() {
                    inv.push(FieldError::new(
                        f("favor"),
                        format!(
                            "São {} votos para {} cadeiras presentes: cada cadeira vota uma vez",
                            fv + ag + ab,
                            present.len()
                        ),
                    ));
                } else if o == Outcome::Approved && fv <= ag {
                    inv.push(FieldError::new(
                        f("outcome"),
                        format!("Com {fv} a favor e {ag} contra, o item não foi aprovado"),
                    ));
                } else if o == Outcome::Rejected && fv > ag {
                    inv.push(FieldError::new(
                        f("outcome"),
                        format!("Com {fv} a favor e {ag} contra, o item foi aprovado"),
                    ));
                }
                votes = Some((i.mode.trim().to_owned(), fv, ag, ab));
            }
        }
        _ => {}
    }
    inv.into_result()?;
    let tx = db.write().await?;
    body_named_vote::Entity::delete_many()
        .filter(body_named_vote::Column::ItemId.eq(item.id))
        .exec(&tx)
        .await?;
    if !named.is_empty() {
        body_named_vote::Entity::insert_many(named.iter().map(|(seat, c)| {
            body_named_vote::ActiveModel {
                item_id: Set(item.id),
                seat_id: Set(*seat),
                choice: Set(c.code().into()),
            }
        }))
        .exec(&tx)
        .await?;
    }
    let mut row: body_agenda_item::ActiveModel = item.into();
    row.outcome = Set(outcome.map(|o| o.code().to_owned()));
    row.vote_mode = Set(votes.as_ref().map(|v| v.0.clone()));
    row.votes_favor = Set(votes.as_ref().map(|v| v.1));
    row.votes_against = Set(votes.as_ref().map(|v| v.2));
    row.votes_abstain = Set(votes.as_ref().map(|v| v.3));
    row.record = Set(record);
    body_agenda_item::Entity::update(row).exec(&tx).await?;
    tx.commit().await?;
    tracing::info!(body = %b.id, meeting = %m.id, "body item recorded");
    Ok(())
}

/// Closing the meeting.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct CloseInput {
    /// Opening, declarations, closing: the ata's own text.
    pub record: String,
}

/// Records the meeting as held: needs the attendance and every item's outcome. Its ata is then
/// public, as a minuta until a later meeting approves it.
pub async fn close(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    i: &CloseInput,
) -> Result<(), Fail> {
    let (_, m, rules) = meeting_for_staff(db, me, body_id, meeting_id).await?;
    recordable(&m, &rules)?;
    let record = optional_multiline("record", "O registro da reunião", &i.record, 20_000)?;
    if m.present_seats.is_none() {
        return Err(
            Invalid::one("form", "Registre a presença das cadeiras antes de encerrar").into(),
        );
    }
    let items = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .order_by_asc(body_agenda_item::Column::Position)
        .all(&db.conn)
        .await?;
    let open: Vec<String> = items
        .iter()
        .filter(|it| it.outcome.is_none())
        .map(|it| format!("{}. {}", it.position, it.title))
        .collect();
    if !open.is_empty() {
        return Err(Invalid::one(
            "form",
            format!(
                "Registre o resultado de cada item da pauta antes de encerrar: falta {}",
                open.join("; ")
            ),
        )
        .into());
    }
    let now = Utc::now();
    let tx = db.write().await?;
    let r = body_meeting::Entity::update_many()
        .col_expr(
            body_meeting::Column::Status,
            sea_orm::sea_query::Expr::value(HELD),
        )
        .col_expr(
            body_meeting::Column::HeldAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .col_expr(
            body_meeting::Column::Record,
            sea_orm::sea_query::Expr::value(record),
        )
        .col_expr(
            body_meeting::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(body_meeting::Column::Id.eq(m.id))
        .filter(body_meeting::Column::Status.eq("scheduled"))
        .exec(&tx)
        .await?;
    if r.rows_affected != 1 {
        return Err(Invalid::one("form", "Esta reunião já foi encerrada e registrada").into());
    }
    tx.commit().await?;
    Ok(())
}

/// Approves, at meeting `meeting_id`, the ata of the earlier held meeting `minutes_of`. The
/// approving meeting needs its attendance with quorum.
pub async fn approve_minutes(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    minutes_of: &str,
) -> Result<(), Fail> {
    let (b, m, _) = meeting_for_staff(db, me, body_id, meeting_id).await?;
    if m.status == CANCELLED {
        return Err(Invalid::one("form", "Esta reunião foi cancelada").into());
    }
    let earlier = body_meeting::Entity::find_by_id(parse_id(minutes_of)?)
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    if earlier.status != HELD || earlier.starts_at >= m.starts_at {
        return Err(Invalid::one(
            "form",
            "Só a ata de uma reunião anterior, já encerrada, é aprovada nesta reunião",
        )
        .into());
    }
    match (m.present_seats, m.quorum_seats) {
        (Some(p), Some(q)) if p >= q => {}
        _ => {
            return Err(Invalid::one(
                "form",
                "A ata é aprovada por uma reunião com quórum: registre antes a presença",
            )
            .into());
        }
    }
    let now = Utc::now();
    let r = body_meeting::Entity::update_many()
        .col_expr(
            body_meeting::Column::MinutesApprovedAt,
            sea_orm::sea_query::Expr::value(Some(now)),
        )
        .col_expr(
            body_meeting::Column::MinutesApprovedIn,
            sea_orm::sea_query::Expr::value(Some(m.id)),
        )
        .filter(body_meeting::Column::Id.eq(earlier.id))
        .filter(body_meeting::Column::MinutesApprovedAt.is_null())
        .exec(&db.conn)
        .await?;
    if r.rows_affected != 1 {
        return Err(Invalid::one("form", "Esta ata já foi aprovada").into());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Views

/// A seat at the meeting.
#[derive(Debug, Clone, Serialize)]
pub struct SeatAt {
    pub seat_id: String,
    /// The form field of its presence (`presenca-{seat}`).
    pub field: String,
    pub segment_label: &'static str,
    pub organization: String,
    pub titular: String,
    pub suplente: Option<String>,
    /// The presence code recorded (empty: not yet).
    pub presence: String,
    /// "Helena Martins (titular)", "Rodrigo Alves (suplente, no lugar de Helena Martins)".
    pub who: Option<String>,
}

/// An item's result as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ItemResult {
    pub id: String,
    pub position: i32,
    pub title: String,
    pub deliberative: bool,
    pub outcome: String,
    /// "Aprovado por 9 votos a favor, 2 contra e 1 abstenção (votação nominal)".
    pub summary: Option<String>,
    /// (seat, choice label) of a named vote.
    pub named: Vec<(String, &'static str)>,
    /// Recorded choice per seat (seat id → code), for the form.
    pub choices: HashMap<String, String>,
    pub mode: String,
    pub favor: String,
    pub against: String,
    pub abstain: String,
    pub record: Option<String>,
}

impl ItemResult {
    /// The recorded choice of `seat` in this item's named vote (empty: none).
    pub fn choice(&self, seat: &str) -> &str {
        self.choices.get(seat).map(String::as_str).unwrap_or("")
    }
}

impl SeatAt {
    /// The seat is present (whoever sat in it).
    pub fn present(&self) -> bool {
        Presence::parse(&self.presence).is_ok_and(|p| p.present())
    }
}

/// An earlier held meeting whose ata is still to approve.
#[derive(Debug, Clone, Serialize)]
pub struct PendingMinutes {
    pub id: String,
    pub label: String,
}

/// The meeting as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct Session {
    /// Its day has come, it is not cancelled nor closed: the forms show.
    pub recordable: bool,
    pub held: bool,
    pub seats: Vec<SeatAt>,
    pub attendance_recorded: bool,
    pub present: usize,
    pub seats_total: usize,
    pub needed: usize,
    pub quorum_label: &'static str,
    pub items: Vec<ItemResult>,
    pub record: Option<String>,
    /// "Minuta: a aprovar na próxima reunião" or "Aprovada na reunião de 12/01/2027".
    pub minutes_status: Option<String>,
    pub pending_minutes: Vec<PendingMinutes>,
}

fn summary_of(it: &body_agenda_item::Model) -> Option<String> {
    let o = Outcome::parse(it.outcome.as_deref()?).ok()?;
    let votes = match (it.votes_favor, it.votes_against, it.votes_abstain) {
        (Some(f), Some(a), Some(ab)) => format!(
            " por {f} voto(s) a favor, {a} contra e {ab} abstenção(ões){}",
            if it.vote_mode.as_deref() == Some("nominal") {
                " (votação nominal)"
            } else {
                ""
            }
        ),
        _ => String::new(),
    };
    Some(format!("{}{votes}", o.label()))
}

/// The meeting `m` of body `b` as recorded.
pub(crate) async fn session_of(
    db: &impl ConnectionTrait,
    b: &body::Model,
    m: &body_meeting::Model,
    rules: &Rules,
) -> store::Result<Session> {
    let seats = seats_on(db, b.id, day_of(m, rules)).await?;
    let attendance = body_attendance::Entity::find()
        .filter(body_attendance::Column::MeetingId.eq(m.id))
        .all(db)
        .await?;
    let presence_of = |seat: Uuid| {
        attendance
            .iter()
            .find(|a| a.seat_id == seat)
            .map(|a| a.presence.clone())
            .unwrap_or_default()
    };
    // Seats recorded at the meeting but no longer current (ended since) still show.
    let mut all_seats = seats.clone();
    for a in &attendance {
        if !all_seats.iter().any(|s| s.id == a.seat_id)
            && let Some(s) = body_seat::Entity::find_by_id(a.seat_id).one(db).await?
        {
            all_seats.push(s);
        }
    }
    let seat_views: Vec<SeatAt> = all_seats
        .iter()
        .map(|s| {
            let presence = presence_of(s.id);
            let who = match Presence::parse(&presence) {
                Ok(Presence::Titular) => Some(format!("{} (titular)", s.titular_name)),
                Ok(Presence::Suplente) => Some(format!(
                    "{} (suplente, no lugar de {})",
                    s.suplente_name.clone().unwrap_or_default(),
                    s.titular_name
                )),
                _ => None,
            };
            SeatAt {
                seat_id: s.id.to_string(),
                field: format!("presenca-{}", s.id),
                segment_label: Segment::parse(&s.segment).map(|k| k.label()).unwrap_or(""),
                organization: s.organization.clone(),
                titular: s.titular_name.clone(),
                suplente: s.suplente_name.clone(),
                presence,
                who,
            }
        })
        .collect();
    let items = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .order_by_asc(body_agenda_item::Column::Position)
        .all(db)
        .await?;
    let named = body_named_vote::Entity::find()
        .filter(body_named_vote::Column::ItemId.is_in(items.iter().map(|i| i.id)))
        .all(db)
        .await?;
    let seat_name = |id: Uuid| {
        seat_views
            .iter()
            .find(|s| s.seat_id == id.to_string())
            .map(|s| s.who.clone().unwrap_or_else(|| s.titular.clone()))
            .unwrap_or_default()
    };
    let n = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
    let item_views = items
        .iter()
        .map(|it| ItemResult {
            id: it.id.to_string(),
            position: it.position,
            title: it.title.clone(),
            deliberative: it.deliberative,
            outcome: it.outcome.clone().unwrap_or_default(),
            summary: summary_of(it),
            named: named
                .iter()
                .filter(|v| v.item_id == it.id)
                .map(|v| {
                    (
                        seat_name(v.seat_id),
                        Choice::parse(&v.choice).map(|c| c.label()).unwrap_or(""),
                    )
                })
                .collect(),
            choices: named
                .iter()
                .filter(|v| v.item_id == it.id)
                .map(|v| (v.seat_id.to_string(), v.choice.clone()))
                .collect(),
            mode: it.vote_mode.clone().unwrap_or_default(),
            favor: n(it.votes_favor),
            against: n(it.votes_against),
            abstain: n(it.votes_abstain),
            record: it.record.clone(),
        })
        .collect();
    let today = Utc::now().with_timezone(&rules.tz).date_naive();
    let minutes_status = if m.status == HELD {
        Some(match m.minutes_approved_in {
            Some(by) => {
                let when = body_meeting::Entity::find_by_id(by)
                    .one(db)
                    .await?
                    .map(|x| {
                        x.starts_at
                            .with_timezone(&rules.tz)
                            .format("%d/%m/%Y")
                            .to_string()
                    })
                    .unwrap_or_default();
                format!("Ata aprovada na reunião de {when}")
            }
            None => "Minuta da ata: a aprovar na próxima reunião".to_owned(),
        })
    } else {
        None
    };
    let pending = body_meeting::Entity::find()
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .filter(body_meeting::Column::Status.eq(HELD))
        .filter(body_meeting::Column::MinutesApprovedAt.is_null())
        .filter(body_meeting::Column::StartsAt.lt(m.starts_at))
        .order_by_asc(body_meeting::Column::StartsAt)
        .all(db)
        .await?;
    Ok(Session {
        recordable: m.status != HELD && m.status != CANCELLED && today >= day_of(m, rules),
        held: m.status == HELD,
        attendance_recorded: !attendance.is_empty(),
        present: attendance
            .iter()
            .filter(|a| Presence::parse(&a.presence).is_ok_and(|p| p.present()))
            .count(),
        seats_total: m
            .quorum_seats
            .map(|_| attendance.len())
            .unwrap_or(seats.len()),
        needed: m
            .quorum_seats
            .map(|q| q as usize)
            .unwrap_or_else(|| rules.quorum.needed(seats.len())),
        quorum_label: rules.quorum.label(),
        seats: seat_views,
        items: item_views,
        record: m.record.clone(),
        minutes_status,
        pending_minutes: pending
            .iter()
            .map(|p| PendingMinutes {
                id: p.id.to_string(),
                label: format!(
                    "{} de {}",
                    MeetingKind::from_code(&p.kind).label(),
                    when_label(p.starts_at, rules.tz)
                ),
            })
            .collect(),
    })
}

/// The ata of a held meeting as a tagged PDF (public): its file name and bytes.
pub async fn minutes_pdf(
    db: &Db,
    body_id: &str,
    meeting_id: &str,
) -> Result<(String, Vec<u8>), Fail> {
    let b = body::Entity::find_by_id(parse_id(body_id)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let m = body_meeting::Entity::find_by_id(parse_id(meeting_id)?)
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    if m.status != HELD {
        return Err(Fail::NotFound);
    }
    let rules = rules_of(&db.conn, b.id).await?;
    let s = session_of(&db.conn, &b, &m, &rules).await?;
    let kind = MeetingKind::from_code(&m.kind).label();
    let when = when_label(m.starts_at, rules.tz);
    let mut paras: Vec<serde_json::Value> = Vec::new();
    let mut push = |text: String, size: u32, bold: bool, level: u32| {
        paras.push(serde_json::json!({ "text": text, "size": size, "bold": bold, "level": level }));
    };
    push(
        format!("Ata da {} de {}", kind.to_lowercase(), b.name),
        16,
        true,
        1,
    );
    push(s.minutes_status.clone().unwrap_or_default(), 10, true, 0);
    let place = [m.place.clone(), m.online_url.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
    push(
        format!(
            "Em {when}{}, reuniu-se {}. Presentes {} das {} cadeiras; quórum exigido: {} ({}).",
            if place.is_empty() {
                String::new()
            } else {
                format!(", em {place}")
            },
            b.name,
            s.present,
            s.seats_total,
            s.needed,
            s.quorum_label.to_lowercase()
        ),
        11,
        false,
        0,
    );
    push("Presenças".into(), 13, true, 2);
    for seat in &s.seats {
        let line = match (&seat.who, Presence::parse(&seat.presence)) {
            (Some(w), _) => format!("{}: {w}", seat.organization),
            (None, Ok(Presence::Justified)) => {
                format!("{}: ausência justificada", seat.organization)
            }
            _ => format!("{}: ausente", seat.organization),
        };
        push(line, 10, false, 0);
    }
    push("Pauta e deliberações".into(), 13, true, 2);
    for it in &s.items {
        push(format!("{}. {}", it.position, it.title), 11, true, 3);
        if let Some(sm) = &it.summary {
            push(format!("{sm}."), 11, false, 0);
        }
        for (who, choice) in &it.named {
            push(format!("{who}: {choice}"), 10, false, 0);
        }
        if let Some(r) = &it.record {
            push(r.clone(), 11, false, 0);
        }
    }
    if let Some(r) = &s.record {
        push("Registro da reunião".into(), 13, true, 2);
        push(r.clone(), 11, false, 0);
    }
    let data = serde_json::json!({
        "title": format!("Ata: {} de {when}", kind),
        "author": b.name,
        "paragraphs": paras,
    });
    let (pdf, _) = typeset(reports::Template::Paragraphs, data, Vec::new()).await?;
    let name = format!(
        "ata-{}.pdf",
        m.starts_at.with_timezone(&rules.tz).format("%Y-%m-%d")
    );
    Ok((name, pdf))
}

/// The session of a meeting for its page (staff or public).
pub async fn session(db: &Db, body_id: &str, meeting_id: &str) -> Result<Session, Fail> {
    let b = body::Entity::find_by_id(parse_id(body_id)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let m = body_meeting::Entity::find_by_id(parse_id(meeting_id)?)
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let rules = rules_of(&db.conn, b.id).await?;
    Ok(session_of(&db.conn, &b, &m, &rules).await?)
}
