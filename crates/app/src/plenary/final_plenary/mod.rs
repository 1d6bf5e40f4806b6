//! The final plenary over the groups' proposals (docs/domain.md §4 stage 7): the
//! proposals approved in the groups are read eixo by eixo; delegates flag destaques (amend with
//! new text, or reject); every proposal of an eixo without a destaque is approved or rejected in
//! one block vote; each destaque gets a speakers list (for and against) with a visible timer,
//! then its vote: approved applies the destaque (the proposal amended, or rejected), rejected
//! keeps the proposal as the group approved it. Votes are counted at the table or cast from
//! phones (`app::plenary::voting`, subjects `proposals_block` and `proposal_destaque`), with the same
//! quorum and attendance as every plenary vote.

mod console;
mod deliberations;
mod destaques;
mod floor;
mod minutes;
mod speakers;
mod votes;

pub use console::*;
pub use deliberations::*;
pub use destaques::*;
pub use floor::*;
pub(crate) use minutes::*;
pub use speakers::*;
pub use votes::*;

use super::common::{
    check_raised_by, commit_and_signal, of_conference, outcome_of, refuse_unless, tidy,
};
use crate::Fail;
use crate::platform::auth::{Me, conference_scope, parse_id};
use crate::plenary::groups::{ProposalView, proposal_of, proposal_views};
use crate::plenary::regimento::{CountInput, VoteView, attendance, counted_vote, tz_of, vote_view};
use chrono::Utc;
use domain::plenary::Outcome;
use domain::proposals::proposal_text;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::proposal::ProposalStatus;
use store::entities::{conference, eixo, plenary_vote, proposal, proposal_destaque, speaker};
use uuid::Uuid;

/// Statuses of a proposal waiting for the plenary.
const PENDING: [ProposalStatus; 2] = ProposalStatus::PENDING;

/// Where a proposal stands once it came from the groups to the plenary (pending or decided).
const PLENARY_STATUSES: &[ProposalStatus] = &[
    ProposalStatus::GroupApproved,
    ProposalStatus::GroupMinority,
    ProposalStatus::Approved,
    ProposalStatus::Amended,
    ProposalStatus::Rejected,
];

/// The votes' subjects the minutes print in the final plenary's eixo sections (not in the list
/// of the regimento's and other votes).
pub(crate) const MINUTES_SUBJECTS: [&str; 2] = ["proposals_block", "proposal_destaque"];

fn destaque_status(s: &str) -> &'static str {
    match s {
        "approved" => "aprovado",
        "rejected" => "rejeitado: a proposta fica como veio do grupo",
        "withdrawn" => "retirado sem votação",
        _ => "aguardando falas e votação",
    }
}

/// What a destaque asks of its proposal, in words.
fn kind_label(kind: &str) -> &'static str {
    if kind == "reject" {
        "rejeitar a proposta"
    } else {
        "nova redação"
    }
}

/// A speaker's side of a destaque, in words.
fn side_label(side: &str) -> &'static str {
    if side == "for" { "a favor" } else { "contra" }
}

/// The conference's destaques on proposals in the order they were asked, and their speakers in
/// the order of the lists.
async fn destaques_and_speakers(
    db: &Db,
    c: &conference::Model,
) -> store::Result<(Vec<proposal_destaque::Model>, Vec<speaker::Model>)> {
    let ds = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .order_by_asc(proposal_destaque::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let sp = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.is_in(ds.iter().map(|d| d.id).collect::<Vec<_>>()))
        .order_by_asc(speaker::Column::Position)
        .all(&db.conn)
        .await?;
    Ok((ds, sp))
}

/// The final plenary's closed votes (blocks and destaques), in the order they were recorded.
async fn closed_votes(db: &Db, c: &conference::Model) -> store::Result<Vec<plenary_vote::Model>> {
    Ok(crate::plenary::regimento::closed_votes(&db.conn, c.id)
        .await?
        .into_iter()
        .filter(|v| MINUTES_SUBJECTS.contains(&v.subject.as_str()))
        .collect())
}
