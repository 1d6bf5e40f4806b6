//! "Minhas participações": the proposals and comments a person sent, hidden ones with the reason.

use super::listing::Item;
use super::listing::items;
use super::listing::when;
use crate::Fail;
use crate::mobilization::shared::eixos_of;
use crate::platform::auth::{Me, authorize};
use domain::policy::Action;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{online_comment, online_proposal, working_group};
use uuid::Uuid;

/// One of the person's own comments, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct MyComment {
    pub text: String,
    pub when: String,
    /// "/c/{slug}/participe/{id}" or the debate room's address.
    pub href: String,
    pub place: String,
    pub hidden_reason: Option<String>,
}

/// The person's own proposals and comments, hidden ones with the moderation's reason.
#[derive(Debug, Clone, Serialize)]
pub struct Mine {
    pub slug: String,
    pub conference_title: String,
    pub name: String,
    pub proposals: Vec<(Item, Option<String>)>,
    pub comments: Vec<MyComment>,
    /// What the person sent to the units' galleries, and how the units reviewed it.
    pub media: Vec<crate::mobilization::unit_media::Sent>,
}

/// "Minhas participações": what the logged-in person sent in this conference's etapa digital.
pub async fn mine(db: &Db, me: Option<&Me>, slug: &str) -> Result<Mine, Fail> {
    let c = authorize(db, me, slug, Action::ParticipateOnline).await?;
    let Some(me) = me else {
        return Err(Fail::NeedsLogin);
    };
    let eixos = eixos_of(&db.conn, c.id).await?;
    let rows = online_proposal::Entity::find()
        .filter(online_proposal::Column::ConferenceId.eq(c.id))
        .filter(online_proposal::Column::AuthorId.eq(me.account.id))
        .order_by_desc(online_proposal::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let reasons: Vec<Option<String>> = rows
        .iter()
        .map(|p| {
            p.hidden_at
                .map(|_| p.hidden_reason.clone().unwrap_or_default())
        })
        .collect();
    let list = items(&db.conn, &c, Some(me), rows, &eixos).await?;
    let ks = online_comment::Entity::find()
        .filter(online_comment::Column::ConferenceId.eq(c.id))
        .filter(online_comment::Column::AuthorId.eq(me.account.id))
        .order_by_desc(online_comment::Column::CreatedAt)
        .limit(200)
        .all(&db.conn)
        .await?;
    let groups: HashMap<Uuid, String> = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let comments = ks
        .into_iter()
        .map(|k| {
            let (href, place) = match (k.online_proposal_id, k.group_id) {
                (Some(p), _) => (
                    format!("/c/{}/participe/{p}", c.slug),
                    "Comentário em uma proposta".to_owned(),
                ),
                (None, Some(g)) => (
                    format!("/c/{}/participe/grupos/{g}", c.slug),
                    format!(
                        "Sala de debate: {}",
                        groups.get(&g).cloned().unwrap_or_default()
                    ),
                ),
                (None, None) => (format!("/c/{}/participe", c.slug), String::new()),
            };
            MyComment {
                when: when(&c, k.created_at),
                hidden_reason: k
                    .hidden_at
                    .map(|_| k.hidden_reason.clone().unwrap_or_default()),
                text: k.text,
                href,
                place,
            }
        })
        .collect();
    let media = crate::mobilization::unit_media::sent_by(&db.conn, &c, me.account.id).await?;
    Ok(Mine {
        name: me.account.display_name.clone(),
        proposals: list.into_iter().zip(reasons).collect(),
        comments,
        media,
        slug: c.slug,
        conference_title: c.title,
    })
}
