//! Working groups per eixo (docs/domain.md §4 stage 6): groups with members (one
//! group per person), facilitator and rapporteur; the commission assigns people by the eixo they
//! prefer or evenly; each group writes proposals (text, level, kind, origin), edits them, merges
//! duplicates (every origin kept), orders them and votes each: simple majority of the delegates
//! present in the group, with an optional minority threshold. What a group approves becomes the
//! final plenary's list, eixo by eixo (`app::plenary::final_plenary`).
//!
//! The table staff (permission `RunPlenary`) type for each group; the facilitator and the
//! rapporteur are registrations named on the group.

mod members;
mod overview;
mod proposals;

pub use members::*;
pub use overview::*;
pub use proposals::*;

use super::common::{
    commit_and_signal, of_conference, refuse_unless, registration_by_code, save_conference_setting,
    tidy,
};
use super::lookup::registrations_by_id;
use crate::Fail;
use crate::mobilization::shared::{territories_in_order, territory_in, unit_in, units_by_name};
use crate::platform::auth::{Me, parse_id};
use chrono::Utc;
use domain::plenary::Tally;
use domain::proposals::{AddressedLevel, ProposalKind, distribute, group_outcome, proposal_text};
use domain::values::Category;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{
    conference, eixo, group_member, proposal, proposal_origin, registration, territory, unit,
    working_group,
};
use uuid::Uuid;

/// A working group of the conference (`NotFound` otherwise).
pub(crate) async fn group_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<working_group::Model, Fail> {
    of_conference(db, working_group::Column::ConferenceId, c.id, id).await
}

/// A proposal of the conference (`NotFound` otherwise).
pub(crate) async fn proposal_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<proposal::Model, Fail> {
    of_conference(db, proposal::Column::ConferenceId, c.id, id).await
}

/// The conference's working groups in the order they were created.
async fn groups_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<working_group::Model>> {
    Ok(working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .order_by_asc(working_group::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Who is in which group, in the whole conference.
async fn memberships(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<group_member::Model>> {
    Ok(group_member::Entity::find()
        .filter(group_member::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?)
}

/// The registrations in one group.
async fn member_ids(
    db: &impl ConnectionTrait,
    g: &working_group::Model,
) -> store::Result<Vec<Uuid>> {
    Ok(group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(g.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.registration_id)
        .collect())
}

/// People who take part in groups: active registrations whose category has a voice.
async fn participants(db: &Db, c: &conference::Model) -> store::Result<Vec<registration::Model>> {
    let rights = crate::setup::categories::rights(db, c.id).await?;
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active))
        .order_by_asc(registration::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .filter(|r| Category::parse(&r.category).is_ok_and(|k| rights.may_speak(k)))
        .collect())
}

/// A unit's meeting (pre-conference) as a proposal's origin.
fn unit_origin(u: &unit::Model) -> String {
    format!("Pré-conferência: {}", u.name)
}

/// A territory as a proposal's origin.
fn territory_origin(t: &territory::Model) -> String {
    format!("Território: {}", t.name)
}

/// A group's proposals in its order, without the ones merged into another.
pub(crate) async fn group_proposals(
    db: &impl ConnectionTrait,
    group: Uuid,
) -> store::Result<Vec<proposal::Model>> {
    Ok(proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(group))
        .filter(proposal::Column::Status.ne(proposal::ProposalStatus::Merged))
        .order_by_asc(proposal::Column::Position)
        .all(db)
        .await?)
}

/// A person as the group pages name them: name and registration code.
fn who(r: &registration::Model) -> String {
    format!("{} ({})", r.display_name(), r.code)
}

/// Delegates of the group checked in today.
async fn present_in_group(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    g: &working_group::Model,
) -> store::Result<(Vec<registration::Model>, HashSet<Uuid>)> {
    let ids = member_ids(db, g).await?;
    let mut regs: Vec<registration::Model> = registrations_by_id(db, ids.clone())
        .await?
        .into_values()
        .collect();
    regs.sort_by(|a, b| a.display_name().cmp(b.display_name()));
    // Members who vote now: in the room and holding a seat (`crate::plenary::seats`).
    let voting = crate::plenary::seats::room(db, c).await?.voting;
    let present: HashSet<Uuid> = ids.into_iter().filter(|id| voting.contains(id)).collect();
    Ok((regs, present))
}
