//! Stages whose date each unit sets and reports (e.g. a unit's meeting with its users): the
//! territorial articulator schedules the unit's meetings inside the stage's window and reports them
//! as held; the commission sees which units have not scheduled or reported; the public calendar and
//! the iCalendar feed show every scheduled meeting.

use crate::Fail;
use crate::mobilization::shared::{eixo_label, eixos_of, unit_manager, units_by_name};
use crate::platform::auth::{Me, allow, authorize, conference_scope};
use crate::setup::conference::when;
use chrono::Utc;
use chrono_tz::Tz;
use domain::calendar::parse_local_datetime;
use domain::policy::{Action, ConferenceScope};
use domain::values::{Segment, optional, optional_url};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{conference, stage, territory, unit, unit_meeting};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub id: Uuid,
    pub unit_name: String,
    pub when: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub held: bool,
    pub participants: Option<i32>,
    /// "Governo: 5 · Usuários(as): 30 · …" when the attendance by segment was reported.
    pub by_segment: Option<String>,
    pub report_note: Option<String>,
    /// It has started, so it can be reported.
    pub reportable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitStage {
    pub id: Uuid,
    pub title: String,
    pub window: String,
    pub meetings: Vec<MeetingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitPage {
    pub slug: String,
    pub conference_title: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub territory: String,
    pub stages: Vec<UnitStage>,
    /// The unit's gallery (every meeting's media and the general ones), newest first.
    pub media: Vec<crate::mobilization::unit_media::Item>,
    /// Its latest posts on the public timeline.
    pub posts: Vec<crate::mobilization::posts::Post>,
    /// What participants sent to the gallery, waiting for the unit's review.
    pub pending: Vec<crate::mobilization::unit_media::Pending>,
}

pub(crate) fn tz_of(c: &conference::Model) -> Tz {
    c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo)
}

fn view(
    m: &unit_meeting::Model,
    unit_name: &str,
    tz: Tz,
    listed: Option<&domain::attendance::SegmentCounts>,
) -> MeetingView {
    let (participants, segments) = crate::mobilization::attendance::effective(m, listed);
    MeetingView {
        id: m.id,
        unit_name: unit_name.to_owned(),
        when: when(m.starts_at, m.ends_at, tz),
        place: m.place.clone(),
        online_url: m.online_url.clone(),
        held: m.status == MeetingStatus::Held,
        participants,
        by_segment: crate::mobilization::attendance::describe(segments),
        report_note: m.report_note.clone(),
        reportable: m.starts_at <= Utc::now() && m.status == MeetingStatus::Scheduled,
    }
}

async fn unit_in(db: &Db, c: &conference::Model, unit_id: Uuid) -> Result<unit::Model, Fail> {
    crate::mobilization::shared::unit_in(&db.conn, c.id, unit_id).await
}

async fn unit_stages(db: &Db, c: &conference::Model) -> Result<Vec<stage::Model>, Fail> {
    Ok(stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::SetByUnits.eq(true))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?)
}

