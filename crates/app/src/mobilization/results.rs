//! The pre-conference results per territory (issue 21): for each territory of the conference,
//! the meetings its units held, how many people took part, the proposals raised and the
//! territorial delegates elected; and the totals. Shown at the final solemnity (the public
//! board, `/c/{slug}/telao`) and carried in the final report. Counts only, never names.

use crate::mobilization::shared::{conference_units, territories_in_order};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{unit_attendee, unit_delegate, unit_meeting, unit_proposal};
use uuid::Uuid;

/// One territory's pre-conferences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TerritoryResult {
    pub territory: String,
    /// Units of the territory taking part in the conference.
    pub units: u32,
    pub meetings_held: u32,
    /// People at the meetings held: the count each unit reported, else its attendance list.
    pub people: u32,
    pub proposals: u32,
    pub delegates_titular: u32,
    pub delegates_suplente: u32,
}

/// Every territory with units, in the territories' order, and the totals (territory "Total").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Results {
    pub territories: Vec<TerritoryResult>,
    pub total: TerritoryResult,
}

impl Results {
    /// Whether any unit held a meeting (nothing to show otherwise).
    pub fn any(&self) -> bool {
        self.total.meetings_held > 0
    }
}

/// The results of the conference `conference_id`.
pub async fn by_territory(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Results> {
    let units = conference_units(conference_id).all(db).await?;
    let territory_of: HashMap<Uuid, Uuid> = units.iter().map(|u| (u.id, u.territory_id)).collect();
    let mut rows: HashMap<Uuid, TerritoryResult> = HashMap::new();
    for u in &units {
        rows.entry(u.territory_id).or_default().units += 1;
    }
    let meetings = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(conference_id))
        .filter(unit_meeting::Column::Status.eq(MeetingStatus::Held))
        .all(db)
        .await?;
    let mut listed: HashMap<Uuid, u32> = HashMap::new();
    for a in unit_attendee::Entity::find()
        .filter(unit_attendee::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
    {
        *listed.entry(a.meeting_id).or_default() += 1;
    }
    for m in &meetings {
        let Some(t) = territory_of.get(&m.unit_id) else {
            continue;
        };
        let r = rows.entry(*t).or_default();
        r.meetings_held += 1;
        r.people += m
            .participants
            .map(|p| p.max(0) as u32)
            .unwrap_or_else(|| listed.get(&m.id).copied().unwrap_or(0));
    }
    for p in unit_proposal::Entity::find()
        .filter(unit_proposal::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
    {
        if let Some(t) = territory_of.get(&p.unit_id) {
            rows.entry(*t).or_default().proposals += 1;
        }
    }
    for d in unit_delegate::Entity::find()
        .filter(unit_delegate::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
    {
        if let Some(t) = territory_of.get(&d.unit_id) {
            let r = rows.entry(*t).or_default();
            if d.seat == "suplente" {
                r.delegates_suplente += 1;
            } else {
                r.delegates_titular += 1;
            }
        }
    }
    let mut out = Results::default();
    out.total.territory = "Total".into();
    for t in territories_in_order(db, conference_id).await? {
        let Some(mut r) = rows.remove(&t.id) else {
            continue;
        };
        r.territory = t.name;
        add(&mut out.total, &r);
        out.territories.push(r);
    }
    // Units of an archived territory still count, under its name.
    let archived = crate::mobilization::shared::territory_names(db, conference_id).await?;
    let mut rest: Vec<(Uuid, TerritoryResult)> = rows.into_iter().collect();
    rest.sort_by(|a, b| archived.get(&a.0).cmp(&archived.get(&b.0)));
    for (id, mut r) in rest {
        r.territory = archived
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "Sem território".into());
        add(&mut out.total, &r);
        out.territories.push(r);
    }
    Ok(out)
}

fn add(total: &mut TerritoryResult, r: &TerritoryResult) {
    total.units += r.units;
    total.meetings_held += r.meetings_held;
    total.people += r.people;
    total.proposals += r.proposals;
    total.delegates_titular += r.delegates_titular;
    total.delegates_suplente += r.delegates_suplente;
}

/// The results of the conference `slug`, for its public screens (counts only).
pub async fn public(db: &store::Db, slug: &str) -> Result<Results, crate::Fail> {
    let (c, _) = crate::platform::auth::conference_scope(db, slug).await?;
    Ok(by_territory(&db.conn, c.id).await?)
}
