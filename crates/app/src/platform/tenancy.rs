//! Federative entities: the nation, the 27 UFs and every municipality (IBGE list shipped in
//! `data/ibge/`, see its README for provenance).

use domain::text::search_key;
use sea_orm::{ActiveValue::Set, EntityTrait, PaginatorTrait};
use store::entities::federative_entity as fe;
use store::{Db, Result};
use uuid::Uuid;

const UFS_CSV: &str = include_str!("../../../../data/ibge/ufs.csv");
const MUNICIPIOS_CSV: &str = include_str!("../../../../data/ibge/municipios.csv");

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
        search_key: Set(search_key(name)),
    }
}

/// Loads the nation, UFs and municipalities when the table is empty. Idempotent, and safe when
/// several instances start at once: the load runs in one exclusive transaction that checks again.
pub async fn ensure_entities(db: &Db) -> Result<()> {
    if fe::Entity::find().count(&db.conn).await? > 0 {
        return Ok(());
    }
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
    let mut uf_ids = std::collections::HashMap::new();
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
            m.population = Set(Some(p));
            m.population_year = Set(r[4].parse().ok());
            m.porte = Set(Some(
                domain::values::Porte::from_population(p as u64)
                    .code()
                    .into(),
            ));
            m.porte_source = Set(Some("population".into()));
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
