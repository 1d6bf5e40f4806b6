//! Document library.

use super::listed::{Limit, append, remove};
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::policy::Action;
use domain::values::{DocumentKind, optional, optional_url, required};
use domain::{FieldError, Invalid};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::document;
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DocumentInput {
    pub title: String,
    pub kind: String,
    pub url: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub id: Uuid,
    pub title: String,
    pub kind_label: String,
    pub is_video: bool,
    pub url: String,
    pub description: Option<String>,
}

pub async fn documents(db: &Db, conference_id: Uuid) -> store::Result<Vec<DocumentView>> {
    Ok(document::Entity::find()
        .filter(document::Column::ConferenceId.eq(conference_id))
        .order_by_asc(document::Column::Position)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|d| DocumentView {
            id: d.id,
            kind_label: DocumentKind::parse(&d.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .into(),
            is_video: d.kind == "video",
            title: d.title,
            url: d.url,
            description: d.description,
        })
        .collect())
}

pub async fn documents_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<Vec<DocumentView>, Fail> {
    crate::setup::for_staff(db, me, slug, |id| documents(db, id)).await
}

pub async fn add_document(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DocumentInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let title = inv.take(required("title", "o título", &i.title, 200));
    let kind = inv.take(DocumentKind::parse(&i.kind));
    let url = match optional_url("url", &i.url) {
        Ok(Some(u)) => Some(u),
        Ok(None) => {
            inv.push(FieldError::new(
                "url",
                "Informe o link do documento ou do vídeo, começando com https://",
            ));
            None
        }
        Err(e) => {
            inv.push(e);
            None
        }
    };
    let description = inv.take(optional("description", "A descrição", &i.description, 500));
    let (Some(title), Some(kind), Some(url), Some(description)) = (title, kind, url, description)
    else {
        return Err(inv.into());
    };
    let at_end = |position| document::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        title: Set(title),
        kind: Set(kind.code().into()),
        url: Set(url),
        description: Set(description),
        position: Set(position),
        created_at: Set(Utc::now()),
    };
    let limit = Limit {
        max: 100,
        field: "title",
        message: "A biblioteca já tem 100 itens, o máximo",
    };
    append(db, (document::Column::ConferenceId, c.id), limit, at_end).await
}

pub async fn remove_document(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<(), Fail> {
    let columns = (document::Column::Id, document::Column::ConferenceId);
    remove::<document::Entity>(db, me, slug, columns, id).await
}
