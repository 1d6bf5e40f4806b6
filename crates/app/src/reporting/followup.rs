//! Follow-up of the deliberations after the conference (monitoramento; ADR
//! 0020). The council records, for each deliberation the plenary approved, a status
//! (`domain::followup::Status`), the responsible body and a note, and dated milestones with
//! evidence (a link or a PDF); a spreadsheet updates many statuses at once. The public page
//! `/c/{slug}/monitoramento` shows the progress.
//!
//! Deliberations are named by the code of the final report (`E1-M-2`), computed by
//! `report::coded_deliberations` from the plenary's order: the same code in the report, on the
//! pages and in the spreadsheet.
//!
//! Every change writes the new state and one `followup_change` row (who, when, by form or
//! spreadsheet) in one transaction; a spreadsheet with any bad line writes nothing.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope, parse_id};
use crate::reporting::report::{CodedDeliberation, coded_deliberations};
use crate::setup::conference::Upload;
use chrono::{DateTime, NaiveDate, Utc};
use domain::followup::{self as fu, Status};
use domain::policy::Action;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::Db;
use store::entities::proposal::ProposalStatus;
use store::entities::{
    conference, deliberation_followup as dfu, followup_change, followup_milestone as fm, proposal,
    stored_file,
};
use uuid::Uuid;

/// One status and how many deliberations have it.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCount {
    pub code: &'static str,
    pub label: &'static str,
    pub count: u32,
    /// Share in percent (the four add to 100).
    pub pct: u32,
}

/// A milestone as shown.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub id: String,
    pub description: String,
    /// DD/MM/AAAA, or empty.
    pub due_on: String,
    pub done_on: String,
    pub evidence_url: Option<String>,
    /// The PDF's name when there is one (downloaded at `…/monitoramento/evidencias/{id}`).
    pub evidence_file: Option<String>,
}

/// A deliberation with its follow-up.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub code: String,
    pub eixo_number: i32,
    pub eixo_title: String,
    pub level_label: String,
    pub text: String,
    pub origins: Vec<String>,
    pub status: &'static str,
    pub status_label: &'static str,
    pub responsible: String,
    pub note: String,
    /// DD/MM/AAAA of the last change, or empty when never followed up.
    pub updated_on: String,
    pub milestones: Vec<MilestoneView>,
}

/// Deliberations of one level within an eixo.
#[derive(Debug, Clone, Serialize)]
pub struct LevelItems {
    pub label: String,
    pub items: Vec<Item>,
}

/// One eixo of the board.
#[derive(Debug, Clone, Serialize)]
pub struct EixoItems {
    pub number: i32,
    pub title: String,
    pub levels: Vec<LevelItems>,
}

/// The follow-up of a conference: every approved deliberation with its status, and the totals.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub slug: String,
    pub title: String,
    pub total: u32,
    pub counts: Vec<StatusCount>,
    pub eixos: Vec<EixoItems>,
    /// DD/MM/AAAA of the latest change, or empty.
    pub last_update: String,
}

impl Board {
    /// Every item, in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.eixos
            .iter()
            .flat_map(|e| e.levels.iter().flat_map(|l| l.items.iter()))
    }
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

fn day_of(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::America::Sao_Paulo)
        .format("%d/%m/%Y")
        .to_string()
}

fn milestone_view(m: &fm::Model, files: &HashMap<Uuid, String>) -> MilestoneView {
    MilestoneView {
        id: m.id.to_string(),
        description: m.description.clone(),
        due_on: day(m.due_on),
        done_on: day(m.done_on),
        evidence_url: m.evidence_url.clone(),
        evidence_file: m.evidence_file_id.and_then(|f| files.get(&f).cloned()),
    }
}

