//! The consultation on the proposals ("aprovar as principais ações", issue 23): where the
//! regimento provides it (`plenary_rules.consultation`), the organizing commission opens a stage
//! in which anyone with an account says of each proposal of the working groups "Aprovo", "Não
//! aprovo" or "Abstenção". It is consultative: one vote per account and proposal (voting again
//! changes it), counted beside the proposal in its working group, on the final plenary's console
//! and in the final report; the decision stays with the groups and the plenary.
//!
//! Who chose what is read only by the voter (their own choice on the page); every other output is
//! a count.

use super::may_moderate;
use crate::Fail;
use crate::mobilization::shared::eixos_of;
use crate::platform::auth::{Me, authorize, conference_scope, parse_id};
use chrono::Utc;
use domain::Invalid;
use domain::policy::Action;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::Db;
use store::entities::proposal::ProposalStatus;
use store::entities::{conference, consultation, consultation_vote, proposal, working_group};
use uuid::Uuid;

/// Proposals per page of the consultation.
pub const PAGE: usize = 20;

/// One person's answer on one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Favor,
    Against,
    Abstain,
}

impl Choice {
    pub const ALL: [Choice; 3] = [Choice::Favor, Choice::Against, Choice::Abstain];

    /// As stored.
    pub fn code(self) -> &'static str {
        match self {
            Choice::Favor => "favor",
            Choice::Against => "against",
            Choice::Abstain => "abstain",
        }
    }

    /// As the buttons send it.
    pub fn form_value(self) -> &'static str {
        match self {
            Choice::Favor => "aprovo",
            Choice::Against => "nao-aprovo",
            Choice::Abstain => "abstencao",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Choice::Favor => "Aprovo",
            Choice::Against => "Não aprovo",
            Choice::Abstain => "Abstenção",
        }
    }

    pub fn from_code(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn from_form(s: &str) -> Option<Choice> {
        Choice::ALL.into_iter().find(|c| c.form_value() == s.trim())
    }
}

/// The counts of one proposal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub favor: u32,
    pub against: u32,
    pub abstain: u32,
}

impl Tally {
    pub fn total(&self) -> u32 {
        self.favor + self.against + self.abstain
    }

    fn add(&mut self, c: Choice, n: u32) {
        match c {
            Choice::Favor => self.favor += n,
            Choice::Against => self.against += n,
            Choice::Abstain => self.abstain += n,
        }
    }

    /// "12 aprovam, 3 não aprovam, 1 abstenção".
    pub fn sentence(&self) -> String {
        if self.total() == 0 {
            return "nenhum voto".into();
        }
        format!(
            "{} {}, {} não {}, {} {}",
            self.favor,
            if self.favor == 1 { "aprova" } else { "aprovam" },
            self.against,
            if self.against == 1 {
                "aprova"
            } else {
                "aprovam"
            },
            self.abstain,
            if self.abstain == 1 {
                "abstenção"
            } else {
                "abstenções"
            }
        )
    }
}

/// The counts of proposals `ids` (those without a vote are absent).
pub(crate) async fn tallies(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> store::Result<HashMap<Uuid, Tally>> {
    let mut out: HashMap<Uuid, Tally> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(Uuid, String, i64)> = consultation_vote::Entity::find()
            .select_only()
            .column(consultation_vote::Column::ProposalId)
            .column(consultation_vote::Column::Choice)
            .column_as(Expr::col(consultation_vote::Column::AccountId).count(), "n")
            .filter(consultation_vote::Column::ProposalId.is_in(chunk.to_vec()))
            .group_by(consultation_vote::Column::ProposalId)
            .group_by(consultation_vote::Column::Choice)
            .into_tuple()
            .all(db)
            .await?;
        for (p, choice, n) in rows {
            if let Some(c) = Choice::from_code(&choice) {
                out.entry(p)
                    .or_default()
                    .add(c, u32::try_from(n).unwrap_or(0));
            }
        }
    }
    Ok(out)
}

