//! The units' media: instead of e-mailing them to the commission, a unit's
//! articulator uploads photos, documents (the ata of a meeting, as PDF) and video links, from one
//! of its meetings or from its mobilization in general. What a file is comes from its first bytes,
//! never from its name; a name that promises something else is refused. Photos are re-encoded
//! (EXIF and GPS dropped, at most 1600 px) with a 320 px thumbnail (`app::platform::media`); a PDF is kept
//! as sent (at most 10 MB); a video is never uploaded (a phone video is hundreds of MB on a weak
//! connection): it is a link to where it is published. Photos and videos need the confirmation
//! that the people shown consented to the use of their image.
//!
//! The gallery is public on the unit's public page; the commission picks photos for the final
//! report, which keeps its own copy (`report_photos::insert_in`).
//!
//! Participants contribute too (`contribute`): any logged-in person sends a photo, a PDF or a
//! video link to a unit's gallery from the unit's public page, with the same checks. It waits
//! (`pending`) for the unit's articulator or the commission (`review`): published, it joins the
//! gallery like the unit's own items; refused, its files are deleted at once and the sender reads
//! the reason in "Minhas participações". Until it is published only the sender and the unit see
//! it, file included.

use crate::Fail;
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, allow, authorize, conference_scope, parse_id};
use crate::setup::conference::Upload;
use chrono::Utc;
use domain::policy::Action;
use domain::values::optional_url;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::HashMap;
use store::Db;
use store::entities::{account, conference, stored_file, unit, unit_media, unit_meeting};
use uuid::Uuid;

/// Longest caption.
pub const MAX_CAPTION: usize = 200;
/// Largest file a unit uploads (a photo before re-encoding, or a PDF).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// How many of one person's contributions may wait for review at once, in a conference.
pub const MAX_PENDING_PER_PERSON: u64 = 10;

/// The review states of an item: `Published` (everyone sees it), `Pending` (a participant's item
/// waiting for the unit) or `Refused` (the unit refused it; files deleted).
pub use store::entities::unit_media::MediaStatus;

/// The upload form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MediaInput {
    pub caption: String,
    /// "sim" when the consent box is ticked.
    pub consent: String,
    pub video_url: String,
    /// The meeting it records (empty: the unit's mobilization in general).
    pub meeting_id: String,
    /// "sim": only the unit and the commission see it (an ata or a list naming people).
    pub internal: String,
}

/// One item of a gallery.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    /// `photo`, `document` or `video`.
    pub kind: String,
    pub kind_label: &'static str,
    pub caption: String,
    pub video_url: Option<String>,
    pub unit_name: String,
    /// The meeting it records, as "12/03/2025".
    pub meeting: Option<String>,
    /// The commission chose it for the final report.
    pub in_report: bool,
    /// Only the unit and the commission see it.
    pub internal: bool,
}

fn kind_label(k: &str) -> &'static str {
    match k {
        "photo" => "Foto",
        "document" => "Documento (PDF)",
        "video" => "Vídeo (link)",
        _ => "",
    }
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Which kind a file is, or why it is refused. The name's extension, when it names a kind we
/// know, must agree with the content.
fn classify(f: &Upload) -> Result<&'static str, FieldError> {
    let by_content = crate::platform::media::sniff_kind(&f.bytes);
    if by_content == "video" {
        return Err(FieldError::new(
            "arquivo",
            "Vídeos não são enviados como arquivo: publique o vídeo (por exemplo, no YouTube ou no Google Drive) e cole o link no campo “Link do vídeo”",
        ));
    }
    if f.bytes.len() > MAX_FILE_BYTES {
        return Err(FieldError::new(
            "arquivo",
            format!(
                "O arquivo tem {:.1} MB; o limite é {} MB. Envie um arquivo menor",
                f.bytes.len() as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        ));
    }
    let ext = extension(&f.file_name);
    let promised = match ext.as_str() {
        "jpg" | "jpeg" | "png" => Some("photo"),
        "pdf" => Some("pdf"),
        "mp4" | "mov" | "avi" | "mkv" | "webm" | "3gp" => Some("video"),
        _ => None,
    };
    if let Some(p) = promised
        && p != by_content
    {
        let name: String = f.file_name.chars().take(80).collect();
        return Err(FieldError::new(
            "arquivo",
            format!(
                "O arquivo se chama “{name}”, mas o conteúdo não é {}: envie o arquivo certo",
                match p {
                    "photo" => "uma foto JPEG ou PNG",
                    "pdf" => "um PDF",
                    _ => "um vídeo",
                }
            ),
        ));
    }
    match by_content {
        "photo" => Ok("photo"),
        "pdf" => Ok("document"),
        _ => Err(FieldError::new(
            "arquivo",
            "Este tipo de arquivo não é aceito: envie uma foto (JPEG ou PNG) ou um documento em PDF",
        )),
    }
}

