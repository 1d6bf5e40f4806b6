//! A conference's places as (id, label) choices for forms: territories, units and eixos.

use crate::mobilization::shared::{eixo_label, eixos_of};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::Db;
use store::entities::{territory, unit};
use uuid::Uuid;

/// A form's choices: (id, label).
pub(crate) type Options = Vec<(String, String)>;

/// The choices made of an entity's rows in a conference (column `conference`), by `order`.
async fn options<E: EntityTrait>(
    db: &Db,
    (conference, order): (E::Column, E::Column),
    conference_id: Uuid,
    choice: impl Fn(E::Model) -> (String, String),
) -> store::Result<Options> {
    Ok(E::find()
        .filter(conference.eq(conference_id))
        .order_by_asc(order)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(choice)
        .collect())
}

/// (id, name) of the conference's territories, in their order.
pub(crate) async fn territory_options(db: &Db, conference_id: Uuid) -> store::Result<Options> {
    let columns = (territory::Column::ConferenceId, territory::Column::Position);
    options::<territory::Entity>(db, columns, conference_id, |t| (t.id.to_string(), t.name)).await
}

/// (id, name) of the conference's units, by name.
pub(crate) async fn unit_options(db: &Db, conference_id: Uuid) -> store::Result<Options> {
    let columns = (unit::Column::ConferenceId, unit::Column::Name);
    options::<unit::Entity>(db, columns, conference_id, |u| (u.id.to_string(), u.name)).await
}

/// (id, "Eixo N: title") of the conference's eixos, by number.
pub(crate) async fn eixo_options(db: &Db, conference_id: Uuid) -> store::Result<Options> {
    Ok(eixos_of(&db.conn, conference_id)
        .await?
        .iter()
        .map(|e| (e.id.to_string(), eixo_label(e)))
        .collect())
}
