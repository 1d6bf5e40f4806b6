//! The plenary at the table, first part: the regimento is read; destaques raised
//! by hand are recorded by staff; each destaque gets a vote counted by raised badges (crachás);
//! the rest of the regimento is approved in one block vote; the approved text (destaques applied,
//! articles renumbered) becomes a published version. Every vote records the delegates present, the
//! credentialed total and the quorum rule; a vote below quorum cannot be recorded.
//!
//! Present = delegates in the room now holding a voting seat (`crate::plenary::seats`: a titular or the one
//! suplente in their place, never both; exits at the door count); credentialed = seats taken on
//! any day. The quorum rule is the conference's setting.

mod articles;
mod board;
mod destaques;
mod minutes;
mod votes;

pub use articles::*;
pub use board::*;
pub use destaques::*;
pub use minutes::*;
pub use votes::*;

use super::common::{check_raised_by, commit_and_signal, of_conference, outcome_of, refuse_unless};
use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::plenary::{DestaqueKind, Outcome, Tally, approved_text};
use domain::policy::Action;
use domain::setup::Article;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{conference, destaque, plenary_vote, regimento_version};
use uuid::Uuid;

/// The plenary room now: who votes, the seats and the conference's quorum rule (`crate::plenary::seats`).
pub(crate) async fn attendance(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<crate::plenary::seats::Room> {
    crate::plenary::seats::room(db, c).await
}

/// A recorded vote, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct VoteView {
    pub favor: i32,
    pub against: i32,
    pub abstain: i32,
    pub present: i32,
    pub credentialed: i32,
    pub outcome: String,
    pub at: String,
    pub channel: String,
}

pub(crate) fn vote_view(v: &plenary_vote::Model, tz: chrono_tz::Tz) -> VoteView {
    VoteView {
        favor: v.favor,
        against: v.against,
        abstain: v.abstain,
        present: v.present,
        credentialed: v.credentialed,
        outcome: match v.outcome.as_str() {
            "approved" => Outcome::Approved.label(),
            _ => Outcome::Rejected.label(),
        }
        .into(),
        at: local_time(v.recorded_at, tz),
        channel: channel_label(v),
    }
}

/// The conference's time zone (São Paulo when unreadable).
pub(crate) fn tz_of(c: &conference::Model) -> chrono_tz::Tz {
    c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo)
}

/// The recorded vote `id` as shown, if there is one.
pub(crate) async fn vote_view_of(
    db: &impl ConnectionTrait,
    id: Option<Uuid>,
    tz: chrono_tz::Tz,
) -> store::Result<Option<VoteView>> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(plenary_vote::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|v| vote_view(&v, tz)))
}

/// The conference's closed votes, in the order they were recorded.
pub(crate) async fn closed_votes(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<plenary_vote::Model>> {
    Ok(plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(conference_id))
        .filter(plenary_vote::Column::Status.eq(plenary_vote::VoteStatus::Closed))
        .order_by_asc(plenary_vote::Column::RecordedAt)
        .all(db)
        .await?)
}

/// A moment as the plenary's pages and minutes print it (`dd/mm/aaaa hh:mm`, local time).
fn local_time(t: chrono::DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string()
}

/// The counts typed at the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CountInput {
    #[serde(default)]
    pub favor: String,
    #[serde(default)]
    pub against: String,
    #[serde(default)]
    pub abstain: String,
}

/// Describes how a vote's counts came.
pub(crate) fn channel_label(v: &plenary_vote::Model) -> String {
    let phones = v.phone_favor + v.phone_against + v.phone_abstain;
    let total = v.favor + v.against + v.abstain;
    match v.channel.as_str() {
        "electronic" => format!("{phones} voto(s) pelo celular"),
        "mixed" => format!(
            "{phones} voto(s) pelo celular e {} contado(s) na sala",
            total - phones
        ),
        _ => "votos contados na sala (crachás)".to_owned(),
    }
}
