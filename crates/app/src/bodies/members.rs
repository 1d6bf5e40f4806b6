//! A body's members: its seats (cadeiras), each with a titular and a suplente, the segment, the
//! organization represented, the mandate and the act that appointed them. The secretariat keeps
//! them (`Action::ManageBody`); the composition is public (names, organizations, mandates, acts:
//! what the Diário Oficial publishes), e-mails are not. A seat whose mandate ended, or that was
//! ended early (a replacement, a resignation), is history: kept and shown as such.

use crate::Fail;
use crate::platform::auth::{Me, allow, parse_id};
use chrono::{NaiveDate, Utc};
use domain::calendar::parse_date;
use domain::policy::Action;
use domain::values::{Email, Segment, optional, required};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{body, body_seat, federative_entity, region, region_member};
use uuid::Uuid;

/// The longest mandate accepted: councils' mandates are of two years, some of three or four.
pub const MAX_MANDATE_YEARS: i32 = 4;

/// A seat as typed in the secretariat's form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SeatInput {
    pub segment: String,
    pub organization: String,
    pub titular_name: String,
    pub titular_email: String,
    pub suplente_name: String,
    pub suplente_email: String,
    pub mandate_start: String,
    pub mandate_end: String,
    pub act: String,
    /// A technical chamber's seat: the member municipality (its `federative_entity` id).
    pub municipality: String,
}

/// Ending a seat before its mandate's end.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EndInput {
    pub ended_on: String,
    pub reason: String,
}

/// The body `id`, for someone who keeps its records.
pub async fn body_for_staff(db: &Db, me: Option<&Me>, id: &str) -> Result<body::Model, Fail> {
    let id = parse_id(id)?;
    // Who may not keep it learns nothing about whether it exists.
    allow(me, Action::ManageBody(id.into()))?;
    body::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

fn email_field(field: &str, label: &str, typed: &str, inv: &mut Invalid) -> Option<String> {
    let t = typed.trim();
    if t.is_empty() {
        return None;
    }
    match Email::parse(t) {
        Ok(e) => Some(e.as_str().to_owned()),
        Err(_) => {
            inv.push(FieldError::new(
                field,
                format!("{label}: e-mail inválido, como nome@exemplo.org"),
            ));
            None
        }
    }
}

/// A checked seat, or every problem of the form.
struct Checked {
    entity: Option<Uuid>,
    segment: Segment,
    organization: String,
    titular_name: String,
    titular_email: Option<String>,
    suplente_name: Option<String>,
    suplente_email: Option<String>,
    start: NaiveDate,
    end: NaiveDate,
    act: String,
}

fn check(i: &SeatInput, members: Option<&[Municipality]>) -> Result<Checked, Invalid> {
    let mut inv = Invalid::default();
    // A technical chamber's members are the municipal managers: the government's segment, the
    // municipality named, its secretariat by default.
    let municipality = members.map(|ms| {
        let m = Uuid::parse_str(i.municipality.trim())
            .ok()
            .and_then(|id| ms.iter().find(|m| m.id == id));
        if m.is_none() {
            inv.push(FieldError::new(
                "municipality",
                "Escolha o município do consórcio que a cadeira representa",
            ));
        }
        m
    });
    let mut i = i.clone();
    if let Some(m) = municipality {
        i.segment = Segment::Government.code().into();
        if i.organization.trim().is_empty()
            && let Some(m) = m
        {
            i.organization = format!("Secretaria Municipal de Assistência Social de {}", m.name);
        }
    }
    let i = &i;
    let segment = Segment::parse(&i.segment)
        .map_err(|_| {
            inv.push(FieldError::new(
                "segment",
                "Escolha o segmento: governo, usuários(as), trabalhadores(as) ou entidades",
            ))
        })
        .ok();
    let organization = required(
        "organization",
        "o órgão ou a organização representada",
        &i.organization,
        160,
    )
    .map_err(|e| inv.push(e))
    .ok();
    let titular_name = required("titular_name", "o nome do(a) titular", &i.titular_name, 120)
        .map_err(|e| inv.push(e))
        .ok();
    let suplente_name = optional(
        "suplente_name",
        "O nome do(a) suplente",
        &i.suplente_name,
        120,
    )
    .map_err(|e| inv.push(e))
    .ok()
    .flatten();
    let titular_email = email_field(
        "titular_email",
        "E-mail do(a) titular",
        &i.titular_email,
        &mut inv,
    );
    let suplente_email = email_field(
        "suplente_email",
        "E-mail do(a) suplente",
        &i.suplente_email,
        &mut inv,
    );
    if suplente_email.is_some() && suplente_name.is_none() {
        inv.push(FieldError::new(
            "suplente_name",
            "Informe o nome do(a) suplente do e-mail informado",
        ));
    }
    let start = parse_date("mandate_start", "o início do mandato", &i.mandate_start)
        .map_err(|e| inv.push(e))
        .ok();
    let end = parse_date("mandate_end", "o fim do mandato", &i.mandate_end)
        .map_err(|e| inv.push(e))
        .ok();
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            inv.push(FieldError::new(
                "mandate_end",
                "O fim do mandato deve ser depois do início",
            ));
        } else if s
            .checked_add_months(chrono::Months::new(12 * MAX_MANDATE_YEARS as u32))
            .is_some_and(|limit| e > limit)
        {
            inv.push(FieldError::new(
                "mandate_end",
                format!("Um mandato dura no máximo {MAX_MANDATE_YEARS} anos: confira as datas"),
            ));
        }
    }
    let act = required(
        "act",
        "o ato de nomeação (por exemplo, Decreto nº 1.234/2025)",
        &i.act,
        200,
    )
    .map_err(|e| inv.push(e))
    .ok();
    inv.into_result()?;
    Ok(Checked {
        entity: municipality.flatten().map(|m| m.id),
        segment: segment.expect("checked"),
        organization: organization.expect("checked"),
        titular_name: titular_name.expect("checked"),
        titular_email,
        suplente_name,
        suplente_email,
        start: start.expect("checked"),
        end: end.expect("checked"),
        act: act.expect("checked"),
    })
}

