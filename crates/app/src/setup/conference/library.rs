//! The library of booklets and videos: links, or PDFs uploaded to the platform (cadernos de
//! orientação, resoluções); an item the commission shares with the council is shown in every
//! conference of the same body, across cycles (m0050).

use super::convocation::{Upload, store_pdf};
use super::listed::remove;
use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::policy::Action;
use domain::setup::check_pdf;
use domain::values::{DocumentKind, optional, optional_url, required};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{conference, document, stored_file};
use uuid::Uuid;

/// At most this many items of a conference's own library.
const MAX_ITEMS: u64 = 100;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DocumentInput {
    pub title: String,
    pub kind: String,
    pub url: String,
    pub description: String,
    /// "on": shared with the council's other conferences.
    pub shared: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub id: Uuid,
    pub title: String,
    pub kind_label: String,
    pub is_video: bool,
    /// Where the item opens: its link, or the platform's address of its PDF.
    pub url: String,
    /// An uploaded PDF (not a link).
    pub is_file: bool,
    pub description: Option<String>,
    /// Shared with the council's conferences.
    pub shared: bool,
    /// The conference it comes from, when another conference of the council shared it.
    pub from: Option<String>,
}

/// The conference's library: its own items in order, then those the council's other
/// conferences shared, newest first.
pub async fn documents(db: &Db, c: &conference::Model) -> store::Result<Vec<DocumentView>> {
    let siblings: Vec<(Uuid, String)> = conference::Entity::find()
        .filter(conference::Column::BodyId.eq(c.body_id))
        .filter(conference::Column::Id.ne(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|o| (o.id, o.title))
        .collect();
    let own = document::Entity::find()
        .filter(document::Column::ConferenceId.eq(c.id))
        .order_by_asc(document::Column::Position)
        .all(&db.conn)
        .await?;
    let shared = document::Entity::find()
        .filter(document::Column::ConferenceId.is_in(siblings.iter().map(|(id, _)| *id)))
        .filter(document::Column::Shared.eq(true))
        .order_by_desc(document::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    Ok(own
        .into_iter()
        .chain(shared)
        .map(|d| DocumentView {
            id: d.id,
            kind_label: DocumentKind::parse(&d.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .into(),
            is_video: d.kind == "video",
            url: if d.file_id.is_some() {
                format!("/c/{}/documentos/{}.pdf", c.slug, d.id)
            } else {
                d.url
            },
            is_file: d.file_id.is_some(),
            from: siblings
                .iter()
                .find(|(id, _)| *id == d.conference_id)
                .map(|(_, t)| t.clone()),
            shared: d.shared,
            title: d.title,
            description: d.description,
        })
        .collect())
}

pub async fn documents_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<Vec<DocumentView>, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    Ok(documents(db, &c).await?)
}

/// Adds a link, or an uploaded PDF (`file`), to the conference's library. A video is a link.
pub async fn add_document(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DocumentInput,
    file: Option<Upload>,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let title = inv.take(required("title", "o título", &i.title, 200));
    let kind = inv.take(DocumentKind::parse(&i.kind));
    let file = file.filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty());
    let url = match (&file, optional_url("url", &i.url)) {
        (Some(f), Ok(None)) => {
            if kind.is_some_and(|k| k.code() == "video") {
                inv.push(FieldError::new(
                    "url",
                    "Um vídeo entra pelo link (YouTube ou outra plataforma), não como arquivo",
                ));
            }
            inv.take(check_pdf("file", &f.bytes));
            Some(String::new())
        }
        (Some(_), Ok(Some(_))) => {
            inv.push(FieldError::new(
                "url",
                "Informe o link ou envie o PDF, não os dois",
            ));
            None
        }
        (None, Ok(Some(u))) => Some(u),
        (None, Ok(None)) => {
            inv.push(FieldError::new(
                "url",
                "Informe o link do documento ou do vídeo, começando com https://, ou envie o PDF",
            ));
            None
        }
        (_, Err(e)) => {
            inv.push(e);
            None
        }
    };
    let description = inv.take(optional("description", "A descrição", &i.description, 500));
    inv.into_result()?;
    let (Some(title), Some(kind), Some(url), Some(description)) = (title, kind, url, description)
    else {
        return Err(Fail::NotFound);
    };
    let now = Utc::now();
    let tx = db.write().await?;
    let n = document::Entity::find()
        .filter(document::Column::ConferenceId.eq(c.id))
        .count(&tx)
        .await?;
    if n >= MAX_ITEMS {
        return Err(Invalid::one("title", "A biblioteca já tem 100 itens, o máximo").into());
    }
    let file_id = match file {
        Some(f) => Some(store_pdf(&tx, &c, "library", f, "documento.pdf", now).await?),
        None => None,
    };
    document::Entity::insert(document::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        title: Set(title),
        kind: Set(kind.code().into()),
        url: Set(url),
        description: Set(description),
        position: Set(n as i32 + 1),
        created_at: Set(now),
        file_id: Set(file_id),
        shared: Set(i.shared == "on"),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_document(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<(), Fail> {
    let columns = (document::Column::Id, document::Column::ConferenceId);
    remove::<document::Entity>(db, me, slug, columns, id).await
}

/// An uploaded PDF of the library, public where the item is shown (its conference, or a
/// conference of the same council when shared): (file name, bytes).
pub async fn document_file(db: &Db, slug: &str, id: &str) -> Result<(String, Vec<u8>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let id = Uuid::parse_str(id.trim_end_matches(".pdf")).map_err(|_| Fail::NotFound)?;
    let d = document::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let visible = d.conference_id == c.id
        || (d.shared
            && conference::Entity::find_by_id(d.conference_id)
                .one(&db.conn)
                .await?
                .is_some_and(|o| o.body_id == c.body_id));
    if !visible {
        return Err(Fail::NotFound);
    }
    let f = stored_file::Entity::find_by_id(d.file_id.ok_or(Fail::NotFound)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((f.file_name, f.bytes))
}