/// The articulator's page of a unit: the stages it schedules, with its meetings.
pub async fn unit_page(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
) -> Result<UnitPage, Fail> {
    let c = unit_manager(db, me, slug, unit_id).await?;
    let u = unit_in(db, &c, unit_id).await?;
    let t = territory::Entity::find_by_id(u.territory_id)
        .one(&db.conn)
        .await?;
    let tz = tz_of(&c);
    let meetings = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(c.id))
        .filter(unit_meeting::Column::UnitId.eq(u.id))
        .order_by_asc(unit_meeting::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let listed = crate::mobilization::attendance::listed_counts(&db.conn, c.id).await?;
    let stages = unit_stages(db, &c)
        .await?
        .into_iter()
        .map(|s| UnitStage {
            id: s.id,
            window: when(s.starts_at, s.ends_at, tz),
            meetings: meetings
                .iter()
                .filter(|m| m.stage_id == s.id)
                .map(|m| view(m, &u.name, tz, listed.get(&m.id)))
                .collect(),
            title: s.title,
        })
        .collect();
    let media = crate::mobilization::unit_media::items(
        &db.conn,
        &c,
        Some(u.id),
        None,
        crate::mobilization::unit_media::Audience::Staff,
    )
    .await?;
    let posts = crate::mobilization::posts::of_unit(&db.conn, &c, u.id).await?;
    let pending = crate::mobilization::unit_media::pending(&db.conn, &c, u.id).await?;
    Ok(UnitPage {
        media,
        posts,
        pending,
        slug: c.slug,
        conference_title: c.title,
        unit_id: u.id,
        unit_name: u.name,
        territory: t.map(|t| t.name).unwrap_or_default(),
        stages,
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MeetingInput {
    pub stage_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_url: String,
}

/// Schedules a meeting of the unit inside the stage's window.
pub async fn schedule_meeting(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    i: &MeetingInput,
) -> Result<Uuid, Fail> {
    let c = unit_manager(db, me, slug, unit_id).await?;
    let u = unit_in(db, &c, unit_id).await?;
    let tz = tz_of(&c);
    let mut inv = Invalid::default();
    let st = match Uuid::parse_str(i.stage_id.trim()) {
        Ok(id) => unit_stages(db, &c).await?.into_iter().find(|s| s.id == id),
        Err(_) => None,
    };
    if st.is_none() {
        inv.push(FieldError::new("stage_id", "Escolha a etapa do calendário"));
    }
    let starts = inv.take(parse_local_datetime(
        "starts_at",
        "o início",
        &i.starts_at,
        tz,
    ));
    let ends = if i.ends_at.trim().is_empty() {
        Some(None)
    } else {
        inv.take(parse_local_datetime("ends_at", "o fim", &i.ends_at, tz))
            .map(Some)
    };
    let place = inv.take(optional("place", "O local", &i.place, 300));
    let online_url = inv.take(optional_url("online_url", &i.online_url));
    if matches!((&place, &online_url), (Some(None), Some(None))) {
        inv.push(FieldError::new(
            "place",
            "Informe o local da reunião ou o link, se for online",
        ));
    }
    if let (Some(st), Some(s), Some(e)) = (&st, starts, ends) {
        let window_end = st.ends_at.unwrap_or(st.starts_at);
        if s < st.starts_at || s > window_end {
            inv.push(FieldError::new(
                "starts_at",
                format!(
                    "A reunião deve acontecer no período da etapa: {}",
                    when(st.starts_at, st.ends_at, tz)
                ),
            ));
        }
        if let Some(e) = e
            && e < s
        {
            inv.push(FieldError::new(
                "ends_at",
                "A reunião não pode terminar antes de começar",
            ));
        }
    }
    let (Some(st), Some(starts), Some(ends), Some(place), Some(online_url)) =
        (st, starts, ends, place, online_url)
    else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    unit_meeting::Entity::insert(unit_meeting::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        stage_id: Set(st.id),
        unit_id: Set(u.id),
        starts_at: Set(starts),
        ends_at: Set(ends),
        place: Set(place),
        online_url: Set(online_url),
        status: Set(MeetingStatus::Scheduled),
        participants: Set(None),
        att_government: Set(None),
        att_users: Set(None),
        att_workers: Set(None),
        att_entities: Set(None),
        report_note: Set(None),
        reported_at: Set(None),
        reported_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ReportInput {
    pub participants: String,
    pub note: String,
    /// Attendance by segment (optional; in `Segment::ALL` order: governo, usuarios,
    /// trabalhadores, entidades). When one is given, they must add up to `participants`.
    pub by_segment: [String; 4],
}

/// Reports a meeting as held, with how many people took part.
pub async fn report_meeting(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
    i: &ReportInput,
) -> Result<(), Fail> {
    let c = unit_manager(db, me, slug, unit_id).await?;
    let m = crate::mobilization::proposals::held_meeting(&db.conn, &c, unit_id, meeting_id).await?;
    let mut inv = Invalid::default();
    let participants = match i.participants.trim().parse::<i32>() {
        Ok(n) if (0..=100_000).contains(&n) => Some(n),
        _ => {
            inv.push(FieldError::new(
                "participants",
                "Informe quantas pessoas participaram, em números (por exemplo, 35)",
            ));
            None
        }
    };
    let note = inv.take(optional("note", "O registro", &i.note, 2000));
    let mut segments: [Option<i32>; 4] = [None; 4];
    let mut bad_segment = false;
    for (k, (s, v)) in Segment::ALL.iter().zip(&i.by_segment).enumerate() {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        match v.parse::<i32>() {
            Ok(n) if (0..=100_000).contains(&n) => segments[k] = Some(n),
            _ => {
                bad_segment = true;
                inv.push(FieldError::new(
                    s.code(),
                    format!("Informe {} em números (ou deixe em branco)", s.label()),
                ));
            }
        }
    }
    let any_segment = segments.iter().any(Option::is_some);
    if let Some(total) = participants
        && any_segment
        && !bad_segment
    {
        let sum: i32 = segments.iter().map(|n| n.unwrap_or(0)).sum();
        if sum != total {
            inv.push(FieldError::new(
                Segment::ALL[0].code(),
                format!(
                    "A soma por segmento ({sum}) não confere com o total de participantes ({total}): corrija um dos números"
                ),
            ));
        }
    }
    // All four or none: a blank segment next to filled ones is a zero.
    let segments = segments.map(|n| any_segment.then(|| n.unwrap_or(0)));
    if m.starts_at > Utc::now() {
        inv.push(FieldError::new(
            "participants",
            "A reunião ainda não aconteceu: informe a realização depois da data marcada",
        ));
    }
    if m.status == MeetingStatus::Held {
        inv.push(FieldError::new(
            "participants",
            "Esta reunião já foi informada como realizada",
        ));
    }
    let (Some(participants), Some(note)) = (participants, note) else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let tx = db.write().await?;
    let mut a: unit_meeting::ActiveModel = m.into();
    a.status = Set(MeetingStatus::Held);
    a.participants = Set(Some(participants));
    a.att_government = Set(segments[0]);
    a.att_users = Set(segments[1]);
    a.att_workers = Set(segments[2]);
    a.att_entities = Set(segments[3]);
    a.report_note = Set(note);
    a.reported_at = Set(Some(Utc::now()));
    a.reported_by = Set(me.map(|m| m.account.id));
    a.updated_at = Set(Utc::now());
    a.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// For the commission: per unit-set stage, each unit with how many meetings it scheduled and held.
#[derive(Debug, Clone, Serialize)]
pub struct UnitProgress {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub scheduled: usize,
    pub held: usize,
    /// Meetings past their start and not reported as held.
    pub unreported: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StageProgress {
    pub title: String,
    pub units: Vec<UnitProgress>,
    pub missing: usize,
}

pub async fn progress(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<StageProgress>, Fail> {
    let c = authorize(db, me, slug, Action::ManageCalendar).await?;
    let units = units_by_name(&db.conn, c.id).await?;
    let meetings = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    Ok(unit_stages(db, &c)
        .await?
        .into_iter()
        .map(|s| {
            let units: Vec<UnitProgress> = units
                .iter()
                .map(|u| {
                    let ms: Vec<_> = meetings
                        .iter()
                        .filter(|m| {
                            m.stage_id == s.id
                                && m.unit_id == u.id
                                && m.status != MeetingStatus::Cancelled
                        })
                        .collect();
                    UnitProgress {
                        unit_id: u.id,
                        unit_name: u.name.clone(),
                        scheduled: ms.len(),
                        held: ms
                            .iter()
                            .filter(|m| m.status == MeetingStatus::Held)
                            .count(),
                        unreported: ms
                            .iter()
                            .filter(|m| {
                                m.status == MeetingStatus::Scheduled && m.starts_at < Utc::now()
                            })
                            .count(),
                    }
                })
                .collect();
            StageProgress {
                title: s.title,
                missing: units.iter().filter(|u| u.scheduled == 0).count(),
                units,
            }
        })
        .collect())
}

/// Every meeting of a conference with its unit's name (public calendar, iCalendar feed).
pub async fn meetings_of(
    db: &Db,
    conference_id: Uuid,
) -> store::Result<Vec<(unit_meeting::Model, String)>> {
    let units = crate::mobilization::shared::conference_units(conference_id)
        .all(&db.conn)
        .await?;
    Ok(unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(conference_id))
        .filter(unit_meeting::Column::Status.ne(MeetingStatus::Cancelled))
        .order_by_asc(unit_meeting::Column::StartsAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| {
            let name = units
                .iter()
                .find(|u| u.id == m.unit_id)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            (m, name)
        })
        .collect())
}

/// Units whose pages `me` manages: (conference slug, unit id, "unit – conference").
pub async fn my_units(db: &Db, me: Option<&Me>) -> Result<Vec<(String, Uuid, String)>, Fail> {
    let Some(m) = me else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for g in m.actor.grants.iter().filter(|g| g.unit.is_some()) {
        let Some(uid) = g.unit else { continue };
        let Some(u) = unit::Entity::find_by_id(uid.0).one(&db.conn).await? else {
            continue;
        };
        let Some(c) = conference::Entity::find_by_id(u.conference_id)
            .one(&db.conn)
            .await?
        else {
            continue;
        };
        let scope = ConferenceScope {
            body: c.body_id.into(),
            conference: c.id.into(),
        };
        if allow(me, Action::ManageUnit(scope, uid)).is_ok() {
            out.push((c.slug, u.id, format!("{} – {}", u.name, c.title)));
        }
    }
    Ok(out)
}

/// The record of one meeting: its report, the proposals raised there, its ata and photos.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRecord {
    pub slug: String,
    pub conference_title: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub meeting: MeetingView,
    pub proposals: Vec<crate::mobilization::proposals::View>,
    pub media: Vec<crate::mobilization::unit_media::Item>,
    /// The conference's eixos: (id, "Eixo 1: …").
    pub eixos: Vec<(String, String)>,
    /// The attendance list (personal data: only for `Action::ManageUnitPeople`).
    pub attendance: Option<crate::mobilization::attendance::ListBlock>,
    /// The unit's territorial delegates, when the conference elects them at the pre-conferences.
    pub delegates: Option<crate::mobilization::territorial::UnitBlock>,
}

pub async fn meeting_record(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
) -> Result<MeetingRecord, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageUnit(scope, unit_id.into()))?;
    let u = unit_in(db, &c, unit_id).await?;
    let m = crate::mobilization::proposals::held_meeting(&db.conn, &c, unit_id, meeting_id).await?;
    let eixos = eixos_of(&db.conn, c.id)
        .await?
        .iter()
        .map(|e| (e.id.to_string(), eixo_label(e)))
        .collect();
    let people = allow(me, Action::ManageUnitPeople(scope, unit_id.into())).is_ok();
    let attendance = if people {
        Some(crate::mobilization::attendance::block(&db.conn, &m).await?)
    } else {
        None
    };
    let delegates = if people {
        crate::mobilization::territorial::unit_block(&db.conn, c.id, u.id).await?
    } else {
        None
    };
    let listed = crate::mobilization::attendance::listed_counts(&db.conn, c.id).await?;
    Ok(MeetingRecord {
        attendance,
        delegates,
        meeting: view(&m, &u.name, tz_of(&c), listed.get(&m.id)),
        proposals: crate::mobilization::proposals::of_meeting(&db.conn, m.id).await?,
        media: crate::mobilization::unit_media::items(
            &db.conn,
            &c,
            Some(u.id),
            Some(m.id),
            crate::mobilization::unit_media::Audience::Staff,
        )
        .await?,
        eixos,
        slug: c.slug,
        conference_title: c.title,
        unit_id: u.id,
        unit_name: u.name,
    })
}
