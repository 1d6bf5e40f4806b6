//! Questionnaires (issue 5 item 1; the engine issue 6 reuses): the commission builds a
//! questionnaire (or starts from the evaluation template), opens it, people answer online by
//! its public link, delegates from their paired phones, and staff type in paper forms with the
//! form's number (each response marked as paper, with who typed it). Results are tallied per
//! question (`domain::questionnaire::tally`) for the pages, the CSV and the final report's
//! evaluation section.
//!
//! Identified questionnaires take one answer per registered person: online the person gives
//! their registration code, a phone is its delegate's registration; the response stores only
//! the SHA-256 of the questionnaire and the registration (`respondent_key`), unique per
//! questionnaire, so the answers are not stored next to who gave them.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::Utc;
use domain::policy::Action;
use domain::questionnaire::{self as qn, Answer, Question, QuestionKind};
use domain::report::{Evaluation, QuestionResult};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use store::Db;
use store::entities::{
    conference, eixo, question, questionnaire, questionnaire_answer, questionnaire_response,
    registration, territory, unit,
};
use uuid::Uuid;

pub const PURPOSES: [(&str, &str); 2] = [
    ("evaluation", "Avaliação da conferência"),
    ("mobilization", "Questionário de mobilização"),
];

fn purpose_label(code: &str) -> &'static str {
    PURPOSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

fn status_label(code: &str) -> &'static str {
    match code {
        "draft" => "Em preparação",
        "open" => "Aberto para respostas",
        "closed" => "Encerrado",
        _ => "",
    }
}

pub(crate) fn to_question(q: &question::Model) -> Question {
    Question {
        kind: QuestionKind::parse(&q.kind).unwrap_or(QuestionKind::ShortText),
        text: q.text.clone(),
        options: q
            .options
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        scale: q.scale_min.zip(q.scale_max),
        required: q.required,
    }
}

pub(crate) async fn questions_of(
    db: &impl ConnectionTrait,
    questionnaire_id: Uuid,
) -> store::Result<Vec<question::Model>> {
    Ok(question::Entity::find()
        .filter(question::Column::QuestionnaireId.eq(questionnaire_id))
        .order_by_asc(question::Column::Position)
        .order_by_asc(question::Column::Id)
        .all(db)
        .await?)
}

pub(crate) async fn load(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: &str,
) -> Result<questionnaire::Model, Fail> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| Fail::NotFound)?;
    questionnaire::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|q| q.conference_id == c.id)
        .ok_or(Fail::NotFound)
}

/// One questionnaire in the list.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub purpose_label: &'static str,
    pub status: String,
    pub status_label: &'static str,
    pub identified: bool,
    pub questions: u64,
    pub responses: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct List {
    pub slug: String,
    pub title: String,
    pub items: Vec<Summary>,
}

