//! Results per question, the CSVs and the evaluation section of the final report.

use super::forms::Form;
use super::forms::form_of;
use super::forms::units_of;
use super::load;
use super::questions_of;
use super::to_question;
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use domain::policy::Action;
use domain::questionnaire::{self as qn, Answer, Question};
use domain::report::{Evaluation, QuestionResult};
use domain::{FieldError, Invalid};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{questionnaire, questionnaire_answer, questionnaire_response};
use uuid::Uuid;

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
    let c = authorize(db, me, slug, Action::ManageQuestionnaires).await?;
    let q = load(&db.conn, &c, id).await?;
    let units = units_of(&db.conn, c.id).await?;
    let territories = crate::mobilization::shared::territories_in_order(&db.conn, c.id).await?;
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
        .filter(questionnaire::Column::Status.ne(QuestionnaireStatus::Draft))
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
