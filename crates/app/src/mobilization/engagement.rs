//! The units' engagement ranking ("gamificação"). The commission sets a weight
//! per metric (people mobilized in the units' meetings, questionnaires collected, proposals
//! raised, meetings held, media sent); the page shows each unit's counts as they are now next to
//! the counts the commission confirmed, and only confirmed counts score (a unit's own numbers do
//! not move the public ranking until the commission has checked them). The public ranking, by
//! unit and by territory, is at `/c/{slug}/ranking`; its winners are revealed when the stage
//! "Divulgação dos resultados de engajamento" starts, or when the commission reveals them.
//!
//! Every change (weights, confirmation, reveal) needs `Action::ScoreEngagement`: the organizing
//! commission only.

use crate::Fail;
use crate::mobilization::shared::{
    count_by, optional_id, territories_in_order, territory_names, units_by_name, update_the_rest,
};
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::engagement::{self as eg, Counts, METRICS, Weights};
use domain::policy::Action;
use domain::{Invalid, values::StageKind};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{
    conference, engagement_count as ec, engagement_setting as es, questionnaire_response, stage,
    unit_media, unit_meeting, unit_proposal,
};
use uuid::Uuid;

fn weights_of(s: Option<&es::Model>) -> Weights {
    s.map(|s| {
        Weights([
            s.w_people,
            s.w_questionnaires,
            s.w_proposals,
            s.w_meetings,
            s.w_media,
        ])
    })
    .unwrap_or_default()
}

fn confirmed_of(m: &ec::Model) -> Counts {
    Counts([
        m.people as i64,
        m.questionnaires as i64,
        m.proposals as i64,
        m.meetings as i64,
        m.media as i64,
    ])
}

/// The counts the commission confirmed, by unit.
async fn confirmed_counts(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, Counts>> {
    Ok(ec::Entity::find()
        .filter(ec::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .iter()
        .map(|m| (m.unit_id, confirmed_of(m)))
        .collect())
}

/// Each unit's counts as they are now, from the meetings, questionnaire responses, proposals and
/// media recorded for it.
pub(crate) async fn current_counts(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, Counts>> {
    let mut out: HashMap<Uuid, Counts> = HashMap::new();
    let held: Vec<(Uuid, Uuid, Option<i32>)> = unit_meeting::Entity::find()
        .select_only()
        .column(unit_meeting::Column::Id)
        .column(unit_meeting::Column::UnitId)
        .column(unit_meeting::Column::Participants)
        .filter(unit_meeting::Column::ConferenceId.eq(conference_id))
        .filter(unit_meeting::Column::Status.eq(unit_meeting::MeetingStatus::Held))
        .into_tuple()
        .all(db)
        .await?;
    // A meeting's attendance list, when it has one, gives its number of people (ADR 0027).
    let listed = crate::mobilization::attendance::listed_counts(db, conference_id).await?;
    for (m, u, n) in held {
        let n = match listed.get(&m) {
            Some(l) if l.total() > 0 => Some(l.total()),
            _ => n,
        };
        let c = out.entry(u).or_default();
        c.0[0] += n.unwrap_or(0) as i64;
        c.0[3] += 1;
    }
    let answered: Vec<(Option<Uuid>, i64)> = count_by(
        db,
        questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::ConferenceId.eq(conference_id))
            .filter(questionnaire_response::Column::UnitId.is_not_null()),
        questionnaire_response::Column::UnitId,
        questionnaire_response::Column::Id,
    )
    .await?;
    for (u, n) in answered {
        if let Some(u) = u {
            out.entry(u).or_default().0[1] += n;
        }
    }
    let proposals: Vec<(Uuid, i64)> = count_by(
        db,
        unit_proposal::Entity::find().filter(unit_proposal::Column::ConferenceId.eq(conference_id)),
        unit_proposal::Column::UnitId,
        unit_proposal::Column::Id,
    )
    .await?;
    for (u, n) in proposals {
        out.entry(u).or_default().0[2] += n;
    }
    let media: Vec<(Uuid, i64)> = count_by(
        db,
        unit_media::Entity::find()
            .filter(unit_media::Column::ConferenceId.eq(conference_id))
            .filter(
                unit_media::Column::Status
                    .eq(crate::mobilization::unit_media::MediaStatus::Published),
            ),
        unit_media::Column::UnitId,
        unit_media::Column::Id,
    )
    .await?;
    for (u, n) in media {
        out.entry(u).or_default().0[4] += n;
    }
    Ok(out)
}

/// One unit on the commission's page.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub id: String,
    pub name: String,
    pub territory: String,
    pub now: Vec<i64>,
    /// Confirmed counts (none until the first confirmation).
    pub confirmed: Option<Vec<i64>>,
    /// The counts changed since the last confirmation (or were never confirmed).
    pub pending: bool,
    pub score: i64,
}

/// The commission's page.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub slug: String,
    pub conference_title: String,
    /// (code, label, weight) per metric.
    pub weights: Vec<(String, String, i32)>,
    pub units: Vec<UnitRow>,
    pub pending: usize,
    pub revealed: bool,
    /// When the winners show by the calendar (the engagement results stage), if it has one.
    pub reveal_stage: Option<String>,
}

