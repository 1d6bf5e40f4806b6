//! The deliberations the report codes and those a conference received.

use super::assemble::level_initial;
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use domain::policy::Action;
use domain::proposals::AddressedLevel;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};
use store::Db;
use store::entities::proposal::ProposalStatus;
use store::entities::{conference, eixo, proposal, proposal_origin, received_proposal};
use uuid::Uuid;

/// The received deliberations of a conference's pool, by eixo number (for systematization).
pub async fn received(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<BTreeMap<i32, Vec<received_proposal::Model>>, Fail> {
    let c = authorize(db, me, slug, Action::ReviewReports).await?;
    let mut out: BTreeMap<i32, Vec<received_proposal::Model>> = BTreeMap::new();
    for p in received_proposal::Entity::find()
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .order_by_asc(received_proposal::Column::EixoNumber)
        .order_by_asc(received_proposal::Column::CreatedAt)
        .order_by_asc(received_proposal::Column::Id)
        .all(&db.conn)
        .await?
    {
        out.entry(p.eixo_number).or_default().push(p);
    }
    Ok(out)
}

/// An approved deliberation with the code the report gives it ("E1-M-2": eixo, level initial,
/// place in its eixo and level), its final text and its origins.
#[derive(Debug, Clone)]
pub(crate) struct CodedDeliberation {
    pub proposal: proposal::Model,
    pub code: String,
    pub text: String,
    pub origins: Vec<String>,
}

/// The conference's approved (or amended) deliberations by eixo and level, each level in the
/// plenary's order with the ranked ones first in rank order; the code of each is the one the
/// final report prints, which the follow-up (monitoramento) and its spreadsheet also use.
pub(crate) async fn coded_deliberations(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<(eixo::Model, Vec<(AddressedLevel, Vec<CodedDeliberation>)>)>> {
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .order_by_asc(eixo::Column::Number)
        .all(tx)
        .await?;
    let ps = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::Status.is_in(ProposalStatus::ADOPTED))
        .order_by_asc(proposal::Column::GroupId)
        .order_by_asc(proposal::Column::Position)
        .order_by_asc(proposal::Column::Id)
        .all(tx)
        .await?;
    let mut origins: HashMap<Uuid, Vec<String>> = HashMap::new();
    for o in proposal_origin::Entity::find()
        .filter(
            proposal_origin::Column::ProposalId.is_in(ps.iter().map(|p| p.id).collect::<Vec<_>>()),
        )
        .order_by_asc(proposal_origin::Column::Id)
        .all(tx)
        .await?
    {
        origins.entry(o.proposal_id).or_default().push(o.label);
    }
    let mut out = Vec::new();
    for e in eixos {
        let mut levels = Vec::new();
        for l in AddressedLevel::ALL {
            let mut items: Vec<&proposal::Model> = ps
                .iter()
                .filter(|p| p.eixo_id == e.id && p.level == l.code())
                .collect();
            // Stable: ranked ones first in rank order, the others keep the plenary's order.
            items.sort_by_key(|p| p.priority_rank.unwrap_or(i32::MAX));
            if items.is_empty() {
                continue;
            }
            levels.push((
                l,
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, p)| CodedDeliberation {
                        code: format!("E{}-{}-{}", e.number, level_initial(l.code()), i + 1),
                        text: p.final_text.clone().unwrap_or_else(|| p.text.clone()),
                        origins: origins.remove(&p.id).unwrap_or_default(),
                        proposal: p.clone(),
                    })
                    .collect(),
            ));
        }
        out.push((e, levels));
    }
    Ok(out)
}