pub async fn list(db: &Db, me: Option<&Me>, slug: &str) -> Result<List, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    let qs = questionnaire::Entity::find()
        .filter(questionnaire::Column::ConferenceId.eq(c.id))
        .order_by_asc(questionnaire::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let mut items = Vec::new();
    for q in qs {
        let questions = question::Entity::find()
            .filter(question::Column::QuestionnaireId.eq(q.id))
            .count(&db.conn)
            .await?;
        let responses = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
            .count(&db.conn)
            .await?;
        items.push(Summary {
            id: q.id.to_string(),
            purpose_label: purpose_label(&q.purpose),
            status_label: status_label(&q.status),
            status: q.status,
            title: q.title,
            identified: q.identified,
            questions,
            responses,
        });
    }
    Ok(List {
        slug: c.slug,
        title: c.title,
        items,
    })
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct NewInput {
    pub title: String,
    pub purpose: String,
    pub identified: bool,
    /// Start from the evaluation template's questions.
    pub template: bool,
}

/// Creates a questionnaire (in preparation), with the evaluation template's questions if asked.
pub async fn create(db: &Db, me: Option<&Me>, slug: &str, i: &NewInput) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    let mut errs = Invalid::default();
    let title = i.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errs.push(FieldError::new(
            "title",
            "Dê um título ao questionário (até 200 caracteres)",
        ));
    }
    if !PURPOSES.iter().any(|(c, _)| *c == i.purpose.trim()) {
        errs.push(FieldError::new("purpose", "Escolha a finalidade da lista"));
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let now = Utc::now();
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    questionnaire::Entity::insert(questionnaire::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        purpose: Set(i.purpose.trim().to_owned()),
        title: Set(title.to_owned()),
        intro: Set(None),
        identified: Set(i.identified),
        status: Set("draft".into()),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    if i.template {
        for (pos, q) in qn::evaluation_template().iter().enumerate() {
            insert_question(&tx, id, pos as i32, q, None).await?;
        }
    }
    tx.commit().await?;
    Ok(id)
}

async fn insert_question(
    tx: &impl ConnectionTrait,
    questionnaire_id: Uuid,
    position: i32,
    q: &Question,
    eixo_id: Option<Uuid>,
) -> store::Result<()> {
    question::Entity::insert(question::ActiveModel {
        id: Set(Uuid::now_v7()),
        questionnaire_id: Set(questionnaire_id),
        position: Set(position),
        kind: Set(q.kind.code().to_owned()),
        text: Set(q.text.clone()),
        options: Set(q.options.join("\n")),
        scale_min: Set(q.scale.map(|s| s.0)),
        scale_max: Set(q.scale.map(|s| s.1)),
        required: Set(q.required),
        eixo_id: Set(eixo_id),
    })
    .exec(tx)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct QuestionInput {
    pub kind: String,
    pub text: String,
    pub options: String,
    pub scale_min: String,
    pub scale_max: String,
    pub required: bool,
    /// The eixo's id, or empty for none ("Geral").
    pub eixo: String,
}

fn editable(q: &questionnaire::Model) -> Result<(), Fail> {
    if q.status != "draft" {
        return Err(Invalid::one(
            "form",
            "As perguntas só mudam enquanto o questionário está em preparação: depois de aberto, as respostas já dadas deixariam de corresponder a elas",
        )
        .into());
    }
    Ok(())
}

/// Adds a question at the end. Only while in preparation.
pub async fn add_question(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &QuestionInput,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    let checked = qn::question(
        &i.kind,
        &i.text,
        &i.options,
        &i.scale_min,
        &i.scale_max,
        i.required,
    );
    let mut errs = Invalid::default();
    let eixo_id = if i.eixo.trim().is_empty() {
        None
    } else {
        let known = match Uuid::parse_str(i.eixo.trim()) {
            Ok(e) => eixo::Entity::find_by_id(e)
                .one(&db.conn)
                .await?
                .filter(|e| e.conference_id == c.id),
            Err(_) => None,
        };
        if known.is_none() {
            errs.push(FieldError::new(
                "eixo",
                "Escolha um dos eixos da conferência, ou nenhum",
            ));
        }
        known.map(|e| e.id)
    };
    let q = match checked {
        Ok(q) if errs.is_empty() => q,
        Ok(_) => return Err(errs.into()),
        Err(e) => {
            let mut all = Invalid(e);
            all.0.extend(errs.0);
            return Err(all.into());
        }
    };
    let tx = db.write().await?;
    let qq = load(&tx, &c, id).await?;
    editable(&qq)?;
    let next = questions_of(&tx, qq.id)
        .await?
        .last()
        .map(|x| x.position + 1)
        .unwrap_or(0);
    insert_question(&tx, qq.id, next, &q, eixo_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_question(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    question_id: &str,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    let qid = Uuid::parse_str(question_id.trim()).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let qq = load(&tx, &c, id).await?;
    editable(&qq)?;
    let r = question::Entity::delete_many()
        .filter(question::Column::Id.eq(qid))
        .filter(question::Column::QuestionnaireId.eq(qq.id))
        .exec(&tx)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Opens (`open`) or closes (`closed`) a questionnaire. Opening needs at least one question.
pub async fn set_status(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    status: &str,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    if !matches!(status, "open" | "closed") {
        return Err(Fail::NotFound);
    }
    let tx = db.write().await?;
    let qq = load(&tx, &c, id).await?;
    if status == "open" && questions_of(&tx, qq.id).await?.is_empty() {
        return Err(Invalid::one(
            "form",
            "Acrescente pelo menos uma pergunta antes de abrir o questionário",
        )
        .into());
    }
    questionnaire::Entity::update_many()
        .col_expr(questionnaire::Column::Status, status.into())
        .col_expr(questionnaire::Column::UpdatedAt, Utc::now().into())
        .filter(questionnaire::Column::Id.eq(qq.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A question as a form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    pub id: String,
    /// Its place in writing order: the form field is `q{index}`.
    pub index: usize,
    /// Its number as shown (display order: "Geral" first, then by eixo).
    pub number: usize,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub text: String,
    pub options: Vec<(usize, String)>,
    /// Scale points.
    pub points: Vec<i32>,
    pub required: bool,
    /// "Eixo 1: …", or empty when the question has no eixo.
    pub eixo: String,
}

/// The questions under one heading: "Geral" (no eixo), then one per eixo.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionGroup {
    pub title: String,
    pub questions: Vec<QuestionView>,
}

/// A unit of the conference, for the unit selects and the per-unit links.
#[derive(Debug, Clone, Serialize)]
pub struct UnitOption {
    pub id: String,
    pub name: String,
    pub territory: String,
}

/// A questionnaire with its questions (the form, or the editor).
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    pub slug: String,
    pub conference_title: String,
    pub id: String,
    pub title: String,
    pub purpose: String,
    pub purpose_label: &'static str,
    pub intro: Option<String>,
    pub identified: bool,
    pub status: String,
    pub status_label: &'static str,
    /// In writing order (`index`).
    pub questions: Vec<QuestionView>,
    /// In display order, under their headings.
    pub groups: Vec<QuestionGroup>,
    /// Whether any question has an eixo (the headings are shown only then).
    pub grouped: bool,
    /// The conference's units, by territory and name.
    pub units: Vec<UnitOption>,
    /// The conference's eixos (id, "Eixo n: title"), for the editor.
    pub eixos: Vec<(String, String)>,
}

/// Heading of the questions without an eixo.
pub const GENERAL: &str = "Geral";

fn eixo_label(e: &eixo::Model) -> String {
    format!("Eixo {}: {}", e.number, e.title)
}

pub(crate) async fn eixos_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<eixo::Model>> {
    Ok(eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(conference_id))
        .order_by_asc(eixo::Column::Number)
        .all(db)
        .await?)
}

/// The conference's units with their territories' names, by territory position and name.
pub(crate) async fn units_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<(unit::Model, territory::Model)>> {
    let ts: HashMap<Uuid, territory::Model> = territory::Entity::find()
        .filter(territory::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let mut us: Vec<(unit::Model, territory::Model)> = unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(conference_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|u| ts.get(&u.territory_id).cloned().map(|t| (u, t)))
        .collect();
    us.sort_by(|a, b| {
        (a.1.position, &a.0.name)
            .cmp(&(b.1.position, &b.0.name))
            .then(a.0.id.cmp(&b.0.id))
    });
    Ok(us)
}

/// Questions grouped for display: (heading, indexes in writing order), "Geral" first (absent
/// when empty), then each eixo with questions by its number.
pub(crate) fn grouping(qs: &[question::Model], eixos: &[eixo::Model]) -> Vec<(String, Vec<usize>)> {
    let by_id: HashMap<Uuid, &eixo::Model> = eixos.iter().map(|e| (e.id, e)).collect();
    let of = |m: &question::Model| m.eixo_id.and_then(|e| by_id.get(&e).copied());
    let numbers: Vec<Option<i32>> = qs.iter().map(|m| of(m).map(|e| e.number)).collect();
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut last: Option<Option<Uuid>> = None;
    for i in qn::display_order(&numbers) {
        let e = of(&qs[i]);
        let key = e.map(|e| e.id);
        if last != Some(key) {
            groups.push((
                e.map(eixo_label).unwrap_or_else(|| GENERAL.to_owned()),
                Vec::new(),
            ));
            last = Some(key);
        }
        if let Some(g) = groups.last_mut() {
            g.1.push(i);
        }
    }
    groups
}

fn view(i: usize, m: &question::Model, eixo: String) -> QuestionView {
    let q = to_question(m);
    QuestionView {
        id: m.id.to_string(),
        index: i,
        number: i + 1,
        kind: q.kind.code(),
        kind_label: q.kind.label(),
        text: q.text,
        options: q.options.into_iter().enumerate().collect(),
        points: q.scale.map(|(a, b)| (a..=b).collect()).unwrap_or_default(),
        required: q.required,
        eixo,
    }
}

pub(crate) async fn form_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    q: questionnaire::Model,
) -> Result<Form, Fail> {
    let qs = questions_of(db, q.id).await?;
    let eixos = eixos_of(db, c.id).await?;
    let groups_idx = grouping(&qs, &eixos);
    let grouped = groups_idx.iter().any(|(t, _)| t != GENERAL);
    let mut questions: Vec<QuestionView> = qs
        .iter()
        .enumerate()
        .map(|(i, m)| view(i, m, String::new()))
        .collect();
    let mut number = 0;
    for (title, idx) in &groups_idx {
        for &i in idx {
            number += 1;
            questions[i].number = number;
            if title != GENERAL {
                questions[i].eixo = title.clone();
            }
        }
    }
    let groups = groups_idx
        .into_iter()
        .map(|(title, idx)| QuestionGroup {
            title,
            questions: idx.into_iter().map(|i| questions[i].clone()).collect(),
        })
        .collect();
    let units = units_of(db, c.id)
        .await?
        .into_iter()
        .map(|(u, t)| UnitOption {
            id: u.id.to_string(),
            name: u.name,
            territory: t.name,
        })
        .collect();
    Ok(Form {
        slug: c.slug.clone(),
        conference_title: c.title.clone(),
        id: q.id.to_string(),
        purpose_label: purpose_label(&q.purpose),
        status_label: status_label(&q.status),
        purpose: q.purpose,
        title: q.title,
        intro: q.intro,
        identified: q.identified,
        status: q.status,
        questions,
        groups,
        grouped,
        units,
        eixos: eixos
            .iter()
            .map(|e| (e.id.to_string(), eixo_label(e)))
            .collect(),
    })
}

/// The editor's view (any status).
pub async fn editor(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Form, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    let q = load(&db.conn, &c, id).await?;
    form_of(&db.conn, &c, q).await
}

/// The public form: only while open.
pub async fn public_form(db: &Db, slug: &str, id: &str) -> Result<Form, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let q = load(&db.conn, &c, id).await?;
    if q.status != "open" {
        return Err(Fail::NotFound);
    }
    form_of(&db.conn, &c, q).await
}

/// The paper-typing form (open or closed: forms arrive late).
pub async fn paper_form(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Form, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::TypePaperForms(scope))?;
    let q = load(&db.conn, &c, id).await?;
    if q.status == "draft" {
        return Err(Invalid::one(
            "form",
            "O questionário ainda está em preparação: abra-o antes de digitar formulários em papel",
        )
        .into());
    }
    form_of(&db.conn, &c, q).await
}

/// The questionnaire as the paper pages show it, whatever its status (to show a refusal next
/// to it), for staff who type paper forms.
pub async fn paper_view(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Form, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::TypePaperForms(scope))?;
    let q = load(&db.conn, &c, id).await?;
    form_of(&db.conn, &c, q).await
}

/// The conference's open evaluation, for the phone page's link.
pub async fn open_evaluation(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<questionnaire::Model>> {
    Ok(questionnaire::Entity::find()
        .filter(questionnaire::Column::ConferenceId.eq(conference_id))
        .filter(questionnaire::Column::Purpose.eq("evaluation"))
        .filter(questionnaire::Column::Status.eq("open"))
        .order_by_asc(questionnaire::Column::CreatedAt)
        .one(db)
        .await?)
}

fn respondent_key(questionnaire_id: Uuid, registration_id: Uuid) -> String {
    let mut h = Sha256::new();
    h.update(b"conferencia.questionnaire.respondent.v1");
    h.update(questionnaire_id.as_bytes());
    h.update(registration_id.as_bytes());
    hex::encode(h.finalize())
}

/// How a response arrived.
pub enum Channel<'a> {
    /// The public link; for an identified questionnaire, the registration code typed; for an
    /// anonymous one, the unit the link carried or the person chose, if any.
    Online {
        code: &'a str,
        unit: Option<unit::Model>,
    },
    /// A paired delegate phone: its registration.
    Phone { registration_id: Uuid },
    /// A paper form typed by staff.
    Paper {
        form_number: &'a str,
        typed_by: Uuid,
        unit: Option<unit::Model>,
    },
}

/// The unit named by `raw` (its id) in this conference: `Ok(None)` when blank, `Err(())` when
/// it names no unit of the conference.
pub(crate) async fn unit_in(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    raw: &str,
) -> Result<Option<unit::Model>, Fail> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let found = match Uuid::parse_str(raw) {
        Ok(id) => unit::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|u| u.conference_id == c.id),
        Err(_) => None,
    };
    found.map(Some).ok_or_else(|| {
        Invalid::one(
            "unidade",
            "Escolha a unidade da lista, ou deixe “Sem unidade”",
        )
        .into()
    })
}

