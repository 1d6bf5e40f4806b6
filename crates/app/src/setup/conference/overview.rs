//! The staff overview of a conference and the conferences a person can open.

use super::commission::commission;
use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use domain::policy::{Action, ConferenceScope};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::Db;
use store::entities::{
    conference, conference_unit, convocation_act, document, eixo, regimento_article,
    report_submission, stage, unit_meeting,
};

/// What the staff overview of a conference shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub slug: String,
    pub title: String,
    pub stages: u64,
    pub eixos: u64,
    pub members: u64,
    pub parity_holds: bool,
    pub documents: u64,
    pub articles: u64,
    pub has_convocation: bool,
    /// The theme is still the placeholder of a cycle CNAS has not published.
    pub theme_pending: bool,
    /// The calendar's stages in order, each with where it stands today.
    pub timeline: Vec<TimelineRow>,
}

/// One stage on the commission's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow {
    pub title: String,
    pub kind_label: String,
    pub when: String,
    /// "Concluída", "Em andamento", "Próxima", "A seguir".
    pub state_label: &'static str,
    /// The state's CSS suffix (`etapa-concluida`, `etapa-agora`…).
    pub state_code: &'static str,
    /// What the stage left undone now that its time has passed (the convocation act not
    /// recorded, units without a held meeting, the report not sent), if the product knows it.
    pub late: Option<String>,
}

impl Overview {
    /// The first stage still to come, if any.
    pub fn next(&self) -> Option<&TimelineRow> {
        self.timeline.iter().find(|r| r.state_code == "proxima")
    }

    /// How many stages have something late.
    pub fn late_count(&self) -> usize {
        self.timeline.iter().filter(|r| r.late.is_some()).count()
    }
}

/// The stages of conference `c` (cancelled ones left out) with their state at `now` and what
/// is late.
async fn timeline(
    db: &Db,
    c: &conference::Model,
    has_convocation: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> store::Result<Vec<TimelineRow>> {
    use domain::calendar::{StageState, stage_states};
    use domain::values::StageKind;
    let stages = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let states = stage_states(
        &stages
            .iter()
            .map(|s| (s.starts_at, s.ends_at))
            .collect::<Vec<_>>(),
        now,
    );
    let tz = super::calendar::tz_of(c);
    let mut rows = Vec::with_capacity(stages.len());
    for (s, state) in stages.into_iter().zip(states) {
        let kind = StageKind::parse(&s.kind).ok();
        let late = if state == StageState::Done {
            match kind {
                Some(StageKind::Convocation) if !has_convocation => {
                    Some("O ato de convocação ainda não foi registrado".to_owned())
                }
                Some(StageKind::UnitMeeting | StageKind::Preconference) => {
                    let missing = units_without_held_meeting(db, c.id).await?;
                    (missing > 0).then(|| {
                        format!("{missing} unidade(s) participante(s) sem reunião realizada")
                    })
                }
                Some(StageKind::Report) if c.parent_id.is_some() => {
                    let sent = report_submission::Entity::find()
                        .filter(report_submission::Column::ConferenceId.eq(c.id))
                        .count(&db.conn)
                        .await?;
                    (sent == 0).then(|| "O relatório final ainda não foi enviado".to_owned())
                }
                _ => None,
            }
        } else {
            None
        };
        rows.push(TimelineRow {
            kind_label: kind.map(|k| k.label().to_owned()).unwrap_or_default(),
            when: if s.set_by_units {
                format!(
                    "{} (data de cada unidade)",
                    super::calendar::when(s.starts_at, s.ends_at, tz)
                )
            } else {
                super::calendar::when(s.starts_at, s.ends_at, tz)
            },
            title: s.title,
            state_label: state.label(),
            state_code: state.code(),
            late,
        });
    }
    Ok(rows)
}

/// Units taking part in conference `conference_id` that have no meeting marked as held.
async fn units_without_held_meeting(db: &Db, conference_id: uuid::Uuid) -> store::Result<usize> {
    let taking_part: std::collections::HashSet<uuid::Uuid> = conference_unit::Entity::find()
        .filter(conference_unit::Column::ConferenceId.eq(conference_id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| r.unit_id)
        .collect();
    let held: std::collections::HashSet<uuid::Uuid> = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(conference_id))
        .filter(unit_meeting::Column::Status.eq(unit_meeting::MeetingStatus::Held))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| m.unit_id)
        .collect();
    Ok(taking_part.difference(&held).count())
}

pub async fn overview(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<(Overview, ConferenceScope), Fail> {
    overview_at(db, me, slug, chrono::Utc::now()).await
}

/// [`overview`] with the timeline as it stands at `now`.
pub async fn overview_at(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Overview, ConferenceScope), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewConferenceAdmin(scope))?;
    let com = commission(db, c.id).await?;
    let has_convocation = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .count(&db.conn)
        .await?
        > 0;
    Ok((
        Overview {
            stages: stage::Entity::find()
                .filter(stage::Column::ConferenceId.eq(c.id))
                .filter(stage::Column::Cancelled.eq(false))
                .count(&db.conn)
                .await?,
            eixos: eixo::Entity::find()
                .filter(eixo::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            members: com.members.len() as u64,
            parity_holds: com.parity_holds,
            documents: document::Entity::find()
                .filter(document::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            articles: regimento_article::Entity::find()
                .filter(regimento_article::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            has_convocation,
            timeline: timeline(db, &c, has_convocation, now).await?,
            theme_pending: c.theme == super::THEME_TO_BE_DEFINED,
            slug: c.slug,
            title: c.title,
        },
        scope,
    ))
}

/// Conferences the person can open the staff area of (for the panel).
pub async fn my_conferences(db: &Db, me: Option<&Me>) -> Result<Vec<(String, String)>, Fail> {
    let all = conference::Entity::find()
        .order_by_desc(conference::Column::StartsOn)
        .all(&db.conn)
        .await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            allow(
                me,
                Action::ViewConferenceAdmin(ConferenceScope {
                    body: c.body_id.into(),
                    conference: c.id.into(),
                }),
            )
            .is_ok()
        })
        .map(|c| (c.slug, c.title))
        .collect())
}
