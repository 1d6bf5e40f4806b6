//! The unit's review of the participants' contributions, and what each person sent.

use super::{MediaStatus, kind_label};
use crate::Fail;
use crate::mobilization::shared::{account_names, found, unit_manager, unit_names};
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, parse_id};
use chrono::Utc;
use domain::Invalid;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use store::Db;
use store::entities::{conference, stored_file, unit_media};
use uuid::Uuid;

/// A participant's item waiting for the unit's review.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub id: String,
    pub kind: String,
    pub kind_label: &'static str,
    pub caption: String,
    pub video_url: Option<String>,
    pub sender: String,
    pub when: String,
}

/// The participants' items of `unit_id` waiting for review, oldest first.
pub(crate) async fn pending(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    unit_id: Uuid,
) -> store::Result<Vec<Pending>> {
    let rows = unit_media::Entity::find()
        .filter(unit_media::Column::ConferenceId.eq(c.id))
        .filter(unit_media::Column::UnitId.eq(unit_id))
        .filter(unit_media::Column::Status.eq(MediaStatus::Pending))
        .order_by_asc(unit_media::Column::CreatedAt)
        .order_by_asc(unit_media::Column::Id)
        .all(db)
        .await?;
    let names = account_names(db, rows.iter().filter_map(|r| r.uploaded_by)).await?;
    let tz = tz_of(c);
    Ok(rows
        .into_iter()
        .map(|r| Pending {
            id: r.id.to_string(),
            kind_label: kind_label(&r.kind),
            sender: r
                .uploaded_by
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
            when: r
                .created_at
                .with_timezone(&tz)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            kind: r.kind,
            caption: r.caption,
            video_url: r.video_url,
        })
        .collect())
}

/// The unit publishes a participant's item in its gallery (`approve`), or refuses it with a
/// `reason` the sender reads; a refused item's files are deleted at once.
pub async fn review(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    id: &str,
    approve: bool,
    reason: &str,
) -> Result<(), Fail> {
    let c = unit_manager(db, me, slug, unit_id).await?;
    let id = parse_id(id)?;
    let reason = if approve {
        None
    } else {
        Some(domain::online::hide_reason(reason).map_err(Invalid::from)?)
    };
    let tx = db.write().await?;
    let m =
        found::<unit_media::Entity>(&tx, id, |m| m.unit_id == unit_id && m.conference_id == c.id)
            .await?;
    if m.status != MediaStatus::Pending {
        return Err(Invalid::one("form", "Este envio já foi revisado").into());
    }
    let files = [m.file_id, m.thumb_id];
    let mut a: unit_media::ActiveModel = m.into();
    a.reviewed_by = Set(me.map(|m| m.account.id));
    a.reviewed_at = Set(Some(Utc::now()));
    if let Some(r) = reason {
        a.status = Set(MediaStatus::Refused);
        a.review_reason = Set(Some(r));
        a.file_id = Set(None);
        a.thumb_id = Set(None);
        unit_media::Entity::update(a).exec(&tx).await?;
        for f in files.into_iter().flatten() {
            stored_file::Entity::delete_by_id(f).exec(&tx).await?;
        }
    } else {
        a.status = Set(MediaStatus::Published);
        unit_media::Entity::update(a).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One of the items a person sent to the units' galleries, for "Minhas participações".
#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub unit_name: String,
    pub unit_id: String,
    pub kind_label: &'static str,
    pub caption: String,
    pub when: String,
    /// "Esperando a revisão da unidade", "Publicado na galeria" or "Recusado".
    pub status_label: &'static str,
    pub reason: Option<String>,
}

/// What `account_id` sent to this conference's unit galleries, newest first.
pub(crate) async fn sent_by(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    account_id: Uuid,
) -> store::Result<Vec<Sent>> {
    let rows = unit_media::Entity::find()
        .filter(unit_media::Column::ConferenceId.eq(c.id))
        .filter(unit_media::Column::UploadedBy.eq(account_id))
        .order_by_desc(unit_media::Column::CreatedAt)
        .order_by_desc(unit_media::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let units = unit_names(db, c.id).await?;
    let tz = tz_of(c);
    Ok(rows
        .into_iter()
        .map(|r| Sent {
            unit_name: units.get(&r.unit_id).cloned().unwrap_or_default(),
            unit_id: r.unit_id.to_string(),
            kind_label: kind_label(&r.kind),
            when: r
                .created_at
                .with_timezone(&tz)
                .format("%d/%m/%Y")
                .to_string(),
            status_label: match r.status {
                MediaStatus::Pending => "Esperando a revisão da unidade",
                MediaStatus::Refused => "Recusado pela unidade",
                _ => "Publicado na galeria",
            },
            reason: r.review_reason,
            caption: r.caption,
        })
        .collect())
}
