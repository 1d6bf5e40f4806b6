//! The etapa digital (issue 6 item 4): while the organizing commission keeps it open, anyone with
//! an account (`/cadastro`, ADR 0026) sends proposals per eixo and level, supports the ones they
//! agree with (one support per account) and comments on them; each working group has a debate
//! room: a thread plus the link of its video call. The commission moderates: it hides a proposal
//! or a comment with a reason that its author sees ("Minhas participações" and the item's own
//! place), and can show it again.
//!
//! The proposals wait, as those of the units' meetings do (`crate::mobilization::proposals`), until the
//! plenary staff bring them into a working group of their eixo; each then becomes a draft of the
//! group with the origin "Etapa digital", and its supports are part of the label.

use crate::Fail;
use crate::mobilization::proposals::{ProposalInput, Waiting, already_in_group, checked};
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, allow, conference_scope, parse_id};
use chrono::Utc;
use domain::Invalid;
use domain::online::{comment_text, hide_reason};
use domain::policy::{Action, ConferenceScope};
use domain::proposals::{AddressedLevel, ProposalKind};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{
    account, conference, eixo, online_comment, online_proposal, online_room, online_stage,
    online_support, proposal, working_group,
};
use uuid::Uuid;

/// Proposals per page of the list.
pub const PAGE: u64 = 20;
/// Comments per page of a proposal or a debate room.
pub const COMMENTS_PAGE: u64 = 50;
/// At most this many proposals per account and conference: enough for anyone, not for a flood.
pub const MAX_PROPOSALS_PER_ACCOUNT: u64 = 30;

fn closed() -> Fail {
    Invalid::one(
        "form",
        "A etapa digital não está aberta agora: a comissão organizadora abre e encerra o envio de propostas, apoios e comentários",
    )
    .into()
}

/// Whether the etapa digital of conference `conference_id` is open now.
pub async fn is_open(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<bool> {
    Ok(online_stage::Entity::find_by_id(conference_id)
        .one(db)
        .await?
        .is_some_and(|s| s.open))
}

/// Opens or closes the etapa digital (`Action::ModerateOnline`).
pub async fn set_open(db: &Db, me: Option<&Me>, slug: &str, open: bool) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ModerateOnline(scope))?;
    let tx = db.write().await?;
    let row = online_stage::ActiveModel {
        conference_id: Set(c.id),
        open: Set(open),
        changed_by: Set(me.map(|m| m.account.id)),
        changed_at: Set(Utc::now()),
    };
    if online_stage::Entity::find_by_id(c.id)
        .one(&tx)
        .await?
        .is_some()
    {
        online_stage::Entity::update(row).exec(&tx).await?;
    } else {
        online_stage::Entity::insert(row).exec(&tx).await?;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, open, "etapa digital opened or closed");
    Ok(())
}

fn eixo_label(e: &eixo::Model) -> String {
    format!("Eixo {}: {}", e.number, e.title)
}

async fn eixos_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<eixo::Model>> {
    Ok(eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conference_id))
        .order_by_asc(eixo::Column::Number)
        .all(db)
        .await?)
}

async fn names_of(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> store::Result<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = ids
        .into_iter()
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect())
}

fn may_moderate(me: Option<&Me>, scope: ConferenceScope) -> bool {
    allow(me, Action::ModerateOnline(scope)).is_ok()
}

/// The filters of the list (`?eixo=&nivel=&ordem=&pagina=`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ListQuery {
    pub eixo: String,
    pub nivel: String,
    /// `apoios` (most supported first, the default) or `recentes`.
    pub ordem: String,
    pub pagina: u64,
}

/// A proposal as the list and the group's page show it.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub eixo: String,
    pub level_label: &'static str,
    pub kind_label: &'static str,
    pub text: String,
    pub author: String,
    /// "12/05/2025 às 14:30".
    pub when: String,
    pub supports: i32,
    pub comments: i32,
    pub supported_by_me: bool,
    /// Shown only to moderators (others never get hidden ones in the list).
    pub hidden: bool,
    /// The working group it went to.
    pub group: Option<String>,
}

/// A working group's debate room, as the list links it.
#[derive(Debug, Clone, Serialize)]
pub struct RoomLink {
    pub id: String,
    pub name: String,
    pub eixo: String,
    pub comments: u64,
}

