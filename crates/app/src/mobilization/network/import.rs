//! Importing the council's network from a spreadsheet (the page's upload and `conferencia import
//! units`): CSV in UTF-8, UTF-16 or Windows-1252 with `;`, `,` or tab, XLSX or ODS, read as the
//! participants import reads them (`participants::import::read_table`); headers, kinds and
//! names as `domain::network` reads them. A territory or unit already in the network (names
//! compared regardless of case, accents and extra spaces) is the same one: importing the same
//! file again creates nothing. Everything in one transaction.

use super::*;
use crate::participants::import::read_table;
use domain::network::{Columns, UnitRow, unit_row};
use std::collections::HashMap;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Units created.
    pub created: usize,
    /// Units already in the network that the sheet changed (kind, address, phone, brought back
    /// from the archive, or now taking part in this conference).
    pub updated: usize,
    /// Rows naming a unit already in the network as it is.
    pub unchanged: usize,
    /// Territories created.
    pub territories_created: usize,
    /// (line, reasons) of every rejected row.
    pub rejected: Vec<(usize, Vec<String>)>,
}

/// Imports a spreadsheet of the network from the page (`Action::ManageNetwork`).
pub async fn import_units(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    bytes: &[u8],
) -> Result<ImportReport, Fail> {
    let c = keeper(db, me, slug).await?;
    import_into(db, &c, bytes).await
}

/// Imports a file from the command line (`conferencia import units`): whoever runs it has the
/// database itself, so there is no actor to check.
pub async fn import_units_file(db: &Db, slug: &str, bytes: &[u8]) -> Result<ImportReport, Fail> {
    let c = conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    import_into(db, &c, bytes).await
}

async fn import_into(db: &Db, c: &conference::Model, bytes: &[u8]) -> Result<ImportReport, Fail> {
    let sheet = read_table(bytes, "unidades")?;
    let columns = Columns::of(&sheet.headers)?;
    let mut report = ImportReport::default();
    let mut rows = Vec::new();
    for (line, cells) in &sheet.rows {
        match unit_row(&columns, *line, cells) {
            Ok(r) => rows.push(r),
            Err(why) => report.rejected.push((*line, why)),
        }
    }
    let tx = db.write().await?;
    let mut net = Network::load(&tx, c).await?;
    for r in rows {
        net.apply(&tx, c, r, &mut report).await?;
    }
    tx.commit().await?;
    Ok(report)
}

/// The council's network as the import matches it.
struct Network {
    /// Territories by name key.
    territories: HashMap<String, territory::Model>,
    /// Units by (territory, name key).
    units: HashMap<(Uuid, String), unit::Model>,
    /// Units taking part in this conference.
    taking_part: HashSet<Uuid>,
}

impl Network {
    async fn load(db: &impl ConnectionTrait, c: &conference::Model) -> store::Result<Self> {
        let territories = territory::Entity::find()
            .filter(territory::Column::BodyId.eq(c.body_id))
            .order_by_asc(territory::Column::Position)
            .all(db)
            .await?
            .into_iter()
            .map(|t| (name_key(&t.name), t))
            .collect();
        let units = unit::Entity::find()
            .filter(unit::Column::BodyId.eq(c.body_id))
            .all(db)
            .await?
            .into_iter()
            .map(|u| ((u.territory_id, name_key(&u.name)), u))
            .collect();
        Ok(Self {
            territories,
            units,
            taking_part: taking_part(db, c.id).await?,
        })
    }

    /// The territory named `name`: found (brought back from the archive when it was there) or
    /// created.
    async fn territory(
        &mut self,
        db: &impl ConnectionTrait,
        c: &conference::Model,
        name: &str,
        report: &mut ImportReport,
    ) -> store::Result<Uuid> {
        let key = name_key(name);
        if let Some(t) = self.territories.get_mut(&key) {
            if t.archived_at.is_some() {
                t.archived_at = None;
                territory::Entity::update(t.clone().into_active_model().reset_all())
                    .exec(db)
                    .await?;
            }
            return Ok(t.id);
        }
        let t = insert_territory(db, c, name.to_owned(), None).await?;
        report.territories_created += 1;
        let id = t.id;
        self.territories.insert(key, t);
        Ok(id)
    }

    async fn apply(
        &mut self,
        db: &impl ConnectionTrait,
        c: &conference::Model,
        r: UnitRow,
        report: &mut ImportReport,
    ) -> store::Result<()> {
        let tid = self.territory(db, c, &r.territory, report).await?;
        let key = (tid, name_key(&r.name));
        let Some(u) = self.units.get_mut(&key) else {
            let id = insert_unit(
                db,
                c,
                tid,
                r.kind,
                r.name.clone(),
                (r.address.clone(), r.phone.clone()),
            )
            .await?;
            report.created += 1;
            self.taking_part.insert(id);
            let row = unit::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(store::Error::NotFound)?;
            self.units.insert(key, row);
            return Ok(());
        };
        let before = u.clone();
        if r.kind_given {
            u.kind = r.kind.code().into();
        }
        if r.address.is_some() {
            u.address = r.address;
        }
        if r.phone.is_some() {
            u.phone = r.phone;
        }
        u.archived_at = None;
        let joined = self.taking_part.insert(u.id);
        if joined {
            join(db, c.id, u.id).await?;
        }
        if *u != before {
            unit::Entity::update(u.clone().into_active_model().reset_all())
                .exec(db)
                .await?;
        }
        if joined || *u != before {
            report.updated += 1;
        } else {
            report.unchanged += 1;
        }
        Ok(())
    }
}
