//! Sharing the units' actions: a unit's articulator publishes what the unit did
//! (a text, with items of its gallery) on the conference's public timeline (`/c/{slug}/acoes`);
//! each unit has a public page (`/c/{slug}/unidades/{unit}`) with its meetings, its posts and its
//! gallery.

use crate::Fail;
use crate::mobilization::shared::{
    found, territory_names, unit_manager, unit_row_change, units_by_name,
};
use crate::mobilization::unit_media::Item;
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, conference_scope, parse_id};
use chrono::Utc;
use domain::policy::Action;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{
    conference, territory, unit, unit_media, unit_meeting, unit_post, unit_post_media,
};
use uuid::Uuid;

/// Longest post.
pub const MAX_TEXT: usize = 2000;
/// Most gallery items shown with one post.
pub const MAX_MEDIA: usize = 6;
/// Posts per page of the timeline.
pub const PAGE: u64 = 20;

/// Publishes a post of the unit with the gallery items `media` (ids).
pub async fn publish(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    text: &str,
    media: &[String],
) -> Result<Uuid, Fail> {
    let c = unit_manager(db, me, slug, unit_id).await?;
    let mut inv = Invalid::default();
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_TEXT {
        inv.push(FieldError::new(
            "texto",
            format!("Conte o que a unidade fez (até {MAX_TEXT} caracteres)"),
        ));
    }
    let mut ids: Vec<Uuid> = Vec::new();
    for m in media.iter().filter(|m| !m.trim().is_empty()) {
        match Uuid::parse_str(m.trim()) {
            Ok(id) if !ids.contains(&id) => ids.push(id),
            Ok(_) => {}
            Err(_) => {
                inv.push(FieldError::new(
                    "media",
                    "Item da galeria inválido: escolha da lista",
                ));
                break;
            }
        }
    }
    if ids.len() > MAX_MEDIA {
        inv.push(FieldError::new(
            "media",
            format!("Escolha no máximo {MAX_MEDIA} itens da galeria para uma publicação"),
        ));
    }
    let own = unit_media::Entity::find()
        .filter(unit_media::Column::ConferenceId.eq(c.id))
        .filter(unit_media::Column::UnitId.eq(unit_id))
        .filter(unit_media::Column::Status.eq(unit_media::MediaStatus::Published))
        .filter(unit_media::Column::Id.is_in(ids.clone()))
        .count(&db.conn)
        .await?;
    if own as usize != ids.len() {
        inv.push(FieldError::new(
            "media",
            "Só itens da galeria desta unidade podem ir na publicação",
        ));
    } else if !ids.is_empty()
        && unit_media::Entity::find()
            .filter(unit_media::Column::Id.is_in(ids.clone()))
            .filter(unit_media::Column::Internal.eq(true))
            .count(&db.conn)
            .await?
            > 0
    {
        inv.push(FieldError::new(
            "media",
            "Itens marcados como só para a unidade e a comissão não entram em publicações: a linha do tempo é pública",
        ));
    }
    inv.into_result()?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    unit_post::Entity::insert(unit_post::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        unit_id: Set(unit_id),
        text: Set(text.to_owned()),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    if !ids.is_empty() {
        unit_post_media::Entity::insert_many(ids.iter().map(|m| unit_post_media::ActiveModel {
            id: Set(Uuid::now_v7()),
            post_id: Set(id),
            media_id: Set(*m),
        }))
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Removes one of the unit's posts (its gallery items stay in the gallery).
pub async fn remove(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    id: &str,
) -> Result<(), Fail> {
    let (c, id, tx) = unit_row_change(db, me, slug, unit_id, id, Action::ManageUnit).await?;
    let p =
        found::<unit_post::Entity>(&tx, id, |p| p.unit_id == unit_id && p.conference_id == c.id)
            .await?;
    unit_post::Entity::delete_by_id(p.id).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// A post on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Post {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub territory: String,
    /// "12/05/2025 às 14:30".
    pub when: String,
    pub text: String,
    pub media: Vec<Item>,
}

async fn posts(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    unit_id: Option<Uuid>,
    page: u64,
) -> store::Result<(Vec<Post>, bool)> {
    let mut q = unit_post::Entity::find().filter(unit_post::Column::ConferenceId.eq(c.id));
    if let Some(u) = unit_id {
        q = q.filter(unit_post::Column::UnitId.eq(u));
    }
    let mut rows = q
        .order_by_desc(unit_post::Column::CreatedAt)
        .order_by_desc(unit_post::Column::Id)
        .offset(page * PAGE)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    if rows.is_empty() {
        return Ok((Vec::new(), false));
    }
    let links = unit_post_media::Entity::find()
        .filter(
            unit_post_media::Column::PostId.is_in(rows.iter().map(|r| r.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    let media_ids: Vec<Uuid> = links.iter().map(|l| l.media_id).collect();
    let items: HashMap<Uuid, Item> =
        crate::mobilization::unit_media::items_by_ids(db, c, &media_ids)
            .await?
            .into_iter()
            .collect();
    let unit_ids: Vec<Uuid> = rows.iter().map(|r| r.unit_id).collect();
    let units: HashMap<Uuid, unit::Model> = unit::Entity::find()
        .filter(unit::Column::Id.is_in(unit_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let terrs = territory_names(db, c.id).await?;
    let tz = tz_of(c);
    Ok((
        rows.into_iter()
            .map(|r| {
                let u = units.get(&r.unit_id);
                Post {
                    id: r.id.to_string(),
                    unit_id: r.unit_id.to_string(),
                    unit_name: u.map(|u| u.name.clone()).unwrap_or_default(),
                    territory: u
                        .and_then(|u| terrs.get(&u.territory_id).cloned())
                        .unwrap_or_default(),
                    when: r
                        .created_at
                        .with_timezone(&tz)
                        .format("%d/%m/%Y às %H:%M")
                        .to_string(),
                    media: links
                        .iter()
                        .filter(|l| l.post_id == r.id)
                        .filter_map(|l| items.get(&l.media_id).cloned())
                        .collect(),
                    text: r.text,
                }
            })
            .collect(),
        more,
    ))
}

/// The public timeline of every unit's posts, newest first, [`PAGE`] per page (from 0).
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    pub slug: String,
    pub conference_title: String,
    pub posts: Vec<Post>,
    pub page: u64,
    pub has_next: bool,
    /// Every unit's public page, by territory: (territory, [(unit id, unit name)]).
    pub units: Vec<(String, Vec<(String, String)>)>,
}

pub async fn timeline(db: &Db, slug: &str, page: u64) -> Result<Timeline, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let page = page.min(10_000);
    let (posts, has_next) = posts(&db.conn, &c, None, page).await?;
    let territories = territory_names(&db.conn, c.id).await?;
    let mut by: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for u in units_by_name(&db.conn, c.id).await? {
        by.entry(
            territories
                .get(&u.territory_id)
                .cloned()
                .unwrap_or_default(),
        )
        .or_default()
        .push((u.id.to_string(), u.name));
    }
    Ok(Timeline {
        slug: c.slug,
        conference_title: c.title,
        posts,
        page,
        has_next,
        units: by.into_iter().collect(),
    })
}

/// A unit's public page.
#[derive(Debug, Clone, Serialize)]
pub struct UnitPublic {
    pub slug: String,
    pub unit_id: String,
    pub conference_title: String,
    pub name: String,
    pub territory: String,
    pub address: Option<String>,
    /// The unit's public service phone.
    pub phone: Option<String>,
    pub meetings_held: usize,
    pub people: i64,
    /// Meetings still to come: (when, place or "online").
    pub upcoming: Vec<(String, String)>,
    pub posts: Vec<Post>,
    pub gallery: Vec<Item>,
}

pub async fn unit_public(db: &Db, slug: &str, unit_id: &str) -> Result<UnitPublic, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let u = crate::mobilization::shared::unit_in(&db.conn, c.id, parse_id(unit_id)?).await?;
    let t = territory::Entity::find_by_id(u.territory_id)
        .one(&db.conn)
        .await?;
    let meetings = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(c.id))
        .filter(unit_meeting::Column::UnitId.eq(u.id))
        .filter(unit_meeting::Column::Status.ne(MeetingStatus::Cancelled))
        .order_by_asc(unit_meeting::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let listed = crate::mobilization::attendance::listed_counts(&db.conn, c.id).await?;
    let tz = tz_of(&c);
    let now = Utc::now();
    let (posts, _) = posts(&db.conn, &c, Some(u.id), 0).await?;
    Ok(UnitPublic {
        meetings_held: meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Held)
            .count(),
        people: meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Held)
            .map(|m| {
                crate::mobilization::attendance::effective(m, listed.get(&m.id))
                    .0
                    .unwrap_or(0) as i64
            })
            .sum(),
        upcoming: meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Scheduled && m.starts_at > now)
            .map(|m| {
                (
                    crate::setup::conference::when(m.starts_at, m.ends_at, tz),
                    m.place.clone().unwrap_or_else(|| "online".into()),
                )
            })
            .collect(),
        posts,
        gallery: crate::mobilization::unit_media::items(
            &db.conn,
            &c,
            Some(u.id),
            None,
            crate::mobilization::unit_media::Audience::Public,
        )
        .await?,
        territory: t.map(|t| t.name).unwrap_or_default(),
        address: u.address,
        phone: u.phone,
        unit_id: u.id.to_string(),
        name: u.name,
        slug: c.slug,
        conference_title: c.title,
    })
}

/// The unit's latest posts (its articulator's page).
pub(crate) async fn of_unit(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    unit_id: Uuid,
) -> store::Result<Vec<Post>> {
    Ok(posts(db, c, Some(unit_id), 0).await?.0)
}
