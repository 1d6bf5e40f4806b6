//! The plenary at the table, first part: the regimento is read; destaques raised
//! by hand are recorded by staff; each destaque gets a vote counted by raised badges (crachás);
//! the rest of the regimento is approved in one block vote; the approved text (destaques applied,
//! articles renumbered) becomes a published version. Every vote records the delegates present, the
//! credentialed total and the quorum rule; a vote below quorum cannot be recorded.
//!
//! Present = delegates in the room now holding a voting seat (`crate::plenary::seats`: a titular or the one
//! suplente in their place, never both; exits at the door count); credentialed = seats taken on
//! any day. The quorum rule is the conference's setting.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use chrono::Utc;
use domain::plenary::{DestaqueKind, Outcome, Tally, approved_text};
use domain::policy::Action;
use domain::setup::Article;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::destaque::DestaqueStatus;
use store::entities::plenary_vote::VoteStatus;
use store::entities::proposal::ProposalStatus;
use store::entities::{conference, destaque, plenary_vote, regimento_version};
use uuid::Uuid;

/// The plenary room now: who votes, the seats and the conference's quorum rule (`crate::plenary::seats`).
pub(crate) async fn attendance(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<crate::plenary::seats::Room> {
    crate::plenary::seats::room(db, c).await
}

/// A recorded vote, as shown.
#[derive(Debug, Clone, Serialize)]
pub struct VoteView {
    pub favor: i32,
    pub against: i32,
    pub abstain: i32,
    pub present: i32,
    pub credentialed: i32,
    pub outcome: String,
    pub at: String,
    pub channel: String,
}

pub(crate) fn vote_view(v: &plenary_vote::Model, tz: chrono_tz::Tz) -> VoteView {
    VoteView {
        favor: v.favor,
        against: v.against,
        abstain: v.abstain,
        present: v.present,
        credentialed: v.credentialed,
        outcome: match v.outcome.as_str() {
            "approved" => Outcome::Approved.label(),
            _ => Outcome::Rejected.label(),
        }
        .into(),
        at: v
            .recorded_at
            .with_timezone(&tz)
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        channel: channel_label(v),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DestaqueView {
    pub id: String,
    pub article_number: i32,
    pub kind_label: String,
    pub proposed_text: Option<String>,
    pub raised_by: Option<String>,
    pub status_label: String,
    pub open: bool,
    pub vote: Option<VoteView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub number: i32,
    pub chapter: Option<String>,
    pub text: String,
    pub destaques: Vec<DestaqueView>,
}

/// The approved regimento.
#[derive(Debug, Clone, Serialize)]
pub struct Approved {
    pub version: i32,
    pub approved_at: String,
    pub articles: Vec<Article>,
    pub vote: Option<VoteView>,
}

/// The operator's console for the regimento.
#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub articles: Vec<ArticleView>,
    pub present: u32,
    pub credentialed: u32,
    pub quorum_min: u32,
    /// Why no vote can be recorded now (no quorum), if so.
    pub quorum_problem: Option<String>,
    pub open_destaques: usize,
    pub approved: Option<Approved>,
    pub rule_label: String,
    /// The electronic vote open now, if any.
    pub open_vote: Option<crate::plenary::voting::OpenVote>,
}

#[derive(Serialize, Deserialize)]
struct StoredArticle {
    number: i32,
    chapter: Option<String>,
    text: String,
}

pub(crate) fn tz_of(c: &conference::Model) -> chrono_tz::Tz {
    c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo)
}

async fn latest_version(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<regimento_version::Model>> {
    Ok(regimento_version::Entity::find()
        .filter(regimento_version::Column::ConferenceId.eq(conference_id))
        .order_by_desc(regimento_version::Column::Version)
        .one(db)
        .await?)
}

/// Whether the conference's regimento was approved (the draft is then frozen).
pub async fn is_approved(db: &impl ConnectionTrait, conference_id: Uuid) -> store::Result<bool> {
    Ok(latest_version(db, conference_id).await?.is_some())
}

async fn approved_of(db: &Db, c: &conference::Model) -> store::Result<Option<Approved>> {
    let Some(v) = latest_version(&db.conn, c.id).await? else {
        return Ok(None);
    };
    let stored: Vec<StoredArticle> = serde_json::from_str(&v.articles).unwrap_or_default();
    let vote = plenary_vote::Entity::find_by_id(v.vote_id)
        .one(&db.conn)
        .await?
        .map(|x| vote_view(&x, tz_of(c)));
    Ok(Some(Approved {
        version: v.version,
        approved_at: v
            .approved_at
            .with_timezone(&tz_of(c))
            .format("%d/%m/%Y %H:%M")
            .to_string(),
        articles: stored
            .into_iter()
            .map(|a| Article {
                number: a.number,
                chapter: a.chapter,
                text: a.text,
            })
            .collect(),
        vote,
    }))
}

async fn destaques_of(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(destaque::Model, Option<VoteView>)>> {
    let ds = destaque::Entity::find()
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .order_by_asc(destaque::Column::ArticleNumber)
        .order_by_asc(destaque::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let mut out = Vec::new();
    for d in ds {
        let v = match d.vote_id {
            Some(id) => plenary_vote::Entity::find_by_id(id)
                .one(&db.conn)
                .await?
                .map(|x| vote_view(&x, tz_of(c))),
            None => None,
        };
        out.push((d, v));
    }
    Ok(out)
}

fn destaque_view(d: &destaque::Model, vote: Option<VoteView>) -> DestaqueView {
    DestaqueView {
        id: d.id.to_string(),
        article_number: d.article_number,
        kind_label: if d.kind == "suppress" {
            "suprimir o artigo".into()
        } else {
            "modificar o texto".into()
        },
        proposed_text: d.proposed_text.clone(),
        raised_by: d.raised_by.clone(),
        status_label: match d.status {
            DestaqueStatus::Approved => "aprovado",
            DestaqueStatus::Rejected => "rejeitado: o texto da minuta fica",
            DestaqueStatus::Withdrawn => "retirado por quem pediu, sem votação",
            DestaqueStatus::Open => "aguardando votação",
        }
        .into(),
        open: d.status == DestaqueStatus::Open,
        vote,
    }
}

/// The console: the draft with its destaques, attendance and quorum, the approved version.
pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    let ds = destaques_of(db, &c).await?;
    let room = attendance(&db.conn, &c).await?;
    let open_destaques = ds
        .iter()
        .filter(|(d, _)| d.status == DestaqueStatus::Open)
        .count();
    Ok(Console {
        articles: draft
            .into_iter()
            .map(|a| ArticleView {
                destaques: ds
                    .iter()
                    .filter(|(d, _)| d.article_number == a.number)
                    .map(|(d, v)| destaque_view(d, v.clone()))
                    .collect(),
                number: a.number,
                chapter: a.chapter,
                text: a.text,
            })
            .collect(),
        present: room.present(),
        credentialed: room.credentialed,
        quorum_min: room.quorum_min(),
        quorum_problem: room.check_quorum().err().map(|e| e.message),
        open_destaques,
        approved: approved_of(db, &c).await?,
        rule_label: room.rules.quorum.label(),
        open_vote: crate::plenary::voting::open_view(db, &c).await?,
        slug: c.slug,
        title: c.title,
    })
}

/// A destaque as typed at the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DestaqueInput {
    #[serde(default)]
    pub article: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub proposed_text: String,
    #[serde(default)]
    pub raised_by: String,
}

/// Records a destaque raised by hand on an article of the draft.
pub async fn add_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DestaqueInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let (raised_by, recorded_by) = super::by_hand(me, &i.raised_by);
    record_destaque(db, &c, i, raised_by, recorded_by).await
}

/// Checks and stores a destaque (from the table or from a delegate's phone).
pub(crate) async fn record_destaque(
    db: &Db,
    c: &conference::Model,
    i: &DestaqueInput,
    raised_by: Option<String>,
    recorded_by: Option<Uuid>,
) -> Result<(), Fail> {
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    let mut inv = Invalid::default();
    let article = match i.article.trim().parse::<i32>() {
        Ok(n) => draft.iter().find(|a| a.number == n),
        Err(_) => None,
    };
    if article.is_none() {
        inv.push(FieldError::new(
            "article",
            "Escolha o artigo da minuta que recebeu o destaque",
        ));
    }
    let kind = inv.take(DestaqueKind::parse(&i.kind, &i.proposed_text));
    if raised_by.as_ref().is_some_and(|r| r.chars().count() > 120) {
        inv.push(FieldError::new(
            "raised_by",
            "Quem pediu o destaque: até 120 caracteres",
        ));
    }
    if is_approved(&db.conn, c.id).await? {
        inv.push(FieldError::new(
            "form",
            "O regimento já foi aprovado: não cabem novos destaques",
        ));
    }
    inv.into_result()?;
    let (Some(article), Some(kind)) = (article, kind) else {
        unreachable!("errors returned above")
    };
    let tx = db.write().await?;
    destaque::Entity::insert(destaque::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        article_number: Set(article.number),
        draft_text: Set(article.text.clone()),
        kind: Set(kind.code().into()),
        proposed_text: Set(match &kind {
            DestaqueKind::Modify(t) => Some(t.clone()),
            DestaqueKind::Suppress => None,
        }),
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

/// Withdraws an open destaque (the delegate gave it up at the microphone): it is kept, marked
/// withdrawn, and not voted.
pub async fn withdraw_destaque(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(id).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let d = destaque::Entity::find_by_id(id)
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if d.status != DestaqueStatus::Open {
        return Err(
            Invalid::one("form", "Só um destaque ainda não votado pode ser retirado").into(),
        );
    }
    let mut am = d.into_active_model();
    am.status = Set(DestaqueStatus::Withdrawn);
    am.update(&tx).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

/// The counts typed at the table.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CountInput {
    #[serde(default)]
    pub favor: String,
    #[serde(default)]
    pub against: String,
    #[serde(default)]
    pub abstain: String,
}

/// Checks quorum and counts inside the write transaction; records the vote.
pub(crate) async fn record_vote(
    tx: &sea_orm::DatabaseTransaction,
    me: Option<&Me>,
    c: &conference::Model,
    subject: &str,
    subject_id: Option<Uuid>,
    counts: &CountInput,
) -> Result<plenary_vote::Model, Fail> {
    let tally = Tally::parse(&counts.favor, &counts.against, &counts.abstain)?;
    if crate::plenary::voting::open_vote_of(tx, c.id)
        .await?
        .is_some()
    {
        return Err(Invalid::one(
            "form",
            "Há uma votação aberta pelos celulares: encerre-a antes de registrar outra contagem",
        )
        .into());
    }
    let room = attendance(tx, c).await?;
    room.check_quorum()?;
    let (present, credentialed) = (room.present(), room.credentialed);
    tally.check(present)?;
    let v = plenary_vote::Model {
        id: Uuid::now_v7(),
        conference_id: c.id,
        subject: subject.into(),
        subject_id,
        channel: "analog".into(),
        present: present as i32,
        credentialed: credentialed as i32,
        quorum_rule: room.rules.quorum.code(),
        quorum_min: room.quorum_min() as i32,
        favor: tally.favor as i32,
        against: tally.against as i32,
        abstain: tally.abstain as i32,
        outcome: tally.simple_majority().code().into(),
        recorded_by: me.map(|m| m.account.id),
        recorded_at: Utc::now(),
        status: VoteStatus::Closed,
        secret: false,
        opened_at: None,
        closed_at: None,
        phone_favor: 0,
        phone_against: 0,
        phone_abstain: 0,
        log_seq: 0,
        log_head: None,
    };
    plenary_vote::Entity::insert(v.clone().into_active_model())
        .exec(tx)
        .await?;
    Ok(v)
}

fn outcome_of(v: &plenary_vote::Model) -> Outcome {
    if v.outcome == "approved" {
        Outcome::Approved
    } else {
        Outcome::Rejected
    }
}

/// Marks a destaque with the result of its vote.
pub(crate) async fn settle_destaque(
    tx: &sea_orm::DatabaseTransaction,
    d: destaque::Model,
    v: &plenary_vote::Model,
) -> store::Result<Outcome> {
    let outcome = outcome_of(v);
    let mut am = d.into_active_model();
    am.status = Set(outcome.into());
    am.vote_id = Set(Some(v.id));
    am.update(tx).await?;
    Ok(outcome)
}

/// An open destaque of the conference, or why it cannot be voted.
pub(crate) async fn open_destaque(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<destaque::Model, Fail> {
    let d = destaque::Entity::find_by_id(id)
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .one(tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if d.status != DestaqueStatus::Open {
        return Err(Invalid::one(
            "form",
            "Este destaque já foi votado: a votação não se repete",
        )
        .into());
    }
    Ok(d)
}

/// Records the counted vote of an open destaque: approved applies its change to the text.
pub async fn vote_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let id = Uuid::parse_str(id).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let d = open_destaque(&tx, &c, id).await?;
    let v = record_vote(&tx, me, &c, "regimento_destaque", Some(d.id), counts).await?;
    let outcome = settle_destaque(&tx, d, &v).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, vote = %v.id, outcome = outcome.code(), "destaque voted");
    Ok(outcome)
}

/// Whether the regimento can be put to its block vote: not yet approved, every destaque voted.
pub(crate) async fn block_ready(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
) -> Result<(), Fail> {
    if is_approved(tx, c.id).await? {
        return Err(Invalid::one("form", "O regimento já foi aprovado").into());
    }
    let open = destaque::Entity::find()
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .filter(destaque::Column::Status.eq(DestaqueStatus::Open))
        .all(tx)
        .await?
        .len();
    if open > 0 {
        return Err(Invalid::one(
            "form",
            format!(
                "Ainda há {open} destaque(s) sem votação: vote cada destaque antes de aprovar o regimento"
            ),
        )
        .into());
    }
    Ok(())
}

/// Applies the block vote: approved → the draft with the approved destaques becomes version 1.
pub(crate) async fn settle_block(
    tx: &sea_orm::DatabaseTransaction,
    c: &conference::Model,
    draft: &[Article],
    v: &plenary_vote::Model,
) -> store::Result<Outcome> {
    let outcome = outcome_of(v);
    if outcome == Outcome::Approved {
        let ds = destaque::Entity::find()
            .filter(destaque::Column::ConferenceId.eq(c.id))
            .filter(destaque::Column::Status.eq(DestaqueStatus::Approved))
            .all(tx)
            .await?;
        let changes: Vec<(i32, DestaqueKind)> = ds
            .iter()
            .map(|d| {
                (
                    d.article_number,
                    match &d.proposed_text {
                        Some(t) if d.kind == "modify" => DestaqueKind::Modify(t.clone()),
                        _ => DestaqueKind::Suppress,
                    },
                )
            })
            .collect();
        let articles: Vec<StoredArticle> = approved_text(draft, &changes)
            .into_iter()
            .map(|a| StoredArticle {
                number: a.number,
                chapter: a.chapter,
                text: a.text,
            })
            .collect();
        regimento_version::Entity::insert(regimento_version::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            version: Set(1),
            articles: Set(serde_json::to_string(&articles).unwrap_or_else(|_| "[]".into())),
            vote_id: Set(v.id),
            approved_at: Set(Utc::now()),
        })
        .exec(tx)
        .await?;
    }
    Ok(outcome)
}

/// The block vote on the regimento once every destaque is voted. Approved: the text with the
/// approved destaques applied becomes the next published version. Rejected: recorded, nothing
/// published.
pub async fn approve_regimento(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let draft = crate::setup::conference::regimento(db, c.id).await?;
    if draft.is_empty() {
        return Err(Invalid::one(
            "form",
            "Não há minuta do regimento: a comissão organizadora precisa publicá-la antes",
        )
        .into());
    }
    let tx = db.write().await?;
    block_ready(&tx, &c).await?;
    let v = record_vote(&tx, me, &c, "regimento_block", None, counts).await?;
    let outcome = settle_block(&tx, &c, &draft, &v).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, vote = %v.id, outcome = outcome.code(), "regimento block vote");
    Ok(outcome)
}

/// The public regimento: the approved version with the destaques and votes that shaped it, or
/// the draft while there is none.
#[derive(Debug, Clone, Serialize)]
pub struct PublicRegimento {
    pub approved: Option<Approved>,
    /// The approved articles with each chapter heading given once, where it starts.
    pub headed: Vec<(Option<String>, Article)>,
    pub destaques: Vec<DestaqueView>,
}

pub async fn public_regimento(db: &Db, conference_id: Uuid) -> Result<PublicRegimento, Fail> {
    let c = conference::Entity::find_by_id(conference_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let approved = approved_of(db, &c).await?;
    let destaques = if approved.is_some() {
        destaques_of(db, &c)
            .await?
            .into_iter()
            .map(|(d, v)| DestaqueView {
                // Who raised it stays with the minutes, not on the public page.
                raised_by: None,
                ..destaque_view(&d, v)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut last: Option<String> = None;
    let headed = approved
        .iter()
        .flat_map(|a| a.articles.iter().cloned())
        .map(|a| {
            let heading = if a.chapter != last {
                last = a.chapter.clone();
                a.chapter.clone()
            } else {
                None
            };
            (heading, a)
        })
        .collect();
    Ok(PublicRegimento {
        approved,
        headed,
        destaques,
    })
}

/// The projector screen (telão): attendance, quorum and the last vote, public (counts only).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Board {
    pub title: String,
    pub present: u32,
    pub credentialed: u32,
    pub quorum_min: u32,
    pub quorum_ok: bool,
    /// What is on the table: the regimento's state.
    pub stage: String,
    /// The electronic vote open now, if any.
    pub open: Option<BoardOpen>,
    pub last: Option<BoardVote>,
    /// Who has the floor on a destaque, with the speaking time (the telão counts down).
    pub speaker: Option<BoardSpeaker>,
    /// Delegate elections, when under way (absent from the JSON otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub election: Option<crate::plenary::elections::BoardElection>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardSpeaker {
    pub name: String,
    pub side: String,
    pub subject: String,
    /// When the speech started, in milliseconds since the Unix epoch.
    pub started_ms: i64,
    pub seconds: i32,
}

/// An open electronic vote on the board: how many have voted (never how).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardOpen {
    pub id: String,
    pub subject: String,
    pub secret: bool,
    pub voters: u32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct BoardVote {
    pub subject: String,
    pub favor: i32,
    pub against: i32,
    pub abstain: i32,
    pub outcome: String,
    pub at: String,
    /// How the votes came: "pelo celular", "contados na sala", or both.
    pub channel: String,
}

/// Describes how a vote's counts came.
pub(crate) fn channel_label(v: &plenary_vote::Model) -> String {
    let phones = v.phone_favor + v.phone_against + v.phone_abstain;
    let total = v.favor + v.against + v.abstain;
    match v.channel.as_str() {
        "electronic" => format!("{phones} voto(s) pelo celular"),
        "mixed" => format!(
            "{phones} voto(s) pelo celular e {} contado(s) na sala",
            total - phones
        ),
        _ => "votos contados na sala (crachás)".to_owned(),
    }
}

/// The board of a conference (no login: a projector shows it in the room).
pub async fn board(db: &Db, slug: &str) -> Result<Board, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    board_of(db, &c).await
}

pub async fn board_of(db: &Db, c: &conference::Model) -> Result<Board, Fail> {
    let room = attendance(&db.conn, c).await?;
    let (present, credentialed) = (room.present(), room.credentialed);
    let open = destaque::Entity::find()
        .filter(destaque::Column::ConferenceId.eq(c.id))
        .filter(destaque::Column::Status.eq(DestaqueStatus::Open))
        .all(&db.conn)
        .await?;
    let pending = store::entities::proposal::Entity::find()
        .filter(store::entities::proposal::Column::ConferenceId.eq(c.id))
        .filter(store::entities::proposal::Column::Status.is_in(ProposalStatus::PENDING))
        .count(&db.conn)
        .await?;
    let stage = if is_approved(&db.conn, c.id).await? && pending > 0 {
        format!("Plenária final: {pending} proposta(s) para votar")
    } else if is_approved(&db.conn, c.id).await? {
        "Regimento interno aprovado".to_owned()
    } else if open.is_empty() {
        "Regimento interno: leitura e destaques".to_owned()
    } else {
        format!(
            "Regimento interno: {} destaque(s) para votar (art. {})",
            open.len(),
            open.iter()
                .map(|d| format!("{}º", d.article_number))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let open_vote = match crate::plenary::voting::open_vote_of(&db.conn, c.id).await? {
        Some(v) => Some(BoardOpen {
            id: v.id.to_string(),
            subject: subject_of(&db.conn, &v).await?,
            secret: v.secret,
            voters: store::entities::vote_participation::Entity::find()
                .filter(store::entities::vote_participation::Column::VoteId.eq(v.id))
                .count(&db.conn)
                .await? as u32,
        }),
        None => None,
    };
    let last = match plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::Status.eq(VoteStatus::Closed))
        .order_by_desc(plenary_vote::Column::RecordedAt)
        .one(&db.conn)
        .await?
    {
        Some(v) => {
            let subject = subject_of(&db.conn, &v).await?;
            let view = vote_view(&v, tz_of(c));
            Some(BoardVote {
                subject,
                favor: v.favor,
                against: v.against,
                abstain: v.abstain,
                outcome: view.outcome,
                at: view.at,
                channel: channel_label(&v),
            })
        }
        None => None,
    };
    Ok(Board {
        title: c.title.clone(),
        present,
        credentialed,
        quorum_min: room.quorum_min(),
        quorum_ok: room.check_quorum().is_ok(),
        stage,
        open: open_vote,
        last,
        speaker: crate::plenary::final_plenary::speaking_now(&db.conn, c)
            .await?
            .map(|(name, side, started, subject)| BoardSpeaker {
                name,
                side,
                subject,
                started_ms: started.timestamp_millis(),
                seconds: c.speech_seconds,
            }),
        election: crate::plenary::elections::board(db, c).await?,
    })
}

/// What a vote was about, in words.
pub(crate) async fn subject_of(
    db: &impl ConnectionTrait,
    v: &plenary_vote::Model,
) -> store::Result<String> {
    Ok(match (v.subject.as_str(), v.subject_id) {
        ("regimento_destaque", Some(id)) => match destaque::Entity::find_by_id(id).one(db).await? {
            Some(d) => format!(
                "Destaque ao art. {}º do regimento ({})",
                d.article_number,
                if d.kind == "suppress" {
                    "suprimir"
                } else {
                    "modificar o texto"
                }
            ),
            None => "Destaque ao regimento".to_owned(),
        },
        ("regimento_block", _) => "Regimento interno em bloco".to_owned(),
        ("mocao", Some(id)) => crate::plenary::mocoes::subject(db, id).await?,
        _ => crate::plenary::final_plenary::subject(db, v).await?,
    })
}

/// The minutes (ata) of the plenary so far, as PDF: every vote in order with its time, counts,
/// delegates present and credentialed, quorum rule and result; the destaques' proposed texts; the
/// regimento's approval; the delegate elections (ADR 0013). Who raised each destaque is recorded
/// here (it is not on the public page).
pub async fn minutes_pdf(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<u8>, Fail> {
    use crate::platform::pdf::{BLACK, Doc, GREY, wrap};
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let paragraphs = minutes_paragraphs(db, &c).await?;
    let mut doc = Doc::a4(&format!("Ata da plenária: {}", c.title), false)?;
    let mut page = doc.page();
    let mut y = 18.0;
    let mut n = 1;
    for (paragraph, size, bold) in paragraphs {
        let lines = if paragraph.is_empty() {
            vec![String::new()]
        } else {
            wrap(&paragraph, size, bold, 180.0)
        };
        for text in lines {
            let h = size * 0.3528 * 1.35 + 0.5;
            if y + h > 282.0 {
                page.text(&format!("Página {n}"), 8.0, 180.0, 290.0, false, GREY);
                page = doc.page();
                y = 18.0;
                n += 1;
            }
            page.text(&text, size, 15.0, y, bold, BLACK);
            y += h;
        }
    }
    page.text(&format!("Página {n}"), 8.0, 180.0, 290.0, false, GREY);
    Ok(doc.finish()?)
}

/// The minutes' text, paragraph by paragraph, as the PDF prints it (for checking what it says).
pub async fn minutes_text(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<String>, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    Ok(minutes_paragraphs(db, &c)
        .await?
        .into_iter()
        .map(|(p, _, _)| p)
        .collect())
}

/// One closed vote in the minutes: `heading` (what and when), the texts of a regimento
/// destaque and who raised it, the counts with the delegates present and credentialed, the
/// result, the phones' hash chain and, for a named vote, how each delegate voted.
pub(crate) async fn vote_minutes(
    db: &Db,
    v: &plenary_vote::Model,
    tz: chrono_tz::Tz,
    heading: String,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let view = vote_view(v, tz);
    let mut lines: Vec<(String, f32, bool)> = vec![(heading, 10.0, true)];
    let mut push = |text: String, size: f32, bold: bool| lines.push((text, size, bold));
    if v.subject == "regimento_destaque"
        && let Some(id) = v.subject_id
        && let Some(d) = destaque::Entity::find_by_id(id).one(&db.conn).await?
    {
        push(format!("Texto da minuta: {}", d.draft_text), 9.0, false);
        if let Some(t) = &d.proposed_text {
            push(format!("Texto proposto: {t}"), 9.0, false);
        }
        if let Some(who) = &d.raised_by {
            push(format!("Pedido por: {who}"), 9.0, false);
        }
    }
    push(
        format!(
            "{} a favor, {} contra, {} abstenções; {} delegados(as) presentes de {} credenciados(as). Resultado: {}.",
            v.favor, v.against, v.abstain, v.present, v.credentialed, view.outcome
        ),
        9.0,
        false,
    );
    if v.log_head.is_some() {
        push(
            format!(
                "Votação {} pelo celular ({}), aberta às {}. Registro encadeado: {} elos, último hash {}.",
                if v.secret { "secreta" } else { "nominal" },
                channel_label(v),
                v.opened_at
                    .unwrap_or(v.recorded_at)
                    .with_timezone(&tz)
                    .format("%H:%M"),
                v.log_seq + 1,
                v.log_head.as_deref().unwrap_or("")
            ),
            9.0,
            false,
        );
    }
    if let Some(list) = crate::plenary::voting::named_votes(&db.conn, v).await? {
        let text = list
            .iter()
            .map(|(who, choice)| format!("{who}: {choice}"))
            .collect::<Vec<_>>()
            .join("; ");
        push(format!("Votos nominais: {text}."), 9.0, false);
    }
    push(String::new(), 4.0, false);
    Ok(lines)
}

/// The minutes as (paragraph, size in points, bold).
async fn minutes_paragraphs(
    db: &Db,
    c: &conference::Model,
) -> Result<Vec<(String, f32, bool)>, Fail> {
    let c = c.clone();
    let tz = tz_of(&c);
    // The final plenary's votes go to their eixo's section (`final_plenary::minutes_section`).
    let votes: Vec<plenary_vote::Model> = plenary_vote::Entity::find()
        .filter(plenary_vote::Column::ConferenceId.eq(c.id))
        .filter(plenary_vote::Column::Status.eq(VoteStatus::Closed))
        .order_by_asc(plenary_vote::Column::RecordedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .filter(|v| !crate::plenary::final_plenary::MINUTES_SUBJECTS.contains(&v.subject.as_str()))
        .collect();
    let quorum_label = crate::plenary::seats::rules_of(&db.conn, c.id)
        .await?
        .quorum
        .label();
    let mut lines: Vec<(String, f32, bool)> = Vec::new();
    let mut push = |text: &str, size: f32, bold: bool| {
        lines.push((text.to_owned(), size, bold));
    };
    push(&c.title, 13.0, true);
    push("Ata da plenária", 12.0, true);
    push(
        &format!(
            "Gerada em {}. Regra de quórum: {}. Votos contados na mesa (crachás levantados) ou dados pelo celular de cada delegado(a) presente.",
            Utc::now().with_timezone(&tz).format("%d/%m/%Y %H:%M"),
            quorum_label
        ),
        9.0,
        false,
    );
    push("", 6.0, false);
    push("Regimento interno e demais votações", 11.0, true);
    if votes.is_empty() {
        push("Nenhuma votação registrada.", 10.0, false);
    }
    for (i, v) in votes.iter().enumerate() {
        let heading = format!(
            "{}. {} — {}",
            i + 1,
            subject_of(&db.conn, v).await?,
            vote_view(v, tz).at
        );
        lines.extend(vote_minutes(db, v, tz, heading).await?);
    }
    let mut push = |text: &str, size: f32, bold: bool| {
        lines.push((text.to_owned(), size, bold));
    };
    match latest_version(&db.conn, c.id).await? {
        Some(r) => push(
            &format!(
                "Regimento interno aprovado (versão {}) em {}.",
                r.version,
                r.approved_at.with_timezone(&tz).format("%d/%m/%Y %H:%M")
            ),
            10.0,
            true,
        ),
        None => push("O regimento interno ainda não foi aprovado.", 10.0, true),
    }
    let final_plenary = crate::plenary::final_plenary::minutes_section(db, &c).await?;
    if !final_plenary.is_empty() {
        lines.push((String::new(), 6.0, false));
        lines.extend(final_plenary);
    }
    let elections = crate::plenary::elections::minutes_section(db, &c).await?;
    if !elections.is_empty() {
        lines.push((String::new(), 6.0, false));
        lines.extend(elections);
    }
    Ok(lines)
}
