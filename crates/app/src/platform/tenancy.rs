//! Federative entities: the nation, the 27 UFs and every municipality (IBGE list shipped in
//! `data/ibge/`, with the Censo 2022 population; see its README for provenance).
//!
//! A municipality's porte comes from its population ([`Porte::from_population`],
//! `porte_source = "population"`), unless the administration set it by hand with a reason
//! (`porte_source = "admin"`, `porte_reason`; `platform::admin::set_porte`).

use crate::Fail;
use domain::FieldError;
use domain::text::search_key;
use domain::values::{IbgeCode, Porte};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use serde::Serialize;
use std::collections::HashMap;
use store::entities::federative_entity as fe;
use store::{Db, Result};
use uuid::Uuid;

const UFS_CSV: &str = include_str!("../../../../data/ibge/ufs.csv");
const MUNICIPIOS_CSV: &str = include_str!("../../../../data/ibge/municipios.csv");

/// `porte_source` of a porte computed from the IBGE population.
pub const FROM_POPULATION: &str = "population";
/// `porte_source` of a porte set by the administration.
pub const BY_ADMIN: &str = "admin";

fn row(
    kind: &str,
    code: Option<&str>,
    name: &str,
    uf: Option<&str>,
    parent: Option<Uuid>,
) -> fe::ActiveModel {
    fe::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(kind.into()),
        ibge_code: Set(code.map(Into::into)),
        name: Set(name.into()),
        uf: Set(uf.map(Into::into)),
        parent_id: Set(parent),
        population: Set(None),
        population_year: Set(None),
        porte: Set(None),
        porte_source: Set(None),
        porte_reason: Set(None),
        search_key: Set(search_key(name)),
    }
}

/// The porte a population gives, with its source (`None` for both without a population).
pub fn computed_porte(population: Option<i64>) -> (Option<String>, Option<String>) {
    match population.and_then(|p| u64::try_from(p).ok()) {
        Some(p) => (
            Some(Porte::from_population(p).code().into()),
            Some(FROM_POPULATION.into()),
        ),
        None => (None, None),
    }
}

/// One municipality's population in a list in the format of `data/ibge/municipios.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Count {
    population: i64,
    year: Option<i32>,
}

/// The populations of a municipality list (`ibge_code,name,uf,population,population_year`), by
/// code; rows without a population are left out.
fn counts(csv_text: &str) -> Result<HashMap<String, Count>> {
    let mut out = HashMap::new();
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    for r in rdr.records() {
        let r = r.map_err(|e| store::Error::Other(e.to_string()))?;
        if let Ok(population) = r[3].parse::<i64>() {
            let year = r[4].parse().ok();
            out.insert(r[0].to_owned(), Count { population, year });
        }
    }
    Ok(out)
}

/// Loads the nation, UFs and municipalities (with population and porte) when the table is empty,
/// then brings the populations of an installation loaded earlier up to date
/// ([`sync_population`]). Idempotent, and safe when several instances start at once: each write
/// runs in one exclusive transaction that checks again.
pub async fn ensure_entities(db: &Db) -> Result<()> {
    if fe::Entity::find().count(&db.conn).await? == 0 {
        load(db).await?;
    }
    sync_population(db, MUNICIPIOS_CSV).await?;
    Ok(())
}

