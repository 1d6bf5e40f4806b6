//! The conference day's programme (programação): the commission adds, edits and removes its
//! items (`ManageProgramme`); anyone reads it at `/c/{slug}/programacao`; the participant kit
//! prints it. Items are always shown in time order. Each item is read by
//! `domain::programme::read_item` (times local to the conference, on its own days).

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use crate::setup::conference::tz_of;
use chrono::Utc;
use domain::policy::Action;
use domain::programme::{Item, ItemInput, hours, read_item};
use domain::values::ProgrammeKind;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::Serialize;
use store::Db;
use store::entities::{conference, programme_item};
use uuid::Uuid;

pub use domain::programme::ItemInput as ProgrammeInput;

/// An item as every reader sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: Uuid,
    /// `domain::values::ProgrammeKind` code.
    pub kind: String,
    pub kind_label: String,
    pub title: String,
    /// `09:30–10:30` (with the date when the conference lasts more than a day).
    pub hours: String,
    pub place: Option<String>,
    /// "Name, role" of who speaks, when given.
    pub speaker: Option<String>,
    pub description: Option<String>,
}

/// A conference's programme for its public page.
#[derive(Debug, Clone, Serialize)]
pub struct Programme {
    pub slug: String,
    pub title: String,
    /// `15/07/2025` or `15/07/2025 a 16/07/2025`.
    pub days: String,
    pub venue: Option<String>,
    /// The time zone as pages name it ("Horário de Brasília").
    pub time_zone: String,
    pub items: Vec<ItemView>,
}

fn view(c: &conference::Model, it: programme_item::Model) -> ItemView {
    let several_days = c.starts_on != c.ends_on;
    let kind = ProgrammeKind::parse(&it.kind).unwrap_or(ProgrammeKind::Other);
    ItemView {
        id: it.id,
        kind: kind.code().into(),
        kind_label: kind.label().into(),
        hours: hours(it.starts_at, it.ends_at, tz_of(c), several_days),
        speaker: it.speaker_name.map(|n| match it.speaker_role {
            Some(r) => format!("{n}, {r}"),
            None => n,
        }),
        title: it.title,
        place: it.place,
        description: it.description,
    }
}

/// The items of `c` in time order, as shown everywhere.
pub(crate) async fn items_of(db: &Db, c: &conference::Model) -> store::Result<Vec<ItemView>> {
    Ok(programme_item::Entity::find()
        .filter(programme_item::Column::ConferenceId.eq(c.id))
        .order_by_asc(programme_item::Column::StartsAt)
        .order_by_asc(programme_item::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|it| view(c, it))
        .collect())
}

fn days_of(c: &conference::Model) -> String {
    domain::calendar::days_label(c.starts_on, c.ends_on)
}

/// The public programme of the conference `slug` (no login).
pub async fn public(db: &Db, slug: &str) -> Result<Programme, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    programme(db, &c).await.map_err(Fail::from)
}

pub(crate) async fn programme(db: &Db, c: &conference::Model) -> store::Result<Programme> {
    Ok(Programme {
        items: items_of(db, c).await?,
        slug: c.slug.clone(),
        title: c.title.clone(),
        days: days_of(c),
        venue: c.venue.clone(),
        time_zone: domain::values::time_zone_name(&c.time_zone),
    })
}

/// The programme as the commission edits it (`ManageProgramme`).
pub async fn items(db: &Db, me: Option<&Me>, slug: &str) -> Result<Programme, Fail> {
    let c = authorize(db, me, slug, Action::ManageProgramme).await?;
    Ok(programme(db, &c).await?)
}

/// The form of a new item: the first conference day at 08:00, as a start the commission edits.
pub async fn new_input(db: &Db, me: Option<&Me>, slug: &str) -> Result<ItemInput, Fail> {
    let c = authorize(db, me, slug, Action::ManageProgramme).await?;
    Ok(ItemInput {
        kind: ProgrammeKind::Other.code().into(),
        starts_at: format!("{}T08:00", c.starts_on.format("%Y-%m-%d")),
        ..Default::default()
    })
}

fn read(c: &conference::Model, i: &ItemInput) -> Result<Item, Fail> {
    Ok(read_item(i, tz_of(c), c.starts_on, c.ends_on)?)
}

/// Adds an item; refused with every problem at its field, nothing written.
pub async fn add_item(db: &Db, me: Option<&Me>, slug: &str, i: &ItemInput) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::ManageProgramme).await?;
    let it = read(&c, i)?;
    let id = Uuid::now_v7();
    let now = Utc::now();
    let tx = db.write().await?;
    programme_item::Entity::insert(programme_item::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        kind: Set(it.kind.code().into()),
        title: Set(it.title),
        starts_at: Set(it.starts_at),
        ends_at: Set(it.ends_at),
        place: Set(it.place),
        speaker_name: Set(it.speaker_name),
        speaker_role: Set(it.speaker_role),
        description: Set(it.description),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn item_of(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
) -> Result<(conference::Model, programme_item::Model), Fail> {
    let c = authorize(db, me, slug, Action::ManageProgramme).await?;
    let it = programme_item::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|it| it.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    Ok((c, it))
}

/// An item as its edit form shows it.
pub async fn item_input(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<ItemInput, Fail> {
    let (c, it) = item_of(db, me, slug, id).await?;
    let tz = tz_of(&c);
    let local =
        |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string();
    Ok(ItemInput {
        kind: it.kind,
        title: it.title,
        starts_at: local(it.starts_at),
        ends_at: it.ends_at.map(local).unwrap_or_default(),
        place: it.place.unwrap_or_default(),
        speaker_name: it.speaker_name.unwrap_or_default(),
        speaker_role: it.speaker_role.unwrap_or_default(),
        description: it.description.unwrap_or_default(),
    })
}

pub async fn update_item(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
    i: &ItemInput,
) -> Result<(), Fail> {
    let (c, old) = item_of(db, me, slug, id).await?;
    let it = read(&c, i)?;
    let tx = db.write().await?;
    let mut m: programme_item::ActiveModel = old.into();
    m.kind = Set(it.kind.code().into());
    m.title = Set(it.title);
    m.starts_at = Set(it.starts_at);
    m.ends_at = Set(it.ends_at);
    m.place = Set(it.place);
    m.speaker_name = Set(it.speaker_name);
    m.speaker_role = Set(it.speaker_role);
    m.description = Set(it.description);
    m.updated_at = Set(Utc::now());
    m.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an item (the programme is a plan, not a record: nothing else points to it).
pub async fn remove_item(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<(), Fail> {
    let (_, it) = item_of(db, me, slug, id).await?;
    let tx = db.write().await?;
    programme_item::Entity::delete_by_id(it.id)
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
