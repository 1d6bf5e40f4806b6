//! Draft regimento.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::Invalid;
use domain::policy::Action;
use domain::setup::{Article, parse_regimento};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use store::Db;
use store::entities::regimento_article;
use uuid::Uuid;

/// The articles of the draft regimento (public).
pub async fn regimento(db: &Db, conference_id: Uuid) -> store::Result<Vec<Article>> {
    Ok(regimento_article::Entity::find()
        .filter(regimento_article::Column::ConferenceId.eq(conference_id))
        .order_by_asc(regimento_article::Column::Number)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|a| Article {
            number: a.number,
            chapter: a.chapter,
            text: a.text,
        })
        .collect())
}

pub async fn regimento_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<Vec<Article>, Fail> {
    crate::setup::for_staff(db, me, slug, |id| regimento(db, id)).await
}

/// Replaces the draft regimento with the articles read from `text`; returns how many.
pub async fn save_regimento(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    text: &str,
) -> Result<usize, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let articles = parse_regimento(text)?;
    let now = Utc::now();
    let tx = db.write().await?;
    if crate::plenary::regimento::is_approved(&tx, c.id).await? {
        return Err(Invalid::one(
            "text",
            "O regimento já foi aprovado em plenária: a minuta não pode mais ser trocada. O texto aprovado está na página pública do regimento",
        )
        .into());
    }
    regimento_article::Entity::delete_many()
        .filter(regimento_article::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    for a in &articles {
        regimento_article::Entity::insert(regimento_article::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            number: Set(a.number),
            chapter: Set(a.chapter.clone()),
            text: Set(a.text.clone()),
            updated_at: Set(now),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(articles.len())
}
