//! The commission's view of every unit's media, and its picks for the final report.

use super::{Audience, Item, MediaStatus, items};
use crate::Fail;
use crate::mobilization::shared::{count_by, found, unit_names};
use crate::platform::auth::{Me, authorize, parse_id};
use chrono::Utc;
use domain::Invalid;
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use store::Db;
use store::entities::{stored_file, unit, unit_media};
use uuid::Uuid;

/// The commission's view of every unit's media, to pick photos for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Gallery {
    pub slug: String,
    pub conference_title: String,
    pub items: Vec<Item>,
    pub in_report: usize,
    pub max_photos: usize,
    /// Participants' items waiting for review, per unit: (unit id, unit name, how many).
    pub pending: Vec<(String, String, u64)>,
}

pub async fn gallery(db: &Db, me: Option<&Me>, slug: &str) -> Result<Gallery, Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let items = items(&db.conn, &c, None, None, Audience::Staff).await?;
    let waiting: Vec<(Uuid, i64)> = count_by(
        &db.conn,
        unit_media::Entity::find()
            .filter(unit_media::Column::ConferenceId.eq(c.id))
            .filter(unit_media::Column::Status.eq(MediaStatus::Pending)),
        unit_media::Column::UnitId,
        unit_media::Column::Id,
    )
    .await?;
    let mut pending = Vec::new();
    if !waiting.is_empty() {
        let names = unit_names(&db.conn, c.id).await?;
        pending = waiting
            .into_iter()
            .map(|(u, n)| {
                (
                    u.to_string(),
                    names.get(&u).cloned().unwrap_or_default(),
                    n as u64,
                )
            })
            .collect();
        pending.sort_by(|a, b| a.1.cmp(&b.1));
    }
    Ok(Gallery {
        pending,
        in_report: crate::reporting::photos::hashes(&db.conn, c.id)
            .await?
            .len(),
        max_photos: crate::reporting::photos::MAX_PHOTOS,
        slug: c.slug,
        conference_title: c.title,
        items,
    })
}

/// The commission picks a unit's photo for the final report (the report keeps a copy, with the
/// unit's caption and the consent the unit confirmed).
pub async fn pick_for_report(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let tx = db.write().await?;
    let m = found::<unit_media::Entity>(&tx, parse_id(id)?, |m| {
        m.conference_id == c.id && m.status == MediaStatus::Published
    })
    .await?;
    let Some(fid) = m.file_id.filter(|_| m.kind == "photo") else {
        return Err(Invalid::one(
            "form",
            "Só fotos entram no registro fotográfico do relatório",
        )
        .into());
    };
    let f = stored_file::Entity::find_by_id(fid)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if crate::reporting::photos::hashes(&tx, c.id)
        .await?
        .contains(&f.sha256)
    {
        return Err(Invalid::one("form", "Esta foto já está no relatório").into());
    }
    let units = unit::Entity::find_by_id(m.unit_id).one(&tx).await?;
    let caption: String = format!(
        "{} ({})",
        m.caption,
        units.map(|u| u.name).unwrap_or_default()
    )
    .chars()
    .take(crate::reporting::photos::MAX_CAPTION)
    .collect();
    crate::reporting::photos::insert_in(&tx, c.id, f.bytes, caption, m.consent_by, Utc::now())
        .await?;
    tx.commit().await?;
    Ok(())
}