/// How many accounts voted on at least one proposal of conference `conference_id`.
async fn participants(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<u32> {
    let ids: Vec<Uuid> = consultation_vote::Entity::find()
        .select_only()
        .column(consultation_vote::Column::AccountId)
        .distinct()
        .filter(consultation_vote::Column::ConferenceId.eq(conference_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.len() as u32)
}

/// Whether the consultation was ever opened in conference `conference_id` (its row), and the row.
pub(crate) async fn state_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<consultation::Model>> {
    Ok(consultation::Entity::find_by_id(conference_id)
        .one(db)
        .await?)
}

/// "Consulta on-line: 12 aprovam, …" for every proposal of `ps`, when their conference has held a
/// consultation (empty otherwise), for the groups, the plenary's console and the phones.
pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    ps: &[proposal::Model],
) -> store::Result<HashMap<Uuid, String>> {
    let Some(first) = ps.first() else {
        return Ok(HashMap::new());
    };
    let Some(state) = state_of(db, first.conference_id).await? else {
        return Ok(HashMap::new());
    };
    let ids: Vec<Uuid> = ps.iter().map(|p| p.id).collect();
    let t = tallies(db, &ids).await?;
    let partial = if state.open {
        " (parcial: a consulta está aberta)"
    } else {
        ""
    };
    Ok(ids
        .into_iter()
        .map(|id| {
            let s = t.get(&id).copied().unwrap_or_default().sentence();
            (id, format!("Consulta on-line: {s}{partial}"))
        })
        .collect())
}

/// The proposals the consultation covers: those in a working group, not merged into another, in
/// the order of their eixo, group and place in the group.
async fn consulted(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<(proposal::Model, String)>> {
    let eixos: HashMap<Uuid, i32> = eixos_of(db, c.id)
        .await?
        .into_iter()
        .map(|e| (e.id, e.number))
        .collect();
    let groups: HashMap<Uuid, String> = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let mut ps: Vec<(proposal::Model, String)> = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::GroupId.is_not_null())
        .filter(proposal::Column::Status.ne(ProposalStatus::Merged))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| {
            let g = groups.get(&p.group_id?)?.clone();
            Some((p, g))
        })
        .collect();
    ps.sort_by(|(a, ga), (b, gb)| {
        let ea = eixos.get(&a.eixo_id).copied().unwrap_or(i32::MAX);
        let eb = eixos.get(&b.eixo_id).copied().unwrap_or(i32::MAX);
        (ea, ga, a.position, a.created_at).cmp(&(eb, gb, b.position, b.created_at))
    });
    Ok(ps)
}

/// Whether a proposal still takes consultation votes: not yet rejected by its group nor decided
/// by the plenary.
fn in_play(p: &proposal::Model) -> bool {
    matches!(
        p.status,
        ProposalStatus::Draft | ProposalStatus::GroupApproved | ProposalStatus::GroupMinority
    )
}

/// Opens or closes the consultation (`Action::ModerateOnline`). Opening needs the regimento to
/// provide it and at least one proposal in a working group.
pub async fn set_open(db: &Db, me: Option<&Me>, slug: &str, open: bool) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ModerateOnline).await?;
    let tx = db.write().await?;
    let before = state_of(&tx, c.id).await?;
    if open {
        if !crate::plenary::seats::rules_of(&tx, c.id)
            .await?
            .consultation
        {
            return Err(Invalid::one(
                "form",
                "O regimento desta conferência não prevê a consulta on-line. Se ele prevê, marque a consulta em “Quórum e suplentes” e abra de novo.",
            )
            .into());
        }
        if !consulted(&tx, &c).await?.iter().any(|(p, _)| in_play(p)) {
            return Err(Invalid::one(
                "form",
                "Não há propostas nos grupos de trabalho para consultar: a consulta abre depois que os grupos recebem as propostas.",
            )
            .into());
        }
    }
    let now = Utc::now();
    let row = consultation::ActiveModel {
        conference_id: Set(c.id),
        open: Set(open),
        opened_at: Set(if open {
            Some(now)
        } else {
            before.as_ref().and_then(|b| b.opened_at)
        }),
        closed_at: Set(if open {
            None
        } else {
            Some(now).filter(|_| before.is_some())
        }),
        changed_by: Set(me.map(|m| m.account.id)),
    };
    if before.is_none() && !open {
        // Closing what was never opened changes nothing.
        return Ok(());
    }
    consultation::Entity::insert(row)
        .on_conflict(
            OnConflict::column(consultation::Column::ConferenceId)
                .update_columns([
                    consultation::Column::Open,
                    consultation::Column::OpenedAt,
                    consultation::Column::ClosedAt,
                    consultation::Column::ChangedBy,
                ])
                .to_owned(),
        )
        .exec(&tx)
        .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, open, "consultation opened or closed");
    Ok(())
}

