//! The final plenary over the groups' proposals (docs/domain.md §4 stage 7): the
//! proposals approved in the groups are read eixo by eixo; delegates flag destaques (amend with
//! new text, or reject); every proposal of an eixo without a destaque is approved or rejected in
//! one block vote; each destaque gets a speakers list (for and against) with a visible timer,
//! then its vote: approved applies the destaque (the proposal amended, or rejected), rejected
//! keeps the proposal as the group approved it. Votes are counted at the table or cast from
//! phones (`app::plenary::voting`, subjects `proposals_block` and `proposal_destaque`), with the same
//! quorum and attendance as every plenary vote.

use crate::Fail;
use crate::platform::auth::{Me, conference_scope, parse_id};
use crate::plenary::groups::{ProposalView, proposal_of, proposal_views};
use crate::plenary::regimento::{CountInput, VoteView, attendance, tz_of};
use chrono::Utc;
use domain::plenary::Outcome;
use domain::proposals::proposal_text;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::destaque::DestaqueStatus;
use store::entities::plenary_vote::VoteStatus;
use store::entities::proposal::ProposalStatus;
use store::entities::{conference, eixo, plenary_vote, proposal, proposal_destaque, speaker};
use uuid::Uuid;

/// Statuses of a proposal waiting for the plenary.

#[derive(Debug, Clone, Serialize)]
pub struct SpeakerView {
    pub id: String,
    pub side_label: String,
    pub name: String,
    pub speaking: bool,
    pub done: bool,
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
}

fn destaque_status(s: DestaqueStatus) -> &'static str {
    match s {
        DestaqueStatus::Approved => "aprovado",
        DestaqueStatus::Rejected => "rejeitado: a proposta fica como veio do grupo",
        DestaqueStatus::Withdrawn => "retirado sem votação",
        DestaqueStatus::Open => "aguardando falas e votação",
    }
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
        slug: c.slug,
        title: c.title,
    })
}

/// Where a proposal stands once it came from the groups to the plenary (pending or decided).
const PLENARY_STATUSES: &[ProposalStatus] = &[
    ProposalStatus::GroupApproved,
    ProposalStatus::GroupMinority,
    ProposalStatus::Approved,
    ProposalStatus::Amended,
    ProposalStatus::Rejected,
];

/// The plenary's list: proposals that came from the groups (pending or decided), eixo by eixo.
async fn eixo_items(db: &Db, c: &conference::Model) -> Result<Vec<EixoItems>, Fail> {
    let tz = tz_of(c);
    let (eixos, ps) = super::eixos_and_proposals(&db.conn, c.id, PLENARY_STATUSES).await?;
    let views = proposal_views(&db.conn, &ps).await?;
    let ds = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .order_by_asc(proposal_destaque::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let sp = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.is_in(ds.iter().map(|d| d.id).collect::<Vec<_>>()))
        .order_by_asc(speaker::Column::Position)
        .all(&db.conn)
        .await?;
    let votes = plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::Status.eq(VoteStatus::Closed))
        .filter(plenary_vote::Column::Subject.is_in(["proposals_block", "proposal_destaque"]))
        .all(&db.conn)
        .await?;
    let view_of = |id: Option<Uuid>| {
        id.and_then(|id| votes.iter().find(|v| v.id == id))
            .map(|v| crate::plenary::regimento::vote_view(v, tz))
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
                pending: ProposalStatus::PENDING.contains(&p.status),
                has_open_destaque: mine.iter().any(|d| d.status == DestaqueStatus::Open),
                destaques: mine
                    .iter()
                    .map(|d| PDestaqueView {
                        id: d.id.to_string(),
                        kind_label: if d.kind == "reject" {
                            "rejeitar a proposta".into()
                        } else {
                            "nova redação".into()
                        },
                        proposed_text: d.proposed_text.clone(),
                        raised_by: d.raised_by.clone(),
                        status_label: destaque_status(d.status).into(),
                        open: d.status == DestaqueStatus::Open,
                        vote: view_of(d.vote_id),
                        speakers: sp
                            .iter()
                            .filter(|s| s.destaque_id == d.id)
                            .map(|s| SpeakerView {
                                id: s.id.to_string(),
                                side_label: if s.side == "for" { "a favor" } else { "contra" }
                                    .into(),
                                name: s.name.clone(),
                                speaking: s.started_at.is_some() && s.ended_at.is_none(),
                                done: s.ended_at.is_some(),
                            })
                            .collect(),
                    })
                    .collect(),
            });
        }
        let in_block = block_members(&ps, &ds, e.id).len();
        let block_vote = votes
            .iter()
            .filter(|v| v.subject == "proposals_block" && v.subject_id == Some(e.id))
            .max_by_key(|v| v.recorded_at)
            .map(|v| crate::plenary::regimento::vote_view(v, tz));
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

