//! Small queries and checks the mobilization use cases share: finding, deleting and upserting a
//! row by its id, grouped counts, a conference's units, territories, eixos and people's names in
//! their order, and the permission checks on a unit.
//!
//! The one place that says which territories and units are a conference's (ADR 0034): the
//! network belongs to the council (`body_id`); a conference's territories are the council's
//! non-archived ones ([`territories_of`]); its units are those in `conference_unit`
//! ([`listed_units`] for lists and new choices, archived ones left out; [`unit_in`] and
//! [`unit_names`] for pages that look a unit up by id, history included).

use crate::Fail;
use crate::platform::auth::{Me, authorize, parse_id};
use domain::ids::UnitId;
use domain::policy::{Action, ConferenceScope};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction,
    DeleteMany, EntityTrait, IntoActiveModel, PrimaryKeyTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, TryGetable,
};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{account, conference, conference_unit, eixo, territory, unit};
use uuid::Uuid;

/// The primary key type of the entity behind an active model.
type KeyOf<A> =
    <<<A as ActiveModelTrait>::Entity as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType;

/// The row `id` of entity `E` when `keep` accepts it (it belongs to this conference, this
/// unit…); "not found" otherwise.
pub(crate) async fn found<E>(
    db: &impl ConnectionTrait,
    id: Uuid,
    keep: impl FnOnce(&E::Model) -> bool,
) -> Result<E::Model, Fail>
where
    E: EntityTrait,
    Uuid: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    E::find_by_id(id)
        .one(db)
        .await?
        .filter(keep)
        .ok_or(Fail::NotFound)
}

/// The row of entity `E` whose id was chosen in a form field (`raw`), when `keep` accepts it;
/// `None` for a blank or unreadable id or a row `keep` refuses.
pub(crate) async fn chosen<E>(
    db: &impl ConnectionTrait,
    raw: &str,
    keep: impl FnOnce(&E::Model) -> bool,
) -> store::Result<Option<E::Model>>
where
    E: EntityTrait,
    Uuid: Into<<E::PrimaryKey as PrimaryKeyTrait>::ValueType>,
{
    let Ok(id) = Uuid::parse_str(raw.trim()) else {
        return Ok(None);
    };
    Ok(E::find_by_id(id).one(db).await?.filter(keep))
}

/// Deletes the rows `q` selects; "not found" when it selects none.
pub(crate) async fn delete_found<E: EntityTrait>(
    db: &impl ConnectionTrait,
    q: DeleteMany<E>,
) -> Result<(), Fail> {
    if q.exec(db).await?.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}

/// Writes `row`, whose key is `id`: an update when the row exists, an insert otherwise.
pub(crate) async fn save_row<A>(
    db: &impl ConnectionTrait,
    id: KeyOf<A>,
    row: A,
) -> store::Result<()>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    if A::Entity::find_by_id(id).one(db).await?.is_some() {
        A::Entity::update(row).exec(db).await?;
    } else {
        A::Entity::insert(row).exec(db).await?;
    }
    Ok(())
}

/// How many rows `q` selects per value of column `by` (`id` is the column counted), in one
/// grouped query.
pub(crate) async fn count_by<E, K>(
    db: &impl ConnectionTrait,
    q: Select<E>,
    by: E::Column,
    id: E::Column,
) -> store::Result<Vec<(K, i64)>>
where
    E: EntityTrait,
    K: TryGetable,
{
    Ok(q.select_only()
        .column(by)
        .column_as(id.count(), "n")
        .group_by(by)
        .into_tuple()
        .all(db)
        .await?)
}

/// The conflict clause of an upsert on `key`: every other column takes the new row's value,
/// except those in `keep` (an id the first insert chose).
pub(crate) fn update_the_rest<C: ColumnTrait>(key: &[C], keep: &[C]) -> OnConflict {
    let fixed = |c: &C| key.iter().chain(keep).any(|k| k.as_str() == c.as_str());
    OnConflict::columns(key.iter().copied())
        .update_columns(C::iter().filter(|c| !fixed(c)))
        .to_owned()
}

/// The id named by `which` (a form's or a query's field), or `None` when it is blank.
pub(crate) fn optional_id(which: &str) -> Result<Option<Uuid>, Fail> {
    if which.trim().is_empty() {
        Ok(None)
    } else {
        Ok(Some(parse_id(which)?))
    }
}

