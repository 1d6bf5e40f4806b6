//! The photos the commission chooses for the final report (section IX): at most
//! [`MAX_PHOTOS`], each with a caption and the confirmation that the people shown consented to
//! the use of their image. Uploads are checked and re-encoded by `app::platform::media` (JPEG or PNG by
//! signature, at most 1600 px, no EXIF or GPS) and stored in `stored_file`. The report carries
//! them as base64 JPEGs, so a photo added or removed is a new version of the report (it has to
//! be confirmed again), and the submitted and accepted reports keep the photos they had.
//!
//! Pages show them by their place in the report: the commission's preview
//! (`/c/{slug}/gestao/relatorio/fotos/{n}`), the parent's review of a round and the public
//! accepted report (`/c/{slug}/relatorio/fotos/{n}`), each read from the report it shows.

use crate::Fail;
use crate::platform::auth::{Me, authorize, parse_id};
use crate::setup::conference::Upload;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::Utc;
use domain::policy::Action;
use domain::report::{Photo, Report};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use store::Db;
use store::entities::{report_photo, stored_file};
use uuid::Uuid;

/// Most photos in a report.
pub const MAX_PHOTOS: usize = 6;
/// Longest caption.
pub const MAX_CAPTION: usize = 200;

/// A chosen photo as listed for the commission.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub caption: String,
}

/// The chosen photos, in order.
pub async fn items(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<Vec<Item>> {
    Ok(rows(db, conference_id)
        .await?
        .into_iter()
        .map(|p| Item {
            id: p.id.to_string(),
            caption: p.caption,
        })
        .collect())
}

async fn rows(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<report_photo::Model>> {
    Ok(report_photo::Entity::find()
        .filter(report_photo::Column::ConferenceId.eq(conference_id))
        .order_by_asc(report_photo::Column::Position)
        .order_by_asc(report_photo::Column::Id)
        .all(db)
        .await?)
}

/// The photos as the report carries them (inside the report's snapshot).
pub(crate) async fn in_report(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<Photo>> {
    let rows = rows(db, conference_id).await?;
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let Some(f) = stored_file::Entity::find_by_id(p.file_id).one(db).await? else {
            continue;
        };
        out.push(Photo {
            caption: p.caption,
            media_type: f.content_type,
            data_base64: B64.encode(&f.bytes),
        });
    }
    Ok(out)
}

/// The form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PhotoInput {
    pub caption: String,
    /// "sim" when the box is ticked.
    pub consent: String,
}

/// Adds a photo to the report.
pub async fn add(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &PhotoInput,
    file: Option<Upload>,
) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let mut inv = Invalid::default();
    let caption = i.caption.trim().to_owned();
    if caption.is_empty() || caption.chars().count() > MAX_CAPTION {
        inv.push(FieldError::new(
            "caption",
            format!(
                "Escreva a legenda da foto (até {MAX_CAPTION} caracteres): o que mostra, onde e quando"
            ),
        ));
    }
    if i.consent != "sim" {
        inv.push(FieldError::new(
            "consent",
            "Confirme que as pessoas que aparecem na foto autorizaram o uso da imagem no relatório",
        ));
    }
    let photo = match file {
        None => {
            inv.push(FieldError::new("foto", "Escolha a foto (JPEG ou PNG)"));
            None
        }
        // Decoding and re-encoding take a moment of CPU: off the async threads, a few at a time.
        Some(f) => inv.take(
            crate::platform::media::off_thread(
                "foto",
                f.bytes,
                crate::platform::media::reencode_photo,
            )
            .await,
        ),
    };
    let count = rows(&db.conn, c.id).await?.len();
    if count >= MAX_PHOTOS {
        inv.push(FieldError::new(
            "foto",
            format!(
                "O relatório já tem {MAX_PHOTOS} fotos, o máximo. Remova uma antes de incluir outra"
            ),
        ));
    }
    inv.into_result()?;
    let photo = photo.expect("checked");
    let now = Utc::now();
    let tx = db.write().await?;
    let id = insert_in(
        &tx,
        c.id,
        photo.jpeg,
        caption,
        me.map(|m| m.account.id),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Stores `jpeg` (already re-encoded) as the report's next photo, inside the caller's
/// transaction; refused when the report has [`MAX_PHOTOS`] already. The report owns its copy of
/// the bytes: removing the photo from the report removes only that copy.
pub(crate) async fn insert_in(
    tx: &impl ConnectionTrait,
    conference_id: Uuid,
    jpeg: Vec<u8>,
    caption: String,
    consent_by: Option<Uuid>,
    now: chrono::DateTime<Utc>,
) -> Result<Uuid, Fail> {
    let existing = rows(tx, conference_id).await?;
    if existing.len() >= MAX_PHOTOS {
        return Err(Invalid::one(
            "foto",
            format!(
                "O relatório já tem {MAX_PHOTOS} fotos, o máximo. Remova uma antes de incluir outra"
            ),
        )
        .into());
    }
    let position = existing
        .iter()
        .map(|p| p.position)
        .max()
        .map_or(1, |l| l + 1);
    let file_id = Uuid::now_v7();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(file_id),
        conference_id: Set(conference_id),
        purpose: Set("report_photo".into()),
        file_name: Set(format!("foto-{file_id}.jpg")),
        content_type: Set("image/jpeg".into()),
        size_bytes: Set(jpeg.len() as i32),
        sha256: Set(hex::encode(sha2::Sha256::digest(&jpeg))),
        bytes: Set(jpeg),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    let id = Uuid::now_v7();
    report_photo::Entity::insert(report_photo::ActiveModel {
        id: Set(id),
        conference_id: Set(conference_id),
        file_id: Set(file_id),
        caption: Set(caption),
        position: Set(position),
        consent_by: Set(consent_by),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(id)
}

/// The SHA-256 (hex) of the report's photos, to tell which gallery photos are in it.
pub(crate) async fn hashes(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<String>> {
    let ids: Vec<Uuid> = rows(db, conference_id)
        .await?
        .into_iter()
        .map(|p| p.file_id)
        .collect();
    Ok(stored_file::Entity::find()
        .select_only()
        .column(stored_file::Column::Sha256)
        .filter(stored_file::Column::Id.is_in(ids))
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// Removes a photo (and its file).
pub async fn remove(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let id = parse_id(id)?;
    let tx = db.write().await?;
    let p = report_photo::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .filter(|p| p.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    report_photo::Entity::delete_by_id(p.id).exec(&tx).await?;
    stored_file::Entity::delete_by_id(p.file_id)
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The `n`-th photo (0-based) of a report, decoded: (media type, bytes).
pub fn nth(r: &Report, n: usize) -> Result<(String, Vec<u8>), Fail> {
    let p = r.photos.get(n).ok_or(Fail::NotFound)?;
    let bytes = B64
        .decode(p.data_base64.as_bytes())
        .map_err(|_| Fail::NotFound)?;
    Ok((p.media_type.clone(), bytes))
}

/// The `n`-th chosen photo of the conference, for the commission's preview.
pub async fn staff_photo(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    n: usize,
) -> Result<(String, Vec<u8>), Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let p = rows(&db.conn, c.id)
        .await?
        .into_iter()
        .nth(n)
        .ok_or(Fail::NotFound)?;
    let f = stored_file::Entity::find_by_id(p.file_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((f.content_type, f.bytes))
}
