//! Bodies.

use super::or_conflict;
use super::regions::regions;
use crate::Fail;
use crate::platform::auth::{Me, allow};
use chrono::Utc;
use domain::policy::Action;
use domain::values::{BodyKind, IbgeCode, optional};
use domain::{FieldError, Invalid};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::Db;
use store::entities::{body, federative_entity as fe, region};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct BodyInput {
    pub kind: String,
    /// IBGE code of the municipality (CMAS) or UF (CEAS); empty for CNAS and câmaras técnicas.
    pub ibge_code: String,
    /// Region of a câmara técnica.
    pub region_id: String,
    /// Optional: made from the kind and the place when empty.
    pub name: String,
    pub acronym: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyRow {
    pub id: Uuid,
    pub kind_label: String,
    pub name: String,
    pub acronym: String,
    pub place: String,
}

/// Where a body sits, for display: "Pará de Minas/MG", "Minas Gerais", "Brasil", "Região X/MG".
async fn places(db: &Db, bodies: &[body::Model]) -> Result<HashMap<Uuid, String>, Fail> {
    let eids: Vec<Uuid> = bodies.iter().filter_map(|b| b.entity_id).collect();
    let rids: Vec<Uuid> = bodies.iter().filter_map(|b| b.region_id).collect();
    let mut out = HashMap::new();
    if !eids.is_empty() {
        for e in fe::Entity::find()
            .filter(fe::Column::Id.is_in(eids))
            .all(&db.conn)
            .await?
        {
            let p = match (e.kind.as_str(), &e.uf) {
                ("municipality", Some(uf)) => format!("{}/{uf}", e.name),
                _ => e.name.clone(),
            };
            out.insert(e.id, p);
        }
    }
    if !rids.is_empty() {
        for r in region::Entity::find()
            .filter(region::Column::Id.is_in(rids))
            .all(&db.conn)
            .await?
        {
            out.insert(r.id, format!("{}/{}", r.name, r.uf));
        }
    }
    Ok(out)
}

pub(super) async fn body_rows(db: &Db, bodies: Vec<body::Model>) -> Result<Vec<BodyRow>, Fail> {
    let places = places(db, &bodies).await?;
    Ok(bodies
        .into_iter()
        .map(|b| BodyRow {
            kind_label: BodyKind::parse(&b.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .into(),
            place: b
                .entity_id
                .or(b.region_id)
                .and_then(|id| places.get(&id).cloned())
                .unwrap_or_default(),
            id: b.id,
            name: b.name,
            acronym: b.acronym,
        })
        .collect())
}

pub async fn bodies(db: &Db, me: Option<&Me>) -> Result<Vec<BodyRow>, Fail> {
    allow(me, Action::ManageTenancy)?;
    let all = body::Entity::find()
        .order_by_asc(body::Column::Name)
        .all(&db.conn)
        .await?;
    body_rows(db, all).await
}

/// Regions a câmara técnica may belong to, as (id, "name/UF").
pub async fn region_choices(db: &Db, me: Option<&Me>) -> Result<Vec<(String, String)>, Fail> {
    Ok(regions(db, me)
        .await?
        .into_iter()
        .map(|r| (r.id.to_string(), format!("{}/{}", r.name, r.uf)))
        .collect())
}

enum Seat {
    Entity(fe::Model),
    Region(region::Model),
}

/// Where a body of `kind` sits, from the code or region typed; problems go into `inv`.
async fn seat_of(
    db: &Db,
    kind: BodyKind,
    i: &BodyInput,
    inv: &mut Invalid,
) -> Result<Option<Seat>, Fail> {
    let code = i.ibge_code.trim();
    let rid = i.region_id.trim();
    if kind != BodyKind::CamaraTecnica && !rid.is_empty() {
        inv.push(FieldError::new(
            "region_id",
            "Só câmaras técnicas são ligadas a uma região: deixe este campo em branco",
        ));
    }
    let by_code = |kind_code: &str, c: &str| {
        fe::Entity::find()
            .filter(fe::Column::Kind.eq(kind_code.to_owned()))
            .filter(fe::Column::IbgeCode.eq(c.to_owned()))
            .one(&db.conn)
    };
    let err = |m: String| FieldError::new("ibge_code", m);
    Ok(match kind {
        BodyKind::Cmas => {
            if code.is_empty() {
                inv.push(err(
                    "Para um CMAS, informe o código IBGE do município (7 dígitos)".into(),
                ));
                return Ok(None);
            }
            match IbgeCode::parse(code) {
                Err(e) => {
                    inv.push(e);
                    None
                }
                Ok(c) if c.as_str().len() == 2 => {
                    inv.push(err(format!(
                        "{code} é o código de uma UF: um CMAS é de um município, informe o código IBGE de 7 dígitos"
                    )));
                    None
                }
                Ok(c) => match by_code("municipality", c.as_str()).await? {
                    Some(m) => Some(Seat::Entity(m)),
                    None => {
                        inv.push(err(format!("Não há município com o código IBGE {code}")));
                        None
                    }
                },
            }
        }
        BodyKind::Ceas => {
            if code.is_empty() {
                inv.push(err(
                    "Para um CEAS, informe o código IBGE da UF (2 dígitos, por exemplo 31 para MG)"
                        .into(),
                ));
                return Ok(None);
            }
            match IbgeCode::parse(code) {
                Err(e) => {
                    inv.push(e);
                    None
                }
                Ok(c) if c.as_str().len() == 7 => {
                    inv.push(err(format!(
                        "{code} é o código de um município: um CEAS é de uma UF, informe o código de 2 dígitos da UF"
                    )));
                    None
                }
                Ok(c) => match by_code("uf", c.as_str()).await? {
                    Some(m) => Some(Seat::Entity(m)),
                    None => {
                        inv.push(err(format!("Não há UF com o código IBGE {code}")));
                        None
                    }
                },
            }
        }
        BodyKind::Cnas => {
            if !code.is_empty() {
                inv.push(err(
                    "O CNAS é nacional: deixe o código IBGE em branco".into()
                ));
                return Ok(None);
            }
            fe::Entity::find()
                .filter(fe::Column::Kind.eq("nation"))
                .one(&db.conn)
                .await?
                .map(Seat::Entity)
        }
        BodyKind::CamaraTecnica => {
            if !code.is_empty() {
                inv.push(err(
                    "Uma câmara técnica é de uma região: deixe o código IBGE em branco e escolha a região"
                        .into(),
                ));
            }
            let r = match Uuid::parse_str(rid) {
                Ok(id) => region::Entity::find_by_id(id).one(&db.conn).await?,
                Err(_) => None,
            };
            match r {
                Some(r) => Some(Seat::Region(r)),
                None => {
                    inv.push(FieldError::new(
                        "region_id",
                        "Escolha a região da câmara técnica (crie a região antes, se preciso)",
                    ));
                    None
                }
            }
        }
    })
}

/// Creates a body attached to its entity (CMAS: municipality, CEAS: UF, CNAS: the nation) or to a
/// region (câmara técnica). One body of each kind per entity or region.
pub async fn create_body(db: &Db, me: Option<&Me>, i: &BodyInput) -> Result<Uuid, Fail> {
    allow(me, Action::ManageTenancy)?;
    let mut inv = Invalid::default();
    let kind = inv.take(BodyKind::parse(&i.kind));
    let name = inv.take(optional("name", "O nome", &i.name, 200));
    let acronym = inv.take(optional("acronym", "A sigla", &i.acronym, 60));
    let seat = match kind {
        Some(k) => seat_of(db, k, i, &mut inv).await?,
        None => None,
    };
    let (Some(kind), Some(name), Some(acronym), Some(seat)) = (kind, name, acronym, seat) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let (entity_id, region_id, place, short) = match &seat {
        Seat::Entity(e) => (
            Some(e.id),
            None,
            e.name.clone(),
            e.uf.clone().unwrap_or_default(),
        ),
        Seat::Region(r) => (None, Some(r.id), r.name.clone(), r.uf.clone()),
    };
    let dup = body::Entity::find()
        .filter(body::Column::Kind.eq(kind.code()))
        .filter(match (entity_id, region_id) {
            (Some(e), _) => body::Column::EntityId.eq(e),
            (_, Some(r)) => body::Column::RegionId.eq(r),
            _ => body::Column::Id.is_null(),
        })
        .one(&db.conn)
        .await?;
    let dup_error = |existing: &str| {
        Invalid::one(
            if region_id.is_some() {
                "region_id"
            } else {
                "ibge_code"
            },
            format!(
                "Já existe um órgão deste tipo em {place}: {existing}. Não é possível cadastrar outro"
            ),
        )
    };
    if let Some(d) = dup {
        return Err(dup_error(&d.name).into());
    }
    let (default_name, default_acronym) = match kind {
        BodyKind::Cmas => (
            format!("{} de {place}", kind.label()),
            format!("CMAS {place}"),
        ),
        BodyKind::Ceas => (
            format!("{} de {place}", kind.label()),
            format!("CEAS-{short}"),
        ),
        BodyKind::Cnas => (kind.label().to_owned(), "CNAS".to_owned()),
        BodyKind::CamaraTecnica => (
            format!("{} da {place}", kind.label()),
            format!("CT {place}"),
        ),
    };
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let ins = body::Entity::insert(body::ActiveModel {
        id: Set(id),
        kind: Set(kind.code().into()),
        name: Set(name.unwrap_or(default_name)),
        acronym: Set(acronym.unwrap_or(default_acronym)),
        entity_id: Set(entity_id),
        region_id: Set(region_id),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    or_conflict(ins, || dup_error("cadastrado agora mesmo por outra pessoa"))?;
    tx.commit().await?;
    Ok(id)
}