/// Adds a seat to body `body_id`.
pub async fn add_seat(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    i: &SeatInput,
) -> Result<Uuid, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let members = chamber_members(db, &b).await?;
    let k = check(i, members.as_deref())?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    let tx = db.write().await?;
    if let Some(e) = k.entity {
        // One manager's seat per municipality at a time.
        let taken = body_seat::Entity::find()
            .filter(body_seat::Column::BodyId.eq(b.id))
            .filter(body_seat::Column::EntityId.eq(e))
            .filter(body_seat::Column::EndedOn.is_null())
            .filter(body_seat::Column::MandateEnd.gte(k.start))
            .filter(body_seat::Column::MandateStart.lte(k.end))
            .one(&tx)
            .await?;
        if let Some(t) = taken {
            return Err(Invalid::one(
                "municipality",
                format!(
                    "Este município já tem cadeira na câmara nesse período ({}, mandato de {} a {}): encerre aquele mandato antes",
                    t.titular_name,
                    dmy(t.mandate_start),
                    dmy(t.mandate_end)
                ),
            )
            .into());
        }
    }
    body_seat::Entity::insert(body_seat::ActiveModel {
        id: Set(id),
        body_id: Set(b.id),
        segment: Set(k.segment.code().into()),
        organization: Set(k.organization),
        titular_name: Set(k.titular_name),
        titular_email: Set(k.titular_email),
        suplente_name: Set(k.suplente_name),
        suplente_email: Set(k.suplente_email),
        mandate_start: Set(k.start),
        mandate_end: Set(k.end),
        act: Set(k.act),
        ended_on: Set(None),
        end_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        entity_id: Set(k.entity),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(body = %b.id, seat = %id, "body seat added");
    Ok(id)
}

/// Ends seat `seat_id` of body `body_id` before its mandate's end: the seat becomes history.
pub async fn end_seat(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    seat_id: &str,
    i: &EndInput,
) -> Result<(), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let seat_id = parse_id(seat_id)?;
    let mut inv = Invalid::default();
    let on = parse_date("ended_on", "a data do fim", &i.ended_on)
        .map_err(|e| inv.push(e))
        .ok();
    let reason = required(
        "reason",
        "o motivo (por exemplo, substituição pela entidade, renúncia)",
        &i.reason,
        200,
    )
    .map_err(|e| inv.push(e))
    .ok();
    let tx = db.write().await?;
    let s = body_seat::Entity::find_by_id(seat_id)
        .filter(body_seat::Column::BodyId.eq(b.id))
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if s.ended_on.is_some() {
        return Err(Invalid::one("form", "Este mandato já foi encerrado").into());
    }
    if let Some(d) = on
        && (d < s.mandate_start || d > s.mandate_end)
    {
        inv.push(FieldError::new(
            "ended_on",
            format!(
                "O fim deve estar dentro do mandato, de {} a {}",
                s.mandate_start.format("%d/%m/%Y"),
                s.mandate_end.format("%d/%m/%Y")
            ),
        ));
    }
    inv.into_result()?;
    let mut row: body_seat::ActiveModel = s.into();
    row.ended_on = Set(on);
    row.end_reason = Set(reason);
    row.updated_at = Set(Utc::now());
    body_seat::Entity::update(row).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// One seat as the pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct SeatView {
    pub id: String,
    pub segment_label: &'static str,
    /// A technical chamber's seat: "Itaúna".
    pub municipality: Option<String>,
    pub organization: String,
    pub titular: String,
    pub suplente: Option<String>,
    /// Only for the secretariat.
    pub titular_email: Option<String>,
    pub suplente_email: Option<String>,
    /// "01/03/2025 a 28/02/2027".
    pub mandate: String,
    pub act: String,
    /// History: "encerrado em 10/05/2026: renúncia", or "mandato concluído".
    pub ended: Option<String>,
}

