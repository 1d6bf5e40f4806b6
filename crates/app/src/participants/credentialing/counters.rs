//! Live counters of the people in the room.

use super::*;

/// People in the room now, by category and segment.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counters {
    pub day: String,
    /// People in the room now (checked in today and not out).
    pub total: u64,
    /// Delegates who vote now, in the room and from a distance, each holding a seat (the
    /// quorum's count).
    pub delegates: u64,
    /// Of `delegates`, those present from a distance (online and hybrid conferences, ADR 0040).
    pub remote_delegates: u64,
    /// Delegates in the room with voice only (suplentes replacing nobody, owners whose seat a
    /// suplente holds).
    pub voice_only_delegates: u64,
    /// Checked in today and out of the room now.
    pub out_now: u64,
    pub by_category: Vec<(String, u64)>,
    /// Voting delegates present now (in the room or from a distance), by segment.
    pub by_segment: Vec<(String, u64)>,
    /// Voting seats of active registrations.
    pub registered_delegates: u64,
    pub quorum_rule: String,
    pub quorum_min: u64,
}

/// The counters for `day` (the conference zone's today when None). Public to staff only.
pub async fn counters(db: &Db, me: Option<&Me>, slug: &str) -> Result<Counters, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    Ok(counters_of(db, &c).await?)
}

pub async fn counters_of(db: &Db, c: &conference::Model) -> store::Result<Counters> {
    let room = crate::plenary::seats::room(&db.conn, c).await?;
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active))
        .all(&db.conn)
        .await?;
    let present: Vec<&registration::Model> = regs
        .iter()
        .filter(|r| room.in_room.contains(&r.id))
        .collect();
    let n =
        |f: &dyn Fn(&registration::Model) -> bool| present.iter().filter(|r| f(r)).count() as u64;
    Ok(Counters {
        day: room.day.format("%d/%m/%Y").to_string(),
        total: present.len() as u64,
        delegates: room.voting.len() as u64,
        remote_delegates: room.voting.intersection(&room.remote).count() as u64,
        voice_only_delegates: n(&|r| r.category == "delegado" && !room.voting.contains(&r.id)),
        out_now: room.out_since.len() as u64,
        by_category: Category::ALL
            .iter()
            .map(|k| (k.label().to_owned(), n(&|r| r.category == k.code())))
            .collect(),
        by_segment: Segment::ALL
            .iter()
            .map(|k| {
                (
                    k.label().to_owned(),
                    regs.iter()
                        .filter(|r| {
                            room.voting.contains(&r.id) && r.segment.as_deref() == Some(k.code())
                        })
                        .count() as u64,
                )
            })
            .collect(),
        registered_delegates: room.registered as u64,
        quorum_rule: room.rules.quorum.label(),
        quorum_min: room.quorum_min() as u64,
    })
}