/// Adds a photo, a PDF or a video link to the unit's gallery.
pub async fn add(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    i: &MediaInput,
    file: Option<Upload>,
) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, |s| Action::ManageUnit(s, unit_id.into())).await?;
    save(
        db,
        me,
        &c,
        unit_id,
        i,
        file,
        MediaStatus::Published,
        Invalid::default(),
    )
    .await
}

/// A participant sends a photo, a PDF or a video link to a unit's gallery from its public page.
/// Returns whether it is published already (the unit's own people publish straight away) or
/// waits for the unit's review. Someone with [`MAX_PENDING_PER_PERSON`] items waiting is asked to
/// wait for the review first.
pub async fn contribute(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    i: &MediaInput,
    file: Option<Upload>,
) -> Result<bool, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ContributeMedia(scope))?;
    let Some(who) = me else {
        return Err(Fail::NeedsLogin);
    };
    let i = MediaInput {
        meeting_id: String::new(),
        internal: String::new(),
        ..i.clone()
    };
    if allow(me, Action::ManageUnit(scope, unit_id.into())).is_ok() {
        save(
            db,
            me,
            &c,
            unit_id,
            &i,
            file,
            MediaStatus::Published,
            Invalid::default(),
        )
        .await?;
        return Ok(true);
    }
    // A first look, to spare the upload's decoding; the count that decides is taken again in
    // the transaction that inserts (`save`).
    let mut inv = Invalid::default();
    let waiting = pending_of(&db.conn, c.id, who.account.id).await?;
    if waiting >= MAX_PENDING_PER_PERSON {
        inv.push(too_many_waiting(waiting));
    }
    save(db, me, &c, unit_id, &i, file, MediaStatus::Pending, inv).await?;
    Ok(false)
}

/// How many of `account`'s contributions wait for review in the conference.
async fn pending_of(
    conn: &impl ConnectionTrait,
    conference_id: Uuid,
    account: Uuid,
) -> store::Result<u64> {
    Ok(unit_media::Entity::find()
        .filter(unit_media::Column::ConferenceId.eq(conference_id))
        .filter(unit_media::Column::UploadedBy.eq(account))
        .filter(unit_media::Column::Status.eq(MediaStatus::Pending))
        .count(conn)
        .await?)
}

fn too_many_waiting(waiting: u64) -> FieldError {
    FieldError::new(
        "arquivo",
        format!(
            "Você já tem {waiting} envios esperando a revisão das unidades: espere a revisão antes de enviar mais"
        ),
    )
}

