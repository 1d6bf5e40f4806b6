//! The commission hides or shows again a proposal or a comment.

use super::participate::proposal_in;
use crate::Fail;
use crate::mobilization::shared::found;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::online::hide_reason;
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use store::Db;
use store::entities::{conference, online_comment, online_proposal};
use uuid::Uuid;

/// What the moderation acts on.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Proposal(Uuid),
    Comment(Uuid),
}

/// Where a moderated item lives, for going back to it: the proposal, or the debate room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Proposal(Uuid),
    Room(Uuid),
}

/// Comment `id` of conference `c`, with where it lives.
async fn comment_in(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<(online_comment::Model, Place), Fail> {
    let k = found::<online_comment::Entity>(db, id, |k| k.conference_id == c.id).await?;
    let place = match (k.online_proposal_id, k.group_id) {
        (Some(p), _) => Place::Proposal(p),
        (None, Some(g)) => Place::Room(g),
        (None, None) => return Err(Fail::NotFound),
    };
    Ok((k, place))
}

/// Where a proposal or a comment of conference `slug` lives.
pub async fn place_of(db: &Db, slug: &str, target: Target) -> Result<Place, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    match target {
        Target::Proposal(id) => Ok(Place::Proposal(proposal_in(&db.conn, &c, id).await?.id)),
        Target::Comment(id) => Ok(comment_in(&db.conn, &c, id).await?.1),
    }
}

/// Hides a proposal or a comment with a reason its author will read (`reason` required), or
/// shows it again (`reason` = None). Returns where the item lives.
pub async fn moderate(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    target: Target,
    reason: Option<&str>,
) -> Result<Place, Fail> {
    let c = authorize(db, me, slug, Action::ModerateOnline).await?;
    let reason = reason.map(hide_reason).transpose()?;
    let now = Utc::now();
    let by = me.map(|m| m.account.id);
    let tx = db.write().await?;
    let place = match target {
        Target::Proposal(id) => {
            let p = proposal_in(&tx, &c, id).await?;
            let mut a: online_proposal::ActiveModel = p.into();
            a.hidden_at = Set(reason.as_ref().map(|_| now));
            a.hidden_by = Set(reason.as_ref().and(by));
            a.hidden_reason = Set(reason.clone());
            online_proposal::Entity::update(a).exec(&tx).await?;
            Place::Proposal(id)
        }
        Target::Comment(id) => {
            let (k, place) = comment_in(&tx, &c, id).await?;
            let mut a: online_comment::ActiveModel = k.into();
            a.hidden_at = Set(reason.as_ref().map(|_| now));
            a.hidden_by = Set(reason.as_ref().and(by));
            a.hidden_reason = Set(reason.clone());
            online_comment::Entity::update(a).exec(&tx).await?;
            place
        }
    };
    tx.commit().await?;
    tracing::info!(conference = %c.id, hidden = reason.is_some(), ?target, "etapa digital moderated");
    Ok(place)
}