async fn build(db: &impl ConnectionTrait, c: &conference::Model) -> store::Result<Board> {
    let coded = coded_deliberations(db, c).await?;
    let follow: HashMap<Uuid, dfu::Model> = dfu::Entity::find()
        .filter(dfu::Column::ConferenceId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.proposal_id, f))
        .collect();
    let all_ms = fm::Entity::find()
        .filter(fm::Column::ConferenceId.eq(c.id))
        .order_by_asc(fm::Column::DueOn)
        .order_by_asc(fm::Column::CreatedAt)
        .order_by_asc(fm::Column::Id)
        .all(db)
        .await?;
    let file_ids: Vec<Uuid> = all_ms.iter().filter_map(|m| m.evidence_file_id).collect();
    let files: HashMap<Uuid, String> = if file_ids.is_empty() {
        HashMap::new()
    } else {
        stored_file::Entity::find()
            .select_only()
            .column(stored_file::Column::Id)
            .column(stored_file::Column::FileName)
            .filter(stored_file::Column::Id.is_in(file_ids))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let mut ms: HashMap<Uuid, Vec<MilestoneView>> = HashMap::new();
    for m in &all_ms {
        ms.entry(m.proposal_id)
            .or_default()
            .push(milestone_view(m, &files));
    }
    let mut counts = [0u32; 4];
    let mut last: Option<DateTime<Utc>> = None;
    let mut eixos = Vec::new();
    for (e, levels) in coded {
        let mut lv = Vec::new();
        for (l, items) in levels {
            let items = items
                .into_iter()
                .map(|d: CodedDeliberation| {
                    let f = follow.get(&d.proposal.id);
                    let status = f
                        .and_then(|f| Status::from_code(&f.status))
                        .unwrap_or(Status::NotStarted);
                    counts[Status::ALL.iter().position(|s| *s == status).unwrap_or(0)] += 1;
                    if let Some(f) = f {
                        last = last.max(Some(f.updated_at));
                    }
                    Item {
                        id: d.proposal.id.to_string(),
                        code: d.code,
                        eixo_number: e.number,
                        eixo_title: e.title.clone(),
                        level_label: l.label().to_owned(),
                        text: d.text,
                        origins: d.origins,
                        status: status.code(),
                        status_label: status.label(),
                        responsible: f.map(|f| f.responsible.clone()).unwrap_or_default(),
                        note: f.map(|f| f.note.clone()).unwrap_or_default(),
                        updated_on: f.map(|f| day_of(f.updated_at)).unwrap_or_default(),
                        milestones: ms.remove(&d.proposal.id).unwrap_or_default(),
                    }
                })
                .collect();
            lv.push(LevelItems {
                label: l.label().to_owned(),
                items,
            });
        }
        if !lv.is_empty() {
            eixos.push(EixoItems {
                number: e.number,
                title: e.title.clone(),
                levels: lv,
            });
        }
    }
    let pct = fu::shares(counts);
    Ok(Board {
        slug: c.slug.clone(),
        title: c.title.clone(),
        total: counts.iter().sum(),
        counts: Status::ALL
            .iter()
            .enumerate()
            .map(|(i, s)| StatusCount {
                code: s.code(),
                label: s.label(),
                count: counts[i],
                pct: pct[i],
            })
            .collect(),
        eixos,
        last_update: last.map(day_of).unwrap_or_default(),
    })
}

async fn staff(db: &Db, me: Option<&Me>, slug: &str) -> Result<conference::Model, Fail> {
    let c = authorize(db, me, slug, Action::FollowUp).await?;
    Ok(c)
}

/// The follow-up board for the council's staff.
pub async fn board(db: &Db, me: Option<&Me>, slug: &str) -> Result<Board, Fail> {
    let c = staff(db, me, slug).await?;
    Ok(build(&db.conn, &c).await?)
}

/// The public progress page: the same board, for anyone (what the plenary approved is public;
/// the follow-up holds no personal data).
pub async fn public_board(db: &Db, slug: &str) -> Result<Board, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    Ok(build(&db.conn, &c).await?)
}