/// A paper form's number as typed: a whole number from 1.
pub(crate) fn form_number(raw: &str) -> Result<i32, FieldError> {
    match raw.trim().parse::<i32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(FieldError::new(
            "form_number",
            "Informe o número impresso no formulário em papel (um número inteiro)",
        )),
    }
}

/// Checks and stores one response in one transaction. Every problem at once, nothing written
/// on error: an unanswered required question, a choice not in the list, an identified person
/// who answered already, a paper form number typed already.
async fn store_response(
    db: &Db,
    c: &conference::Model,
    q: &questionnaire::Model,
    raw: &[Vec<String>],
    channel: Channel<'_>,
    mut errs: Invalid,
) -> Result<Uuid, Fail> {
    let qs = questions_of(&db.conn, q.id).await?;
    let domain_qs: Vec<Question> = qs.iter().map(to_question).collect();
    let checked = match qn::answers(&domain_qs, raw) {
        Ok(a) => Some(a),
        Err(e) => {
            for x in e {
                errs.push(x);
            }
            None
        }
    };
    let mut key = None;
    let mut form_number = None;
    let mut typed_by = None;
    let mut unit = None;
    let mut territory = None;
    let channel_code = match channel {
        Channel::Online { code, unit: chosen } => {
            if q.identified {
                let code = code.trim().to_uppercase();
                match registration::Entity::find()
                    .filter(registration::Column::ConferenceId.eq(c.id))
                    .filter(registration::Column::Code.eq(code.clone()))
                    .filter(registration::Column::Status.eq("active"))
                    .one(&db.conn)
                    .await?
                {
                    Some(r) if !code.is_empty() => {
                        key = Some(respondent_key(q.id, r.id));
                        unit = r.unit_id;
                        territory = r.territory_id;
                    }
                    _ => errs.push(FieldError::new(
                        "code",
                        "Informe o código da sua inscrição (está no comprovante e no crachá)",
                    )),
                }
            } else if let Some(u) = chosen {
                unit = Some(u.id);
                territory = Some(u.territory_id);
            }
            "online"
        }
        Channel::Phone { registration_id } => {
            key = Some(respondent_key(q.id, registration_id));
            if let Some(r) = registration::Entity::find_by_id(registration_id)
                .one(&db.conn)
                .await?
            {
                unit = r.unit_id;
                territory = r.territory_id;
            }
            "phone"
        }
        Channel::Paper {
            form_number: n,
            typed_by: by,
            unit: u,
        } => {
            form_number = errs.take(self::form_number(n));
            typed_by = Some(by);
            unit = u.as_ref().map(|u| u.id);
            territory = u.as_ref().map(|u| u.territory_id);
            "paper"
        }
    };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let answers = checked.unwrap_or_default();
    let tx = db.write().await?;
    // Read again inside the transaction: the status may have changed.
    let fresh = questionnaire::Entity::find_by_id(q.id)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    if fresh.status != "open" && channel_code != "paper" {
        return Err(Invalid::one("form", "Este questionário não recebe mais respostas").into());
    }
    if let Some(k) = &key {
        let dup = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
            .filter(questionnaire_response::Column::RespondentKey.eq(k.clone()))
            .count(&tx)
            .await?;
        if dup > 0 {
            return Err(already_answered());
        }
    }
    if let Some(n) = form_number {
        let dup = questionnaire_response::Entity::find()
            .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
            .filter(questionnaire_response::Column::FormNumber.eq(n))
            .count(&tx)
            .await?;
        if dup > 0 {
            return Err(paper_typed(n));
        }
    }
    let id = Uuid::now_v7();
    let ins = questionnaire_response::Entity::insert(questionnaire_response::ActiveModel {
        id: Set(id),
        questionnaire_id: Set(q.id),
        conference_id: Set(c.id),
        channel: Set(channel_code.to_owned()),
        form_number: Set(form_number),
        typed_by: Set(typed_by),
        respondent_key: Set(key),
        unit_id: Set(unit),
        territory_id: Set(territory),
        submitted_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("ux_response_respondent") {
            return Err(already_answered());
        }
        if e.is_conflict_on("ux_response_form_number") {
            return Err(paper_typed(form_number.unwrap_or(0)));
        }
        return Err(e.into());
    }
    let rows: Vec<questionnaire_answer::ActiveModel> = qs
        .iter()
        .zip(answers)
        .filter_map(|(m, a)| {
            a.map(|a| questionnaire_answer::ActiveModel {
                response_id: Set(id),
                question_id: Set(m.id),
                value: Set(a.encode()),
            })
        })
        .collect();
    if !rows.is_empty() {
        questionnaire_answer::Entity::insert_many(rows)
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id)
}

fn already_answered() -> Fail {
    Invalid::one(
        "form",
        "Você já respondeu este questionário: cada pessoa responde uma vez",
    )
    .into()
}

fn paper_typed(n: i32) -> Fail {
    Invalid::one(
        "form_number",
        format!("O formulário em papel nº {n} já foi digitado neste questionário"),
    )
    .into()
}

/// An answer from the public link. `unit` is the unit id the link carried (`?unidade=`) or the
/// person chose: counted for an anonymous questionnaire, ignored when it names no unit of the
/// conference; an identified answer takes the unit of the person's registration instead.
pub async fn answer_online(
    db: &Db,
    slug: &str,
    id: &str,
    raw: &[Vec<String>],
    code: &str,
    unit: &str,
) -> Result<Uuid, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let q = load(&db.conn, &c, id).await?;
    if q.status != "open" {
        return Err(Fail::NotFound);
    }
    let unit = if q.identified {
        None
    } else {
        unit_in(&db.conn, &c, unit).await.ok().flatten()
    };
    store_response(
        db,
        &c,
        &q,
        raw,
        Channel::Online { code, unit },
        Invalid::default(),
    )
    .await
}

