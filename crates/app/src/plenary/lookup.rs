//! Reads and deletes shared by the plenary's votes, elections and seats: registrations by id, the
//! rows of one vote or poll, and a vote's or poll's hash chain read back and verified.

use crate::platform::chain;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use store::entities::registration;
use uuid::Uuid;

/// The registrations of these ids, by id (an id with no registration is left out).
pub(crate) async fn registrations_by_id(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> store::Result<HashMap<Uuid, registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::Id.is_in(ids.into_iter().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect())
}

/// Each row with the registration it names (`registration_of`), in the rows' order; a row whose
/// registration is gone is left out.
pub(crate) async fn with_registrations<T>(
    db: &impl ConnectionTrait,
    rows: Vec<T>,
    registration_of: impl Fn(&T) -> Uuid,
) -> store::Result<Vec<(T, registration::Model)>> {
    let regs = registrations_by_id(db, rows.iter().map(&registration_of)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let r = regs.get(&registration_of(&row))?.clone();
            Some((row, r))
        })
        .collect())
}

/// Deletes the rows of `column`'s table whose `column` is `id` (e.g. every row of one vote).
pub(crate) async fn delete_where<C>(
    db: &impl ConnectionTrait,
    column: C,
    id: Uuid,
) -> store::Result<()>
where
    C: ColumnTrait,
    C::EntityName: EntityTrait<Column = C>,
{
    <C::EntityName as EntityTrait>::delete_many()
        .filter(column.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Reads the hash chain of one vote or poll (the rows of `scope`'s table whose `scope` is `id`, in
/// `seq` order) and verifies it against its head and its stored ballots (receipt hash → choice).
pub(crate) async fn verify_chain<C>(
    db: &impl ConnectionTrait,
    scope: C,
    seq: C,
    id: Uuid,
    head: Option<&str>,
    stored: &HashMap<String, String>,
) -> store::Result<chain::Checked>
where
    C: ColumnTrait,
    C::EntityName: EntityTrait<Column = C>,
    <C::EntityName as EntityTrait>::Model: Into<chain::Stored>,
{
    let rows = <C::EntityName as EntityTrait>::find()
        .filter(scope.eq(id))
        .order_by_asc(seq)
        .all(db)
        .await?;
    Ok(chain::verify(
        rows.into_iter().map(Into::into).collect(),
        head,
        stored,
    ))
}
