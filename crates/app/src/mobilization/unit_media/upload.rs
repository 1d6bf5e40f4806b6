//! Adding to a unit's gallery (the unit's own items and the participants' contributions) and
//! removing from it.

use super::{MAX_CAPTION, MAX_FILE_BYTES, MAX_PENDING_PER_PERSON, MediaInput, MediaStatus};
use crate::Fail;
use crate::mobilization::shared::{chosen, found, unit_manager, unit_row_change};
use crate::platform::auth::{Me, allow, conference_scope};
use crate::setup::conference::Upload;
use chrono::Utc;
use domain::policy::Action;
use domain::values::optional_url;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use sha2::Digest;
use store::Db;
use store::entities::{account, conference, stored_file, unit_media, unit_meeting};
use uuid::Uuid;

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
    let c = unit_manager(db, me, slug, unit_id).await?;
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
    crate::mobilization::shared::unit_in(&db.conn, c.id, unit_id).await?;
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
        let meeting = chosen::<unit_meeting::Entity>(&db.conn, &i.meeting_id, |m| {
            m.unit_id == unit_id && m.conference_id == c.id
        })
        .await?;
        if meeting.is_none() {
            inv.push(FieldError::new(
                "meeting_id",
                "Reunião inválida: escolha da lista",
            ));
        }
        meeting.map(|m| m.id)
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
    let (c, id, tx) = unit_row_change(db, me, slug, unit_id, id, Action::ManageUnit).await?;
    let m =
        found::<unit_media::Entity>(&tx, id, |m| m.unit_id == unit_id && m.conference_id == c.id)
            .await?;
    unit_media::Entity::delete_by_id(m.id).exec(&tx).await?;
    for f in [m.file_id, m.thumb_id].into_iter().flatten() {
        stored_file::Entity::delete_by_id(f).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