/// An answer from a paired delegate phone (its registration; one per person).
pub async fn answer_phone(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
    id: &str,
    raw: &[Vec<String>],
) -> Result<Uuid, Fail> {
    let q = load(&db.conn, c, id).await?;
    if q.status != "open" {
        return Err(Fail::NotFound);
    }
    store_response(
        db,
        c,
        &q,
        raw,
        Channel::Phone { registration_id },
        Invalid::default(),
    )
    .await
}

/// Whether this delegate answered the questionnaire already (the phone page says so).
pub async fn answered_by(
    db: &Db,
    questionnaire_id: Uuid,
    registration_id: Uuid,
) -> store::Result<bool> {
    Ok(questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(questionnaire_id))
        .filter(
            questionnaire_response::Column::RespondentKey
                .eq(respondent_key(questionnaire_id, registration_id)),
        )
        .count(&db.conn)
        .await?
        > 0)
}

/// A paper form typed in by staff, marked as paper with its number, who typed it and the unit
/// it counts for (optional; `unit` is its id, and one not of this conference is refused).
pub async fn answer_paper(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    form_number: &str,
    unit: &str,
    raw: &[Vec<String>],
) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::TypePaperForms(scope))?;
    let me = me.ok_or(Fail::NeedsLogin)?;
    let q = load(&db.conn, &c, id).await?;
    if q.status == "draft" {
        return Err(Invalid::one(
            "form",
            "O questionário ainda está em preparação: abra-o antes de digitar formulários em papel",
        )
        .into());
    }
    let mut errs = Invalid::default();
    let unit = match unit_in(&db.conn, &c, unit).await {
        Ok(u) => u,
        Err(Fail::Invalid(e)) => {
            errs.0.extend(e.0);
            None
        }
        Err(e) => return Err(e),
    };
    store_response(
        db,
        &c,
        &q,
        raw,
        Channel::Paper {
            form_number,
            typed_by: me.account.id,
            unit,
        },
        errs,
    )
    .await
}

