//! The plenary context: seats and presence, the table's votes (regimento, final plenary,
//! moções, priorities), elections, working groups and the sealed vote log.

mod common;
pub mod elections;
pub mod final_plenary;
pub mod groups;
pub(crate) mod lookup;
pub mod mocoes;
pub mod presence;
pub mod priorities;
pub mod regimento;
pub mod seal;
pub mod seats;
pub mod voting;

use crate::platform::auth::Me;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::proposal::ProposalStatus;
use store::entities::{eixo, proposal};
use uuid::Uuid;

/// A conference's eixos in order, and its proposals in one of `statuses`, group by group in
/// their order.
pub(crate) async fn eixos_and_proposals(
    db: &impl ConnectionTrait,
    conference: Uuid,
    statuses: &[ProposalStatus],
) -> store::Result<(Vec<eixo::Model>, Vec<proposal::Model>)> {
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conference))
        .order_by_asc(eixo::Column::Number)
        .all(db)
        .await?;
    let ps = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(conference))
        .filter(proposal::Column::Status.is_in(statuses.iter().copied()))
        .order_by_asc(proposal::Column::GroupId)
        .order_by_asc(proposal::Column::Position)
        .all(db)
        .await?;
    Ok((eixos, ps))
}

/// A destaque recorded by hand at the table: who raised it (the name typed, if any) and who
/// recorded it.
pub(crate) fn by_hand(me: Option<&Me>, raised_by: &str) -> (Option<String>, Option<Uuid>) {
    let raised_by = raised_by.trim();
    (
        (!raised_by.is_empty()).then(|| raised_by.to_owned()),
        me.map(|m| m.account.id),
    )
}
