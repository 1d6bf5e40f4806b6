//! A questionnaire as a form shows it (editor, public link, paper form).

use super::load;
use super::purpose_label;
use super::questions_of;
use super::status_label;
use super::to_question;
use super::typeable;
use crate::Fail;
use crate::mobilization::shared::eixo_label;
/// Also reached as `questionnaires::eixos_of` by the plenary's groups overview.
pub(crate) use crate::mobilization::shared::eixos_of;
use crate::platform::auth::{Me, authorize, conference_scope};
use domain::policy::Action;
use domain::questionnaire::{self as qn};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{conference, eixo, question, questionnaire, territory, unit};
use uuid::Uuid;

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

/// The conference's units with their territories' names, by territory position and name.
pub(crate) async fn units_of(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<Vec<(unit::Model, territory::Model)>> {
    let ts: HashMap<Uuid, territory::Model> =
        crate::mobilization::shared::network_territories(conference_id)
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect();
    let mut us: Vec<(unit::Model, territory::Model)> =
        crate::mobilization::shared::listed_units(conference_id)
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
        status_label: status_label(q.status),
        purpose: q.purpose,
        title: q.title,
        intro: q.intro,
        identified: q.identified,
        status: q.status.code().into(),
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
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let q = load(&db.conn, &c, id).await?;
    form_of(&db.conn, &c, q).await
}

/// The public form: only while open.
pub async fn public_form(db: &Db, slug: &str, id: &str) -> Result<Form, Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let q = load(&db.conn, &c, id).await?;
    if q.status != QuestionnaireStatus::Open {
        return Err(Fail::NotFound);
    }
    form_of(&db.conn, &c, q).await
}

/// The paper-typing form (open or closed: forms arrive late).
pub async fn paper_form(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Form, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let q = load(&db.conn, &c, id).await?;
    typeable(&q)?;
    form_of(&db.conn, &c, q).await
}

/// The questionnaire as the paper pages show it, whatever its status (to show a refusal next
/// to it), for staff who type paper forms.
pub async fn paper_view(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<Form, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
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
        .filter(questionnaire::Column::Status.eq(questionnaire::QuestionnaireStatus::Open))
        .order_by_asc(questionnaire::Column::CreatedAt)
        .one(db)
        .await?)
}
