//! Taking part: proposals, supports and comments.

use super::MAX_PROPOSALS_PER_ACCOUNT;
use super::closed;
use super::is_open;
use crate::Fail;
use crate::mobilization::proposals::{ProposalInput, checked};
use crate::mobilization::shared::found;
use crate::platform::auth::{Me, authorize, parse_id};
use chrono::Utc;
use domain::Invalid;
use domain::online::comment_text;
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use store::Db;
use store::entities::{conference, online_comment, online_proposal, online_support};
use uuid::Uuid;

/// Sends a proposal of the etapa digital. Refused while the etapa is closed, for the same text
/// sent twice by one person, and past [`MAX_PROPOSALS_PER_ACCOUNT`].
pub async fn propose(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &ProposalInput,
) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::ParticipateOnline).await?;
    let Some(me) = me else {
        return Err(Fail::NeedsLogin);
    };
    if !is_open(&db.conn, c.id).await? {
        return Err(closed());
    }
    let (e, text, level, kind) = checked(&db.conn, &c, i, Invalid::default()).await?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let own = online_proposal::Entity::find()
        .filter(online_proposal::Column::ConferenceId.eq(c.id))
        .filter(online_proposal::Column::AuthorId.eq(me.account.id))
        .all(&tx)
        .await?;
    if own.iter().any(|p| p.text == text) {
        return Err(Invalid::one(
            "text",
            "Você já enviou uma proposta com este mesmo texto: ela está na lista",
        )
        .into());
    }
    if own.len() as u64 >= MAX_PROPOSALS_PER_ACCOUNT {
        return Err(Invalid::one(
            "text",
            format!(
                "Cada pessoa envia até {MAX_PROPOSALS_PER_ACCOUNT} propostas nesta conferência: apoie ou comente as que já estão na lista"
            ),
        )
        .into());
    }
    online_proposal::Entity::insert(online_proposal::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        eixo_id: Set(e.id),
        level: Set(level.code().into()),
        kind: Set(kind.code().into()),
        text: Set(text),
        author_id: Set(me.account.id),
        supports: Set(0),
        comments: Set(0),
        created_at: Set(Utc::now()),
        hidden_at: Set(None),
        hidden_reason: Set(None),
        hidden_by: Set(None),
        proposal_id: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Etapa-digital proposal `id` of conference `c`.
pub(super) async fn proposal_in(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<online_proposal::Model, Fail> {
    found::<online_proposal::Entity>(db, id, |p| p.conference_id == c.id).await
}

/// Supports (`on`) or stops supporting a proposal: one support per account, counted in the same
/// transaction. Supporting twice, or withdrawing a support one did not give, changes nothing.
pub async fn support(db: &Db, me: Option<&Me>, slug: &str, id: &str, on: bool) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ParticipateOnline).await?;
    let Some(me) = me else {
        return Err(Fail::NeedsLogin);
    };
    let id = parse_id(id)?;
    if !is_open(&db.conn, c.id).await? {
        return Err(closed());
    }
    let tx = db.write().await?;
    let p = proposal_in(&tx, &c, id).await?;
    if p.hidden_at.is_some() {
        return Err(Invalid::one("form", "Esta proposta foi ocultada pela moderação").into());
    }
    let had = online_support::Entity::find_by_id((p.id, me.account.id))
        .one(&tx)
        .await?
        .is_some();
    let delta = match (on, had) {
        (true, false) => {
            let r = online_support::Entity::insert(online_support::ActiveModel {
                proposal_id: Set(p.id),
                account_id: Set(me.account.id),
                created_at: Set(Utc::now()),
            })
            .exec(&tx)
            .await;
            match r.map_err(store::Error::from_db) {
                Ok(_) => 1,
                // The same person's second click racing the first (PostgreSQL): it counted once.
                Err(store::Error::Conflict(_)) => return Ok(()),
                Err(e) => return Err(e.into()),
            }
        }
        (false, true) => {
            online_support::Entity::delete_by_id((p.id, me.account.id))
                .exec(&tx)
                .await?;
            -1
        }
        _ => 0,
    };
    if delta != 0 {
        online_proposal::Entity::update_many()
            .col_expr(
                online_proposal::Column::Supports,
                Expr::col(online_proposal::Column::Supports).add(delta),
            )
            .filter(online_proposal::Column::Id.eq(p.id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Where a comment goes.
#[derive(Debug, Clone, Copy)]
pub enum Thread {
    Proposal(Uuid),
    Room(Uuid),
}

/// Adds a comment to a proposal or to a working group's debate room.
pub async fn comment(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    thread: Thread,
    text: &str,
) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::ParticipateOnline).await?;
    let Some(me) = me else {
        return Err(Fail::NeedsLogin);
    };
    let text = comment_text(text)?;
    if !is_open(&db.conn, c.id).await? {
        return Err(closed());
    }
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let now = Utc::now();
    let recent = online_comment::Entity::find()
        .filter(online_comment::Column::AuthorId.eq(me.account.id))
        .filter(
            online_comment::Column::CreatedAt.gt(now - chrono::Duration::minutes(BURST_MINUTES)),
        )
        .count(&tx)
        .await?;
    if recent >= BURST_COMMENTS {
        return Err(Invalid::one(
            "text",
            format!(
                "Você publicou {recent} comentários nos últimos {BURST_MINUTES} minutos: espere alguns minutos antes de comentar de novo (seu texto continua aqui)"
            ),
        )
        .into());
    }
    let (proposal_id, group_id) = match thread {
        Thread::Proposal(pid) => {
            let p = proposal_in(&tx, &c, pid).await?;
            if p.hidden_at.is_some() {
                return Err(
                    Invalid::one("text", "Esta proposta foi ocultada pela moderação").into(),
                );
            }
            online_proposal::Entity::update_many()
                .col_expr(
                    online_proposal::Column::Comments,
                    Expr::col(online_proposal::Column::Comments).add(1),
                )
                .filter(online_proposal::Column::Id.eq(p.id))
                .exec(&tx)
                .await?;
            (Some(p.id), None)
        }
        Thread::Room(gid) => {
            let g = crate::plenary::groups::group_of(&tx, &c, gid).await?;
            (None, Some(g.id))
        }
    };
    online_comment::Entity::insert(online_comment::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        online_proposal_id: Set(proposal_id),
        group_id: Set(group_id),
        author_id: Set(me.account.id),
        text: Set(text),
        created_at: Set(now),
        hidden_at: Set(None),
        hidden_reason: Set(None),
        hidden_by: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A burst of comments: at most [`BURST_COMMENTS`] per person in [`BURST_MINUTES`] minutes, across
/// the conference (a person debating answers a few times; a script or a flood does not pass).
pub const BURST_COMMENTS: u64 = 10;
pub const BURST_MINUTES: i64 = 10;