/// The seats of one segment.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentSeats {
    pub code: &'static str,
    pub label: &'static str,
    pub seats: Vec<SeatView>,
}

/// A body's composition today, with the history.
#[derive(Debug, Clone, Serialize)]
pub struct Composition {
    pub id: String,
    pub name: String,
    pub acronym: String,
    pub current: Vec<SegmentSeats>,
    pub current_total: usize,
    /// Seats of the government and of the civil society (users, workers, entities) today.
    pub government: usize,
    pub civil_society: usize,
    pub history: Vec<SeatView>,
    /// The secretariat's view (e-mails, the forms).
    pub staff: bool,
    /// A technical chamber: its consortium and member municipalities.
    pub chamber: Option<Chamber>,
}

/// A member municipality of a consortium.
#[derive(Debug, Clone, Serialize)]
pub struct Municipality {
    #[serde(skip)]
    pub id: Uuid,
    pub id_text: String,
    pub name: String,
    /// Its council on this platform, if it has one.
    #[serde(skip)]
    pub council: Option<Uuid>,
}

/// A technical chamber's consortium as its pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct Chamber {
    pub region: String,
    pub members: Vec<Municipality>,
    /// Member municipalities with a current manager's seat.
    pub seated: usize,
    /// Members without one, by name.
    pub unseated: Vec<String>,
}