/// Which responses the results count: all (both empty), a territory's or a unit's (ids).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResultsFilter {
    pub territory: String,
    pub unit: String,
}

/// How many responses a territory or a unit has.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceCount {
    pub name: String,
    /// The unit's territory (empty on territory rows).
    pub territory: String,
    pub count: u32,
}

/// The results of the questions under one heading ("Geral", or an eixo), with their numbers.
#[derive(Debug, Clone, Serialize)]
pub struct ResultGroup {
    pub title: String,
    pub items: Vec<(usize, QuestionResult)>,
}

/// A questionnaire's results.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    pub form: Form,
    /// Responses counted (those of the filter).
    pub respondents: u32,
    pub online: u32,
    pub phone: u32,
    pub paper: u32,
    /// In writing order.
    pub questions: Vec<QuestionResult>,
    /// In display order, under their headings.
    pub groups: Vec<ResultGroup>,
    pub filter: ResultsFilter,
    /// What the filter keeps ("Território Centro", "CRAS Centro"), or empty for all.
    pub filter_label: String,
    /// Every response of the questionnaire, whatever the filter.
    pub total: u32,
    /// Responses of each territory (every territory, then "Sem território" when any has none).
    pub by_territory: Vec<PlaceCount>,
    /// Responses of each unit (every unit, then "Sem unidade" when any has none).
    pub by_unit: Vec<PlaceCount>,
    /// (id, name) of the territories, for the filter.
    pub territories: Vec<(String, String)>,
}