async fn load(db: &Db) -> Result<()> {
    let tx = db.write_exclusive().await?;
    if fe::Entity::find().count(&tx).await? > 0 {
        return Ok(()); // another instance loaded them while we waited
    }
    let nation = Uuid::now_v7();
    let mut n = row("nation", None, "Brasil", None, None);
    n.id = Set(nation);
    fe::Entity::insert(n)
        .exec(&tx)
        .await
        .map_err(store::Error::from_db)?;
    let mut uf_ids = HashMap::new();
    let mut rdr = csv::Reader::from_reader(UFS_CSV.as_bytes());
    let mut ufs = Vec::new();
    for r in rdr.records() {
        let r = r.map_err(|e| store::Error::Other(e.to_string()))?;
        let mut m = row("uf", Some(&r[0]), &r[2], Some(&r[1]), Some(nation));
        let id = Uuid::now_v7();
        m.id = Set(id);
        uf_ids.insert(r[1].to_string(), id);
        ufs.push(m);
    }
    fe::Entity::insert_many(ufs).exec(&tx).await?;
    let mut rdr = csv::Reader::from_reader(MUNICIPIOS_CSV.as_bytes());
    let mut batch = Vec::with_capacity(500);
    for r in rdr.records() {
        let r = r.map_err(|e| store::Error::Other(e.to_string()))?;
        let parent = uf_ids.get(&r[2]).copied();
        let mut m = row("municipality", Some(&r[0]), &r[1], Some(&r[2]), parent);
        if let Ok(p) = r[3].parse::<i64>() {
            let (porte, source) = computed_porte(Some(p));
            m.population = Set(Some(p));
            m.population_year = Set(r[4].parse().ok());
            m.porte = Set(porte);
            m.porte_source = Set(source);
        }
        batch.push(m);
        if batch.len() == 500 {
            fe::Entity::insert_many(std::mem::take(&mut batch))
                .exec(&tx)
                .await?;
        }
    }
    if !batch.is_empty() {
        fe::Entity::insert_many(batch).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The update a stored municipality needs to match `count`, if any: the population and year of
/// the list, and the porte they give unless the administration set it.
fn update_for(m: &fe::Model, count: Option<&Count>) -> Option<fe::ActiveModel> {
    let (population, year) = match count {
        Some(c) => (Some(c.population), c.year),
        // A population the list does not have is kept (the list never erases one).
        None => (m.population, m.population_year),
    };
    let admin = m.porte_source.as_deref() == Some(BY_ADMIN);
    let (porte, source) = if admin {
        (m.porte.clone(), m.porte_source.clone())
    } else if population.is_some() {
        computed_porte(population)
    } else {
        // No population: a porte stored without a source stays as it is.
        (m.porte.clone(), m.porte_source.clone())
    };
    if (population, year, &porte, &source)
        == (m.population, m.population_year, &m.porte, &m.porte_source)
    {
        return None;
    }
    let mut a: fe::ActiveModel = m.clone().into();
    a.population = Set(population);
    a.population_year = Set(year);
    a.porte = Set(porte);
    a.porte_source = Set(source);
    Some(a)
}

/// The municipalities whose stored population (or the porte it gives) differs from `list`.
async fn stale<C: ConnectionTrait>(
    conn: &C,
    list: &HashMap<String, Count>,
) -> Result<Vec<fe::ActiveModel>> {
    Ok(fe::Entity::find()
        .filter(fe::Column::Kind.eq("municipality"))
        .all(conn)
        .await?
        .iter()
        .filter_map(|m| update_for(m, m.ibge_code.as_ref().and_then(|c| list.get(c))))
        .collect())
}

/// Brings the population of every stored municipality to the one in `csv_text` (a list in the
/// format of `data/ibge/municipios.csv`), and its porte to the one that population gives, except
/// a porte set by the administration (`porte_source = "admin"`, kept with its reason). A
/// population missing from the list is kept. Returns how many municipalities changed; reads only
/// when nothing is out of date, so it is cheap at every start.
pub async fn sync_population(db: &Db, csv_text: &str) -> Result<usize> {
    let list = counts(csv_text)?;
    if stale(&db.conn, &list).await?.is_empty() {
        return Ok(0);
    }
    let tx = db.write_exclusive().await?;
    let updates = stale(&tx, &list).await?; // again: another instance may have done it
    let n = updates.len();
    for a in updates {
        fe::Entity::update(a).exec(&tx).await?;
    }
    tx.commit().await?;
    if n > 0 {
        tracing::info!(municipalities = n, "IBGE population and porte updated");
    }
    Ok(n)
}

/// A federative entity as the public API shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub ibge_code: String,
    pub name: String,
    /// The UF's sigla (a municipality's or the UF's own).
    pub uf: String,
    /// Resident population (IBGE), municipalities only; `null` when unknown.
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    /// Porte code (`PP1`, `PP2`, `MEDIO`, `GRANDE`, `METROPOLE`); `null` when unknown.
    pub porte: Option<String>,
    pub porte_label: Option<String>,
    /// `population` (computed from the IBGE population) or `admin` (set by the administration).
    pub porte_source: Option<String>,
    /// Why the administration set the porte (`porte_source = "admin"` only).
    pub porte_reason: Option<String>,
}

impl From<fe::Model> for EntityView {
    fn from(m: fe::Model) -> Self {
        EntityView {
            porte_label: m
                .porte
                .as_deref()
                .and_then(|p| Porte::parse(p).ok())
                .map(|p| p.label().to_owned()),
            ibge_code: m.ibge_code.unwrap_or_default(),
            name: m.name,
            uf: m.uf.unwrap_or_default(),
            population: m.population,
            population_year: m.population_year,
            porte: m.porte,
            porte_source: m.porte_source,
            porte_reason: m.porte_reason,
        }
    }
}

/// A municipality (7 digits) or UF (2 digits) by its IBGE code. Public data: no login.
/// `Invalid` (field `ibge_code`) for a malformed code, `NotFound` for one IBGE does not have.
pub async fn entity(db: &Db, code: &str) -> std::result::Result<EntityView, Fail> {
    let c = IbgeCode::parse(code)?;
    if c.as_str() != code {
        return Err(
            FieldError::new("ibge_code", "Código IBGE inválido: só dígitos, sem espaços").into(),
        );
    }
    fe::Entity::find()
        .filter(fe::Column::IbgeCode.eq(c.as_str()))
        .one(&db.conn)
        .await?
        .map(EntityView::from)
        .ok_or(Fail::NotFound)
}
