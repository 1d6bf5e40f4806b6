//! The attendance list of a unit's meeting (ADR 0027): the articulator (or the
//! commission) adds and removes people by name and segment, with an optional contact. While the
//! list has anyone on it, the meeting's numbers (total and by segment) are the list's counts;
//! otherwise the numbers reported by hand still hold (`domain::attendance::effective`). The list
//! is personal data: only `Action::ManageUnitPeople` sees it; public pages show counts.

use crate::Fail;
use crate::mobilization::proposals::held_meeting;
use crate::mobilization::shared::{delete_found, unit_people_manager, unit_row_change};
use crate::platform::auth::Me;
use chrono::Utc;
use domain::Invalid;
use domain::attendance::{self as rules, Attendee, SegmentCounts};
use domain::policy::Action;
use domain::values::Segment;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::Db;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{conference, unit_attendee, unit_meeting};
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AttendeeInput {
    pub name: String,
    pub segment: String,
    pub contact: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttendeeView {
    pub id: Uuid,
    pub name: String,
    pub segment: String,
    pub contact: Option<String>,
}

/// The list of a meeting, in the order it was typed.
pub(crate) async fn of_meeting(
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> store::Result<Vec<AttendeeView>> {
    Ok(unit_attendee::Entity::find()
        .filter(unit_attendee::Column::MeetingId.eq(meeting_id))
        .order_by_asc(unit_attendee::Column::CreatedAt)
        .order_by_asc(unit_attendee::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AttendeeView {
            id: a.id,
            segment: Segment::parse(&a.segment)
                .map(|s| s.label().to_owned())
                .unwrap_or(a.segment),
            name: a.name,
            contact: a.contact,
        })
        .collect())
}

/// The counts by segment of the lists of the conference's meetings (meetings without a list are
/// absent). One grouped query.
pub(crate) async fn listed_counts(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, SegmentCounts>> {
    let rows: Vec<(Uuid, String, i64)> = unit_attendee::Entity::find()
        .select_only()
        .column(unit_attendee::Column::MeetingId)
        .column(unit_attendee::Column::Segment)
        .column_as(unit_attendee::Column::Id.count(), "n")
        .filter(unit_attendee::Column::ConferenceId.eq(conference_id))
        .group_by(unit_attendee::Column::MeetingId)
        .group_by(unit_attendee::Column::Segment)
        .into_tuple()
        .all(db)
        .await?;
    let mut out: HashMap<Uuid, SegmentCounts> = HashMap::new();
    for (m, s, n) in rows {
        if let Ok(s) = Segment::parse(&s) {
            out.entry(m).or_default().add(s, n as i32);
        }
    }
    Ok(out)
}

/// A meeting's numbers as shown and counted: (participants, by segment), from its list when it
/// has one.
pub(crate) fn effective(
    m: &unit_meeting::Model,
    listed: Option<&SegmentCounts>,
) -> (Option<i32>, [Option<i32>; 4]) {
    rules::effective(
        m.participants,
        [m.att_government, m.att_users, m.att_workers, m.att_entities],
        listed.copied(),
    )
}

/// "Governo: 5 · Usuários(as): 30 · …" when the attendance by segment is known.
pub(crate) fn describe(segments: [Option<i32>; 4]) -> Option<String> {
    segments
        .iter()
        .any(Option::is_some)
        .then(|| SegmentCounts(segments.map(|n| n.unwrap_or(0))).describe())
}

/// The held meeting of the unit, or why `what` (people) cannot be recorded on it yet.
pub(crate) async fn held(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    unit_id: Uuid,
    meeting_id: Uuid,
    what: &str,
) -> Result<unit_meeting::Model, Fail> {
    let m = held_meeting(db, c, unit_id, meeting_id).await?;
    if m.status != MeetingStatus::Held {
        return Err(Invalid::one(
            "name",
            format!(
                "A reunião ainda não foi informada como realizada: informe a realização na página da unidade antes de registrar {what}"
            ),
        )
        .into());
    }
    Ok(m)
}

/// Adds a person to the list of a held meeting.
pub async fn add(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
    i: &AttendeeInput,
) -> Result<Uuid, Fail> {
    let c = unit_people_manager(db, me, slug, unit_id).await?;
    let a = Attendee::parse(&i.name, &i.segment, &i.contact)?;
    let tx = db.write().await?;
    let m = held(&tx, &c, unit_id, meeting_id, "a lista de presença").await?;
    let id = Uuid::now_v7();
    unit_attendee::Entity::insert(unit_attendee::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        meeting_id: Set(m.id),
        name: Set(a.name),
        segment: Set(a.segment.code().into()),
        contact: Set(a.contact),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes a person from the list of a meeting of the unit.
pub async fn remove(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
    id: &str,
) -> Result<(), Fail> {
    let (c, id, tx) = unit_row_change(db, me, slug, unit_id, id, Action::ManageUnitPeople).await?;
    let m = held_meeting(&tx, &c, unit_id, meeting_id).await?;
    delete_found(
        &tx,
        unit_attendee::Entity::delete_many()
            .filter(unit_attendee::Column::Id.eq(id))
            .filter(unit_attendee::Column::MeetingId.eq(m.id))
            .filter(unit_attendee::Column::ConferenceId.eq(c.id)),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The list block of a meeting's record page: the people and their counts.
#[derive(Debug, Clone, Serialize)]
pub struct ListBlock {
    pub people: Vec<AttendeeView>,
    /// "Governo: 1 · Usuários(as): 2 · …" (every segment), when the list has anyone.
    pub counts: Option<String>,
    /// The number reported by hand before the list, when it differs from the list's length.
    pub reported: Option<i32>,
}

pub(crate) async fn block(
    db: &impl ConnectionTrait,
    m: &unit_meeting::Model,
) -> store::Result<ListBlock> {
    let people = of_meeting(db, m.id).await?;
    let rows = unit_attendee::Entity::find()
        .select_only()
        .column(unit_attendee::Column::Segment)
        .filter(unit_attendee::Column::MeetingId.eq(m.id))
        .into_tuple::<String>()
        .all(db)
        .await?;
    let c = rules::counts(rows.iter().filter_map(|s| Segment::parse(s).ok()));
    Ok(ListBlock {
        counts: (c.total() > 0).then(|| c.describe()),
        reported: m.participants.filter(|n| c.total() > 0 && *n != c.total()),
        people,
    })
}