async fn tally_in(
    db: &impl ConnectionTrait,
    q: &questionnaire::Model,
    keep: impl Fn(&questionnaire_response::Model) -> bool,
) -> store::Result<(Vec<QuestionResult>, HashMap<String, u32>, u32)> {
    let qs = questions_of(db, q.id).await?;
    let responses: Vec<questionnaire_response::Model> = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|r| keep(r))
        .collect();
    let kept: std::collections::HashSet<Uuid> = responses.iter().map(|r| r.id).collect();
    let mut by_channel: HashMap<String, u32> = HashMap::new();
    for r in &responses {
        *by_channel.entry(r.channel.clone()).or_default() += 1;
    }
    let answers = questionnaire_answer::Entity::find()
        .filter(
            questionnaire_answer::Column::QuestionId
                .is_in(qs.iter().map(|x| x.id).collect::<Vec<_>>()),
        )
        .order_by_asc(questionnaire_answer::Column::ResponseId)
        .all(db)
        .await?;
    let mut per: HashMap<Uuid, Vec<Answer>> = HashMap::new();
    let domain_qs: HashMap<Uuid, Question> = qs.iter().map(|m| (m.id, to_question(m))).collect();
    for a in answers {
        if !kept.contains(&a.response_id) {
            continue;
        }
        if let Some(q) = domain_qs.get(&a.question_id)
            && let Some(x) = Answer::decode(q, &a.value)
        {
            per.entry(a.question_id).or_default().push(x);
        }
    }
    let results = qs
        .iter()
        .map(|m| {
            let q = &domain_qs[&m.id];
            qn::tally(q, per.get(&m.id).map(Vec::as_slice).unwrap_or(&[]))
        })
        .collect();
    Ok((results, by_channel, responses.len() as u32))
}

