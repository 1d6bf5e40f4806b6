//! A conference's places as (id, label) choices for forms: territories, units and eixos.

use crate::mobilization::shared::{eixo_label, eixos_of, territories_in_order, units_by_name};
use store::Db;
use uuid::Uuid;

/// A form's choices: (id, label).
pub(crate) type Options = Vec<(String, String)>;

/// (id, name) of the conference's territories, in their order.
pub(crate) async fn territory_options(db: &Db, conference_id: Uuid) -> store::Result<Options> {
    Ok(territories_in_order(&db.conn, conference_id)
        .await?
        .into_iter()
        .map(|t| (t.id.to_string(), t.name))
        .collect())
}

/// (id, name) of the conference's units, by name.
pub(crate) async fn unit_options(db: &Db, conference_id: Uuid) -> store::Result<Options> {
    Ok(units_by_name(&db.conn, conference_id)
        .await?
        .into_iter()
        .map(|u| (u.id.to_string(), u.name))
        .collect())
}

/// (id, "Eixo N: title") of the conference's eixos, by number.
pub(crate) async fn eixo_options(db: &Db, conference_id: Uuid) -> store::Result<Options> {
    Ok(eixos_of(&db.conn, conference_id)
        .await?
        .iter()
        .map(|e| (e.id.to_string(), eixo_label(e)))
        .collect())
}
