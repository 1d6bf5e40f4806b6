//! The council's social-assistance network (rede socioassistencial) at `/c/{slug}/gestao/rede`:
//! territories and their service units (CRAS, CREAS, Centro POP…) belong to the council, not to
//! one conference (ADR 0034). The commission adds and edits them, archives what is no longer
//! in use (nothing with history is deleted), chooses which units take part in this conference
//! and imports the council's spreadsheet ([`import`]). A new conference starts with the units
//! of the council's latest earlier one ([`carry_over`]). Which rows are a conference's is
//! decided in one place, `mobilization::shared` (`territories_of`, `listed_units`, `unit_in`).

mod import;

pub use import::*;

use crate::Fail;
use crate::mobilization::shared::{network_territories, territories_of, territory_in};
use crate::platform::auth::{Me, authorize, parse_id};
use chrono::Utc;
use domain::network::{self as rules, name_key};
use domain::policy::Action;
use domain::values::UnitKind;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use store::Db;
use store::entities::{conference, conference_unit, territory, unit, unit_meeting};
use uuid::Uuid;

/// The network page: every territory of the council (archived ones last) with its units.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkView {
    pub slug: String,
    pub title: String,
    pub territories: Vec<TerritoryView>,
    /// (id, name) of the territories a unit may be placed in (not archived).
    pub territory_options: Vec<(String, String)>,
    /// How many units take part in this conference.
    pub taking_part: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TerritoryView {
    pub id: Uuid,
    pub name: String,
    pub position: i32,
    pub archived: bool,
    pub units: Vec<UnitView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub id: Uuid,
    pub kind: String,
    pub kind_label: String,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub archived: bool,
    /// Takes part in this conference.
    pub takes_part: bool,
}

/// A unit's kind as pages name it ("Centro POP"); an unknown code as stored.
pub fn kind_label(code: &str) -> String {
    UnitKind::parse(code)
        .map(|k| k.label().to_owned())
        .unwrap_or_else(|_| code.to_owned())
}

/// The conference, for someone who keeps its council's network (`Action::ManageNetwork`).
async fn keeper(db: &Db, me: Option<&Me>, slug: &str) -> Result<conference::Model, Fail> {
    authorize(db, me, slug, Action::ManageNetwork).await
}