/// Records (or changes) the choice of the logged-in account on proposal `id`.
pub async fn vote(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    choice: &str,
) -> Result<Choice, Fail> {
    let c = authorize(db, me, slug, Action::ParticipateOnline).await?;
    let Some(me) = me else {
        return Err(Fail::NeedsLogin);
    };
    let id = parse_id(id)?;
    let Some(choice) = Choice::from_form(choice) else {
        return Err(
            Invalid::one("escolha", "Escolha “Aprovo”, “Não aprovo” ou “Abstenção”").into(),
        );
    };
    let tx = db.write().await?;
    if !state_of(&tx, c.id).await?.is_some_and(|s| s.open) {
        return Err(Invalid::one(
            "form",
            "A consulta on-line não está aberta agora: a comissão organizadora abre e encerra a votação das propostas",
        )
        .into());
    }
    let p = proposal::Entity::find_by_id(id)
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?
        .filter(|p| p.group_id.is_some() && p.status != ProposalStatus::Merged)
        .ok_or(Fail::NotFound)?;
    if !in_play(&p) {
        return Err(Invalid::one(
            "form",
            "Esta proposta já foi decidida (no grupo de trabalho ou na plenária): não recebe mais votos da consulta",
        )
        .into());
    }
    consultation_vote::Entity::insert(consultation_vote::ActiveModel {
        proposal_id: Set(p.id),
        account_id: Set(me.account.id),
        conference_id: Set(c.id),
        choice: Set(choice.code().into()),
        voted_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            consultation_vote::Column::ProposalId,
            consultation_vote::Column::AccountId,
        ])
        .update_columns([
            consultation_vote::Column::Choice,
            consultation_vote::Column::VotedAt,
        ])
        .to_owned(),
    )
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(choice)
}

/// The page's filters (`?eixo=&pagina=`, the page from 0 here).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct PageQuery {
    pub eixo: String,
    pub pagina: usize,
}

/// One proposal on the consultation's page.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub eixo: String,
    pub group: String,
    pub text: String,
    pub level_label: &'static str,
    pub kind_label: &'static str,
    pub status_label: &'static str,
    pub in_play: bool,
    pub tally: Tally,
    /// The logged-in person's choice (its form value), if they voted.
    pub mine: Option<&'static str>,
}

/// Where the consultation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Stage {
    /// The regimento does not provide it.
    NotProvided,
    /// Provided, never opened.
    NotOpened,
    Open,
    Closed,
}

/// The consultation's page: `/c/{slug}/consulta`.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub slug: String,
    pub conference_title: String,
    pub stage: Stage,
    /// "12/05/2025 às 14:30" when it was opened, and closed.
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
    pub logged_in: bool,
    pub can_moderate: bool,
    pub eixos: Vec<(String, String)>,
    pub query: PageQuery,
    pub items: Vec<Item>,
    pub has_next: bool,
    /// Proposals with the filter.
    pub total: usize,
    /// Proposals that still take votes (all eixos).
    pub in_play: usize,
    /// Accounts that voted on at least one proposal.
    pub participants: u32,
    /// Proposals the logged-in person voted on (all eixos).
    pub mine_count: usize,
}

