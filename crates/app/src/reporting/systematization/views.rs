//! What the team sees: the groups of the pool, eixo by eixo and level by level.

use crate::Fail;
use crate::platform::auth::Me;
use domain::proposals::AddressedLevel;
use domain::systematize;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::Db;
use store::entities::systematization_group::GroupStatus;
use store::entities::{
    eixo, proposal, received_proposal, systematization_group as sg, systematization_member as sm,
    working_group,
};
use uuid::Uuid;

use super::staff;

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

fn status_label(s: &str) -> &'static str {
    match s {
        "open" => "Em revisão",
        "reviewed" => "Revisado, pronto para enviar",
        "sent" => "Enviado ao grupo de trabalho",
        _ => "",
    }
}

/// "0,35".
pub fn threshold_text(t: f64) -> String {
    format!("{t:.2}").replace('.', ",")
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
            status_label: status_label(g.status.code()),
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
