//! The etapa digital: while the organizing commission keeps it open, anyone with
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
use crate::mobilization::shared::save_row;
use crate::platform::auth::{Me, allow, authorize};
use chrono::Utc;
use domain::Invalid;
use domain::policy::{Action, ConferenceScope};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use store::Db;
use store::entities::online_stage;
use uuid::Uuid;

pub mod consultation;
mod groups;
mod listing;
mod mine;
mod moderation;
mod pages;
mod participate;

pub use groups::*;
pub use listing::*;
pub use mine::*;
pub use moderation::*;
pub use pages::*;
pub use participate::*;

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
    let c = authorize(db, me, slug, Action::ModerateOnline).await?;
    let tx = db.write().await?;
    let row = online_stage::ActiveModel {
        conference_id: Set(c.id),
        open: Set(open),
        changed_by: Set(me.map(|m| m.account.id)),
        changed_at: Set(Utc::now()),
    };
    save_row(&tx, c.id, row).await?;
    tx.commit().await?;
    tracing::info!(conference = %c.id, open, "etapa digital opened or closed");
    Ok(())
}

fn may_moderate(me: Option<&Me>, scope: ConferenceScope) -> bool {
    allow(me, Action::ModerateOnline(scope)).is_ok()
}
