//! The plenary's console: the proposals from the groups eixo by eixo, their destaques and speakers, the votes.

use super::*;
use store::entities::destaque::DestaqueStatus;
use store::entities::proposal::ProposalStatus;

#[derive(Debug, Clone, Serialize)]
pub struct SpeakerView {
    pub id: String,
    pub side_label: String,
    pub name: String,
    pub speaking: bool,
    pub done: bool,
    /// Asked from the delegate's phone (in the room or from a distance).
    pub from_phone: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PDestaqueView {
    pub id: String,
    pub kind_label: String,
    pub proposed_text: Option<String>,
    pub raised_by: Option<String>,
    pub status_label: String,
    pub open: bool,
    pub vote: Option<VoteView>,
    pub speakers: Vec<SpeakerView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub p: ProposalView,
    pub minority: bool,
    pub pending: bool,
    /// A destaque waiting for its vote.
    pub has_open_destaque: bool,
    pub destaques: Vec<PDestaqueView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EixoItems {
    pub id: String,
    pub number: i32,
    pub title: String,
    pub items: Vec<Item>,
    /// Proposals the block vote would decide now (pending, no destaque).
    pub in_block: usize,
    pub block_vote: Option<VoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub eixos: Vec<EixoItems>,
    pub present: u32,
    pub credentialed: u32,
    pub quorum_min: u32,
    pub quorum_problem: Option<String>,
    pub open_vote: Option<crate::plenary::voting::OpenVote>,
    pub speech_seconds: i32,
    /// Points of order waiting or being answered: first at the table.
    pub order_points: Vec<OrderPointView>,
}

pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let room = attendance(&db.conn, &c).await?;
    Ok(Console {
        eixos: eixo_items(db, &c).await?,
        present: room.present(),
        credentialed: room.credentialed,
        quorum_min: room.quorum_min(),
        quorum_problem: room.check_quorum().err().map(|e| e.message),
        open_vote: crate::plenary::voting::open_view(db, &c).await?,
        speech_seconds: c.speech_seconds,
        order_points: open_orders(&db.conn, &c).await?,
        slug: c.slug,
        title: c.title,
    })
}

/// The plenary's list: proposals that came from the groups (pending or decided), eixo by eixo.
async fn eixo_items(db: &Db, c: &conference::Model) -> Result<Vec<EixoItems>, Fail> {
    let tz = tz_of(c);
    let (eixos, ps) = crate::plenary::eixos_and_proposals(&db.conn, c.id, PLENARY_STATUSES).await?;
    let views = proposal_views(&db.conn, &ps).await?;
    let (ds, sp) = destaques_and_speakers(db, c).await?;
    let votes = closed_votes(db, c).await?;
    let view_of = |id: Option<Uuid>| {
        id.and_then(|id| votes.iter().find(|v| v.id == id))
            .map(|v| vote_view(v, tz))
    };
    let mut out = Vec::new();
    for e in eixos {
        let mut items = Vec::new();
        for (p, v) in ps
            .iter()
            .zip(views.iter())
            .filter(|(p, _)| p.eixo_id == e.id)
        {
            let mine: Vec<&proposal_destaque::Model> =
                ds.iter().filter(|d| d.proposal_id == p.id).collect();
            items.push(Item {
                p: v.clone(),
                minority: p.status == ProposalStatus::GroupMinority,
                pending: PENDING.contains(&p.status),
                has_open_destaque: mine.iter().any(|d| d.status == DestaqueStatus::Open),
                destaques: mine
                    .iter()
                    .map(|d| destaque_view(d, &sp, view_of(d.vote_id)))
                    .collect(),
            });
        }
        let in_block = block_members(&ps, &ds, e.id).len();
        let block_vote = votes
            .iter()
            .filter(|v| v.subject == "proposals_block" && v.subject_id == Some(e.id))
            .max_by_key(|v| v.recorded_at)
            .map(|v| vote_view(v, tz));
        out.push(EixoItems {
            id: e.id.to_string(),
            number: e.number,
            title: e.title,
            items,
            in_block,
            block_vote,
        });
    }
    Ok(out)
}

/// A destaque as the console shows it, with its speakers list and its vote.
fn destaque_view(
    d: &proposal_destaque::Model,
    speakers: &[speaker::Model],
    vote: Option<VoteView>,
) -> PDestaqueView {
    PDestaqueView {
        id: d.id.to_string(),
        kind_label: kind_label(&d.kind).into(),
        proposed_text: d.proposed_text.clone(),
        raised_by: d.raised_by.clone(),
        status_label: destaque_status(d.status.code()).into(),
        open: d.status == DestaqueStatus::Open,
        vote,
        speakers: speakers
            .iter()
            .filter(|s| s.destaque_id == d.id)
            .map(|s| SpeakerView {
                id: s.id.to_string(),
                side_label: side_label(&s.side).into(),
                name: s.name.clone(),
                speaking: s.started_at.is_some() && s.ended_at.is_none(),
                done: s.ended_at.is_some(),
                from_phone: s.registration_id.is_some(),
            })
            .collect(),
    }
}
