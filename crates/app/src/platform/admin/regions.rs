//! Regions.

use super::municipalities::MunicipalityRow;
use super::municipalities::municipality;
use super::municipalities::municipality_row;
use super::or_conflict;
use crate::Fail;
use crate::platform::auth::{Me, allow};
use chrono::Utc;
use domain::policy::Action;
use domain::text::search_key;
use domain::values::{RegionKind, UFS, required};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use store::Db;
use store::entities::{federative_entity as fe, region, region_member};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RegionInput {
    pub uf: String,
    pub kind: String,
    pub name: String,
    /// IBGE codes of member municipalities, separated by spaces, commas or new lines.
    pub ibge_codes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub id: Uuid,
    pub uf: String,
    pub kind_label: String,
    pub name: String,
    pub members: usize,
}

fn kind_label(kind: &str) -> String {
    RegionKind::parse(kind)
        .map(|k| k.label())
        .unwrap_or("")
        .into()
}

pub async fn regions(db: &Db, me: Option<&Me>) -> Result<Vec<RegionRow>, Fail> {
    allow(me, Action::ManageTenancy)?;
    let rs = region::Entity::find()
        .order_by_asc(region::Column::Uf)
        .order_by_asc(region::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let mut counts: HashMap<Uuid, usize> = HashMap::new();
    for m in region_member::Entity::find().all(&db.conn).await? {
        *counts.entry(m.region_id).or_default() += 1;
    }
    Ok(rs
        .into_iter()
        .map(|r| RegionRow {
            members: counts.get(&r.id).copied().unwrap_or(0),
            kind_label: kind_label(&r.kind),
            id: r.id,
            uf: r.uf,
            name: r.name,
        })
        .collect())
}

/// The municipalities named by `codes` (all in `uf`), or every problem in one message on `field`.
async fn members_of<C: ConnectionTrait>(
    conn: &C,
    field: &str,
    uf: &str,
    codes: &str,
) -> Result<Result<Vec<fe::Model>, FieldError>, Fail> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for code in codes
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|c| !c.is_empty())
    {
        if !seen.insert(code.to_owned()) {
            continue;
        }
        match municipality(conn, field, code).await? {
            Err(e) => problems.push(e.message),
            Ok(m) if m.uf.as_deref() != Some(uf) => problems.push(format!(
                "{} ({code}) fica em {}, não em {uf}: uma região reúne municípios de uma só UF",
                m.name,
                m.uf.as_deref().unwrap_or("?"),
            )),
            Ok(m) => found.push(m),
        }
    }
    if problems.is_empty() {
        Ok(Ok(found))
    } else {
        Ok(Err(FieldError::new(field, problems.join("; "))))
    }
}

fn uf_of(input: &str) -> Result<String, FieldError> {
    let u = input.trim().to_uppercase();
    if UFS.iter().any(|(_, a)| *a == u) {
        Ok(u)
    } else {
        Err(FieldError::new("uf", "Escolha a UF da lista"))
    }
}

/// Creates a region of one UF, with its first member municipalities (optional).
pub async fn create_region(db: &Db, me: Option<&Me>, i: &RegionInput) -> Result<Uuid, Fail> {
    allow(me, Action::ManageTenancy)?;
    let mut inv = Invalid::default();
    let uf = inv.take(uf_of(&i.uf));
    let kind = inv.take(RegionKind::parse(&i.kind));
    let name = inv.take(required("name", "o nome da região", &i.name, 150));
    if let (Some(uf), Some(name)) = (&uf, &name)
        && region::Entity::find()
            .filter(region::Column::Uf.eq(uf.as_str()))
            .filter(region::Column::SearchKey.eq(search_key(name)))
            .one(&db.conn)
            .await?
            .is_some()
    {
        inv.push(FieldError::new(
            "name",
            format!("Já existe uma região com o nome {name} em {uf}"),
        ));
    }
    let members = match &uf {
        Some(uf) => inv.take(members_of(&db.conn, "ibge_codes", uf, &i.ibge_codes).await?),
        None => None,
    };
    let (Some(uf), Some(kind), Some(name), Some(members)) = (uf, kind, name, members) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let ins = region::Entity::insert(region::ActiveModel {
        id: Set(id),
        uf: Set(uf.clone()),
        kind: Set(kind.code().into()),
        search_key: Set(search_key(&name)),
        name: Set(name.clone()),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    or_conflict(ins, || {
        Invalid::one(
            "name",
            format!("Já existe uma região com o nome {name} em {uf}"),
        )
    })?;
    insert_members(&tx, id, &members).await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_members<C: ConnectionTrait>(
    conn: &C,
    region_id: Uuid,
    members: &[fe::Model],
) -> Result<usize, Fail> {
    let have: BTreeSet<Uuid> = region_member::Entity::find()
        .filter(region_member::Column::RegionId.eq(region_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.entity_id)
        .collect();
    let new: Vec<_> = members
        .iter()
        .filter(|m| !have.contains(&m.id))
        .map(|m| region_member::ActiveModel {
            region_id: Set(region_id),
            entity_id: Set(m.id),
        })
        .collect();
    let n = new.len();
    if n > 0 {
        region_member::Entity::insert_many(new).exec(conn).await?;
    }
    Ok(n)
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub id: Uuid,
    pub uf: String,
    pub kind_label: String,
    pub name: String,
    pub members: Vec<MunicipalityRow>,
}

pub async fn region(db: &Db, me: Option<&Me>, id: Uuid) -> Result<RegionView, Fail> {
    allow(me, Action::ManageTenancy)?;
    let r = region::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let ids: Vec<Uuid> = region_member::Entity::find()
        .filter(region_member::Column::RegionId.eq(id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| m.entity_id)
        .collect();
    let members = if ids.is_empty() {
        Vec::new()
    } else {
        fe::Entity::find()
            .filter(fe::Column::Id.is_in(ids))
            .order_by_asc(fe::Column::SearchKey)
            .all(&db.conn)
            .await?
            .into_iter()
            .map(municipality_row)
            .collect()
    };
    Ok(RegionView {
        id: r.id,
        kind_label: kind_label(&r.kind),
        uf: r.uf,
        name: r.name,
        members,
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MembersInput {
    pub ibge_codes: String,
}

/// Adds member municipalities (all of the region's UF) by IBGE code; returns how many were new.
pub async fn add_members(
    db: &Db,
    me: Option<&Me>,
    region_id: Uuid,
    i: &MembersInput,
) -> Result<usize, Fail> {
    allow(me, Action::ManageTenancy)?;
    let r = region::Entity::find_by_id(region_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    if i.ibge_codes.trim().is_empty() {
        return Err(Invalid::one(
            "ibge_codes",
            "Informe ao menos um código IBGE de município (7 dígitos)",
        )
        .into());
    }
    let members = members_of(&db.conn, "ibge_codes", &r.uf, &i.ibge_codes).await??;
    let tx = db.write().await?;
    let n = insert_members(&tx, r.id, &members).await?;
    tx.commit().await?;
    Ok(n)
}