/// The member municipalities of region `region_id` (by name), each with its council (CMAS) here.
pub async fn region_municipalities(db: &Db, region_id: Uuid) -> Result<Vec<Municipality>, Fail> {
    let ids: Vec<Uuid> = region_member::Entity::find()
        .filter(region_member::Column::RegionId.eq(region_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| m.entity_id)
        .collect();
    let ents = federative_entity::Entity::find()
        .filter(federative_entity::Column::Id.is_in(ids.clone()))
        .order_by_asc(federative_entity::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let councils = body::Entity::find()
        .filter(body::Column::Kind.eq("cmas"))
        .filter(body::Column::EntityId.is_in(ids))
        .all(&db.conn)
        .await?;
    Ok(ents
        .into_iter()
        .map(|e| Municipality {
            id: e.id,
            id_text: e.id.to_string(),
            council: councils
                .iter()
                .find(|c| c.entity_id == Some(e.id))
                .map(|c| c.id),
            name: e.name,
        })
        .collect())
}

/// For a technical chamber (a body with a region), the consortium's municipalities; `None` for
/// any other body.
pub async fn chamber_members(db: &Db, b: &body::Model) -> Result<Option<Vec<Municipality>>, Fail> {
    match (b.kind.as_str(), b.region_id) {
        ("camara_tecnica", Some(r)) => Ok(Some(region_municipalities(db, r).await?)),
        _ => Ok(None),
    }
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn view(s: &body_seat::Model, staff: bool, today: NaiveDate, names: &[Municipality]) -> SeatView {
    let ended = match (&s.ended_on, &s.end_reason) {
        (Some(d), r) => Some(format!(
            "encerrado em {}{}",
            dmy(*d),
            r.as_deref().map(|r| format!(": {r}")).unwrap_or_default()
        )),
        (None, _) if s.mandate_end < today => Some("mandato concluído".into()),
        _ => None,
    };
    SeatView {
        id: s.id.to_string(),
        segment_label: Segment::parse(&s.segment).map(|k| k.label()).unwrap_or(""),
        municipality: s
            .entity_id
            .and_then(|e| names.iter().find(|m| m.id == e))
            .map(|m| m.name.clone()),
        organization: s.organization.clone(),
        titular: s.titular_name.clone(),
        suplente: s.suplente_name.clone(),
        titular_email: s.titular_email.clone().filter(|_| staff),
        suplente_email: s.suplente_email.clone().filter(|_| staff),
        mandate: format!("{} a {}", dmy(s.mandate_start), dmy(s.mandate_end)),
        act: s.act.clone(),
        ended,
    }
}

/// Whether seat `s` is current on `today` (started, not ended, mandate not over).
pub fn is_current(s: &body_seat::Model, today: NaiveDate) -> bool {
    s.ended_on.is_none() && s.mandate_start <= today && today <= s.mandate_end
}

async fn composition_of(db: &Db, b: body::Model, staff: bool) -> Result<Composition, Fail> {
    let today = Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive();
    let seats = body_seat::Entity::find()
        .filter(body_seat::Column::BodyId.eq(b.id))
        .order_by_asc(body_seat::Column::Organization)
        .order_by_asc(body_seat::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    // Seats that start later are listed with the current ones (appointed, about to start).
    let (history, current): (Vec<&body_seat::Model>, Vec<&body_seat::Model>) = seats
        .iter()
        .partition(|s| s.ended_on.is_some() || s.mandate_end < today);
    let mut history = history;
    history.sort_by(|a, b| {
        let end = |s: &body_seat::Model| s.ended_on.unwrap_or(s.mandate_end);
        end(b).cmp(&end(a))
    });
    let names = chamber_members(db, &b).await?;
    let chamber = match (&names, b.region_id) {
        (Some(ms), Some(r)) => {
            let region = region::Entity::find_by_id(r)
                .one(&db.conn)
                .await?
                .map(|r| r.name)
                .unwrap_or_default();
            let seated_ids: Vec<Uuid> = current.iter().filter_map(|s| s.entity_id).collect();
            Some(Chamber {
                region,
                seated: ms.iter().filter(|m| seated_ids.contains(&m.id)).count(),
                unseated: ms
                    .iter()
                    .filter(|m| !seated_ids.contains(&m.id))
                    .map(|m| m.name.clone())
                    .collect(),
                members: ms.clone(),
            })
        }
        _ => None,
    };
    let names = names.unwrap_or_default();
    let current_total = current.len();
    let government = current
        .iter()
        .filter(|s| s.segment == Segment::Government.code())
        .count();
    Ok(Composition {
        current: Segment::ALL
            .iter()
            .map(|k| SegmentSeats {
                code: k.code(),
                label: k.label(),
                seats: current
                    .iter()
                    .filter(|s| s.segment == k.code())
                    .map(|s| view(s, staff, today, &names))
                    .collect(),
            })
            .filter(|g| !g.seats.is_empty())
            .collect(),
        current_total,
        government,
        civil_society: current_total - government,
        history: history
            .into_iter()
            .map(|s| view(s, staff, today, &names))
            .collect(),
        staff,
        chamber,
        id: b.id.to_string(),
        name: b.name,
        acronym: b.acronym,
    })
}

/// The composition as the secretariat sees it (with e-mails).
pub async fn for_staff(db: &Db, me: Option<&Me>, body_id: &str) -> Result<Composition, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    composition_of(db, b, true).await
}

/// The public composition (names, organizations, mandates, acts; no e-mail).
pub async fn public(db: &Db, body_id: &str) -> Result<Composition, Fail> {
    let id = parse_id(body_id).map_err(|_| Fail::NotFound)?;
    let b = body::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    composition_of(db, b, false).await
}

/// The bodies whose records `me` keeps (id, name, whether it is a consortium's technical
/// chamber), for their panel.
pub async fn my_bodies(db: &Db, me: &Me) -> Result<Vec<(String, String, bool)>, Fail> {
    let all = body::Entity::find()
        .order_by_asc(body::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(all
        .into_iter()
        .filter(|b| allow(Some(me), Action::ManageBody(b.id.into())).is_ok())
        .filter(|_| !me.actor.is_admin())
        .map(|b| {
            let chamber = b.kind == "camara_tecnica" && b.region_id.is_some();
            (b.id.to_string(), b.name, chamber)
        })
        .collect())
}