/// The conference behind `slug`, for someone who manages unit `unit_id` (`Action::ManageUnit`).
pub(crate) async fn unit_manager(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
) -> Result<conference::Model, Fail> {
    authorize(db, me, slug, |s| Action::ManageUnit(s, unit_id.into())).await
}

/// The conference behind `slug`, for someone who may see and change the people of unit `unit_id`
/// (`Action::ManageUnitPeople`).
pub(crate) async fn unit_people_manager(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
) -> Result<conference::Model, Fail> {
    authorize(db, me, slug, |s| {
        Action::ManageUnitPeople(s, unit_id.into())
    })
    .await
}

/// What a change to one row of unit `unit_id` starts with: the conference, once `action`
/// (`Action::ManageUnit`, `Action::ManageUnitPeople`) on the unit is allowed for `me`; the
/// row's id, read from `id`; and the write transaction.
pub(crate) async fn unit_row_change(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    id: &str,
    action: fn(ConferenceScope, UnitId) -> Action,
) -> Result<(conference::Model, Uuid, DatabaseTransaction), Fail> {
    let c = authorize(db, me, slug, |s| action(s, unit_id.into())).await?;
    let id = parse_id(id)?;
    let tx = db.write().await?;
    Ok((c, id, tx))
}

/// Every unit that takes part in the conference, archived ones included (history, lookups by id).
pub(crate) fn conference_units(conference_id: Uuid) -> Select<unit::Entity> {
    unit::Entity::find().filter(
        unit::Column::Id.in_subquery(
            Query::select()
                .column(conference_unit::Column::UnitId)
                .from(conference_unit::Entity)
                .and_where(conference_unit::Column::ConferenceId.eq(conference_id))
                .to_owned(),
        ),
    )
}

/// The units that take part in the conference and are not archived: every list of units and
/// every new choice of one.
pub(crate) fn listed_units(conference_id: Uuid) -> Select<unit::Entity> {
    conference_units(conference_id).filter(unit::Column::ArchivedAt.is_null())
}

/// Unit `unit_id` when it takes part in the conference (archived or not); "not found" otherwise.
pub(crate) async fn unit_in(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    unit_id: Uuid,
) -> Result<unit::Model, Fail> {
    conference_units(conference_id)
        .filter(unit::Column::Id.eq(unit_id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

/// Every territory of the council that holds the conference, archived ones included.
pub(crate) fn network_territories(conference_id: Uuid) -> Select<territory::Entity> {
    territory::Entity::find().filter(
        territory::Column::BodyId.in_subquery(
            Query::select()
                .column(conference::Column::BodyId)
                .from(conference::Entity)
                .and_where(conference::Column::Id.eq(conference_id))
                .to_owned(),
        ),
    )
}

/// The conference's territories: the council's non-archived ones, in their order (position,
/// then name).
pub(crate) fn territories_of(conference_id: Uuid) -> Select<territory::Entity> {
    network_territories(conference_id)
        .filter(territory::Column::ArchivedAt.is_null())
        .order_by_asc(territory::Column::Position)
        .order_by_asc(territory::Column::Name)
}

/// Territory `id` of the council that holds the conference (archived or not); "not found"
/// otherwise.
pub(crate) async fn territory_in(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    id: Uuid,
) -> Result<territory::Model, Fail> {
    network_territories(conference_id)
        .filter(territory::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

/// The names of the conference's units (archived ones included), by id.
pub(crate) async fn unit_names(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, String>> {
    Ok(conference_units(conference_id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

/// The conference's units (not archived), by name.
pub(crate) async fn units_by_name(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<unit::Model>> {
    Ok(listed_units(conference_id)
        .order_by_asc(unit::Column::Name)
        .all(db)
        .await?)
}

/// The conference's territories in their order (position, then name).
pub(crate) async fn territories_in_order(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<territory::Model>> {
    Ok(territories_of(conference_id).all(db).await?)
}

/// The names of the council's territories (archived ones included), by id.
pub(crate) async fn territory_names(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, String>> {
    Ok(network_territories(conference_id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect())
}

/// The conference's eixos, in their order.
pub(crate) async fn eixos_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<eixo::Model>> {
    Ok(eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conference_id))
        .order_by_asc(eixo::Column::Number)
        .all(db)
        .await?)
}

/// An eixo as the pages name it: "Eixo 2: Financiamento".
pub(crate) fn eixo_label(e: &eixo::Model) -> String {
    format!("Eixo {}: {}", e.number, e.title)
}

/// The display names of the accounts `ids` (each once), by id.
pub(crate) async fn account_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> store::Result<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids
        .into_iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect())
}
