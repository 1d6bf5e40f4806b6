//! Grouping the pool at a threshold, replacing the groups not sent yet.

use crate::Fail;
use crate::platform::auth::Me;
use chrono::Utc;
use domain::systematize;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashSet;
use store::Db;
use store::entities::systematization_group::GroupStatus;
use store::entities::{
    received_proposal, systematization_group as sg, systematization_member as sm,
};
use uuid::Uuid;

use super::{CHUNK, Item, plan, staff};

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
        .filter(sg::Column::Status.eq(sg::GroupStatus::Sent))
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
        .filter(sg::Column::Status.ne(sg::GroupStatus::Sent))
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
        .filter(sg::Column::Status.ne(sg::GroupStatus::Sent))
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
