//! The list of proposals with its filters and pages.

use super::PAGE;
use super::is_open;
use super::may_moderate;
use crate::Fail;
use crate::mobilization::shared::{account_names, eixo_label, eixos_of};
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, conference_scope};
use chrono::Utc;
use domain::proposals::{AddressedLevel, ProposalKind};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{
    conference, eixo, online_comment, online_proposal, online_support, proposal, working_group,
};
use uuid::Uuid;

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
    /// The consultation on the proposals: open now (`Some(true)`), held (`Some(false)`), never.
    pub consultation_open: Option<bool>,
}

pub(super) fn when(c: &conference::Model, t: chrono::DateTime<Utc>) -> String {
    t.with_timezone(&tz_of(c))
        .format("%d/%m/%Y às %H:%M")
        .to_string()
}

pub(super) async fn items(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    me: Option<&Me>,
    rows: Vec<online_proposal::Model>,
    eixos: &[eixo::Model],
) -> store::Result<Vec<Item>> {
    let names = account_names(db, rows.iter().map(|p| p.author_id)).await?;
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
        consultation_open: super::consultation::state_of(&db.conn, c.id)
            .await?
            .map(|s| s.open),
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