/// The results, of every response or of a territory's or a unit's (`filter`; an id that names
/// no territory or unit of the conference is refused), with the counts per territory and unit.
pub async fn results(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    filter: &ResultsFilter,
) -> Result<Results, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageQuestionnaires(scope))?;
    let q = load(&db.conn, &c, id).await?;
    let units = units_of(&db.conn, c.id).await?;
    let territories = territory::Entity::find()
        .filter(territory::Column::ConferenceId.eq(c.id))
        .order_by_asc(territory::Column::Position)
        .all(&db.conn)
        .await?;
    let mut errs = Invalid::default();
    let pick = |raw: &str| Uuid::parse_str(raw.trim()).ok();
    let want_t = if filter.territory.trim().is_empty() {
        None
    } else {
        let t = pick(&filter.territory).and_then(|x| territories.iter().find(|t| t.id == x));
        if t.is_none() {
            errs.push(FieldError::new(
                "territorio",
                "Escolha um dos territórios da lista",
            ));
        }
        t
    };
    let want_u = if filter.unit.trim().is_empty() {
        None
    } else {
        let u = pick(&filter.unit).and_then(|x| units.iter().find(|(u, _)| u.id == x));
        if u.is_none() {
            errs.push(FieldError::new(
                "unidade",
                "Escolha uma das unidades da lista",
            ));
        }
        u
    };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let (t_id, u_id) = (want_t.map(|t| t.id), want_u.map(|(u, _)| u.id));
    let (questions, by, counted) = tally_in(&db.conn, &q, |r| {
        t_id.is_none_or(|t| r.territory_id == Some(t)) && u_id.is_none_or(|u| r.unit_id == Some(u))
    })
    .await?;
    // Counts per territory and unit, over every response.
    let all = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(q.id))
        .all(&db.conn)
        .await?;
    let mut per_t: HashMap<Option<Uuid>, u32> = HashMap::new();
    let mut per_u: HashMap<Option<Uuid>, u32> = HashMap::new();
    for r in &all {
        *per_t.entry(r.territory_id).or_default() += 1;
        *per_u.entry(r.unit_id).or_default() += 1;
    }
    let mut by_territory: Vec<PlaceCount> = territories
        .iter()
        .map(|t| PlaceCount {
            name: t.name.clone(),
            territory: String::new(),
            count: per_t.get(&Some(t.id)).copied().unwrap_or(0),
        })
        .collect();
    let known_t = by_territory.iter().map(|p| p.count).sum::<u32>();
    if (all.len() as u32) > known_t {
        by_territory.push(PlaceCount {
            name: "Sem território".into(),
            territory: String::new(),
            count: all.len() as u32 - known_t,
        });
    }
    let mut by_unit: Vec<PlaceCount> = units
        .iter()
        .map(|(u, t)| PlaceCount {
            name: u.name.clone(),
            territory: t.name.clone(),
            count: per_u.get(&Some(u.id)).copied().unwrap_or(0),
        })
        .collect();
    let known_u = by_unit.iter().map(|p| p.count).sum::<u32>();
    if (all.len() as u32) > known_u {
        by_unit.push(PlaceCount {
            name: "Sem unidade".into(),
            territory: String::new(),
            count: all.len() as u32 - known_u,
        });
    }
    let filter_label = match (want_t, want_u) {
        (Some(t), Some((u, _))) => format!("{} · {}", t.name, u.name),
        (Some(t), None) => t.name.clone(),
        (None, Some((u, _))) => u.name.clone(),
        (None, None) => String::new(),
    };
    let form = form_of(&db.conn, &c, q).await?;
    let groups = form
        .groups
        .iter()
        .map(|g| ResultGroup {
            title: g.title.clone(),
            items: g
                .questions
                .iter()
                .map(|v| (v.number, questions[v.index].clone()))
                .collect(),
        })
        .collect();
    Ok(Results {
        form,
        respondents: counted,
        online: by.get("online").copied().unwrap_or(0),
        phone: by.get("phone").copied().unwrap_or(0),
        paper: by.get("paper").copied().unwrap_or(0),
        questions,
        groups,
        filter: filter.clone(),
        filter_label,
        total: all.len() as u32,
        by_territory,
        by_unit,
        territories: territories
            .iter()
            .map(|t| (t.id.to_string(), t.name.clone()))
            .collect(),
    })
}

