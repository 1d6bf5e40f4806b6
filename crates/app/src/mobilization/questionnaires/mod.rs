//! Questionnaires (the engine issue 6 reuses): the commission builds a
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
use crate::mobilization::shared::found;
use crate::platform::auth::parse_id;
use domain::questionnaire::{Question, QuestionKind};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{conference, question, questionnaire};
use uuid::Uuid;

mod answers;
mod editing;
mod forms;
mod results;

pub use answers::*;
pub use editing::*;
pub use forms::*;
pub use results::*;

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

fn status_label(status: QuestionnaireStatus) -> &'static str {
    match status {
        QuestionnaireStatus::Draft => "Em preparação",
        QuestionnaireStatus::Open => "Aberto para respostas",
        QuestionnaireStatus::Closed => "Encerrado",
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

/// Questionnaire `id` of conference `c`.
pub(crate) async fn load(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: &str,
) -> Result<questionnaire::Model, Fail> {
    found::<questionnaire::Entity>(db, parse_id(id)?, |q| q.conference_id == c.id).await
}