/// "O que avançou": the deliberations of the same council's previous conference with their
/// follow-up, the material a new conference starts from (issue 21). Public, like the board.
#[derive(Debug, Clone, Serialize)]
pub struct Advanced {
    /// The previous conference's slug and title (its board is at `/c/{slug}/monitoramento`).
    pub from_slug: String,
    pub from_title: String,
    pub board: Board,
}

/// The same council's latest conference that started before `c` and has approved
/// deliberations, if any.
pub(crate) async fn previous_conference(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<conference::Model>> {
    let earlier = conference::Entity::find()
        .filter(conference::Column::BodyId.eq(c.body_id))
        .filter(conference::Column::Id.ne(c.id))
        .filter(conference::Column::StartsOn.lt(c.starts_on))
        .order_by_desc(conference::Column::StartsOn)
        .all(db)
        .await?;
    for e in earlier {
        let any = proposal::Entity::find()
            .filter(proposal::Column::ConferenceId.eq(e.id))
            .filter(
                proposal::Column::Status.is_in([ProposalStatus::Approved, ProposalStatus::Amended]),
            )
            .one(db)
            .await?
            .is_some();
        if any {
            return Ok(Some(e));
        }
    }
    Ok(None)
}

/// What advanced since the council's previous conference, for the conference `c`.
pub(crate) async fn advanced_for(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Option<Advanced>> {
    let Some(prev) = previous_conference(db, c).await? else {
        return Ok(None);
    };
    Ok(Some(Advanced {
        board: build(db, &prev).await?,
        from_slug: prev.slug,
        from_title: prev.title,
    }))
}

/// The public "o que avançou" of the conference `slug` (`None` when the council has no earlier
/// conference with deliberations).
pub async fn advanced(db: &Db, slug: &str) -> Result<(conference::Model, Option<Advanced>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let a = advanced_for(&db.conn, &c).await?;
    Ok((c, a))
}

/// A change in a deliberation's history.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// DD/MM/AAAA HH:MM (Brasília).
    pub at: String,
    pub status_label: &'static str,
    pub responsible: String,
    pub note: String,
    /// "formulário" or "planilha".
    pub source: &'static str,
    pub by: String,
}

/// One deliberation for its staff page: the item and its history, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    pub slug: String,
    pub title: String,
    pub item: Item,
    pub history: Vec<ChangeView>,
}

async fn approved(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: &str,
) -> Result<proposal::Model, Fail> {
    proposal::Entity::find_by_id(parse_id(id)?)
        .one(db)
        .await?
        .filter(|p| p.conference_id == c.id && ProposalStatus::ADOPTED.contains(&p.status))
        .ok_or(Fail::NotFound)
}

/// One deliberation with its history, for the staff.
pub async fn detail(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Detail, Fail> {
    let c = staff(db, me, slug).await?;
    let p = approved(&db.conn, &c, id).await?;
    let b = build(&db.conn, &c).await?;
    let pid = p.id.to_string();
    let item = b
        .items()
        .find(|i| i.id == pid)
        .cloned()
        .ok_or(Fail::NotFound)?;
    let changes = followup_change::Entity::find()
        .filter(followup_change::Column::ProposalId.eq(p.id))
        .order_by_desc(followup_change::Column::ChangedAt)
        .order_by_desc(followup_change::Column::Id)
        .all(&db.conn)
        .await?;
    let who: Vec<Uuid> = changes.iter().filter_map(|x| x.changed_by).collect();
    let names: HashMap<Uuid, String> = store::entities::account::Entity::find()
        .filter(store::entities::account::Column::Id.is_in(who))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.display_name))
        .collect();
    let history = changes
        .into_iter()
        .map(|x| ChangeView {
            at: x
                .changed_at
                .with_timezone(&chrono_tz::America::Sao_Paulo)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            status_label: Status::from_code(&x.status).map_or("", Status::label),
            responsible: x.responsible,
            note: x.note,
            source: if x.source == "sheet" {
                "planilha"
            } else {
                "formulário"
            },
            by: x
                .changed_by
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
        })
        .collect();
    Ok(Detail {
        slug: c.slug.clone(),
        title: c.title.clone(),
        item,
        history,
    })
}