/// The results as CSV (`;`, UTF-8 with BOM, formula-safe: [`domain::csv_text`]): one row per
/// question and option or scale point, and one per text answer kept as a sample, in display
/// order with each question's eixo. Only the responses of the results' filter count.
pub fn results_csv(r: &Results) -> Vec<u8> {
    let mut w = domain::csv_text::Writer::new();
    w.row([
        "eixo",
        "pergunta",
        "tipo",
        "respostas",
        "opcao",
        "quantidade",
        "media",
    ]);
    for g in &r.groups {
        for (_, q) in &g.items {
            let mean = q
                .mean
                .map(|m| format!("{m:.2}").replace('.', ","))
                .unwrap_or_default();
            let answered = q.answered.to_string();
            if q.options.is_empty() {
                for s in &q.samples {
                    w.row([&g.title, &q.text, &q.kind, &answered, s, "", ""]);
                }
                if q.samples.is_empty() {
                    w.row([&g.title, &q.text, &q.kind, &answered, "", "", ""]);
                }
            }
            for o in &q.options {
                w.row([
                    &g.title,
                    &q.text,
                    &q.kind,
                    &answered,
                    &o.label,
                    &o.count.to_string(),
                    &mean,
                ]);
            }
        }
    }
    w.finish()
}

/// The responses per unit as CSV (`;`, UTF-8 with BOM): territory, unit, responses; every unit
/// (also those without a response), then the responses without a unit.
pub fn units_csv(r: &Results) -> Vec<u8> {
    let mut w = domain::csv_text::Writer::new();
    w.row(["territorio", "unidade", "respostas"]);
    for u in &r.by_unit {
        w.row([&u.territory, &u.name, &u.count.to_string()]);
    }
    w.finish()
}

/// The evaluation section of the final report: the conference's first evaluation questionnaire
/// with responses, tallied (inside the report's snapshot transaction).
pub(crate) async fn evaluation_in(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Option<Evaluation>> {
    let qs = questionnaire::Entity::find()
        .filter(questionnaire::Column::ConferenceId.eq(conference_id))
        .filter(questionnaire::Column::Purpose.eq("evaluation"))
        .filter(questionnaire::Column::Status.ne("draft"))
        .order_by_asc(questionnaire::Column::CreatedAt)
        .all(db)
        .await?;
    let Some(q) = qs.into_iter().next() else {
        return Ok(None);
    };
    let (questions, by, total) = tally_in(db, &q, |_| true).await?;
    Ok(Some(Evaluation {
        respondents: total,
        on_paper: by.get("paper").copied().unwrap_or(0),
        questions,
    }))
}