/// The etapa digital's page of a conference.
#[derive(Debug, Clone, Serialize)]
pub struct Index {
    pub slug: String,
    pub conference_title: String,
    pub open: bool,
    /// (id, label) of the eixos, for the filter and the form.
    pub eixos: Vec<(String, String)>,
    pub query: ListQuery,
    pub items: Vec<Item>,
    /// Visible proposals that match the filters.
    pub total: u64,
    pub has_next: bool,
    pub rooms: Vec<RoomLink>,
    /// The logged-in person's name (none: the page offers login and sign-up).
    pub me_name: Option<String>,
    pub can_moderate: bool,
}

fn when(c: &conference::Model, t: chrono::DateTime<Utc>) -> String {
    t.with_timezone(&tz_of(c))
        .format("%d/%m/%Y às %H:%M")
        .to_string()
}

async fn items(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    me: Option<&Me>,
    rows: Vec<online_proposal::Model>,
    eixos: &[eixo::Model],
) -> store::Result<Vec<Item>> {
    let names = names_of(db, rows.iter().map(|p| p.author_id)).await?;
    let mine: HashSet<Uuid> = match me {
        Some(m) if !rows.is_empty() => online_support::Entity::find()
            .filter(online_support::Column::AccountId.eq(m.account.id))
            .filter(
                online_support::Column::ProposalId
                    .is_in(rows.iter().map(|p| p.id).collect::<Vec<_>>()),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|s| s.proposal_id)
            .collect(),
        _ => HashSet::new(),
    };
    let placed: Vec<Uuid> = rows.iter().filter_map(|p| p.proposal_id).collect();
    let groups = groups_of_proposals(db, c, placed).await?;
    let labels: HashMap<Uuid, String> = eixos.iter().map(|e| (e.id, eixo_label(e))).collect();
    Ok(rows
        .into_iter()
        .map(|p| Item {
            id: p.id.to_string(),
            eixo: labels.get(&p.eixo_id).cloned().unwrap_or_default(),
            level_label: AddressedLevel::label_of(&p.level),
            kind_label: ProposalKind::label_of(&p.kind),
            author: names.get(&p.author_id).cloned().unwrap_or_default(),
            when: when(c, p.created_at),
            supports: p.supports,
            comments: p.comments,
            supported_by_me: mine.contains(&p.id),
            hidden: p.hidden_at.is_some(),
            group: p.proposal_id.and_then(|pid| groups.get(&pid).cloned()),
            text: p.text,
        })
        .collect())
}

/// The working group's name for each of the group proposals `ids`.
async fn groups_of_proposals(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    ids: Vec<Uuid>,
) -> store::Result<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let names: HashMap<Uuid, String> = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    Ok(proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let n = p
                .group_id
                .and_then(|g| names.get(&g).cloned())
                .unwrap_or_else(|| "grupo de trabalho".into());
            (p.id, n)
        })
        .collect())
}