/// The status form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct StatusInput {
    pub status: String,
    pub responsible: String,
    pub note: String,
}

/// Writes the state of one deliberation and its history row (inside the caller's transaction).
async fn write_state(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    proposal_id: Uuid,
    state: (Status, String, String),
    source: &str,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> store::Result<()> {
    let (status, responsible, note) = state;
    let existing = dfu::Entity::find()
        .filter(dfu::Column::ProposalId.eq(proposal_id))
        .one(tx)
        .await?;
    match existing {
        Some(e) => {
            let mut m: dfu::ActiveModel = e.into();
            m.status = Set(status.code().into());
            m.responsible = Set(responsible.clone());
            m.note = Set(note.clone());
            m.updated_at = Set(now);
            m.updated_by = Set(by);
            m.update(tx).await?;
        }
        None => {
            dfu::Entity::insert(dfu::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                proposal_id: Set(proposal_id),
                status: Set(status.code().into()),
                responsible: Set(responsible.clone()),
                note: Set(note.clone()),
                updated_at: Set(now),
                updated_by: Set(by),
            })
            .exec(tx)
            .await?;
        }
    }
    followup_change::Entity::insert(followup_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        proposal_id: Set(proposal_id),
        status: Set(status.code().into()),
        responsible: Set(responsible),
        note: Set(note),
        source: Set(source.into()),
        changed_by: Set(by),
        changed_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(())
}

/// Saves a deliberation's status, responsible body and note.
pub async fn save_status(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &StatusInput,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let p = approved(&db.conn, &c, id).await?;
    let mut inv = Invalid::default();
    let status = inv.take(Status::parse("status", &i.status));
    let responsible = inv.take(fu::optional_text(
        "responsible",
        "O órgão responsável",
        &i.responsible,
        fu::MAX_RESPONSIBLE,
    ));
    let note = inv.take(fu::optional_text(
        "note",
        "A observação",
        &i.note,
        fu::MAX_NOTE,
    ));
    if let (Some(s), Some(r)) = (status, &responsible)
        && s != Status::NotStarted
        && r.is_empty()
    {
        inv.push(FieldError::new(
            "responsible",
            "Informe o órgão responsável pela deliberação (por exemplo: Secretaria Municipal de Assistência Social)",
        ));
    }
    inv.into_result()?;
    let state = (
        status.expect("checked"),
        responsible.expect("checked"),
        note.expect("checked"),
    );
    let tx = db.write().await?;
    write_state(
        &tx,
        &c,
        p.id,
        state,
        "form",
        me.map(|m| m.account.id),
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The milestone form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MilestoneInput {
    pub description: String,
    pub due_on: String,
    pub done_on: String,
    pub evidence_url: String,
}

/// Adds a milestone, with its evidence (a link, a PDF, both or neither).
pub async fn add_milestone(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &MilestoneInput,
    file: Option<Upload>,
) -> Result<Uuid, Fail> {
    let c = staff(db, me, slug).await?;
    let p = approved(&db.conn, &c, id).await?;
    let mut inv = Invalid::default();
    let description = inv.take(fu::milestone_text(&i.description));
    let due_on = inv.take(fu::date("due_on", "A data prevista", &i.due_on));
    let done_on = inv.take(fu::date("done_on", "A data de realização", &i.done_on));
    let url = inv.take(fu::evidence_url(&i.evidence_url));
    if let (Some(None), Some(None)) = (&due_on, &done_on) {
        inv.push(FieldError::new(
            "due_on",
            "Informe a data prevista ou a data em que o marco foi realizado",
        ));
    }
    if let Some(f) = &file
        && let Err(e) = domain::setup::check_pdf("file", &f.bytes)
    {
        inv.push(e);
    }
    inv.into_result()?;
    let now = Utc::now();
    let tx = db.write().await?;
    let file_id = match file {
        Some(f) => Some(
            crate::setup::conference::store_pdf(
                &tx,
                &c,
                "followup_evidence",
                f,
                "evidencia.pdf",
                now,
            )
            .await?,
        ),
        None => None,
    };
    let mid = Uuid::now_v7();
    fm::Entity::insert(fm::ActiveModel {
        id: Set(mid),
        conference_id: Set(c.id),
        proposal_id: Set(p.id),
        description: Set(description.expect("checked")),
        due_on: Set(due_on.flatten()),
        done_on: Set(done_on.flatten()),
        evidence_url: Set(url.flatten()),
        evidence_file_id: Set(file_id),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(now),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(mid)
}

/// Removes a milestone and its PDF.
pub async fn remove_milestone(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    milestone: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let p = approved(&db.conn, &c, id).await?;
    let mid = parse_id(milestone)?;
    let tx = db.write().await?;
    let m = fm::Entity::find_by_id(mid)
        .one(&tx)
        .await?
        .filter(|m| m.proposal_id == p.id)
        .ok_or(Fail::NotFound)?;
    fm::Entity::delete_by_id(m.id).exec(&tx).await?;
    if let Some(f) = m.evidence_file_id {
        stored_file::Entity::delete_by_id(f).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A milestone's PDF evidence (public, like the page that links it): (file name, bytes).
pub async fn evidence(db: &Db, slug: &str, milestone: &str) -> Result<(String, Vec<u8>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let m = fm::Entity::find_by_id(parse_id(milestone)?)
        .one(&db.conn)
        .await?
        .filter(|m| m.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    let f = stored_file::Entity::find_by_id(m.evidence_file_id.ok_or(Fail::NotFound)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((f.file_name, f.bytes))
}

/// The spreadsheet to fill in (CSV, `;`, UTF-8 with BOM, [`domain::csv_text`]): one row per
/// deliberation with its code, eixo, level and text (for reading) and the current status,
/// responsible and note. A cell a spreadsheet would take for a formula gets a `'` in front,
/// which [`import`] drops again.
pub async fn sheet_csv(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<u8>, Fail> {
    let b = board(db, me, slug).await?;
    let mut w = domain::csv_text::Writer::new();
    w.row([
        fu::Column::Code.header(),
        "eixo",
        "nivel",
        "deliberacao",
        fu::Column::Status.header(),
        fu::Column::Responsible.header(),
        fu::Column::Note.header(),
    ]);
    for i in b.items() {
        w.row([
            i.code.as_str(),
            &i.eixo_number.to_string(),
            &i.level_label,
            &i.text,
            i.status_label,
            &i.responsible,
            &i.note,
        ]);
    }
    Ok(w.finish())
}

/// What a spreadsheet import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// Deliberations whose follow-up changed.
    pub updated: u32,
    /// Rows that matched the current state already.
    pub unchanged: u32,
}

/// Updates statuses in bulk from a spreadsheet (CSV, XLSX or ODS) with the columns `codigo`
/// and at least one of `situacao`, `orgao_responsavel`, `observacao`; an empty cell keeps
/// what is there. All or nothing: any bad line (unknown code, a code twice, an unknown
/// status, a status other than "not started" with no responsible body) refuses the whole file,
/// each problem named with its line.
pub async fn import(db: &Db, me: Option<&Me>, slug: &str, bytes: &[u8]) -> Result<Imported, Fail> {
    let c = staff(db, me, slug).await?;
    let sheet =
        crate::participants::import::read_table(bytes, "deliberações").map_err(Invalid::from)?;
    let at = fu::columns(&sheet.headers).map_err(|m| Invalid::one("file", m))?;
    let b = build(&db.conn, &c).await?;
    let by_code: HashMap<&str, &Item> = b.items().map(|i| (i.code.as_str(), i)).collect();
    let mut errs: Vec<String> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut plan: Vec<(Uuid, (Status, String, String), bool)> = Vec::new();
    for (line, cells) in &sheet.rows {
        let row = match fu::read_row(&at, *line, cells) {
            Ok(r) => r,
            Err(e) => {
                errs.extend(e);
                continue;
            }
        };
        if let Some(first) = seen.insert(row.code.clone(), row.line) {
            errs.push(format!(
                "Linha {}: a deliberação {} já está na linha {first}; deixe uma linha por deliberação",
                row.line, row.code
            ));
            continue;
        }
        let Some(item) = by_code.get(row.code.as_str()) else {
            errs.push(format!(
                "Linha {}: não há deliberação com o código {} nesta conferência",
                row.line,
                row.code.chars().take(30).collect::<String>()
            ));
            continue;
        };
        let status = row
            .status
            .unwrap_or_else(|| Status::from_code(item.status).unwrap_or(Status::NotStarted));
        let responsible = row.responsible.unwrap_or_else(|| item.responsible.clone());
        let note = row.note.unwrap_or_else(|| item.note.clone());
        if status != Status::NotStarted && responsible.is_empty() {
            errs.push(format!(
                "Linha {}: a deliberação {} está como \"{}\" mas não tem órgão responsável; preencha a coluna orgao_responsavel",
                row.line,
                row.code,
                status.label()
            ));
            continue;
        }
        // What the page shows already (also "not started" with nothing recorded): no change,
        // no history row.
        let same =
            status.code() == item.status && responsible == item.responsible && note == item.note;
        let id = Uuid::parse_str(&item.id).expect("our own id");
        plan.push((id, (status, responsible, note), same));
    }
    if !errs.is_empty() {
        const SHOWN: usize = 20;
        let more = errs.len().saturating_sub(SHOWN);
        let mut msg = format!(
            "Nada foi importado. Corrija a planilha e envie de novo: {}",
            errs.iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
        if more > 0 {
            msg.push_str(&format!("; e mais {more} problema(s)"));
        }
        return Err(Invalid::one("file", msg).into());
    }
    let now = Utc::now();
    let by = me.map(|m| m.account.id);
    let mut out = Imported::default();
    let tx = db.write().await?;
    for (id, state, same) in plan {
        if same {
            out.unchanged += 1;
            continue;
        }
        write_state(&tx, &c, id, state, "sheet", by, now).await?;
        out.updated += 1;
    }
    tx.commit().await?;
    Ok(out)
}

/// A milestone for [`seed_state`]: description, planned, done, evidence link.
pub(crate) type SeedMilestone<'a> = (
    &'a str,
    Option<NaiveDate>,
    Option<NaiveDate>,
    Option<&'a str>,
);

/// Demo and tests: sets a deliberation's follow-up and milestones directly (no permission
/// check; inside the caller's transaction).
pub(crate) async fn seed_state(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    proposal_id: Uuid,
    state: (Status, &str, &str),
    milestones: &[SeedMilestone<'_>],
    at: DateTime<Utc>,
) -> store::Result<()> {
    write_state(
        tx,
        c,
        proposal_id,
        (state.0, state.1.to_owned(), state.2.to_owned()),
        "form",
        None,
        at,
    )
    .await?;
    for (d, due, done, url) in milestones {
        fm::Entity::insert(fm::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            proposal_id: Set(proposal_id),
            description: Set((*d).to_owned()),
            due_on: Set(*due),
            done_on: Set(*done),
            evidence_url: Set(url.map(str::to_owned)),
            evidence_file_id: Set(None),
            created_by: Set(None),
            created_at: Set(at),
        })
        .exec(tx)
        .await?;
    }
    Ok(())
}