async fn setting(db: &impl ConnectionTrait, c: Uuid) -> store::Result<Option<es::Model>> {
    Ok(es::Entity::find_by_id(c).one(db).await?)
}

/// The engagement results stage (the prize announcement), the first not cancelled.
async fn results_stage(db: &impl ConnectionTrait, c: Uuid) -> store::Result<Option<stage::Model>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c))
        .filter(stage::Column::Kind.eq(StageKind::EngagementResults.code()))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .one(db)
        .await?)
}

fn revealed(s: Option<&es::Model>, st: Option<&stage::Model>) -> bool {
    s.is_some_and(|s| s.revealed_at.is_some()) || st.is_some_and(|st| st.starts_at <= Utc::now())
}

pub async fn board(db: &Db, me: Option<&Me>, slug: &str) -> Result<Board, Fail> {
    // The page is the commission's; others who run the conference may look at it.
    let c = authorize(db, me, slug, Action::ManageCalendar).await?;
    let s = setting(&db.conn, c.id).await?;
    let w = weights_of(s.as_ref());
    let now = current_counts(&db.conn, c.id).await?;
    let confirmed = confirmed_counts(&db.conn, c.id).await?;
    let terrs = territory_names(&db.conn, c.id).await?;
    let units: Vec<UnitRow> = units_by_name(&db.conn, c.id)
        .await?
        .into_iter()
        .map(|u| {
            let n = now.get(&u.id).copied().unwrap_or_default();
            let k = confirmed.get(&u.id).copied();
            UnitRow {
                id: u.id.to_string(),
                territory: terrs.get(&u.territory_id).cloned().unwrap_or_default(),
                name: u.name,
                now: n.0.to_vec(),
                pending: k != Some(n),
                score: k.map(|k| eg::score(&w, &k)).unwrap_or(0),
                confirmed: k.map(|k| k.0.to_vec()),
            }
        })
        .collect();
    let st = results_stage(&db.conn, c.id).await?;
    let tz = crate::mobilization::units::tz_of(&c);
    Ok(Board {
        weights: METRICS
            .iter()
            .zip(w.0)
            .map(|((code, label), w)| ((*code).into(), (*label).into(), w))
            .collect(),
        pending: units.iter().filter(|u| u.pending).count(),
        units,
        revealed: revealed(s.as_ref(), st.as_ref()),
        reveal_stage: st.map(|st| {
            st.starts_at
                .with_timezone(&tz)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        }),
        slug: c.slug,
        conference_title: c.title,
    })
}

async fn commission(db: &Db, me: Option<&Me>, slug: &str) -> Result<conference::Model, Fail> {
    let c = authorize(db, me, slug, Action::ScoreEngagement).await?;
    Ok(c)
}

async fn save_setting(
    tx: &impl ConnectionTrait,
    c: Uuid,
    w: Weights,
    revealed_at: Option<chrono::DateTime<Utc>>,
    by: Option<Uuid>,
) -> store::Result<()> {
    es::Entity::insert(es::ActiveModel {
        conference_id: Set(c),
        w_people: Set(w.0[0]),
        w_questionnaires: Set(w.0[1]),
        w_proposals: Set(w.0[2]),
        w_meetings: Set(w.0[3]),
        w_media: Set(w.0[4]),
        revealed_at: Set(revealed_at),
        updated_by: Set(by),
        updated_at: Set(Utc::now()),
    })
    .on_conflict(update_the_rest(&[es::Column::ConferenceId], &[]))
    .exec(tx)
    .await?;
    Ok(())
}