/// The consultation's page with the logged-in person's own choices.
pub async fn page(db: &Db, me: Option<&Me>, slug: &str, q: &PageQuery) -> Result<Page, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    let can_moderate = may_moderate(me, scope);
    let provided = crate::plenary::seats::rules_of(&db.conn, c.id)
        .await?
        .consultation;
    let state = state_of(&db.conn, c.id).await?;
    let stage = match (&state, provided) {
        (Some(s), _) if s.open => Stage::Open,
        (Some(_), _) => Stage::Closed,
        (None, true) => Stage::NotOpened,
        (None, false) => Stage::NotProvided,
    };
    let eixos = eixos_of(&db.conn, c.id).await?;
    let eixo_labels: HashMap<Uuid, String> = eixos
        .iter()
        .map(|e| (e.id, format!("Eixo {}", e.number)))
        .collect();
    let all = consulted(&db.conn, &c).await?;
    let in_play_count = all.iter().filter(|(p, _)| in_play(p)).count();
    let mine: HashMap<Uuid, Choice> = match me {
        Some(m) => consultation_vote::Entity::find()
            .filter(consultation_vote::Column::ConferenceId.eq(c.id))
            .filter(consultation_vote::Column::AccountId.eq(m.account.id))
            .all(&db.conn)
            .await?
            .into_iter()
            .filter_map(|v| Some((v.proposal_id, Choice::from_code(&v.choice)?)))
            .collect(),
        None => HashMap::new(),
    };
    let eixo_filter = Uuid::parse_str(q.eixo.trim()).ok();
    let chosen: Vec<&(proposal::Model, String)> = all
        .iter()
        .filter(|(p, _)| eixo_filter.is_none_or(|e| p.eixo_id == e))
        .collect();
    let total = chosen.len();
    let shown: Vec<&(proposal::Model, String)> = chosen
        .into_iter()
        .skip(q.pagina.saturating_mul(PAGE))
        .take(PAGE + 1)
        .collect();
    let has_next = shown.len() > PAGE;
    let shown = &shown[..shown.len().min(PAGE)];
    let ids: Vec<Uuid> = shown.iter().map(|(p, _)| p.id).collect();
    let t = tallies(&db.conn, &ids).await?;
    let when = |d: Option<chrono::DateTime<Utc>>| d.map(|d| super::listing::when(&c, d));
    Ok(Page {
        stage,
        opened_at: when(state.as_ref().and_then(|s| s.opened_at)),
        closed_at: when(state.as_ref().filter(|s| !s.open).and_then(|s| s.closed_at)),
        logged_in: me.is_some(),
        can_moderate,
        eixos: eixos
            .iter()
            .map(|e| (e.id.to_string(), crate::mobilization::shared::eixo_label(e)))
            .collect(),
        query: PageQuery {
            eixo: eixo_filter.map(|e| e.to_string()).unwrap_or_default(),
            pagina: q.pagina,
        },
        items: shown
            .iter()
            .map(|(p, g)| Item {
                id: p.id.to_string(),
                eixo: eixo_labels.get(&p.eixo_id).cloned().unwrap_or_default(),
                group: g.clone(),
                text: p.text.clone(),
                level_label: domain::proposals::AddressedLevel::label_of(&p.level),
                kind_label: domain::proposals::ProposalKind::label_of(&p.kind),
                status_label: crate::plenary::groups::status_label(p.status.code()),
                in_play: in_play(p),
                tally: t.get(&p.id).copied().unwrap_or_default(),
                mine: mine.get(&p.id).map(|c| c.form_value()),
            })
            .collect(),
        has_next,
        total,
        in_play: in_play_count,
        participants: participants(&db.conn, c.id).await?,
        mine_count: mine.len(),
        slug: c.slug,
        conference_title: c.title,
    })
}

/// The report's section: every proposal the consultation covered, with its counts and what the
/// groups and the plenary made of it; `None` when the conference never opened a consultation.
pub(crate) async fn report_section(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<domain::report::Consultation>> {
    if state_of(db, c.id).await?.is_none() {
        return Ok(None);
    }
    let eixos: HashMap<Uuid, i32> = eixos_of(db, c.id)
        .await?
        .into_iter()
        .map(|e| (e.id, e.number))
        .collect();
    let all = consulted(db, c).await?;
    let ids: Vec<Uuid> = all.iter().map(|(p, _)| p.id).collect();
    let t = tallies(db, &ids).await?;
    Ok(Some(domain::report::Consultation {
        participants: participants(db, c.id).await?,
        items: all
            .iter()
            .map(|(p, _)| {
                let k = t.get(&p.id).copied().unwrap_or_default();
                domain::report::ConsultationItem {
                    eixo: eixos
                        .get(&p.eixo_id)
                        .map(|n| format!("Eixo {n}"))
                        .unwrap_or_default(),
                    text: p.final_text.clone().unwrap_or_else(|| p.text.clone()),
                    favor: k.favor,
                    against: k.against,
                    abstain: k.abstain,
                    outcome: crate::plenary::groups::status_label(p.status.code()).into(),
                }
            })
            .collect(),
    }))
}
