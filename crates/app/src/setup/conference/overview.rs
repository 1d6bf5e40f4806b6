//! The staff overview of a conference and the conferences a person can open.

use super::commission::commission;
use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use domain::policy::{Action, ConferenceScope};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::Db;
use store::entities::{conference, convocation_act, document, eixo, regimento_article, stage};

/// What the staff overview of a conference shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub slug: String,
    pub title: String,
    pub stages: u64,
    pub eixos: u64,
    pub members: u64,
    pub parity_holds: bool,
    pub documents: u64,
    pub articles: u64,
    pub has_convocation: bool,
    /// The theme is still the placeholder of a cycle CNAS has not published.
    pub theme_pending: bool,
}

pub async fn overview(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<(Overview, ConferenceScope), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewConferenceAdmin(scope))?;
    let com = commission(db, c.id).await?;
    Ok((
        Overview {
            stages: stage::Entity::find()
                .filter(stage::Column::ConferenceId.eq(c.id))
                .filter(stage::Column::Cancelled.eq(false))
                .count(&db.conn)
                .await?,
            eixos: eixo::Entity::find()
                .filter(eixo::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            members: com.members.len() as u64,
            parity_holds: com.parity_holds,
            documents: document::Entity::find()
                .filter(document::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            articles: regimento_article::Entity::find()
                .filter(regimento_article::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            has_convocation: convocation_act::Entity::find()
                .filter(convocation_act::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?
                > 0,
            theme_pending: c.theme == super::THEME_TO_BE_DEFINED,
            slug: c.slug,
            title: c.title,
        },
        scope,
    ))
}

/// Conferences the person can open the staff area of (for the panel).
pub async fn my_conferences(db: &Db, me: Option<&Me>) -> Result<Vec<(String, String)>, Fail> {
    let all = conference::Entity::find()
        .order_by_desc(conference::Column::StartsOn)
        .all(&db.conn)
        .await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            allow(
                me,
                Action::ViewConferenceAdmin(ConferenceScope {
                    body: c.body_id.into(),
                    conference: c.id.into(),
                }),
            )
            .is_ok()
        })
        .map(|c| (c.slug, c.title))
        .collect())
}
