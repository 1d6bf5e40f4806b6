//! Systematization of the received proposals (ADR 0019; docs/domain.md §4 stage 9).
//!
//! The deliberations that accepted reports brought into a conference's pool
//! (`received_proposal`) are grouped, **within one eixo and one level**, by
//! `domain::systematize` at a threshold the team picks ([`regroup`]). The team then reviews the
//! groups: moves a proposal to another group ([`move_member`]), takes one out into a group of
//! its own ([`split`]), merges two groups ([`merge`]), edits the merged text ([`edit_text`]; it
//! starts as the group's representative text), marks a group reviewed ([`mark_reviewed`]) and
//! [`send`]s it to one of the conference's working groups of that eixo: it becomes a `draft`
//! proposal there, with one `proposal_origin` (kind `report`, `ref_id` = the received proposal)
//! per member naming the municipality's conference and the deliberation's code.
//!
//! Regrouping replaces the groups not sent yet; sent groups and their members stay, and those
//! members are not grouped again. Every write is one transaction; sending twice sends once.
//! Permission: `Action::Systematize` (the conference's secretariat, commission, admin).

use crate::Fail;
use crate::platform::auth::{Me, authorize, parse_id};
use chrono::Utc;
use domain::policy::Action;
use domain::proposals::{AddressedLevel, proposal_text};
use domain::systematize;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::Db;
use store::entities::systematization_group::GroupStatus;
use store::entities::{
    conference, eixo, proposal, proposal_origin, received_proposal, systematization_group as sg,
    systematization_member as sm, working_group,
};
use uuid::Uuid;

/// Rows per multi-row insert (well under the bind-parameter limits of both databases).
const CHUNK: usize = 500;

// ---------------------------------------------------------------------------------------------
// The grouping itself (pure; also what the benchmark runs after its database import).

/// One received proposal as the grouping sees it.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub eixo_number: i32,
    pub level: &'a str,
    pub text: &'a str,
}

/// A group the grouping proposes: indices into the items, all of one eixo and level.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub eixo_number: i32,
    pub level: String,
    /// Indices into the items, ascending.
    pub members: Vec<usize>,
    /// The member whose text starts as the merged text.
    pub representative: usize,
}