/// In the inserting transaction, before anything is written: takes the sender's turn (on
/// PostgreSQL their account's row, `FOR UPDATE`; on SQLite the write transaction already excludes
/// every other writer) and counts their waiting contributions again, so that uploads sent at once
/// cannot pass [`MAX_PENDING_PER_PERSON`] together.
async fn within_pending_limit(
    db: &Db,
    tx: &impl ConnectionTrait,
    conference_id: Uuid,
    account_id: Uuid,
) -> Result<(), Fail> {
    let q = account::Entity::find_by_id(account_id);
    match db.backend {
        store::Backend::Postgres => q.lock_exclusive().one(tx).await?,
        store::Backend::Sqlite => q.one(tx).await?,
    };
    let waiting = pending_of(tx, conference_id, account_id).await?;
    if waiting >= MAX_PENDING_PER_PERSON {
        let mut inv = Invalid::default();
        inv.push(too_many_waiting(waiting));
        inv.into_result()?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn save(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    unit_id: Uuid,
    i: &MediaInput,
    file: Option<Upload>,
    status: MediaStatus,
    mut inv: Invalid,
) -> Result<Uuid, Fail> {
    let c = c.clone();
    unit::Entity::find_by_id(unit_id)
        .one(&db.conn)
        .await?
        .filter(|u| u.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    let caption = i.caption.trim().to_owned();
    if caption.is_empty() || caption.chars().count() > MAX_CAPTION {
        inv.push(FieldError::new(
            "caption",
            format!(
                "Escreva a legenda (até {MAX_CAPTION} caracteres): o que mostra, onde e quando"
            ),
        ));
    }
    let meeting = if i.meeting_id.trim().is_empty() {
        None
    } else {
        let found = match Uuid::parse_str(i.meeting_id.trim()).ok() {
            Some(id) => unit_meeting::Entity::find_by_id(id)
                .one(&db.conn)
                .await?
                .filter(|m| m.unit_id == unit_id && m.conference_id == c.id),
            None => None,
        };
        if found.is_none() {
            inv.push(FieldError::new(
                "meeting_id",
                "Reunião inválida: escolha da lista",
            ));
        }
        found.map(|m| m.id)
    };
    let video_url = inv.take(optional_url("video_url", &i.video_url)).flatten();
    let file = file.filter(|f| !(f.bytes.is_empty() && f.file_name.is_empty()));
    let kind = match (&file, &video_url) {
        (Some(_), Some(_)) => {
            inv.push(FieldError::new(
                "video_url",
                "Envie um arquivo ou informe o link de um vídeo, não os dois de uma vez",
            ));
            None
        }
        (None, None) => {
            if i.video_url.trim().is_empty() {
                inv.push(FieldError::new(
                    "arquivo",
                    "Escolha uma foto (JPEG ou PNG) ou um PDF, ou informe o link do vídeo",
                ));
            }
            None
        }
        (None, Some(_)) => Some("video"),
        (Some(f), None) => inv.take(classify(f)),
    };
    if matches!(kind, Some("photo" | "video")) && i.consent != "sim" {
        inv.push(FieldError::new(
            "consent",
            "Confirme que as pessoas que aparecem autorizaram o uso da imagem",
        ));
    }
    // Re-encoding takes a moment of CPU: off the async threads, a few at a time, and only for
    // good input.
    let photo = match (kind, &file) {
        (Some("photo"), Some(f)) if inv.is_empty() => inv.take(
            crate::platform::media::off_thread(
                "arquivo",
                f.bytes.clone(),
                crate::platform::media::photo_and_thumb,
            )
            .await,
        ),
        _ => None,
    };
    inv.into_result()?;
    let Some(kind) = kind else {
        return Err(Fail::NotFound);
    };
    let now = Utc::now();
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    if status == MediaStatus::Pending
        && let Some(who) = me
    {
        within_pending_limit(db, &tx, c.id, who.account.id).await?;
    }
    let (file_id, thumb_id) = match (kind, photo, file) {
        ("photo", Some((p, t)), _) => (
            Some(
                store_bytes(
                    &tx,
                    &c,
                    "unit_photo",
                    format!("foto-{id}.jpg"),
                    "image/jpeg",
                    p.jpeg,
                    now,
                )
                .await?,
            ),
            Some(
                store_bytes(
                    &tx,
                    &c,
                    "unit_thumb",
                    format!("miniatura-{id}.jpg"),
                    "image/jpeg",
                    t.jpeg,
                    now,
                )
                .await?,
            ),
        ),
        ("document", _, Some(f)) => (
            Some(
                crate::setup::conference::store_pdf(
                    &tx,
                    &c,
                    "unit_document",
                    f,
                    "documento.pdf",
                    now,
                )
                .await?,
            ),
            None,
        ),
        _ => (None, None),
    };
    unit_media::Entity::insert(unit_media::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        unit_id: Set(unit_id),
        meeting_id: Set(meeting),
        kind: Set(kind.into()),
        caption: Set(caption),
        file_id: Set(file_id),
        thumb_id: Set(thumb_id),
        video_url: Set(video_url),
        consent_by: Set((kind != "document")
            .then(|| me.map(|m| m.account.id))
            .flatten()),
        uploaded_by: Set(me.map(|m| m.account.id)),
        created_at: Set(now),
        status: Set(status),
        internal: Set(i.internal == "sim"),
        review_reason: Set(None),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn store_bytes(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    purpose: &str,
    name: String,
    content_type: &str,
    bytes: Vec<u8>,
    now: chrono::DateTime<Utc>,
) -> store::Result<Uuid> {
    let id = Uuid::now_v7();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        purpose: Set(purpose.into()),
        file_name: Set(name),
        content_type: Set(content_type.into()),
        size_bytes: Set(bytes.len() as i32),
        sha256: Set(hex::encode(sha2::Sha256::digest(&bytes))),
        bytes: Set(bytes),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(id)
}

/// Removes an item and its files (a copy the report keeps stays in the report).
pub async fn remove(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    id: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, |s| Action::ManageUnit(s, unit_id.into())).await?;
    let id = parse_id(id)?;
    let tx = db.write().await?;
    let m = unit_media::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .filter(|m| m.unit_id == unit_id && m.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    unit_media::Entity::delete_by_id(m.id).exec(&tx).await?;
    for f in [m.file_id, m.thumb_id].into_iter().flatten() {
        stored_file::Entity::delete_by_id(f).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

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
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
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
    let m = unit_media::Entity::find_by_id(parse_id(id)?)
        .one(&db.conn)
        .await?
        .filter(|m| m.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
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
    let names: HashMap<Uuid, String> = account::Entity::find()
        .filter(
            account::Column::Id.is_in(
                rows.iter()
                    .filter_map(|r| r.uploaded_by)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
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
    let c = authorize(db, me, slug, |s| Action::ManageUnit(s, unit_id.into())).await?;
    let id = parse_id(id)?;
    let reason = if approve {
        None
    } else {
        Some(domain::online::hide_reason(reason).map_err(Invalid::from)?)
    };
    let tx = db.write().await?;
    let m = unit_media::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .filter(|m| m.unit_id == unit_id && m.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
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
    let units: HashMap<Uuid, String> = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
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
                MediaStatus::Published => "Publicado na galeria",
            },
            reason: r.review_reason,
            caption: r.caption,
        })
        .collect())
}

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
    let waiting: Vec<(Uuid, i64)> = unit_media::Entity::find()
        .select_only()
        .column(unit_media::Column::UnitId)
        .column_as(unit_media::Column::Id.count(), "n")
        .filter(unit_media::Column::ConferenceId.eq(c.id))
        .filter(unit_media::Column::Status.eq(MediaStatus::Pending))
        .group_by(unit_media::Column::UnitId)
        .into_tuple()
        .all(&db.conn)
        .await?;
    let mut pending = Vec::new();
    if !waiting.is_empty() {
        let names: HashMap<Uuid, String> = unit::Entity::find()
            .filter(unit::Column::ConferenceId.eq(c.id))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name))
            .collect();
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
    let m = unit_media::Entity::find_by_id(parse_id(id)?)
        .one(&tx)
        .await?
        .filter(|m| m.conference_id == c.id && m.status == MediaStatus::Published)
        .ok_or(Fail::NotFound)?;
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
