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
mod grouping;
mod review;
mod views;

pub use grouping::*;
pub use review::*;
pub use views::*;

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use domain::policy::Action;
use domain::systematize;
use std::collections::BTreeMap;
use store::Db;
use store::entities::conference;

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

/// The conference `slug` when `me` may systematize its pool.
async fn staff(db: &Db, me: Option<&Me>, slug: &str) -> Result<conference::Model, Fail> {
    let c = authorize(db, me, slug, Action::Systematize).await?;
    Ok(c)
}