/// Pending proposals of an eixo without a destaque (other than withdrawn ones).
fn block_members(ps: &[proposal::Model], ds: &[proposal_destaque::Model], eixo: Uuid) -> Vec<Uuid> {
    ps.iter()
        .filter(|p| p.eixo_id == eixo && ProposalStatus::PENDING.contains(&p.status))
        .filter(|p| {
            !ds.iter()
                .any(|d| d.proposal_id == p.id && d.status != DestaqueStatus::Withdrawn)
        })
        .map(|p| p.id)
        .collect()
}

async fn block_of(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    eixo: Uuid,
) -> store::Result<Vec<Uuid>> {
    let ps = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::EixoId.eq(eixo))
        .all(tx)
        .await?;
    let ds = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?;
    Ok(block_members(&ps, &ds, eixo))
}

/// A destaque on a proposal as typed at the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DestaqueInput {
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub proposed_text: String,
    #[serde(default)]
    pub raised_by: String,
}

pub async fn add_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DestaqueInput,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let (raised_by, recorded_by) = super::by_hand(me, &i.raised_by);
    record_destaque(db, &c, i, raised_by, recorded_by).await
}

/// Checks and stores a destaque on a pending proposal (from the table or a delegate's phone).
pub(crate) async fn record_destaque(
    db: &Db,
    c: &conference::Model,
    i: &DestaqueInput,
    raised_by: Option<String>,
    recorded_by: Option<Uuid>,
) -> Result<(), Fail> {
    let mut inv = Invalid::default();
    let kind = match i.kind.trim() {
        "amend" => Some("amend"),
        "reject" => Some("reject"),
        _ => {
            inv.push(FieldError::new(
                "kind",
                "Escolha o que o destaque pede: nova redação ou rejeitar a proposta",
            ));
            None
        }
    };
    let text = if kind == Some("amend") {
        inv.take(proposal_text(&i.proposed_text).map_err(|e| {
            FieldError::new(
                "proposed_text",
                e.message
                    .replace("texto da proposta", "nova redação proposta"),
            )
        }))
    } else {
        None
    };
    if raised_by.as_ref().is_some_and(|r| r.chars().count() > 120) {
        inv.push(FieldError::new(
            "raised_by",
            "Quem pediu o destaque: até 120 caracteres",
        ));
    }
    let pid = Uuid::parse_str(i.proposal.trim()).ok();
    if pid.is_none() {
        inv.push(FieldError::new(
            "proposal",
            "Escolha a proposta que recebeu o destaque",
        ));
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let p = proposal_of(&tx, c, pid.expect("checked")).await?;
    if !ProposalStatus::PENDING.contains(&p.status) {
        return Err(Invalid::one("proposal", "Esta proposta já foi votada na plenária").into());
    }
    let open = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ProposalId.eq(p.id))
        .filter(proposal_destaque::Column::Status.eq(DestaqueStatus::Open))
        .one(&tx)
        .await?;
    if open.is_some() {
        return Err(Invalid::one(
            "proposal",
            "Esta proposta já tem um destaque aguardando votação: as falas e a votação dele decidem",
        )
        .into());
    }
    proposal_destaque::Entity::insert(proposal_destaque::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        proposal_id: Set(p.id),
        kind: Set(kind.expect("checked").into()),
        proposed_text: Set(text),
        raised_by: Set(raised_by),
        recorded_by: Set(recorded_by),
        status: Set(DestaqueStatus::Open),
        vote_id: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

pub(crate) async fn open_destaque(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<proposal_destaque::Model, Fail> {
    let d = proposal_destaque::Entity::find_by_id(id)
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .one(tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if d.status != DestaqueStatus::Open {
        return Err(Invalid::one("form", "Este destaque já foi votado ou retirado").into());
    }
    Ok(d)
}

pub async fn withdraw_destaque(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tx = db.write().await?;
    let d = open_destaque(&tx, &c, parse_id(id)?).await?;
    let mut am = d.into_active_model();
    am.status = Set(DestaqueStatus::Withdrawn);
    am.update(&tx).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

/// Adds a speaker (for or against) to an open destaque's list.
pub async fn add_speaker(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    side: &str,
    name: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let mut inv = Invalid::default();
    let side = match side.trim() {
        "for" | "against" => Some(side.trim().to_owned()),
        _ => {
            inv.push(FieldError::new(
                "side",
                "Escolha se a fala é a favor ou contra o destaque",
            ));
            None
        }
    };
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > 120 {
        inv.push(FieldError::new(
            "name",
            "Escreva o nome de quem vai falar (até 120 caracteres)",
        ));
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let d = open_destaque(&tx, &c, parse_id(id)?).await?;
    let last = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.eq(d.id))
        .order_by_desc(speaker::Column::Position)
        .one(&tx)
        .await?
        .map(|s| s.position)
        .unwrap_or(0);
    speaker::Entity::insert(speaker::ActiveModel {
        id: Set(Uuid::now_v7()),
        destaque_id: Set(d.id),
        side: Set(side.expect("checked")),
        name: Set(name),
        position: Set(last + 1),
        started_at: Set(None),
        ended_at: Set(None),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

/// Gives the floor to a speaker (the timer starts; whoever was speaking stops), or ends the
/// speech.
pub async fn speech(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    start: bool,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tx = db.write().await?;
    let s = speaker::Entity::find_by_id(parse_id(id)?)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let d = open_destaque(&tx, &c, s.destaque_id).await?;
    let now = Utc::now();
    if start {
        stop_speaking(&tx, &c).await?;
        let mut am = s.into_active_model();
        am.started_at = Set(Some(now));
        am.ended_at = Set(None);
        am.update(&tx).await?;
    } else if s.started_at.is_some() && s.ended_at.is_none() {
        let mut am = s.into_active_model();
        am.ended_at = Set(Some(now));
        am.update(&tx).await?;
    }
    let _ = d;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

async fn stop_speaking(tx: &DatabaseTransaction, c: &conference::Model) -> store::Result<()> {
    let ds: Vec<Uuid> = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    speaker::Entity::update_many()
        .col_expr(speaker::Column::EndedAt, Some(Utc::now()).into())
        .filter(speaker::Column::DestaqueId.is_in(ds))
        .filter(speaker::Column::StartedAt.is_not_null())
        .filter(speaker::Column::EndedAt.is_null())
        .exec(tx)
        .await?;
    Ok(())
}

/// Who is speaking now in the conference, for the telão's timer: (name, side label, started).
pub(crate) async fn speaking_now(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<(String, String, chrono::DateTime<Utc>, String)>> {
    let ds = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .filter(proposal_destaque::Column::Status.eq(DestaqueStatus::Open))
        .all(db)
        .await?;
    let s = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.is_in(ds.iter().map(|d| d.id).collect::<Vec<_>>()))
        .filter(speaker::Column::StartedAt.is_not_null())
        .filter(speaker::Column::EndedAt.is_null())
        .one(db)
        .await?;
    Ok(match s {
        Some(s) => {
            let what = match ds.iter().find(|d| d.id == s.destaque_id) {
                Some(d) => destaque_subject(db, d).await?,
                None => String::new(),
            };
            Some((
                s.name,
                if s.side == "for" {
                    "a favor do destaque"
                } else {
                    "contra o destaque"
                }
                .into(),
                s.started_at.unwrap_or_else(Utc::now),
                what,
            ))
        }
        None => None,
    })
}

async fn destaque_subject(
    db: &impl ConnectionTrait,
    d: &proposal_destaque::Model,
) -> store::Result<String> {
    let p = proposal::Entity::find_by_id(d.proposal_id).one(db).await?;
    let e = match &p {
        Some(p) => eixo::Entity::find_by_id(p.eixo_id).one(db).await?,
        None => None,
    };
    Ok(format!(
        "Destaque ({}) à proposta do eixo {}: {}",
        if d.kind == "reject" {
            "rejeitar"
        } else {
            "nova redação"
        },
        e.map(|e| e.number).unwrap_or(0),
        p.map(|p| short(&p.text)).unwrap_or_default()
    ))
}

fn short(t: &str) -> String {
    let s: String = t.chars().take(90).collect();
    if s.chars().count() < t.chars().count() {
        format!("{s}…")
    } else {
        s
    }
}

/// What a final-plenary vote was about, in words.
pub(crate) async fn subject(
    db: &impl ConnectionTrait,
    v: &plenary_vote::Model,
) -> store::Result<String> {
    Ok(match (v.subject.as_str(), v.subject_id) {
        ("proposals_block", Some(id)) => match eixo::Entity::find_by_id(id).one(db).await? {
            Some(e) => format!("Propostas do eixo {} em bloco (sem destaque)", e.number),
            None => "Propostas em bloco".into(),
        },
        ("proposal_destaque", Some(id)) => {
            match proposal_destaque::Entity::find_by_id(id).one(db).await? {
                Some(d) => destaque_subject(db, &d).await?,
                None => "Destaque a uma proposta".into(),
            }
        }
        _ => String::new(),
    })
}

/// The texts at stake in a destaque (proposal's text, the destaque's), for the phone.
pub(crate) async fn destaque_texts(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> store::Result<(Option<String>, Option<String>)> {
    let Some(d) = proposal_destaque::Entity::find_by_id(id).one(db).await? else {
        return Ok((None, None));
    };
    let p = proposal::Entity::find_by_id(d.proposal_id).one(db).await?;
    Ok((
        p.map(|p| p.text),
        if d.kind == "reject" {
            Some("(rejeitar a proposta)".into())
        } else {
            d.proposed_text
        },
    ))
}

/// Checks that an item can be put to a vote now (inside the vote's transaction).
pub(crate) async fn check_block(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    eixo: Uuid,
) -> Result<(), Fail> {
    if eixo::Entity::find_by_id(eixo)
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .one(tx)
        .await?
        .is_none()
    {
        return Err(Fail::NotFound);
    }
    if block_of(tx, c, eixo).await?.is_empty() {
        return Err(Invalid::one(
            "form",
            "Não há propostas sem destaque para votar em bloco neste eixo",
        )
        .into());
    }
    Ok(())
}

/// Applies a closed vote to its proposals.
pub(crate) async fn settle(
    tx: &DatabaseTransaction,
    c: &conference::Model,
    v: &plenary_vote::Model,
) -> Result<Outcome, Fail> {
    let outcome = if v.outcome == "approved" {
        Outcome::Approved
    } else {
        Outcome::Rejected
    };
    let now = Utc::now();
    match (v.subject.as_str(), v.subject_id) {
        ("proposals_block", Some(eixo)) => {
            let ids = block_of(tx, c, eixo).await?;
            proposal::Entity::update_many()
                .col_expr(
                    proposal::Column::Status,
                    if outcome == Outcome::Approved {
                        ProposalStatus::Approved
                    } else {
                        ProposalStatus::Rejected
                    }
                    .into(),
                )
                .col_expr(proposal::Column::PlenaryVoteId, Some(v.id).into())
                .col_expr(proposal::Column::UpdatedAt, now.into())
                .filter(proposal::Column::Id.is_in(ids))
                .exec(tx)
                .await?;
        }
        ("proposal_destaque", Some(id)) => {
            let d = open_destaque(tx, c, id).await?;
            let p = proposal_of(tx, c, d.proposal_id).await?;
            let (status, text) = match (outcome, d.kind.as_str()) {
                (Outcome::Approved, "amend") => (ProposalStatus::Amended, d.proposed_text.clone()),
                (Outcome::Approved, _) => (ProposalStatus::Rejected, None),
                (Outcome::Rejected, _) => (ProposalStatus::Approved, None),
            };
            let mut pa = p.into_active_model();
            pa.status = Set(status);
            pa.final_text = Set(text);
            pa.plenary_vote_id = Set(Some(v.id));
            pa.updated_at = Set(now);
            pa.update(tx).await?;
            let mut da = d.into_active_model();
            da.status = Set(outcome.into());
            da.vote_id = Set(Some(v.id));
            da.update(tx).await?;
            stop_speaking(tx, c).await?;
        }
        _ => {}
    }
    Ok(outcome)
}

/// The block vote of an eixo's proposals without destaque, counted at the table.
pub async fn vote_block(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    eixo: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let eixo = parse_id(eixo)?;
    let tx = db.write().await?;
    check_block(&tx, &c, eixo).await?;
    let v =
        crate::plenary::regimento::record_vote(&tx, me, &c, "proposals_block", Some(eixo), counts)
            .await?;
    let o = settle(&tx, &c, &v).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(o)
}

/// The vote of a destaque on a proposal, counted at the table.
pub async fn vote_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let id = parse_id(id)?;
    let tx = db.write().await?;
    open_destaque(&tx, &c, id).await?;
    let v =
        crate::plenary::regimento::record_vote(&tx, me, &c, "proposal_destaque", Some(id), counts)
            .await?;
    let o = settle(&tx, &c, &v).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(o)
}

/// The votes' subjects the minutes print in the final plenary's eixo sections (not in the list
/// of the regimento's and other votes).
pub(crate) const MINUTES_SUBJECTS: [&str; 2] = ["proposals_block", "proposal_destaque"];

/// The final plenary in the minutes (ata), one section per eixo that reached the plenary: the
/// eixo's heading, its block vote(s), each destaque (the proposal, what it asked, who asked,
/// who spoke, its vote or what became of it), then the eixo's deliberations and the proposals
/// rejected. Empty when no proposal reached the plenary.
pub(crate) async fn minutes_section(
    db: &Db,
    c: &conference::Model,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let tz = tz_of(c);
    let (eixos, ps) = super::eixos_and_proposals(&db.conn, c.id, PLENARY_STATUSES).await?;
    let votes = plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::Status.eq(VoteStatus::Closed))
        .filter(plenary_vote::Column::Subject.is_in(MINUTES_SUBJECTS))
        .order_by_asc(plenary_vote::Column::RecordedAt)
        .all(&db.conn)
        .await?;
    if ps.is_empty() && votes.is_empty() {
        return Ok(Vec::new());
    }
    let views = proposal_views(&db.conn, &ps).await?;
    let ds = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .order_by_asc(proposal_destaque::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let sp = speaker::Entity::find()
        .filter(speaker::Column::DestaqueId.is_in(ds.iter().map(|d| d.id).collect::<Vec<_>>()))
        .order_by_asc(speaker::Column::Position)
        .all(&db.conn)
        .await?;
    let mut lines: Vec<(String, f32, bool)> =
        vec![("Plenária final: propostas por eixo".to_owned(), 11.0, true)];
    for e in &eixos {
        let mine: Vec<(&proposal::Model, &ProposalView)> = ps
            .iter()
            .zip(views.iter())
            .filter(|(p, _)| p.eixo_id == e.id)
            .collect();
        let blocks: Vec<&plenary_vote::Model> = votes
            .iter()
            .filter(|v| v.subject == "proposals_block" && v.subject_id == Some(e.id))
            .collect();
        if mine.is_empty() && blocks.is_empty() {
            continue;
        }
        lines.push((String::new(), 4.0, false));
        lines.push((format!("Eixo {}: {}", e.number, e.title), 11.0, true));
        // The block vote of the proposals without destaque.
        if blocks.is_empty() {
            lines.push((
                "Votação em bloco das propostas sem destaque: ainda não realizada.".to_owned(),
                9.0,
                false,
            ));
        }
        for v in &blocks {
            let members = ps
                .iter()
                .filter(|p| p.plenary_vote_id == Some(v.id))
                .count();
            let heading = format!(
                "Votação em bloco das propostas sem destaque ({members} proposta(s)) — {}",
                crate::plenary::regimento::vote_view(v, tz).at
            );
            lines.extend(crate::plenary::regimento::vote_minutes(db, v, tz, heading).await?);
        }
        // The destaques, in the order they were asked.
        let eixo_ds: Vec<&proposal_destaque::Model> = ds
            .iter()
            .filter(|d| mine.iter().any(|(p, _)| p.id == d.proposal_id))
            .collect();
        if eixo_ds.is_empty() {
            lines.push(("Nenhum destaque neste eixo.".to_owned(), 9.0, false));
        }
        for (n, d) in eixo_ds.iter().enumerate() {
            let text = mine
                .iter()
                .find(|(p, _)| p.id == d.proposal_id)
                .map(|(p, _)| p.text.clone())
                .unwrap_or_default();
            lines.push((
                format!(
                    "Destaque {} ({}): {}",
                    n + 1,
                    if d.kind == "reject" {
                        "rejeitar a proposta"
                    } else {
                        "nova redação"
                    },
                    text
                ),
                10.0,
                true,
            ));
            if let Some(t) = &d.proposed_text {
                lines.push((format!("Nova redação proposta: {t}"), 9.0, false));
            }
            if let Some(who) = &d.raised_by {
                lines.push((format!("Pedido por: {who}"), 9.0, false));
            }
            let speakers: Vec<String> = sp
                .iter()
                .filter(|s| s.destaque_id == d.id && s.started_at.is_some())
                .map(|s| {
                    format!(
                        "{} ({})",
                        s.name,
                        if s.side == "for" { "a favor" } else { "contra" }
                    )
                })
                .collect();
            if !speakers.is_empty() {
                lines.push((format!("Falas: {}.", speakers.join("; ")), 9.0, false));
            }
            match d.vote_id.and_then(|id| votes.iter().find(|v| v.id == id)) {
                Some(v) => {
                    let heading = format!(
                        "Votação do destaque {} — {}",
                        n + 1,
                        crate::plenary::regimento::vote_view(v, tz).at
                    );
                    lines
                        .extend(crate::plenary::regimento::vote_minutes(db, v, tz, heading).await?);
                }
                None => lines.push((
                    format!("Situação: {}.", destaque_status(d.status)),
                    9.0,
                    false,
                )),
            }
        }
        // What the eixo deliberated.
        lines.push((format!("Deliberações do eixo {}", e.number), 10.0, true));
        let approved: Vec<String> = mine
            .iter()
            .filter(|(p, _)| ProposalStatus::ADOPTED.contains(&p.status))
            .map(|(p, v)| {
                format!(
                    "{} ({}{}): {}",
                    v.level_label,
                    v.kind_label,
                    if p.final_text.is_some() {
                        "; redação alterada na plenária"
                    } else {
                        ""
                    },
                    p.final_text.as_deref().unwrap_or(&p.text)
                )
            })
            .collect();
        if approved.is_empty() {
            lines.push((
                "Nenhuma deliberação aprovada neste eixo.".to_owned(),
                9.0,
                false,
            ));
        }
        for (i, t) in approved.iter().enumerate() {
            lines.push((format!("{}. {t}", i + 1), 9.0, false));
        }
        let rejected: Vec<&str> = mine
            .iter()
            .filter(|(p, _)| p.status == ProposalStatus::Rejected)
            .map(|(p, _)| p.text.as_str())
            .collect();
        if !rejected.is_empty() {
            lines.push((
                format!("Propostas rejeitadas: {}.", rejected.join("; ")),
                9.0,
                false,
            ));
        }
        let waiting = mine
            .iter()
            .filter(|(p, _)| ProposalStatus::PENDING.contains(&p.status))
            .count();
        if waiting > 0 {
            lines.push((
                format!("{waiting} proposta(s) ainda sem votação na plenária."),
                9.0,
                false,
            ));
        }
    }
    Ok(lines)
}

/// A deliberation as published.
#[derive(Debug, Clone, Serialize)]
pub struct Deliberation {
    pub text: String,
    pub amended: bool,
    pub level_label: String,
    pub kind_label: String,
    pub origins: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EixoDeliberations {
    pub number: i32,
    pub title: String,
    /// (level label, deliberations).
    pub levels: Vec<(String, Vec<Deliberation>)>,
}

/// The approved deliberations of a conference, by eixo and level, with their origins (public).
pub async fn deliberations(db: &Db, slug: &str) -> Result<(String, Vec<EixoDeliberations>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let (eixos, ps) = super::eixos_and_proposals(&db.conn, c.id, &ProposalStatus::ADOPTED).await?;
    let views = proposal_views(&db.conn, &ps).await?;
    let mut out = Vec::new();
    for e in eixos {
        let mut levels = Vec::new();
        for l in domain::proposals::AddressedLevel::ALL {
            let ds: Vec<Deliberation> = ps
                .iter()
                .zip(views.iter())
                .filter(|(p, _)| p.eixo_id == e.id && p.level == l.code())
                .map(|(p, v)| Deliberation {
                    text: p.final_text.clone().unwrap_or_else(|| p.text.clone()),
                    amended: p.final_text.is_some(),
                    level_label: v.level_label.clone(),
                    kind_label: v.kind_label.clone(),
                    origins: v.origins.clone(),
                })
                .collect();
            if !ds.is_empty() {
                levels.push((l.label().to_owned(), ds));
            }
        }
        out.push(EixoDeliberations {
            number: e.number,
            title: e.title,
            levels,
        });
    }
    Ok((c.title, out))
}

/// Pending proposals without an open destaque whose eixo's block is not voted: what a phone may
/// still flag. (id, "Eixo N, proposta M", text).
pub(crate) async fn open_to_destaque(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(String, String, String)>> {
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .order_by_asc(eixo::Column::Number)
        .all(&db.conn)
        .await?;
    let ps = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::Status.is_in(ProposalStatus::PENDING))
        .order_by_asc(proposal::Column::GroupId)
        .order_by_asc(proposal::Column::Position)
        .all(&db.conn)
        .await?;
    let open: Vec<Uuid> = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .filter(proposal_destaque::Column::Status.eq(DestaqueStatus::Open))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|d| d.proposal_id)
        .collect();
    let mut out = Vec::new();
    for e in &eixos {
        for (n, p) in ps.iter().filter(|p| p.eixo_id == e.id).enumerate() {
            if !open.contains(&p.id) {
                out.push((
                    p.id.to_string(),
                    format!("Eixo {}, proposta {}", e.number, n + 1),
                    p.text.clone(),
                ));
            }
        }
    }
    Ok(out)
}
