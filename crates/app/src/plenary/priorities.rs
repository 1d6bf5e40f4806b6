//! Priorities: where the conference caps its deliberations per eixo and level
//! (`conference.priority_cap`, e.g. 3), and an eixo and level has more approved proposals than
//! that, each delegate present chooses up to the cap among them from the phone (a new choice
//! replaces the old one), the table may add counts from paper ballots, and the ranking
//! (`domain::proposals::rank`: more votes first, a tie to the proposal read first) decides.
//! Closing stores each proposal's rank; only the ones within the cap go on.

use super::common::{commit_and_signal, refuse_unless, save_conference_setting};
use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::policy::Action;
use domain::proposals::{AddressedLevel, rank};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::proposal::ProposalStatus;
use store::entities::{conference, priority_choice, proposal};
use uuid::Uuid;

/// One eixo and level whose approved proposals exceed the cap.
#[derive(Debug, Clone, Serialize)]
pub struct Contest {
    /// `<eixo id>:<level>`.
    pub key: String,
    pub label: String,
    pub cap: u32,
    pub closed: bool,
    /// In ranking order.
    pub items: Vec<Ranked>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    pub id: String,
    pub text: String,
    pub phone: u32,
    pub paper: u32,
    pub votes: u32,
    pub rank: u32,
    pub within: bool,
    /// For a phone: this delegate chose it.
    pub mine: bool,
}

