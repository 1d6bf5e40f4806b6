//! Showing the galleries: the items of a conference, a unit or a meeting, and their files.

use super::{Item, MediaStatus, kind_label};
use crate::Fail;
use crate::mobilization::shared::{found, unit_names};
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, allow, conference_scope, parse_id};
use domain::policy::Action;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use store::Db;
use store::entities::{conference, stored_file, unit_media, unit_meeting};
use uuid::Uuid;

/// Who is looking at a gallery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Audience {
    /// A public page: published items that are not internal.
    Public,
    /// The unit or the commission: every published item, internal ones included.
    Staff,
}

/// The media of a conference (of one unit, or of one meeting), newest first.
pub(crate) async fn items(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    unit_id: Option<Uuid>,
    meeting_id: Option<Uuid>,
    who: Audience,
) -> store::Result<Vec<Item>> {
    let mut q = unit_media::Entity::find()
        .filter(unit_media::Column::ConferenceId.eq(c.id))
        .filter(unit_media::Column::Status.eq(MediaStatus::Published));
    if who == Audience::Public {
        q = q.filter(unit_media::Column::Internal.eq(false));
    }
    if let Some(u) = unit_id {
        q = q.filter(unit_media::Column::UnitId.eq(u));
    }
    if let Some(m) = meeting_id {
        q = q.filter(unit_media::Column::MeetingId.eq(m));
    }
    let rows = q
        .order_by_desc(unit_media::Column::CreatedAt)
        .order_by_desc(unit_media::Column::Id)
        .all(db)
        .await?;
    to_items(db, c, rows).await
}

/// The items `ids` of a conference, in the order given (unknown ids left out).
pub(crate) async fn items_by_ids(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    ids: &[Uuid],
) -> store::Result<Vec<(Uuid, Item)>> {
    let rows = unit_media::Entity::find()
        .filter(unit_media::Column::ConferenceId.eq(c.id))
        .filter(unit_media::Column::Status.eq(MediaStatus::Published))
        .filter(unit_media::Column::Internal.eq(false))
        .filter(unit_media::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?;
    let keys: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let items = to_items(db, c, rows).await?;
    let mut by: HashMap<Uuid, Item> = keys.into_iter().zip(items).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by.remove(id).map(|i| (*id, i)))
        .collect())
}

async fn to_items(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    rows: Vec<unit_media::Model>,
) -> store::Result<Vec<Item>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let units = unit_names(db, c.id).await?;
    let tz = tz_of(c);
    let meetings: HashMap<Uuid, String> = unit_meeting::Entity::find()
        .filter(
            unit_meeting::Column::Id
                .is_in(rows.iter().filter_map(|r| r.meeting_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            (
                m.id,
                m.starts_at
                    .with_timezone(&tz)
                    .format("%d/%m/%Y")
                    .to_string(),
            )
        })
        .collect();
    let in_report = crate::reporting::photos::hashes(db, c.id).await?;
    let photo_hashes: HashMap<Uuid, String> = stored_file::Entity::find()
        .select_only()
        .column(stored_file::Column::Id)
        .column(stored_file::Column::Sha256)
        .filter(
            stored_file::Column::Id.is_in(
                rows.iter()
                    .filter(|r| r.kind == "photo")
                    .filter_map(|r| r.file_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| Item {
            id: r.id.to_string(),
            kind_label: kind_label(&r.kind),
            in_report: r
                .file_id
                .and_then(|f| photo_hashes.get(&f))
                .is_some_and(|h| in_report.contains(h)),
            internal: r.internal,
            kind: r.kind,
            caption: r.caption,
            video_url: r.video_url,
            unit_name: units.get(&r.unit_id).cloned().unwrap_or_default(),
            meeting: r.meeting_id.and_then(|m| meetings.get(&m).cloned()),
        })
        .collect())
}

/// A file of the gallery.
#[derive(Debug)]
pub struct MediaFile {
    pub content_type: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// Published: anyone may see it (and caches may keep it).
    pub public: bool,
}

/// A file of the gallery: public once published; before that only its sender and the unit's
/// people see it, and an internal item only the unit's people (anyone else is told it does not
/// exist). `thumb` asks for a photo's thumbnail.
pub async fn file(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    thumb: bool,
) -> Result<MediaFile, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let m =
        found::<unit_media::Entity>(&db.conn, parse_id(id)?, |m| m.conference_id == c.id).await?;
    let public = m.status == MediaStatus::Published && !m.internal;
    if m.internal && allow(me, Action::ManageUnit(scope, m.unit_id.into())).is_err() {
        return Err(Fail::NotFound);
    }
    if !public {
        let sender = me.is_some_and(|me| m.uploaded_by == Some(me.account.id));
        if !sender && allow(me, Action::ManageUnit(scope, m.unit_id.into())).is_err() {
            return Err(Fail::NotFound);
        }
    }
    let fid = if thumb { m.thumb_id } else { m.file_id }.ok_or(Fail::NotFound)?;
    let f = stored_file::Entity::find_by_id(fid)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok(MediaFile {
        content_type: f.content_type,
        file_name: f.file_name,
        bytes: f.bytes,
        public,
    })
}
