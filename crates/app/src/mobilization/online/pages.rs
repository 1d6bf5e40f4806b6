//! The pages of one proposal and of a group's debate room (with its video call).

use super::COMMENTS_PAGE;
use super::is_open;
use super::listing::Item;
use super::listing::items;
use super::listing::when;
use super::may_moderate;
use super::participate::Thread;
use super::participate::proposal_in;
use crate::Fail;
use crate::mobilization::shared::{account_names, eixo_label, eixos_of, save_row};
use crate::platform::auth::{Me, authorize, conference_scope, parse_id};
use chrono::Utc;
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use store::Db;
use store::entities::{conference, eixo, online_comment, online_room};

/// A comment as a thread shows it. For a hidden comment, the text is shown only to its author
/// and to the moderators, each with the reason; others read that it was hidden.
#[derive(Debug, Clone, Serialize)]
pub struct CommentView {
    pub id: String,
    pub author: String,
    pub when: String,
    pub text: Option<String>,
    pub hidden_reason: Option<String>,
    pub mine: bool,
}

/// A page of a thread's comments, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Comments {
    pub items: Vec<CommentView>,
    pub page: u64,
    pub has_next: bool,
    pub total: u64,
}

async fn comments_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    me: Option<&Me>,
    can_moderate: bool,
    thread: Thread,
    page: u64,
) -> store::Result<Comments> {
    let find = match thread {
        Thread::Proposal(p) => {
            online_comment::Entity::find().filter(online_comment::Column::OnlineProposalId.eq(p))
        }
        Thread::Room(g) => {
            online_comment::Entity::find().filter(online_comment::Column::GroupId.eq(g))
        }
    };
    let total = find.clone().count(db).await?;
    let mut rows = find
        .order_by_asc(online_comment::Column::CreatedAt)
        .order_by_asc(online_comment::Column::Id)
        .offset(page * COMMENTS_PAGE)
        .limit(COMMENTS_PAGE + 1)
        .all(db)
        .await?;
    let has_next = rows.len() as u64 > COMMENTS_PAGE;
    rows.truncate(COMMENTS_PAGE as usize);
    let names = account_names(db, rows.iter().map(|k| k.author_id)).await?;
    let me_id = me.map(|m| m.account.id);
    Ok(Comments {
        items: rows
            .into_iter()
            .map(|k| {
                let mine = Some(k.author_id) == me_id;
                let shown = k.hidden_at.is_none() || mine || can_moderate;
                CommentView {
                    id: k.id.to_string(),
                    author: names.get(&k.author_id).cloned().unwrap_or_default(),
                    when: when(c, k.created_at),
                    text: shown.then_some(k.text),
                    hidden_reason: k.hidden_reason.filter(|_| mine || can_moderate),
                    mine,
                }
                .hidden_marked(k.hidden_at.is_some())
            })
            .collect(),
        page,
        has_next,
        total,
    })
}

impl CommentView {
    /// A hidden comment always carries a reason, so the page can say it was hidden even to
    /// someone who may not read the reason.
    fn hidden_marked(mut self, hidden: bool) -> Self {
        if hidden && self.hidden_reason.is_none() {
            self.hidden_reason = Some(String::new());
        }
        self
    }
}

/// A proposal's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalPage {
    pub slug: String,
    pub conference_title: String,
    pub item: Item,
    /// Hidden: the reason (for the author and the moderators; empty for others, who do not see
    /// the text either).
    pub hidden_reason: Option<String>,
    pub show_text: bool,
    pub is_author: bool,
    pub open: bool,
    pub logged_in: bool,
    pub can_moderate: bool,
    pub comments: Comments,
}

/// A proposal with a page of its comments.
pub async fn proposal_page(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    page: u64,
) -> Result<ProposalPage, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let can_moderate = may_moderate(me, scope);
    let p = proposal_in(&db.conn, &c, parse_id(id)?).await?;
    let is_author = me.is_some_and(|m| m.account.id == p.author_id);
    let hidden = p.hidden_at.is_some();
    let hidden_reason = if hidden {
        Some(
            p.hidden_reason
                .clone()
                .filter(|_| is_author || can_moderate)
                .unwrap_or_default(),
        )
    } else {
        None
    };
    let show_text = !hidden || is_author || can_moderate;
    let eixos = eixos_of(&db.conn, c.id).await?;
    let comments =
        comments_of(&db.conn, &c, me, can_moderate, Thread::Proposal(p.id), page).await?;
    let mut item = items(&db.conn, &c, me, vec![p], &eixos)
        .await?
        .pop()
        .ok_or(Fail::NotFound)?;
    if !show_text {
        item.text = String::new();
    }
    Ok(ProposalPage {
        open: is_open(&db.conn, c.id).await?,
        logged_in: me.is_some(),
        slug: c.slug,
        conference_title: c.title,
        item,
        hidden_reason,
        show_text,
        is_author,
        can_moderate,
        comments,
    })
}

/// A working group's debate room.
#[derive(Debug, Clone, Serialize)]
pub struct RoomPage {
    pub slug: String,
    pub conference_title: String,
    pub id: String,
    pub name: String,
    pub eixo: String,
    pub video_url: Option<String>,
    pub open: bool,
    pub logged_in: bool,
    pub can_moderate: bool,
    pub comments: Comments,
}

/// A working group's debate room with a page of its thread.
pub async fn room(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    page: u64,
) -> Result<RoomPage, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let can_moderate = may_moderate(me, scope);
    let g = crate::plenary::groups::group_of(&db.conn, &c, parse_id(id)?).await?;
    let e = eixo::Entity::find_by_id(g.eixo_id).one(&db.conn).await?;
    let video_url = online_room::Entity::find_by_id(g.id)
        .one(&db.conn)
        .await?
        .and_then(|r| r.video_url);
    Ok(RoomPage {
        open: is_open(&db.conn, c.id).await?,
        logged_in: me.is_some(),
        comments: comments_of(&db.conn, &c, me, can_moderate, Thread::Room(g.id), page).await?,
        eixo: e.as_ref().map(eixo_label).unwrap_or_default(),
        slug: c.slug,
        conference_title: c.title,
        id: g.id.to_string(),
        name: g.name,
        video_url,
        can_moderate,
    })
}

/// Sets (or clears, when empty) the link of a working group's video call.
pub async fn set_video(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    url: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ModerateOnline).await?;
    let g = crate::plenary::groups::group_of(&db.conn, &c, parse_id(id)?).await?;
    let url = domain::values::optional_url("video_url", url)?;
    let tx = db.write().await?;
    let row = online_room::ActiveModel {
        group_id: Set(g.id),
        video_url: Set(url),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
    };
    save_row(&tx, g.id, row).await?;
    tx.commit().await?;
    Ok(())
}
