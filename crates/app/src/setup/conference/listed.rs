//! The conference's ordered lists that the commission fills one item at a time (the organizing
//! commission, the document library): appended at the end up to a maximum, removed by id.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use domain::Invalid;
use domain::policy::Action;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::Db;
use uuid::Uuid;

/// How a list refuses one more item: at most `max` items, else `message` on `field`.
pub(super) struct Limit {
    pub max: u64,
    pub field: &'static str,
    pub message: &'static str,
}

/// Appends an item at the end of a conference's list, the caller having authorized and
/// validated: `item` gets the next position, in one transaction with the count.
pub(super) async fn append<A>(
    db: &Db,
    (conference, conference_id): (<A::Entity as EntityTrait>::Column, Uuid),
    limit: Limit,
    item: impl FnOnce(i32) -> A,
) -> Result<(), Fail>
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: Send + Sync,
{
    let tx = db.write().await?;
    let n = A::Entity::find()
        .filter(conference.eq(conference_id))
        .count(&tx)
        .await?;
    if n >= limit.max {
        return Err(Invalid::one(limit.field, limit.message).into());
    }
    A::Entity::insert(item(n as i32 + 1)).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an item of a conference's list by id (`EditConference`); not found when the id is not
/// of this conference.
pub(super) async fn remove<E: EntityTrait>(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    (id_column, conference): (E::Column, E::Column),
    id: Uuid,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let r = E::delete_many()
        .filter(id_column.eq(id))
        .filter(conference.eq(c.id))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}