/// The etapa digital's page: the proposals (filtered, [`PAGE`] per page), the debate rooms and
/// whether one may take part now.
pub async fn index(db: &Db, me: Option<&Me>, slug: &str, q: &ListQuery) -> Result<Index, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let can_moderate = may_moderate(me, scope);
    let eixos = eixos_of(&db.conn, c.id).await?;
    let eixo_filter = Uuid::parse_str(q.eixo.trim())
        .ok()
        .filter(|id| eixos.iter().any(|e| e.id == *id));
    let level_filter = AddressedLevel::parse(&q.nivel).ok();
    let mut find =
        online_proposal::Entity::find().filter(online_proposal::Column::ConferenceId.eq(c.id));
    if !can_moderate {
        find = find.filter(online_proposal::Column::HiddenAt.is_null());
    }
    if let Some(e) = eixo_filter {
        find = find.filter(online_proposal::Column::EixoId.eq(e));
    }
    if let Some(l) = level_filter {
        find = find.filter(online_proposal::Column::Level.eq(l.code()));
    }
    let total = find.clone().count(&db.conn).await?;
    let recent = q.ordem == "recentes";
    let find = if recent {
        find.order_by_desc(online_proposal::Column::CreatedAt)
    } else {
        find.order_by_desc(online_proposal::Column::Supports)
            .order_by_desc(online_proposal::Column::CreatedAt)
    };
    let mut rows = find
        .order_by_desc(online_proposal::Column::Id)
        .offset(q.pagina * PAGE)
        .limit(PAGE + 1)
        .all(&db.conn)
        .await?;
    let has_next = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    let items = items(&db.conn, &c, me, rows, &eixos).await?;
    let room_counts: HashMap<Uuid, u64> = online_comment::Entity::find()
        .select_only()
        .column(online_comment::Column::GroupId)
        .column_as(online_comment::Column::Id.count(), "n")
        .filter(online_comment::Column::ConferenceId.eq(c.id))
        .filter(online_comment::Column::GroupId.is_not_null())
        .filter(online_comment::Column::HiddenAt.is_null())
        .group_by(online_comment::Column::GroupId)
        .into_tuple::<(Option<Uuid>, i64)>()
        .all(&db.conn)
        .await?
        .into_iter()
        .filter_map(|(g, n)| g.map(|g| (g, u64::try_from(n).unwrap_or(0))))
        .collect();
    let labels: HashMap<Uuid, String> = eixos.iter().map(|e| (e.id, eixo_label(e))).collect();
    let mut groups = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let number: HashMap<Uuid, i32> = eixos.iter().map(|e| (e.id, e.number)).collect();
    groups
        .sort_by(|a, b| (number.get(&a.eixo_id), &a.name).cmp(&(number.get(&b.eixo_id), &b.name)));
    Ok(Index {
        open: is_open(&db.conn, c.id).await?,
        eixos: eixos
            .iter()
            .map(|e| (e.id.to_string(), eixo_label(e)))
            .collect(),
        query: ListQuery {
            eixo: eixo_filter.map(|e| e.to_string()).unwrap_or_default(),
            nivel: level_filter
                .map(|l| l.code().to_owned())
                .unwrap_or_default(),
            ordem: if recent { "recentes" } else { "apoios" }.into(),
            pagina: q.pagina,
        },
        items,
        total,
        has_next,
        rooms: groups
            .into_iter()
            .map(|g| RoomLink {
                id: g.id.to_string(),
                eixo: labels.get(&g.eixo_id).cloned().unwrap_or_default(),
                comments: room_counts.get(&g.id).copied().unwrap_or(0),
                name: g.name,
            })
            .collect(),
        me_name: me.map(|m| m.account.display_name.clone()),
        can_moderate,
        slug: c.slug,
        conference_title: c.title,
    })
}

/// Sends a proposal of the etapa digital. Refused while the etapa is closed, for the same text
/// sent twice by one person, and past [`MAX_PROPOSALS_PER_ACCOUNT`].
pub async fn propose(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &ProposalInput,
) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ParticipateOnline(scope))?;
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

async fn proposal_in(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<online_proposal::Model, Fail> {
    online_proposal::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|p| p.conference_id == c.id)
        .ok_or(Fail::NotFound)
}

/// Supports (`on`) or stops supporting a proposal: one support per account, counted in the same
/// transaction. Supporting twice, or withdrawing a support one did not give, changes nothing.
pub async fn support(db: &Db, me: Option<&Me>, slug: &str, id: &str, on: bool) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ParticipateOnline(scope))?;
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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ParticipateOnline(scope))?;
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

/// Where a proposal or a comment of conference `slug` lives.
pub async fn place_of(db: &Db, slug: &str, target: Target) -> Result<Place, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    match target {
        Target::Proposal(id) => Ok(Place::Proposal(proposal_in(&db.conn, &c, id).await?.id)),
        Target::Comment(id) => {
            let k = online_comment::Entity::find_by_id(id)
                .one(&db.conn)
                .await?
                .filter(|k| k.conference_id == c.id)
                .ok_or(Fail::NotFound)?;
            match (k.online_proposal_id, k.group_id) {
                (Some(p), _) => Ok(Place::Proposal(p)),
                (None, Some(g)) => Ok(Place::Room(g)),
                (None, None) => Err(Fail::NotFound),
            }
        }
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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ModerateOnline(scope))?;
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
            let k = online_comment::Entity::find_by_id(id)
                .one(&tx)
                .await?
                .filter(|k| k.conference_id == c.id)
                .ok_or(Fail::NotFound)?;
            let place = match (k.online_proposal_id, k.group_id) {
                (Some(p), _) => Place::Proposal(p),
                (None, Some(g)) => Place::Room(g),
                (None, None) => return Err(Fail::NotFound),
            };
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
    let names = names_of(db, rows.iter().map(|k| k.author_id)).await?;
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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ModerateOnline(scope))?;
    let g = crate::plenary::groups::group_of(&db.conn, &c, parse_id(id)?).await?;
    let url = domain::values::optional_url("video_url", url)?;
    let tx = db.write().await?;
    let row = online_room::ActiveModel {
        group_id: Set(g.id),
        video_url: Set(url),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
    };
    if online_room::Entity::find_by_id(g.id)
        .one(&tx)
        .await?
        .is_some()
    {
        online_room::Entity::update(row).exec(&tx).await?;
    } else {
        online_room::Entity::insert(row).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ParticipateOnline(scope))?;
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

