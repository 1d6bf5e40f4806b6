//! Municipalities and their porte.

use super::SEARCH_LIMIT;
use crate::Fail;
use crate::platform::auth::{Me, allow};
use crate::platform::tenancy;
use domain::policy::Action;
use domain::text::search_key;
use domain::values::{IbgeCode, Porte, required};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::federative_entity as fe;

#[derive(Debug, Clone, Serialize)]
pub struct MunicipalityRow {
    pub ibge_code: String,
    pub name: String,
    pub uf: String,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    /// Porte code (`PP1`…), empty when unknown.
    pub porte: String,
    pub porte_label: String,
    /// Where the porte comes from: "pela população (IBGE)", "definido pela administração: <motivo>".
    pub porte_source_label: String,
    /// The porte was set by the administration (it can go back to the computed one).
    pub by_admin: bool,
    /// The porte the IBGE population gives, when there is a population.
    pub computed_porte_label: Option<String>,
}

pub(super) fn municipality_row(m: fe::Model) -> MunicipalityRow {
    let porte = m.porte.clone().unwrap_or_default();
    let by_admin = m.porte_source.as_deref() == Some(tenancy::BY_ADMIN);
    MunicipalityRow {
        porte_label: Porte::parse(&porte)
            .map(|p| p.label())
            .unwrap_or("Sem porte")
            .into(),
        porte_source_label: match (m.porte_source.as_deref(), m.porte_reason.as_deref()) {
            (Some(tenancy::FROM_POPULATION), _) => "pela população (IBGE)".into(),
            (Some(tenancy::BY_ADMIN), Some(reason)) => {
                format!("definido pela administração: {reason}")
            }
            (Some(tenancy::BY_ADMIN), None) => "definido pela administração".into(),
            _ => "a definir".into(),
        },
        computed_porte_label: tenancy::computed_porte(m.population)
            .0
            .and_then(|c| Porte::parse(&c).ok())
            .map(|p| p.label().to_owned()),
        by_admin,
        porte,
        ibge_code: m.ibge_code.unwrap_or_default(),
        name: m.name,
        uf: m.uf.unwrap_or_default(),
        population: m.population,
        population_year: m.population_year,
    }
}

/// The 27 federative units as (2-digit IBGE code, "Name (UF)"), by name: the choice of the state
/// whose council (CEAS) is registered.
pub async fn state_choices(db: &Db, me: Option<&Me>) -> Result<Vec<(String, String)>, Fail> {
    allow(me, Action::ManageTenancy)?;
    Ok(fe::Entity::find()
        .filter(fe::Column::Kind.eq("uf"))
        .order_by_asc(fe::Column::SearchKey)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|e| {
            let uf = e.uf.unwrap_or_default();
            (
                e.ibge_code.unwrap_or_default(),
                format!("{} ({uf})", e.name),
            )
        })
        .collect())
}

/// Municipalities whose name (accents and case ignored) contains `q`, or whose IBGE code starts
/// with `q` when it is all digits. At most [`SEARCH_LIMIT`]; empty `q` finds nothing.
pub async fn search_municipalities(
    db: &Db,
    me: Option<&Me>,
    q: &str,
) -> Result<Vec<MunicipalityRow>, Fail> {
    allow(me, Action::ManageTenancy)?;
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let mut find = fe::Entity::find().filter(fe::Column::Kind.eq("municipality"));
    if q.bytes().all(|b| b.is_ascii_digit()) {
        find = find.filter(fe::Column::IbgeCode.starts_with(q));
    } else {
        let key = search_key(q);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        find = find.filter(fe::Column::SearchKey.contains(key));
    }
    Ok(find
        .order_by_asc(fe::Column::SearchKey)
        .order_by_asc(fe::Column::Uf)
        .limit(SEARCH_LIMIT)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(municipality_row)
        .collect())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PorteInput {
    pub ibge_code: String,
    pub porte: String,
    /// Why the porte differs from the one the IBGE population gives (required).
    pub reason: String,
    /// The search to go back to.
    pub q: String,
}

/// A municipality by its 7-digit IBGE code, or the pt-BR problem with the code.
pub(super) async fn municipality<C: ConnectionTrait>(
    conn: &C,
    field: &str,
    code: &str,
) -> Result<Result<fe::Model, FieldError>, Fail> {
    let code = code.trim();
    let c = match IbgeCode::parse(code) {
        Ok(c) if c.as_str().len() == 7 => c,
        Ok(_) => {
            return Ok(Err(FieldError::new(
                field,
                format!("{code} é o código de uma UF: informe o código de 7 dígitos do município"),
            )));
        }
        Err(e) => {
            return Ok(Err(FieldError::new(
                field,
                format!("{code}: {}", e.message),
            )));
        }
    };
    Ok(fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq(c.as_str()))
        .filter(fe::Column::Kind.eq("municipality"))
        .one(conn)
        .await?
        .ok_or_else(|| {
            FieldError::new(field, format!("Não há município com o código IBGE {code}"))
        }))
}

/// Sets the porte of a municipality by hand (`porte_source = "admin"`) with the reason (for a
/// municipality without a population count, or whose count is out of date). The population-based
/// loader never overwrites it; [`reset_porte`] goes back to the computed one.
pub async fn set_porte(db: &Db, me: Option<&Me>, i: &PorteInput) -> Result<(), Fail> {
    allow(me, Action::ManageTenancy)?;
    let mut inv = Invalid::default();
    let m = inv.take(municipality(&db.conn, "ibge_code", &i.ibge_code).await?);
    let porte = if i.porte.trim().is_empty() {
        inv.push(FieldError::new("porte", "Escolha o porte"));
        None
    } else {
        inv.take(Porte::parse(&i.porte))
    };
    let reason = inv.take(required("reason", "o motivo", &i.reason, 300).map_err(|e| {
        if i.reason.trim().is_empty() {
            FieldError::new(
                "reason",
                "Informe o motivo de definir o porte à mão (por exemplo, a estimativa de população mais recente do IBGE)",
            )
        } else {
            e
        }
    }));
    let (Some(m), Some(porte), Some(reason)) = (m, porte, reason) else {
        return Err(inv.into());
    };
    let tx = db.write().await?;
    let mut a: fe::ActiveModel = m.into();
    a.porte = Set(Some(porte.code().into()));
    a.porte_source = Set(Some(tenancy::BY_ADMIN.into()));
    a.porte_reason = Set(Some(reason));
    fe::Entity::update(a).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ResetPorteInput {
    pub ibge_code: String,
    /// The search to go back to.
    pub q: String,
}

/// Drops the porte the administration set: the municipality gets back the porte its IBGE
/// population gives (none without a population).
pub async fn reset_porte(db: &Db, me: Option<&Me>, i: &ResetPorteInput) -> Result<(), Fail> {
    allow(me, Action::ManageTenancy)?;
    let m = municipality(&db.conn, "ibge_code", &i.ibge_code)
        .await?
        .map_err(Invalid::from)?;
    if m.porte_source.as_deref() != Some(tenancy::BY_ADMIN) {
        return Err(Invalid::one(
            "ibge_code",
            format!(
                "O porte de {}/{} não foi definido pela administração: já é o da população do IBGE",
                m.name,
                m.uf.as_deref().unwrap_or("")
            ),
        )
        .into());
    }
    let (porte, source) = tenancy::computed_porte(m.population);
    let tx = db.write().await?;
    let mut a: fe::ActiveModel = m.into();
    a.porte = Set(porte);
    a.porte_source = Set(source);
    a.porte_reason = Set(None);
    fe::Entity::update(a).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}