/// Sets the weights (the commission).
pub async fn save_weights(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    raw: &[String; 5],
) -> Result<(), Fail> {
    let c = commission(db, me, slug).await?;
    let w = eg::weights(raw)?;
    let tx = db.write().await?;
    let s = setting(&tx, c.id).await?;
    save_setting(
        &tx,
        c.id,
        w,
        s.and_then(|s| s.revealed_at),
        me.map(|m| m.account.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Confirms the current counts of one unit (`which` its id) or of every unit (`which` empty):
/// from now on they score. Returns how many units were confirmed.
pub async fn confirm(db: &Db, me: Option<&Me>, slug: &str, which: &str) -> Result<usize, Fail> {
    let c = commission(db, me, slug).await?;
    let only = optional_id(which)?;
    let tx = db.write().await?;
    let units: Vec<Uuid> = crate::mobilization::shared::listed_units(c.id)
        .all(&tx)
        .await?
        .into_iter()
        .map(|u| u.id)
        .filter(|u| only.is_none_or(|o| o == *u))
        .collect();
    if units.is_empty() {
        return Err(if only.is_some() {
            Fail::NotFound
        } else {
            Invalid::one("form", "A conferência não tem unidades cadastradas").into()
        });
    }
    // Counted inside the transaction: what is confirmed is what the commission saw or newer.
    let now_counts = current_counts(&tx, c.id).await?;
    let at = Utc::now();
    let by = me.map(|m| m.account.id);
    for u in &units {
        let n = now_counts.get(u).copied().unwrap_or_default();
        let v = |i: usize| Set(i32::try_from(n.get(i)).unwrap_or(i32::MAX));
        ec::Entity::insert(ec::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            unit_id: Set(*u),
            people: v(0),
            questionnaires: v(1),
            proposals: v(2),
            meetings: v(3),
            media: v(4),
            confirmed_by: Set(by),
            confirmed_at: Set(at),
        })
        .on_conflict(update_the_rest(
            &[ec::Column::ConferenceId, ec::Column::UnitId],
            &[ec::Column::Id],
        ))
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(units.len())
}

/// Reveals the winners now (before the results stage, or when the calendar has none).
pub async fn reveal(db: &Db, me: Option<&Me>, slug: &str) -> Result<(), Fail> {
    let c = commission(db, me, slug).await?;
    let tx = db.write().await?;
    let s = setting(&tx, c.id).await?;
    if s.as_ref().is_some_and(|s| s.revealed_at.is_some()) {
        return Err(Invalid::one("form", "Os vencedores já foram revelados").into());
    }
    save_setting(
        &tx,
        c.id,
        weights_of(s.as_ref()),
        Some(Utc::now()),
        me.map(|m| m.account.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A line of the public ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub place: u32,
    pub name: String,
    /// The unit's territory (empty on the territories' ranking).
    pub territory: String,
    pub score: i64,
    /// Confirmed counts, in `METRICS` order.
    pub counts: Vec<i64>,
}

/// The public ranking.
#[derive(Debug, Clone, Serialize)]
pub struct Ranking {
    pub slug: String,
    pub conference_title: String,
    /// (label, weight) per metric.
    pub weights: Vec<(String, i32)>,
    pub units: Vec<Place>,
    pub territories: Vec<Place>,
    pub revealed: bool,
    pub reveal_at: Option<String>,
    /// The units in first place (ties share it), once revealed.
    pub winners: Vec<String>,
    pub territory_winners: Vec<String>,
    /// Units whose counts the commission has confirmed.
    pub confirmed_units: usize,
}

pub async fn ranking(db: &Db, slug: &str) -> Result<Ranking, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let s = setting(&db.conn, c.id).await?;
    let w = weights_of(s.as_ref());
    let confirmed = confirmed_counts(&db.conn, c.id).await?;
    let terrs = territories_in_order(&db.conn, c.id).await?;
    let tname: HashMap<Uuid, &str> = terrs.iter().map(|t| (t.id, t.name.as_str())).collect();
    let units = units_by_name(&db.conn, c.id).await?;
    let mut per_territory: HashMap<Uuid, Counts> = HashMap::new();
    let scored: Vec<(usize, i64)> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let k = confirmed.get(&u.id).copied().unwrap_or_default();
            let t = per_territory.entry(u.territory_id).or_default();
            for (a, b) in t.0.iter_mut().zip(k.0) {
                *a += b;
            }
            (i, eg::score(&w, &k))
        })
        .collect();
    let unit_places: Vec<Place> = eg::rank(&scored)
        .into_iter()
        .map(|(i, score, place)| {
            let u = &units[i];
            Place {
                place,
                name: u.name.clone(),
                territory: tname.get(&u.territory_id).copied().unwrap_or("").into(),
                score,
                counts: confirmed.get(&u.id).copied().unwrap_or_default().0.to_vec(),
            }
        })
        .collect();
    let tscored: Vec<(usize, i64)> = terrs
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (
                i,
                eg::score(&w, &per_territory.get(&t.id).copied().unwrap_or_default()),
            )
        })
        .collect();
    let territory_places: Vec<Place> = eg::rank(&tscored)
        .into_iter()
        .map(|(i, score, place)| Place {
            place,
            name: terrs[i].name.clone(),
            territory: String::new(),
            score,
            counts: per_territory
                .get(&terrs[i].id)
                .copied()
                .unwrap_or_default()
                .0
                .to_vec(),
        })
        .collect();
    let st = results_stage(&db.conn, c.id).await?;
    let is_revealed = revealed(s.as_ref(), st.as_ref());
    let firsts = |ps: &[Place]| -> Vec<String> {
        if !is_revealed {
            return Vec::new();
        }
        ps.iter()
            .filter(|p| p.place == 1 && p.score > 0)
            .map(|p| p.name.clone())
            .collect()
    };
    let tz = crate::mobilization::units::tz_of(&c);
    Ok(Ranking {
        winners: firsts(&unit_places),
        territory_winners: firsts(&territory_places),
        weights: METRICS
            .iter()
            .zip(w.0)
            .map(|((_, label), w)| ((*label).into(), w))
            .collect(),
        units: unit_places,
        territories: territory_places,
        revealed: is_revealed,
        reveal_at: st.map(|st| {
            st.starts_at
                .with_timezone(&tz)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        }),
        confirmed_units: confirmed.len(),
        slug: c.slug,
        conference_title: c.title,
    })
}