async fn waiting_rows(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    eixo_id: Uuid,
) -> store::Result<Vec<online_proposal::Model>> {
    Ok(online_proposal::Entity::find()
        .filter(online_proposal::Column::ConferenceId.eq(c.id))
        .filter(online_proposal::Column::EixoId.eq(eixo_id))
        .filter(online_proposal::Column::ProposalId.is_null())
        .filter(online_proposal::Column::HiddenAt.is_null())
        .order_by_desc(online_proposal::Column::Supports)
        .order_by_asc(online_proposal::Column::CreatedAt)
        .order_by_asc(online_proposal::Column::Id)
        .all(db)
        .await?)
}

fn origin_label(p: &online_proposal::Model) -> String {
    match p.supports {
        0 => "Etapa digital: sem apoios".into(),
        1 => "Etapa digital: 1 apoio".into(),
        n => format!("Etapa digital: {n} apoios"),
    }
}

/// The visible etapa-digital proposals of `eixo_id` waiting for a group, most supported first.
pub(crate) async fn waiting(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    eixo_id: Uuid,
) -> store::Result<Vec<Waiting>> {
    Ok(waiting_rows(db, c, eixo_id)
        .await?
        .into_iter()
        .map(|p| Waiting {
            id: p.id.to_string(),
            level_label: AddressedLevel::label_of(&p.level),
            kind_label: ProposalKind::label_of(&p.kind),
            origin: origin_label(&p),
            text: p.text,
        })
        .collect())
}

/// Brings etapa-digital proposals into working group `group_id`: the one named by `which`, or
/// every visible one of the group's eixo still waiting when `which` is empty. Each becomes a
/// draft at the end of the group with the origin "Etapa digital: N apoios". Hidden proposals
/// never come. Returns how many came.
pub async fn bring_into_group(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group_id: &str,
    which: &str,
) -> Result<usize, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = crate::plenary::groups::group_of(&db.conn, &c, parse_id(group_id)?).await?;
    let only = if which.trim().is_empty() {
        None
    } else {
        Some(parse_id(which)?)
    };
    let tx = db.write().await?;
    let rows: Vec<_> = waiting_rows(&tx, &c, g.eixo_id)
        .await?
        .into_iter()
        .filter(|p| only.is_none_or(|id| p.id == id))
        .collect();
    if rows.is_empty() {
        return Err(if only.is_some() {
            already_in_group()
        } else {
            Invalid::one(
                "form",
                "Não há propostas da etapa digital deste eixo esperando um grupo",
            )
            .into()
        });
    }
    let now = Utc::now();
    let mut brought = 0;
    let txr = &tx;
    for p in rows {
        let id = p.id;
        let origin = ("online", origin_label(&p), Some(p.id));
        let came = crate::plenary::groups::bring_in(
            &tx,
            &g,
            p.text,
            &p.level,
            &p.kind,
            origin,
            now,
            move |pid| async move {
                Ok(online_proposal::Entity::update_many()
                    .col_expr(online_proposal::Column::ProposalId, Expr::value(pid))
                    .filter(online_proposal::Column::Id.eq(id))
                    .filter(online_proposal::Column::ProposalId.is_null())
                    .filter(online_proposal::Column::HiddenAt.is_null())
                    .exec(txr)
                    .await?
                    .rows_affected
                    == 1)
            },
        )
        .await?;
        brought += usize::from(came);
    }
    if brought == 0 {
        return Err(already_in_group());
    }
    tx.commit().await?;
    Ok(brought)
}