/// Groups `items` at `threshold`, separately for each eixo and level (a proposal for the state
/// never joins one for the Union, nor one of another eixo). Buckets by eixo number, then level;
/// within a bucket, the groups as `domain::systematize::cluster` orders them (largest first).
pub fn plan(items: &[Item<'_>], threshold: f64) -> Vec<Planned> {
    let mut buckets: BTreeMap<(i32, &str), Vec<usize>> = BTreeMap::new();
    for (i, it) in items.iter().enumerate() {
        buckets
            .entry((it.eixo_number, it.level))
            .or_default()
            .push(i);
    }
    let mut out = Vec::new();
    for ((eixo_number, level), idx) in buckets {
        let texts: Vec<&str> = idx.iter().map(|&i| items[i].text).collect();
        let c = systematize::cluster(&texts, threshold);
        for (members, rep) in c.clusters.iter().zip(&c.representatives) {
            out.push(Planned {
                eixo_number,
                level: level.to_owned(),
                members: members.iter().map(|&k| idx[k]).collect(),
                representative: idx[*rep],
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Views.

/// A received proposal in a group.
#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    /// The received proposal's id.
    pub id: String,
    pub text: String,
    /// The sending conference (the municipality's).
    pub source_title: String,
    pub code: String,
    pub priority: Option<i32>,
    /// Where it came from in the sending conference (its report's origins).
    pub origins: Vec<String>,
    /// Field id of its "move to group nº" input.
    pub move_field: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub id: String,
    pub number: i32,
    pub text: String,
    pub status: String,
    pub status_label: &'static str,
    pub members: Vec<MemberView>,
    /// Where it went, once sent: the working group's name and id.
    pub sent_to: Option<(String, String)>,
    pub editable: bool,
    pub text_field: String,
    pub merge_field: String,
    pub send_field: String,
}

/// The groups of one eixo and level.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    pub eixo_number: i32,
    pub eixo_title: String,
    pub level: String,
    pub level_label: &'static str,
    pub groups: Vec<GroupView>,
    /// Received proposals of this eixo and level in no group (arrived after the last grouping).
    pub ungrouped: usize,
    /// The conference's working groups of this eixo: (id, name).
    pub working_groups: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub slug: String,
    pub title: String,
    pub received: usize,
    pub groups: usize,
    pub sent: usize,
    pub ungrouped: usize,
    /// The threshold of the last grouping ("0,35"), or the default.
    pub threshold: String,
    pub buckets: Vec<Bucket>,
}

fn status_label(s: GroupStatus) -> &'static str {
    match s {
        GroupStatus::Open => "Em revisão",
        GroupStatus::Reviewed => "Revisado, pronto para enviar",
        GroupStatus::Sent => "Enviado ao grupo de trabalho",
    }
}

/// "0,35".
pub fn threshold_text(t: f64) -> String {
    format!("{t:.2}").replace('.', ",")
}

async fn staff(db: &Db, me: Option<&Me>, slug: &str) -> Result<conference::Model, Fail> {
    let c = authorize(db, me, slug, Action::Systematize).await?;
    Ok(c)
}

/// The groups of the conference's pool, eixo by eixo and level by level.
pub async fn overview(db: &Db, me: Option<&Me>, slug: &str) -> Result<Overview, Fail> {
    let c = staff(db, me, slug).await?;
    let tx = db.snapshot().await?;
    let received = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .order_by_asc(received_proposal::Column::CreatedAt)
        .order_by_asc(received_proposal::Column::Id)
        .all(&tx)
        .await?;
    let groups = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .order_by_asc(sg::Column::Position)
        .all(&tx)
        .await?;
    let members = sm::Entity::find()
        .filter(sm::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?;
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?;
    let wgs = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .order_by_asc(working_group::Column::CreatedAt)
        .all(&tx)
        .await?;
    let sent_ids: Vec<Uuid> = groups.iter().filter_map(|g| g.proposal_id).collect();
    let sent_props: HashMap<Uuid, Option<Uuid>> = if sent_ids.is_empty() {
        HashMap::new()
    } else {
        proposal::Entity::find()
            .filter(proposal::Column::Id.is_in(sent_ids))
            .all(&tx)
            .await?
            .into_iter()
            .map(|p| (p.id, p.group_id))
            .collect()
    };
    tx.commit().await?;
    let by_id: HashMap<Uuid, &received_proposal::Model> =
        received.iter().map(|r| (r.id, r)).collect();
    let mut of_group: HashMap<Uuid, Vec<&received_proposal::Model>> = HashMap::new();
    let mut grouped: HashSet<Uuid> = HashSet::new();
    for m in &members {
        if let Some(r) = by_id.get(&m.received_proposal_id) {
            of_group.entry(m.group_id).or_default().push(r);
            grouped.insert(r.id);
        }
    }
    let wg_name: HashMap<Uuid, &str> = wgs.iter().map(|w| (w.id, w.name.as_str())).collect();
    let mut buckets: BTreeMap<(i32, String), Bucket> = BTreeMap::new();
    let bucket = |buckets: &mut BTreeMap<(i32, String), Bucket>, n: i32, t: &str, l: &str| {
        buckets.entry((n, l.to_owned())).or_insert_with(|| {
            let eixo_ids: HashSet<Uuid> = eixos
                .iter()
                .filter(|e| e.number == n)
                .map(|e| e.id)
                .collect();
            Bucket {
                eixo_number: n,
                eixo_title: eixos
                    .iter()
                    .find(|e| e.number == n)
                    .map_or_else(|| t.to_owned(), |e| e.title.clone()),
                level: l.to_owned(),
                level_label: AddressedLevel::label_of(l),
                groups: Vec::new(),
                ungrouped: 0,
                working_groups: wgs
                    .iter()
                    .filter(|w| eixo_ids.contains(&w.eixo_id))
                    .map(|w| (w.id.to_string(), w.name.clone()))
                    .collect(),
            }
        });
    };
    for g in &groups {
        bucket(&mut buckets, g.eixo_number, &g.eixo_title, &g.level);
        let mut ms: Vec<&received_proposal::Model> =
            of_group.get(&g.id).cloned().unwrap_or_default();
        ms.sort_by(|a, b| {
            a.source_title
                .cmp(&b.source_title)
                .then(a.code.cmp(&b.code))
        });
        let b = buckets
            .get_mut(&(g.eixo_number, g.level.clone()))
            .expect("bucket made above");
        let gid = g.id.to_string();
        b.groups.push(GroupView {
            number: g.position,
            text: g.text.clone(),
            status: g.status.code().into(),
            status_label: status_label(g.status),
            members: ms
                .iter()
                .map(|r| MemberView {
                    id: r.id.to_string(),
                    text: r.text.clone(),
                    source_title: r.source_title.clone(),
                    code: r.code.clone(),
                    priority: r.priority,
                    origins: serde_json::from_str(&r.origins).unwrap_or_default(),
                    move_field: format!("mover-{}", r.id),
                })
                .collect(),
            sent_to: g
                .proposal_id
                .and_then(|p| sent_props.get(&p).copied().flatten())
                .map(|w| {
                    (
                        wg_name.get(&w).copied().unwrap_or("").to_owned(),
                        w.to_string(),
                    )
                }),
            editable: g.status != GroupStatus::Sent,
            text_field: format!("texto-{gid}"),
            merge_field: format!("juntar-{gid}"),
            send_field: format!("enviar-{gid}"),
            id: gid,
        });
    }
    for r in &received {
        if !grouped.contains(&r.id) {
            bucket(&mut buckets, r.eixo_number, &r.eixo_title, &r.level);
            buckets
                .get_mut(&(r.eixo_number, r.level.clone()))
                .expect("bucket made above")
                .ungrouped += 1;
        }
    }
    let threshold = groups
        .iter()
        .max_by_key(|g| (g.created_at, g.position))
        .map_or(systematize::DEFAULT_THRESHOLD, |g| {
            f64::from(g.threshold_pct) / 100.0
        });
    Ok(Overview {
        slug: c.slug.clone(),
        title: c.title.clone(),
        received: received.len(),
        groups: groups.len(),
        sent: groups
            .iter()
            .filter(|g| g.status == GroupStatus::Sent)
            .count(),
        ungrouped: received.len() - grouped.len(),
        threshold: threshold_text(threshold),
        buckets: buckets.into_values().collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Grouping.

/// What a grouping did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Regrouped {
    /// Groups made now (singletons included).
    pub groups: usize,
    /// Of those, groups of two or more proposals.
    pub of_two_or_more: usize,
    /// Received proposals placed in the new groups.
    pub proposals: usize,
    /// Groups already sent, kept as they were.
    pub kept_sent: usize,
}

/// Groups the conference's received proposals at `threshold` (as typed, 0,10–0,95), replacing
/// every group not sent yet; sent groups and their members stay, and those members are not
/// grouped again. One transaction; a bad threshold writes nothing.
pub async fn regroup(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    threshold: &str,
) -> Result<Regrouped, Fail> {
    let c = staff(db, me, slug).await?;
    let t = systematize::parse_threshold(threshold)?;
    let tx = db.write().await?;
    let sent = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .filter(sg::Column::Status.eq(GroupStatus::Sent))
        .all(&tx)
        .await?;
    let sent_ids: HashSet<Uuid> = sent.iter().map(|g| g.id).collect();
    let kept: HashSet<Uuid> = sm::Entity::find()
        .filter(sm::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?
        .into_iter()
        .filter(|m| sent_ids.contains(&m.group_id))
        .map(|m| m.received_proposal_id)
        .collect();
    // Members go with their groups (explicitly, not only by the foreign key's cascade).
    let unsent: Vec<Uuid> = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .filter(sg::Column::Status.ne(GroupStatus::Sent))
        .all(&tx)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    for chunk in unsent.chunks(CHUNK) {
        sm::Entity::delete_many()
            .filter(sm::Column::GroupId.is_in(chunk.to_vec()))
            .exec(&tx)
            .await?;
    }
    sg::Entity::delete_many()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .filter(sg::Column::Status.ne(GroupStatus::Sent))
        .exec(&tx)
        .await?;
    let pool: Vec<received_proposal::Model> = received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .order_by_asc(received_proposal::Column::CreatedAt)
        .order_by_asc(received_proposal::Column::Id)
        .all(&tx)
        .await?
        .into_iter()
        .filter(|r| !kept.contains(&r.id))
        .collect();
    let items: Vec<Item<'_>> = pool
        .iter()
        .map(|r| Item {
            eixo_number: r.eixo_number,
            level: &r.level,
            text: &r.text,
        })
        .collect();
    let planned = plan(&items, t);
    let mut position = sent.iter().map(|g| g.position).max().unwrap_or(0);
    let now = Utc::now();
    let pct = (t * 100.0).round() as i32;
    let mut groups = Vec::with_capacity(planned.len());
    let mut members = Vec::with_capacity(pool.len());
    let mut out = Regrouped {
        kept_sent: sent.len(),
        ..Regrouped::default()
    };
    for p in &planned {
        position += 1;
        let gid = Uuid::now_v7();
        let rep = &pool[p.representative];
        groups.push(sg::ActiveModel {
            id: Set(gid),
            conference_id: Set(c.id),
            eixo_number: Set(p.eixo_number),
            eixo_title: Set(rep.eixo_title.clone()),
            level: Set(p.level.clone()),
            text: Set(rep.text.clone()),
            status: Set(GroupStatus::Open),
            threshold_pct: Set(pct),
            position: Set(position),
            proposal_id: Set(None),
            sent_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        });
        for &i in &p.members {
            members.push(sm::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                group_id: Set(gid),
                received_proposal_id: Set(pool[i].id),
            });
        }
        out.groups += 1;
        out.proposals += p.members.len();
        if p.members.len() > 1 {
            out.of_two_or_more += 1;
        }
    }
    for chunk in groups.chunks(CHUNK) {
        sg::Entity::insert_many(chunk.to_vec()).exec(&tx).await?;
    }
    for chunk in members.chunks(CHUNK) {
        sm::Entity::insert_many(chunk.to_vec()).exec(&tx).await?;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, groups = out.groups, proposals = out.proposals, threshold = t, "received proposals grouped");
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Review.

fn already_sent() -> Fail {
    Invalid::one(
        "form",
        "Este grupo já foi enviado aos grupos de trabalho: ele não muda mais aqui",
    )
    .into()
}

async fn group_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<sg::Model, Fail> {
    sg::Entity::find_by_id(id)
        .filter(sg::Column::ConferenceId.eq(c.id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

/// A group not sent yet.
async fn open_group(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<sg::Model, Fail> {
    let g = group_of(db, c, id).await?;
    if g.status == GroupStatus::Sent {
        return Err(already_sent());
    }
    Ok(g)
}

/// The group numbered `number` (as typed in `field`), not sent, of the same eixo and level as
/// `like`.
async fn group_by_number(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    field: &str,
    number: &str,
    like: &sg::Model,
) -> Result<sg::Model, Fail> {
    let n: i32 = number.trim().trim_start_matches('#').parse().map_err(|_| {
        Invalid::one(
            field,
            "Digite o número do grupo de destino, como aparece no título do grupo",
        )
    })?;
    let g = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .filter(sg::Column::Position.eq(n))
        .one(db)
        .await?
        .ok_or_else(|| Invalid::one(field, format!("Não há grupo nº {n}")))?;
    if g.status == GroupStatus::Sent {
        return Err(Invalid::one(
            field,
            format!("O grupo nº {n} já foi enviado aos grupos de trabalho: escolha outro"),
        )
        .into());
    }
    if g.eixo_number != like.eixo_number || g.level != like.level {
        return Err(Invalid::one(
            field,
            format!(
                "O grupo nº {n} é de outro eixo ou nível: só se juntam propostas do eixo {} e nível {}",
                like.eixo_number,
                AddressedLevel::label_of(&like.level)
            ),
        )
        .into());
    }
    Ok(g)
}

async fn members_of(db: &impl ConnectionTrait, group: Uuid) -> Result<Vec<sm::Model>, Fail> {
    Ok(sm::Entity::find()
        .filter(sm::Column::GroupId.eq(group))
        .all(db)
        .await?)
}

/// Back to review after its members changed.
async fn touch(db: &impl ConnectionTrait, g: sg::Model) -> Result<(), Fail> {
    let mut am = g.into_active_model();
    am.status = Set(GroupStatus::Open);
    am.updated_at = Set(Utc::now());
    am.update(db).await?;
    Ok(())
}

/// The membership of received proposal `received` in a group not sent.
async fn member_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    received: Uuid,
) -> Result<(sm::Model, sg::Model), Fail> {
    let m = sm::Entity::find()
        .filter(sm::Column::ConferenceId.eq(c.id))
        .filter(sm::Column::ReceivedProposalId.eq(received))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)?;
    let g = open_group(db, c, m.group_id).await?;
    Ok((m, g))
}

/// Moves received proposal `received` into the group numbered `to` (same eixo and level, not
/// sent). A group left empty is removed; both groups go back to review.
pub async fn move_member(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    received: &str,
    to: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let rid = parse_id(received)?;
    let field = format!("mover-{rid}");
    let tx = db.write().await?;
    let (m, from) = member_of(&tx, &c, rid).await?;
    let target = group_by_number(&tx, &c, &field, to, &from).await?;
    if target.id == from.id {
        return Err(Invalid::one(&field, "A proposta já está neste grupo").into());
    }
    let mut am = m.into_active_model();
    am.group_id = Set(target.id);
    am.update(&tx).await?;
    if members_of(&tx, from.id).await?.is_empty() {
        sg::Entity::delete_by_id(from.id).exec(&tx).await?;
    } else {
        touch(&tx, from).await?;
    }
    touch(&tx, target).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes received proposal `received` out of its group into a new group of its own (its own
/// text as the merged text). Returns the new group's id.
pub async fn split(db: &Db, me: Option<&Me>, slug: &str, received: &str) -> Result<Uuid, Fail> {
    let c = staff(db, me, slug).await?;
    let rid = parse_id(received)?;
    let tx = db.write().await?;
    let (m, from) = member_of(&tx, &c, rid).await?;
    if members_of(&tx, from.id).await?.len() < 2 {
        return Err(Invalid::one(
            &format!("mover-{rid}"),
            "Esta proposta já está sozinha no seu grupo",
        )
        .into());
    }
    let r = received_proposal::Entity::find_by_id(rid)
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let last = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .order_by_desc(sg::Column::Position)
        .one(&tx)
        .await?
        .map_or(0, |g| g.position);
    let now = Utc::now();
    let gid = Uuid::now_v7();
    sg::Entity::insert(sg::ActiveModel {
        id: Set(gid),
        conference_id: Set(c.id),
        eixo_number: Set(from.eixo_number),
        eixo_title: Set(from.eixo_title.clone()),
        level: Set(from.level.clone()),
        text: Set(r.text.clone()),
        status: Set(GroupStatus::Open),
        threshold_pct: Set(from.threshold_pct),
        position: Set(last + 1),
        proposal_id: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let mut am = m.into_active_model();
    am.group_id = Set(gid);
    am.update(&tx).await?;
    touch(&tx, from).await?;
    tx.commit().await?;
    Ok(gid)
}

/// Merges the group numbered `other` into group `keep` (same eixo and level, neither sent):
/// every member of `other` joins `keep`, whose text stays; `other` is removed.
pub async fn merge(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    keep: &str,
    other: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let kid = parse_id(keep)?;
    let field = format!("juntar-{kid}");
    let tx = db.write().await?;
    let k = open_group(&tx, &c, kid).await?;
    let o = group_by_number(&tx, &c, &field, other, &k).await?;
    if o.id == k.id {
        return Err(Invalid::one(
            &field,
            "Escolha outro grupo: um grupo não se junta a si mesmo",
        )
        .into());
    }
    sm::Entity::update_many()
        .col_expr(sm::Column::GroupId, k.id.into())
        .filter(sm::Column::GroupId.eq(o.id))
        .exec(&tx)
        .await?;
    sg::Entity::delete_by_id(o.id).exec(&tx).await?;
    touch(&tx, k).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces a group's merged text (not once sent).
pub async fn edit_text(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group: &str,
    text: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let gid = parse_id(group)?;
    let text =
        proposal_text(text).map_err(|e| FieldError::new(format!("texto-{gid}"), e.message))?;
    let tx = db.write().await?;
    let g = open_group(&tx, &c, gid).await?;
    let mut am = g.into_active_model();
    am.text = Set(text);
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a group reviewed: its members and merged text are what goes to the working group.
pub async fn mark_reviewed(db: &Db, me: Option<&Me>, slug: &str, group: &str) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let gid = parse_id(group)?;
    let tx = db.write().await?;
    let g = open_group(&tx, &c, gid).await?;
    let mut am = g.into_active_model();
    am.status = Set(GroupStatus::Reviewed);
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The label of a received proposal as an origin: the sending conference and the
/// deliberation's code in its report.
pub fn origin_label(r: &received_proposal::Model) -> String {
    format!("Relatório de {}, deliberação {}", r.source_title, r.code)
}

/// Sends a reviewed group to a working group of its eixo (`working_group`: its id; may be
/// empty when the eixo has exactly one): it becomes a `draft` proposal of this conference with
/// the merged text and level, and one origin (kind `report`) per member. Sending a group
/// already sent sends nothing and returns the proposal it became. Returns the proposal's id.
pub async fn send(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group: &str,
    working_group: &str,
) -> Result<Uuid, Fail> {
    let c = staff(db, me, slug).await?;
    let gid = parse_id(group)?;
    let field = format!("enviar-{gid}");
    let tx = db.write().await?;
    let g = group_of(&tx, &c, gid).await?;
    if g.status == GroupStatus::Sent {
        if let Some(p) = g.proposal_id {
            return Ok(p);
        }
        return Err(already_sent());
    }
    if g.status != GroupStatus::Reviewed {
        return Err(Invalid::one(
            &field,
            "Marque o grupo como revisado antes de enviá-lo ao grupo de trabalho",
        )
        .into());
    }
    let eixo = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .filter(eixo::Column::Number.eq(g.eixo_number))
        .one(&tx)
        .await?
        .ok_or_else(|| {
            Invalid::one(
                &field,
                format!(
                    "Esta conferência não tem o eixo {}: cadastre-o em Eixos e crie um grupo de trabalho para ele",
                    g.eixo_number
                ),
            )
        })?;
    let wgs = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .filter(working_group::Column::EixoId.eq(eixo.id))
        .order_by_asc(working_group::Column::CreatedAt)
        .all(&tx)
        .await?;
    let wg = match (wgs.len(), Uuid::parse_str(working_group.trim()).ok()) {
        (0, _) => {
            return Err(Invalid::one(
                &field,
                format!(
                    "O eixo {} ainda não tem grupo de trabalho: crie um em Plenária, Grupos de trabalho, e envie de novo",
                    g.eixo_number
                ),
            )
            .into());
        }
        (1, None) => wgs[0].clone(),
        (_, Some(id)) => wgs.iter().find(|w| w.id == id).cloned().ok_or_else(|| {
            Invalid::one(&field, "Escolha um grupo de trabalho do eixo deste grupo")
        })?,
        (_, None) => {
            return Err(Invalid::one(
                &field,
                "Escolha para qual grupo de trabalho do eixo esta proposta vai",
            )
            .into());
        }
    };
    let ms = members_of(&tx, g.id).await?;
    let rids: Vec<Uuid> = ms.iter().map(|m| m.received_proposal_id).collect();
    let mut rs = Vec::with_capacity(rids.len());
    for chunk in rids.chunks(CHUNK) {
        rs.extend(
            received_proposal::Entity::find()
                .filter(received_proposal::Column::Id.is_in(chunk.to_vec()))
                .all(&tx)
                .await?,
        );
    }
    rs.sort_by(|a, b| {
        a.source_title
            .cmp(&b.source_title)
            .then(a.code.cmp(&b.code))
    });
    let now = Utc::now();
    let pid = Uuid::now_v7();
    // Claim the group first: of two sends at once, one changes the row and the other sees it
    // sent (and rolls back).
    let claimed = sg::Entity::update_many()
        .col_expr(sg::Column::Status, GroupStatus::Sent.into())
        .col_expr(sg::Column::SentAt, Some(now).into())
        .col_expr(sg::Column::UpdatedAt, now.into())
        .filter(sg::Column::Id.eq(g.id))
        .filter(sg::Column::Status.eq(GroupStatus::Reviewed))
        .exec(&tx)
        .await?;
    if claimed.rows_affected != 1 {
        drop(tx);
        let again = group_of(&db.conn, &c, gid).await?;
        return again.proposal_id.ok_or_else(already_sent);
    }
    crate::plenary::groups::insert_draft(&tx, &wg, pid, g.text.clone(), &g.level, "new", now)
        .await?;
    // The proposal exists now: the group points at it (same transaction).
    sg::Entity::update_many()
        .col_expr(sg::Column::ProposalId, Some(pid).into())
        .filter(sg::Column::Id.eq(g.id))
        .exec(&tx)
        .await?;
    let origins: Vec<proposal_origin::ActiveModel> = rs
        .iter()
        .map(|r| proposal_origin::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(pid),
            kind: Set("report".into()),
            label: Set(origin_label(r)),
            ref_id: Set(Some(r.id)),
        })
        .collect();
    for chunk in origins.chunks(CHUNK) {
        proposal_origin::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, group = %g.id, proposal = %pid, origins = rs.len(), "systematization group sent");
    Ok(pid)
}
