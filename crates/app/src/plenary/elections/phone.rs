//! The open poll on a delegate's phone and on the room's board.

use super::*;

/// The open poll of the delegate's segment, as the phone shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PhonePoll {
    pub id: String,
    pub segment: &'static str,
    /// "2º turno", … for a later round (`None` for the first).
    pub round_label: Option<String>,
    /// (candidate id, name)
    pub candidates: Vec<(String, String)>,
    pub already_voted: bool,
}

/// The open poll of this delegate's segment, if any.
pub async fn for_phone(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
) -> store::Result<Option<PhonePoll>> {
    let Some(seg) = r.segment.as_deref().and_then(segment_of) else {
        return Ok(None);
    };
    if r.category != Category::Delegate.code() {
        return Ok(None);
    }
    let Some(p) = election_poll::Entity::find()
        .filter(election_poll::Column::ConferenceId.eq(c.id))
        .filter(election_poll::Column::Segment.eq(seg.code()))
        .filter(election_poll::Column::Status.eq(PollStatus::Open))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let already_voted = election_participation::Entity::find_by_id((p.id, r.id))
        .one(&db.conn)
        .await?
        .is_some();
    Ok(Some(PhonePoll {
        id: p.id.to_string(),
        segment: seg.label(),
        round_label: (p.round > 1).then(|| round_label(p.round)),
        candidates: candidates_of(&db.conn, c.id)
            .await?
            .into_iter()
            .filter(|(k, _)| k.segment == seg.code() && in_round(&p, k.id))
            .map(|(k, r)| (k.id.to_string(), r.display_name().to_owned()))
            .collect(),
        already_voted,
    }))
}

/// Elections on the projector: open polls (how many voted, never for whom) and the elected once
/// computed (names, segment, seat; the quota as counts).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardElection {
    /// (segment, voters, present at open)
    pub open: Vec<(String, u32, i32)>,
    pub elected: Vec<ElectedView>,
    pub quota: Option<String>,
}

/// The board's election part, `None` when the conference has no election under way.
pub async fn board(db: &Db, c: &conference::Model) -> Result<Option<BoardElection>, Fail> {
    let polls = polls_of(&db.conn, c.id).await?;
    if polls.is_empty() {
        return Ok(None);
    }
    let mut open = Vec::new();
    for p in polls.iter().filter(|p| p.status == PollStatus::Open) {
        let seg = segment_of(&p.segment).map(Segment::label).unwrap_or("");
        open.push((
            if p.round > 1 {
                format!("{seg}, {}", round_label(p.round))
            } else {
                seg.to_owned()
            },
            voters_of(&db.conn, p.id).await?,
            p.present,
        ));
    }
    let r = result_view(db, c, false).await?;
    let quota = r.computed.then(|| {
        format!(
            "{} de {} {} de grupos de cota (mínimo {})",
            r.quota_elected, r.elected_count, r.quota_basis, r.quota_minimum
        )
    });
    Ok(Some(BoardElection {
        open,
        elected: r.titulares.into_iter().chain(r.suplentes).collect(),
        quota,
    }))
}