/// What a change to one unit of the council starts with: the conference (`ManageNetwork`), the
/// unit (`id`, archived or not) and the write transaction.
async fn unit_change(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(conference::Model, unit::Model, DatabaseTransaction), Fail> {
    let c = keeper(db, me, slug).await?;
    let id = parse_id(id)?;
    let tx = db.write().await?;
    let u = network_unit(&tx, &c, id).await?;
    Ok((c, u, tx))
}

/// [`unit_change`] for a territory of the council.
async fn territory_change(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(conference::Model, territory::Model, DatabaseTransaction), Fail> {
    let c = keeper(db, me, slug).await?;
    let id = parse_id(id)?;
    let tx = db.write().await?;
    let t = territory_in(&tx, c.id, id).await?;
    Ok((c, t, tx))
}

/// A refused change of the row `what-{id}` (`unidade`, `territorio`: the page's row, where the
/// error summary leads).
fn refused(what: &str, id: Uuid, message: String) -> Fail {
    Invalid::one(&format!("{what}-{id}"), message).into()
}

/// The ids of the units that take part in conference `conference_id`.
async fn taking_part(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashSet<Uuid>> {
    Ok(conference_unit::Entity::find()
        .filter(conference_unit::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.unit_id)
        .collect())
}

/// The network of the council that holds conference `slug`, for its commission.
pub async fn network(db: &Db, me: Option<&Me>, slug: &str) -> Result<NetworkView, Fail> {
    let c = keeper(db, me, slug).await?;
    let ts = network_territories(c.id)
        .order_by_asc(territory::Column::Position)
        .order_by_asc(territory::Column::Name)
        .all(&db.conn)
        .await?;
    let us = unit::Entity::find()
        .filter(unit::Column::BodyId.eq(c.body_id))
        .order_by_asc(unit::Column::Name)
        .all(&db.conn)
        .await?;
    let part = taking_part(&db.conn, c.id).await?;
    let mut territories: Vec<TerritoryView> = ts
        .iter()
        .map(|t| TerritoryView {
            id: t.id,
            name: t.name.clone(),
            position: t.position,
            archived: t.archived_at.is_some(),
            units: us
                .iter()
                .filter(|u| u.territory_id == t.id)
                .map(|u| UnitView {
                    id: u.id,
                    kind: u.kind.clone(),
                    kind_label: kind_label(&u.kind),
                    name: u.name.clone(),
                    address: u.address.clone(),
                    phone: u.phone.clone(),
                    archived: u.archived_at.is_some(),
                    takes_part: part.contains(&u.id),
                })
                .collect(),
        })
        .collect();
    territories.sort_by_key(|t| t.archived);
    let territory_options = ts
        .iter()
        .filter(|t| t.archived_at.is_none())
        .map(|t| (t.id.to_string(), t.name.clone()))
        .collect();
    let taking_part = us
        .iter()
        .filter(|u| u.archived_at.is_none() && part.contains(&u.id))
        .count();
    Ok(NetworkView {
        slug: c.slug,
        title: c.title,
        territories,
        territory_options,
        taking_part,
    })
}

/// The territory form as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct TerritoryInput {
    /// Field `territorio_nome` (the page also holds the unit form, whose name is `name`).
    #[serde(rename = "territorio_nome")]
    pub name: String,
    /// Its place in the lists (blank: after the others); field `territorio_ordem`.
    #[serde(rename = "territorio_ordem")]
    pub position: String,
}

/// The unit form as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct UnitInput {
    pub territory_id: String,
    pub kind: String,
    pub name: String,
    pub address: String,
    pub phone: String,
}

/// A territory's form field names.
pub const TERRITORY_NAME: &str = "territorio_nome";
pub const TERRITORY_POSITION: &str = "territorio_ordem";

/// Refuses a territory name another territory of the council already has (archived ones too).
async fn territory_name_free(
    db: &impl ConnectionTrait,
    body_id: Uuid,
    name: &str,
    except: Option<Uuid>,
    inv: &mut Invalid,
) -> store::Result<()> {
    let key = name_key(name);
    let taken = territory::Entity::find()
        .filter(territory::Column::BodyId.eq(body_id))
        .all(db)
        .await?
        .into_iter()
        .find(|t| Some(t.id) != except && name_key(&t.name) == key);
    if let Some(t) = taken {
        inv.push(FieldError::new(
            TERRITORY_NAME,
            if t.archived_at.is_some() {
                format!(
                    "O território «{}» já existe, arquivado: reative-o na lista",
                    t.name
                )
            } else {
                format!("O território «{}» já existe", t.name)
            },
        ));
    }
    Ok(())
}

/// The territory form checked: (name, position or None for "after the others").
fn read_territory(i: &TerritoryInput, inv: &mut Invalid) -> (Option<String>, Option<i32>) {
    let name = inv.take(rules::territory_name(TERRITORY_NAME, &i.name));
    let p = i.position.trim();
    let position = if p.is_empty() {
        None
    } else {
        match p.parse::<i32>() {
            Ok(n) if (0..=9999).contains(&n) => Some(n),
            _ => {
                inv.push(FieldError::new(
                    TERRITORY_POSITION,
                    "A ordem é um número inteiro de 0 a 9999, ou em branco para ir ao fim da lista",
                ));
                None
            }
        }
    };
    (name, position)
}

/// The position after every territory of the council.
async fn next_position(db: &impl ConnectionTrait, body_id: Uuid) -> store::Result<i32> {
    Ok(territory::Entity::find()
        .filter(territory::Column::BodyId.eq(body_id))
        .order_by_desc(territory::Column::Position)
        .one(db)
        .await?
        .map_or(0, |t| t.position + 1))
}

/// Inserts a territory of the council (first listed in conference `c`).
async fn insert_territory(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    name: String,
    position: Option<i32>,
) -> store::Result<territory::Model> {
    let position = match position {
        Some(p) => p,
        None => next_position(db, c.body_id).await?,
    };
    let row = territory::Model {
        id: Uuid::now_v7(),
        conference_id: c.id,
        name,
        position,
        body_id: c.body_id,
        archived_at: None,
    };
    territory::Entity::insert(row.clone().into_active_model().reset_all())
        .exec(db)
        .await?;
    Ok(row)
}

/// Adds a territory to the council's network.
pub async fn add_territory(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &TerritoryInput,
) -> Result<Uuid, Fail> {
    let c = keeper(db, me, slug).await?;
    let mut inv = Invalid::default();
    let (name, position) = read_territory(i, &mut inv);
    let tx = db.write().await?;
    if let Some(n) = &name {
        territory_name_free(&tx, c.body_id, n, None, &mut inv).await?;
    }
    inv.into_result()?;
    let t = insert_territory(&tx, &c, name.unwrap_or_default(), position).await?;
    tx.commit().await?;
    Ok(t.id)
}

/// A territory of the council, as its edit form starts.
pub async fn territory_form(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(territory::Model, TerritoryInput), Fail> {
    let c = keeper(db, me, slug).await?;
    let t = territory_in(&db.conn, c.id, parse_id(id)?).await?;
    let input = TerritoryInput {
        name: t.name.clone(),
        position: t.position.to_string(),
    };
    Ok((t, input))
}

/// Renames or reorders a territory.
pub async fn edit_territory(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &TerritoryInput,
) -> Result<(), Fail> {
    let mut inv = Invalid::default();
    let (name, position) = read_territory(i, &mut inv);
    let (c, t, tx) = territory_change(db, me, slug, id).await?;
    if let Some(n) = &name {
        territory_name_free(&tx, c.body_id, n, Some(t.id), &mut inv).await?;
    }
    inv.into_result()?;
    let position = match position {
        Some(p) => p,
        None => t.position,
    };
    let mut am = t.into_active_model();
    am.name = Set(name.unwrap_or_default());
    am.position = Set(position);
    territory::Entity::update(am).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Archives a territory (`archive`) or brings it back. A territory with units still in use is
/// not archived: its units are archived or moved first.
pub async fn archive_territory(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    archive: bool,
) -> Result<(), Fail> {
    let (_, t, tx) = territory_change(db, me, slug, id).await?;
    if archive {
        let active = unit::Entity::find()
            .filter(unit::Column::TerritoryId.eq(t.id))
            .filter(unit::Column::ArchivedAt.is_null())
            .count(&tx)
            .await?;
        if active > 0 {
            return Err(refused(
                "territorio",
                t.id,
                format!(
                    "O território «{}» ainda tem {active} unidade(s) em uso: arquive-as ou mude-as de território antes",
                    t.name
                ),
            ));
        }
    }
    let mut am = t.into_active_model();
    am.archived_at = Set(archive.then(Utc::now));
    territory::Entity::update(am).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The unit form's field names.
pub const UNIT_TERRITORY: &str = "territory_id";
pub const UNIT_KIND: &str = "kind";
pub const UNIT_NAME: &str = "name";
pub const UNIT_ADDRESS: &str = "address";
pub const UNIT_PHONE: &str = "phone";

/// A unit's checked fields.
struct UnitFields {
    territory: territory::Model,
    kind: UnitKind,
    name: String,
    address: Option<String>,
    phone: Option<String>,
}

/// Checks the unit form: a territory of the council in use, a kind, a name no other unit of that
/// territory has (case, accents and spaces ignored), address and phone.
async fn read_unit(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    i: &UnitInput,
    except: Option<Uuid>,
) -> Result<UnitFields, Fail> {
    let mut inv = Invalid::default();
    let territory = match Uuid::parse_str(i.territory_id.trim()) {
        Ok(id) => {
            territories_of(c.id)
                .filter(territory::Column::Id.eq(id))
                .one(db)
                .await?
        }
        Err(_) => None,
    };
    if territory.is_none() {
        inv.push(FieldError::new(
            UNIT_TERRITORY,
            "Escolha o território da unidade (se ele não está na lista, cadastre-o antes)",
        ));
    }
    let kind = inv.take(UnitKind::parse(&i.kind));
    let name = inv.take(rules::unit_name(UNIT_NAME, &i.name));
    let address = inv.take(rules::address(UNIT_ADDRESS, &i.address));
    let phone = inv.take(rules::phone(UNIT_PHONE, &i.phone));
    if let (Some(t), Some(n)) = (&territory, &name) {
        let key = name_key(n);
        let twin = unit::Entity::find()
            .filter(unit::Column::TerritoryId.eq(t.id))
            .all(db)
            .await?
            .into_iter()
            .find(|u| Some(u.id) != except && name_key(&u.name) == key);
        if let Some(u) = twin {
            inv.push(FieldError::new(
                UNIT_NAME,
                format!(
                    "O território {} já tem a unidade «{}»{}",
                    t.name,
                    u.name,
                    if u.archived_at.is_some() {
                        ", arquivada: reative-a na lista"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    inv.into_result()?;
    match (territory, kind, name, address, phone) {
        (Some(territory), Some(kind), Some(name), Some(address), Some(phone)) => Ok(UnitFields {
            territory,
            kind,
            name,
            address,
            phone,
        }),
        _ => unreachable!("every missing field was reported above"),
    }
}

/// Inserts a unit of the council that takes part in conference `c` (and was first listed there).
async fn insert_unit(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    territory_id: Uuid,
    kind: UnitKind,
    name: String,
    (address, phone): (Option<String>, Option<String>),
) -> store::Result<Uuid> {
    let id = Uuid::now_v7();
    unit::Entity::insert(
        unit::Model {
            id,
            conference_id: c.id,
            territory_id,
            kind: kind.code().into(),
            name,
            address,
            body_id: c.body_id,
            archived_at: None,
            phone,
        }
        .into_active_model()
        .reset_all(),
    )
    .exec(db)
    .await?;
    join(db, c.id, id).await?;
    Ok(id)
}

/// Unit `unit_id` takes part in conference `conference_id` (nothing when it already does).
async fn join(db: &impl ConnectionTrait, conference_id: Uuid, unit_id: Uuid) -> store::Result<()> {
    conference_unit::Entity::insert(conference_unit::ActiveModel {
        conference_id: Set(conference_id),
        unit_id: Set(unit_id),
    })
    .on_conflict_do_nothing()
    .exec(db)
    .await?;
    Ok(())
}

/// Adds a unit to the council's network; it takes part in this conference.
pub async fn add_unit(db: &Db, me: Option<&Me>, slug: &str, i: &UnitInput) -> Result<Uuid, Fail> {
    let c = keeper(db, me, slug).await?;
    let tx = db.write().await?;
    let f = read_unit(&tx, &c, i, None).await?;
    let id = insert_unit(
        &tx,
        &c,
        f.territory.id,
        f.kind,
        f.name,
        (f.address, f.phone),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A unit of the council (archived or not), as its edit form starts.
pub async fn unit_form(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<(unit::Model, UnitInput), Fail> {
    let c = keeper(db, me, slug).await?;
    let u = network_unit(&db.conn, &c, parse_id(id)?).await?;
    let input = UnitInput {
        territory_id: u.territory_id.to_string(),
        kind: u.kind.clone(),
        name: u.name.clone(),
        address: u.address.clone().unwrap_or_default(),
        phone: u.phone.clone().unwrap_or_default(),
    };
    Ok((u, input))
}

/// Unit `id` of the council that holds conference `c` (archived or not, taking part or not).
async fn network_unit(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<unit::Model, Fail> {
    unit::Entity::find_by_id(id)
        .filter(unit::Column::BodyId.eq(c.body_id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

/// Changes a unit's territory, kind, name, address and phone.
pub async fn edit_unit(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &UnitInput,
) -> Result<(), Fail> {
    let (c, u, tx) = unit_change(db, me, slug, id).await?;
    let f = read_unit(&tx, &c, i, Some(u.id)).await?;
    let mut am = u.into_active_model();
    am.territory_id = Set(f.territory.id);
    am.kind = Set(f.kind.code().into());
    am.name = Set(f.name);
    am.address = Set(f.address);
    am.phone = Set(f.phone);
    unit::Entity::update(am).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Archives a unit (`archive`) or brings it back (into a territory in use). An archived unit
/// leaves the lists and new choices of every conference; its history stays.
pub async fn archive_unit(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    archive: bool,
) -> Result<(), Fail> {
    let (c, u, tx) = unit_change(db, me, slug, id).await?;
    if !archive {
        let t = territory_in(&tx, c.id, u.territory_id).await?;
        if t.archived_at.is_some() {
            return Err(refused(
                "unidade",
                u.id,
                format!(
                    "O território «{}» desta unidade está arquivado: reative-o antes",
                    t.name
                ),
            ));
        }
    }
    let mut am = u.into_active_model();
    am.archived_at = Set(archive.then(Utc::now));
    unit::Entity::update(am).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Whether unit `id` takes part in this conference (`take_part`). An archived unit cannot join;
/// a unit that already has a pre-conference meeting in this conference cannot leave (its
/// history would lose its unit): archive it instead.
pub async fn set_participation(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    take_part: bool,
) -> Result<(), Fail> {
    let (c, u, tx) = unit_change(db, me, slug, id).await?;
    if take_part {
        if u.archived_at.is_some() {
            return Err(refused(
                "unidade",
                u.id,
                format!("A unidade «{}» está arquivada: reative-a antes", u.name),
            ));
        }
        join(&tx, c.id, u.id).await?;
    } else {
        let meetings = unit_meeting::Entity::find()
            .filter(unit_meeting::Column::ConferenceId.eq(c.id))
            .filter(unit_meeting::Column::UnitId.eq(u.id))
            .count(&tx)
            .await?;
        if meetings > 0 {
            return Err(refused(
                "unidade",
                u.id,
                format!(
                    "A unidade «{}» já tem reunião nesta conferência e fica nela. Para tirá-la das listas, arquive-a",
                    u.name
                ),
            ));
        }
        conference_unit::Entity::delete_many()
            .filter(conference_unit::Column::ConferenceId.eq(c.id))
            .filter(conference_unit::Column::UnitId.eq(u.id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A new conference of council `body_id` starts with the units (not archived) that took part in
/// the council's latest earlier conference. Returns how many.
pub(crate) async fn carry_over(
    db: &impl ConnectionTrait,
    body_id: Uuid,
    new_conference: &conference::Model,
) -> store::Result<usize> {
    let Some(last) = conference::Entity::find()
        .filter(conference::Column::BodyId.eq(body_id))
        .filter(conference::Column::Id.ne(new_conference.id))
        .filter(conference::Column::StartsOn.lte(new_conference.starts_on))
        .order_by_desc(conference::Column::StartsOn)
        .order_by_desc(conference::Column::CreatedAt)
        .one(db)
        .await?
    else {
        return Ok(0);
    };
    let units = crate::mobilization::shared::listed_units(last.id)
        .all(db)
        .await?;
    for u in &units {
        join(db, new_conference.id, u.id).await?;
    }
    Ok(units.len())
}

/// The network of a conference as the public sees it (`GET /api/v1/conferences/{slug}/units`):
/// its territories with the units that take part (archived ones left out).
#[derive(Debug, Clone, Serialize)]
pub struct PublicNetwork {
    pub territories: Vec<PublicTerritory>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicTerritory {
    pub name: String,
    pub units: Vec<PublicUnit>,
}

/// A unit's public fields: a public service's name, address and phone.
#[derive(Debug, Clone, Serialize)]
pub struct PublicUnit {
    pub id: Uuid,
    /// `cras`, `creas`, `centro_pop`, `centro_dia`, `acolhimento`, `entidade`, `outro`.
    pub kind: String,
    /// "CRAS", "Centro POP", "Entidade/OSC"…
    pub kind_label: String,
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
}

/// The conference's territories with the units that take part (public).
pub async fn public_network(db: &Db, slug: &str) -> Result<PublicNetwork, Fail> {
    let (c, _) = crate::platform::auth::conference_scope(db, slug).await?;
    let ts = crate::mobilization::shared::territories_in_order(&db.conn, c.id).await?;
    let us = crate::mobilization::shared::units_by_name(&db.conn, c.id).await?;
    Ok(PublicNetwork {
        territories: ts
            .into_iter()
            .map(|t| PublicTerritory {
                units: us
                    .iter()
                    .filter(|u| u.territory_id == t.id)
                    .map(|u| PublicUnit {
                        id: u.id,
                        kind: u.kind.clone(),
                        kind_label: kind_label(&u.kind),
                        name: u.name.clone(),
                        address: u.address.clone(),
                        phone: u.phone.clone(),
                    })
                    .collect(),
                name: t.name,
            })
            .collect(),
    })
}
