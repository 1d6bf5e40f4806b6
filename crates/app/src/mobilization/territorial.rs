//! Territorial delegates elected at the pre-conferences "where the regimento says so" (ADR 0027).
//! The commission enables it per conference with the number of titulares each
//! unit elects (`territorial_delegate_setting`); the articulator records, on a held meeting's
//! page, whom the unit elected (`unit_delegate`: titular or suplente, at most `seats_per_unit` of
//! each); the commission lists them by territory and unit, sees which units have not elected yet
//! and downloads a CSV the participants import reads. Public pages show counts per unit only.

use crate::Fail;
use crate::mobilization::attendance::held;
use crate::mobilization::shared::{
    delete_found, territories_in_order, unit_people_manager, unit_row_change, units_by_name,
    update_the_rest,
};
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::Invalid;
use domain::attendance::{self as rules, Delegate, DelegateSetting};
use domain::policy::Action;
use domain::values::{Seat, Segment};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use serde::{Deserialize, Serialize};
use store::entities::{conference, territorial_delegate_setting as setting, unit, unit_delegate};
use store::{Backend, Db};
use uuid::Uuid;

/// The conference's setting; `None` when the commission never saved one (not enabled).
pub(crate) async fn setting_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<setting::Model>> {
    Ok(setting::Entity::find_by_id(conference_id).one(db).await?)
}

#[derive(Debug, Clone, Serialize)]
pub struct DelegateView {
    pub id: Uuid,
    pub name: String,
    pub segment: String,
    pub seat: String,
    pub titular: bool,
    pub contact: Option<String>,
    pub meeting_id: Uuid,
}

fn view(d: unit_delegate::Model) -> DelegateView {
    DelegateView {
        id: d.id,
        segment: Segment::parse(&d.segment)
            .map(|s| s.label().to_owned())
            .unwrap_or_else(|_| d.segment.clone()),
        titular: d.seat == Seat::Titular.code(),
        seat: Seat::parse(&d.seat)
            .map(|s| s.label().to_owned())
            .unwrap_or_else(|_| d.seat.clone()),
        name: d.name,
        contact: d.contact,
        meeting_id: d.meeting_id,
    }
}

/// Delegates in the order the pages list them: titulares first, then suplentes, each in the
/// order they were recorded.
fn in_seat_order(q: Select<unit_delegate::Entity>) -> Select<unit_delegate::Entity> {
    q.order_by_desc(unit_delegate::Column::Seat)
        .order_by_asc(unit_delegate::Column::CreatedAt)
        .order_by_asc(unit_delegate::Column::Id)
}

async fn of_unit_rows(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    unit_id: Uuid,
) -> store::Result<Vec<unit_delegate::Model>> {
    Ok(in_seat_order(
        unit_delegate::Entity::find()
            .filter(unit_delegate::Column::ConferenceId.eq(conference_id))
            .filter(unit_delegate::Column::UnitId.eq(unit_id)),
    )
    .all(db)
    .await?)
}

/// The delegates block of a held meeting's page, when the conference elects territorial
/// delegates at the pre-conferences.
#[derive(Debug, Clone, Serialize)]
pub struct UnitBlock {
    pub seats_per_unit: i32,
    pub note: Option<String>,
    /// Every delegate of the unit (from any of its meetings).
    pub delegates: Vec<DelegateView>,
    pub titulares: i32,
    pub suplentes: i32,
}