async fn contests(db: &Db, c: &conference::Model, me: Option<Uuid>) -> store::Result<Vec<Contest>> {
    let Some(cap) = c.priority_cap.map(|x| x as u32) else {
        return Ok(Vec::new());
    };
    let (eixos, ps) = super::eixos_and_proposals(&db.conn, c.id, &ProposalStatus::ADOPTED).await?;
    let choices = priority_choice::Entity::find()
        .filter(priority_choice::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let mut out = Vec::new();
    for e in &eixos {
        for l in AddressedLevel::ALL {
            let group: Vec<&proposal::Model> = ps
                .iter()
                .filter(|p| p.eixo_id == e.id && p.level == l.code())
                .collect();
            if group.len() as u32 <= cap {
                continue;
            }
            let votes = |p: &proposal::Model| {
                let phone = choices.iter().filter(|x| x.proposal_id == p.id).count() as u32;
                (phone, p.priority_paper.unwrap_or(0) as u32)
            };
            let items: Vec<(Uuid, u32)> = group
                .iter()
                .map(|p| {
                    let (a, b) = votes(p);
                    (p.id, a + b)
                })
                .collect();
            let ranked = rank(&items, Some(cap));
            out.push(Contest {
                key: format!("{}:{}", e.id, l.code()),
                label: format!("Eixo {}, nível {}", e.number, l.label()),
                cap,
                closed: group.iter().any(|p| p.priority_rank.is_some()),
                items: ranked
                    .iter()
                    .map(|(id, r, within)| {
                        let p = group
                            .iter()
                            .find(|p| p.id == *id)
                            .expect("ranked from group");
                        let (phone, paper) = votes(p);
                        Ranked {
                            id: id.to_string(),
                            text: p.final_text.clone().unwrap_or_else(|| p.text.clone()),
                            phone,
                            paper,
                            votes: phone + paper,
                            rank: *r,
                            within: *within,
                            mine: me.is_some_and(|m| {
                                choices
                                    .iter()
                                    .any(|x| x.proposal_id == p.id && x.registration_id == m)
                            }),
                        }
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub cap: Option<i32>,
    pub contests: Vec<Contest>,
}

pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    Ok(Console {
        contests: contests(db, &c, None).await?,
        cap: c.priority_cap,
        slug: c.slug,
        title: c.title,
    })
}

/// The open contests as a delegate's phone shows them.
pub async fn for_phone(db: &Db, c: &conference::Model, r: Uuid) -> store::Result<Vec<Contest>> {
    Ok(contests(db, c, Some(r))
        .await?
        .into_iter()
        .filter(|x| !x.closed)
        .collect())
}

/// Sets the cap (blank = none).
pub async fn save_cap(db: &Db, me: Option<&Me>, slug: &str, cap: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let cap = match cap.trim() {
        "" => None,
        t => match t.parse::<i32>() {
            Ok(n) if (1..=50).contains(&n) => Some(n),
            _ => {
                return Err(Invalid::one(
                    "cap",
                    "Limite de deliberações por eixo e nível: um número de 1 a 50, ou em branco para não haver",
                )
                .into());
            }
        },
    };
    save_conference_setting(db, &c, conference::Column::PriorityCap, cap).await
}

/// A delegate present chooses their priorities in one eixo and level (replacing earlier ones).
pub async fn choose(
    db: &Db,
    slug: &str,
    token: Option<&str>,
    key: &str,
    ids: &[String],
) -> Result<(), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let r = crate::participants::devices::delegate(db, &c, token)
        .await?
        .ok_or(Fail::Forbidden)?;
    let present = crate::plenary::seats::room(&db.conn, &c)
        .await?
        .voting
        .contains(&r.id);
    if !present {
        return Err(Invalid::one(
            "form",
            "Só delegados(as) credenciados(as) hoje escolhem prioridades",
        )
        .into());
    }
    let all = contests(db, &c, None).await?;
    let contest = all.iter().find(|x| x.key == key).ok_or_else(|| {
        Invalid::one("form", "Escolha de prioridades inválida: atualize a página")
    })?;
    if contest.closed {
        return Err(Invalid::one(
            "form",
            "As prioridades deste eixo e nível já foram fechadas pela mesa",
        )
        .into());
    }
    let valid: HashSet<&str> = contest.items.iter().map(|i| i.id.as_str()).collect();
    let chosen: HashSet<&str> = ids.iter().map(String::as_str).collect();
    if chosen.iter().any(|id| !valid.contains(id)) {
        return Err(
            Invalid::one("form", "Escolha de prioridades inválida: atualize a página").into(),
        );
    }
    if chosen.is_empty() || chosen.len() as u32 > contest.cap {
        return Err(Invalid(vec![FieldError::new(
            "form",
            format!(
                "Escolha de 1 a {} proposta(s) em {}",
                contest.cap, contest.label
            ),
        )])
        .into());
    }
    let in_contest: Vec<Uuid> = valid
        .iter()
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect();
    let tx = db.write().await?;
    priority_choice::Entity::delete_many()
        .filter(priority_choice::Column::RegistrationId.eq(r.id))
        .filter(priority_choice::Column::ProposalId.is_in(in_contest))
        .exec(&tx)
        .await?;
    let now = Utc::now();
    let rows: Vec<priority_choice::ActiveModel> = chosen
        .iter()
        .filter_map(|s| Uuid::parse_str(s).ok())
        .map(|p| priority_choice::ActiveModel {
            proposal_id: Set(p),
            registration_id: Set(r.id),
            conference_id: Set(c.id),
            chosen_at: Set(now),
        })
        .collect();
    priority_choice::Entity::insert_many(rows).exec(&tx).await?;
    commit_and_signal(tx, c.id).await
}

/// Paper ballots counted by the table, per proposal of one contest: `proposal id → count`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PaperInput {
    #[serde(default)]
    pub key: String,
    #[serde(flatten)]
    pub counts: HashMap<String, String>,
}

pub async fn save_paper(db: &Db, me: Option<&Me>, slug: &str, i: &PaperInput) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let contest = open_contest(db, &c, &i.key).await?;
    let mut inv = Invalid::default();
    let mut set = Vec::new();
    for item in &contest.items {
        let raw = i
            .counts
            .get(&format!("p-{}", item.id))
            .map(|s| s.trim())
            .unwrap_or("");
        let n = if raw.is_empty() {
            0
        } else {
            match raw.parse::<u32>() {
                Ok(n) if n <= 100_000 => n,
                _ => {
                    inv.push(FieldError::new(
                        format!("p-{}", item.id),
                        "Votos do papel: um número inteiro, 0 ou mais",
                    ));
                    0
                }
            }
        };
        set.push((item.id.clone(), n));
    }
    inv.into_result()?;
    let tx = db.write().await?;
    for (id, n) in set {
        set_on_proposal(&tx, &id, proposal::Column::PriorityPaper, n as i32).await?;
    }
    commit_and_signal(tx, c.id).await
}

/// Closes one contest: every proposal gets its rank; the ones beyond the cap stay approved but
/// do not go on as priorities.
pub async fn close(db: &Db, me: Option<&Me>, slug: &str, key: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let contest = open_contest(db, &c, key).await?;
    let tx = db.write().await?;
    for item in &contest.items {
        set_on_proposal(
            &tx,
            &item.id,
            proposal::Column::PriorityRank,
            item.rank as i32,
        )
        .await?;
    }
    commit_and_signal(tx, c.id).await
}

/// The contest `key` for the table, while it is not closed (`NotFound` when there is none).
async fn open_contest(db: &Db, c: &conference::Model, key: &str) -> Result<Contest, Fail> {
    let contest = contests(db, c, None)
        .await?
        .into_iter()
        .find(|x| x.key == key)
        .ok_or(Fail::NotFound)?;
    refuse_unless(!contest.closed, "Estas prioridades já foram fechadas")?;
    Ok(contest)
}

/// Stores a number in one column of a contest's proposal (`id` as the contest lists it).
async fn set_on_proposal(
    tx: &impl ConnectionTrait,
    id: &str,
    column: proposal::Column,
    value: i32,
) -> Result<(), Fail> {
    proposal::Entity::update_many()
        .col_expr(column, Some(value).into())
        .filter(proposal::Column::Id.eq(Uuid::parse_str(id).map_err(|_| Fail::NotFound)?))
        .exec(tx)
        .await?;
    Ok(())
}