pub(crate) async fn unit_block(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    unit_id: Uuid,
) -> store::Result<Option<UnitBlock>> {
    let Some(s) = setting_of(db, conference_id).await?.filter(|s| s.enabled) else {
        return Ok(None);
    };
    let delegates: Vec<DelegateView> = of_unit_rows(db, conference_id, unit_id)
        .await?
        .into_iter()
        .map(view)
        .collect();
    let titulares = delegates.iter().filter(|d| d.titular).count() as i32;
    Ok(Some(UnitBlock {
        seats_per_unit: s.seats_per_unit,
        note: s.note,
        suplentes: delegates.len() as i32 - titulares,
        titulares,
        delegates,
    }))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DelegateInput {
    pub name: String,
    pub segment: String,
    pub seat: String,
    pub contact: String,
}

/// Records a delegate the unit elected at a held meeting, within the seats the commission set.
pub async fn add(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
    i: &DelegateInput,
) -> Result<Uuid, Fail> {
    let c = unit_people_manager(db, me, slug, unit_id).await?;
    let d = Delegate::parse(&i.name, &i.segment, &i.seat, &i.contact)?;
    let tx = db.write().await?;
    let Some(s) = setting_of(&tx, c.id).await?.filter(|s| s.enabled) else {
        return Err(Invalid::one(
            "name",
            "A comissão organizadora não definiu eleição de delegados(as) nas pré-conferências desta conferência",
        )
        .into());
    };
    let m = held(
        &tx,
        &c,
        unit_id,
        meeting_id,
        "os(as) delegados(as) eleitos(as)",
    )
    .await?;
    // The unit's row is locked on PostgreSQL so that two people recording at once cannot both
    // take the last seat (SQLite's write transaction already runs one at a time).
    let uq =
        crate::mobilization::shared::conference_units(c.id).filter(unit::Column::Id.eq(unit_id));
    let u = match db.backend {
        Backend::Postgres => uq.lock_exclusive().one(&tx).await?,
        Backend::Sqlite => uq.one(&tx).await?,
    };
    let u = u.ok_or(Fail::NotFound)?;
    let seats: Vec<String> = unit_delegate::Entity::find()
        .select_only()
        .column(unit_delegate::Column::Seat)
        .filter(unit_delegate::Column::ConferenceId.eq(c.id))
        .filter(unit_delegate::Column::UnitId.eq(u.id))
        .into_tuple()
        .all(&tx)
        .await?;
    let titulares = seats.iter().filter(|s| *s == Seat::Titular.code()).count() as i32;
    let suplentes = seats.len() as i32 - titulares;
    rules::check_seat(d.seat, titulares, suplentes, s.seats_per_unit).map_err(Invalid::from)?;
    let id = Uuid::now_v7();
    unit_delegate::Entity::insert(unit_delegate::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        unit_id: Set(u.id),
        meeting_id: Set(m.id),
        name: Set(d.name),
        segment: Set(d.segment.code().into()),
        seat: Set(d.seat.code().into()),
        contact: Set(d.contact),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a delegate of the unit.
pub async fn remove(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    id: &str,
) -> Result<(), Fail> {
    let (c, id, tx) = unit_row_change(db, me, slug, unit_id, id, Action::ManageUnitPeople).await?;
    delete_found(
        &tx,
        unit_delegate::Entity::delete_many()
            .filter(unit_delegate::Column::Id.eq(id))
            .filter(unit_delegate::Column::UnitId.eq(unit_id))
            .filter(unit_delegate::Column::ConferenceId.eq(c.id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SettingInput {
    pub enabled: String,
    pub seats_per_unit: String,
    pub note: String,
}

/// Saves the conference's setting (one upsert).
pub async fn save_setting(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &SettingInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageTerritorialDelegates).await?;
    let s = DelegateSetting::parse(&i.enabled, &i.seats_per_unit, &i.note)?;
    let tx = db.write().await?;
    setting::Entity::insert(setting::ActiveModel {
        conference_id: Set(c.id),
        enabled: Set(s.enabled),
        seats_per_unit: Set(s.seats_per_unit),
        note: Set(s.note),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(update_the_rest(&[setting::Column::ConferenceId], &[]))
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitDelegates {
    pub id: Uuid,
    pub name: String,
    pub delegates: Vec<DelegateView>,
    pub titulares: i32,
    pub suplentes: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct TerritoryDelegates {
    pub name: String,
    pub units: Vec<UnitDelegates>,
}

/// The commission's page: the setting, every unit's delegates by territory, the units that have
/// not elected a titular yet.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub slug: String,
    pub conference_title: String,
    pub enabled: bool,
    pub seats_per_unit: i32,
    pub note: Option<String>,
    pub territories: Vec<TerritoryDelegates>,
    /// "CRAS Norte (Norte)": units without a titular.
    pub missing: Vec<String>,
    pub total: usize,
    /// How many units take part in the conference.
    pub units: usize,
}

async fn by_territory(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<TerritoryDelegates>> {
    let territories = territories_in_order(db, conference_id).await?;
    let units = units_by_name(db, conference_id).await?;
    let rows = in_seat_order(
        unit_delegate::Entity::find().filter(unit_delegate::Column::ConferenceId.eq(conference_id)),
    )
    .all(db)
    .await?;
    Ok(territories
        .into_iter()
        .map(|t| TerritoryDelegates {
            units: units
                .iter()
                .filter(|u| u.territory_id == t.id)
                .map(|u| {
                    let delegates: Vec<DelegateView> = rows
                        .iter()
                        .filter(|d| d.unit_id == u.id)
                        .cloned()
                        .map(view)
                        .collect();
                    let titulares = delegates.iter().filter(|d| d.titular).count() as i32;
                    UnitDelegates {
                        id: u.id,
                        name: u.name.clone(),
                        suplentes: delegates.len() as i32 - titulares,
                        titulares,
                        delegates,
                    }
                })
                .collect(),
            name: t.name,
        })
        .collect())
}

pub async fn board(db: &Db, me: Option<&Me>, slug: &str) -> Result<Board, Fail> {
    let c = authorize(db, me, slug, Action::ManageTerritorialDelegates).await?;
    let s = setting_of(&db.conn, c.id).await?;
    let territories = by_territory(&db.conn, c.id).await?;
    let missing = territories
        .iter()
        .flat_map(|t| {
            t.units
                .iter()
                .filter(|u| u.titulares == 0)
                .map(move |u| format!("{} ({})", u.name, t.name))
        })
        .collect();
    let total = territories
        .iter()
        .flat_map(|t| &t.units)
        .map(|u| u.delegates.len())
        .sum();
    let units = territories.iter().map(|t| t.units.len()).sum();
    Ok(Board {
        units,
        slug: c.slug,
        conference_title: c.title,
        enabled: s.as_ref().is_some_and(|s| s.enabled),
        seats_per_unit: s.as_ref().map_or(1, |s| s.seats_per_unit),
        note: s.and_then(|s| s.note),
        territories,
        missing,
        total,
    })
}

/// The delegates as CSV for the participants import (`;`, UTF-8 with BOM, CRLF): the headers
/// are the ones `domain::import::Field::recognize` knows; category "Delegado(a)", origin
/// "Eleito(a) em pré-conferência"; the contact goes to the e-mail column when it has an `@`,
/// to the phone column otherwise. No CPF: the import accepts rows without one. Cells that a
/// spreadsheet would take for a formula (a phone `+55 …`) get a `'` in front
/// ([`domain::csv_text`]), which the import drops again.
pub fn csv(b: &Board) -> Vec<u8> {
    let mut w = domain::csv_text::Writer::new();
    w.row([
        "Nome completo",
        "Categoria",
        "Segmento",
        "Titular ou suplente",
        "Origem",
        "Território",
        "Unidade",
        "Telefone",
        "E-mail",
    ]);
    for t in &b.territories {
        for u in &t.units {
            for d in &u.delegates {
                let contact = d.contact.clone().unwrap_or_default();
                let (phone, email) = if contact.contains('@') {
                    (String::new(), contact)
                } else {
                    (contact, String::new())
                };
                w.row([
                    d.name.as_str(),
                    "Delegado(a)",
                    &d.segment,
                    &d.seat,
                    "Eleito(a) em pré-conferência",
                    &t.name,
                    &u.name,
                    &phone,
                    &email,
                ]);
            }
        }
    }
    w.finish()
}

/// For the public conference page: per territory, each unit's number of titulares and
/// suplentes (no names), when the conference elects territorial delegates and any was recorded.
#[derive(Debug, Clone, Serialize)]
pub struct PublicTerritory {
    pub name: String,
    /// (unit, titulares, suplentes)
    pub units: Vec<(String, i32, i32)>,
}

pub async fn public_counts(db: &Db, slug: &str) -> store::Result<Vec<PublicTerritory>> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(store::Error::NotFound)?;
    if !setting_of(&db.conn, c.id).await?.is_some_and(|s| s.enabled) {
        return Ok(Vec::new());
    }
    let t = by_territory(&db.conn, c.id).await?;
    if t.iter()
        .flat_map(|t| &t.units)
        .all(|u| u.delegates.is_empty())
    {
        return Ok(Vec::new());
    }
    Ok(t.into_iter()
        .map(|t| PublicTerritory {
            units: t
                .units
                .into_iter()
                .map(|u| (u.name, u.titulares, u.suplentes))
                .collect(),
            name: t.name,
        })
        .collect())
}
