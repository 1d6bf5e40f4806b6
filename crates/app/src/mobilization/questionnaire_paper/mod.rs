//! Paper questionnaire forms: the printable forms, each with its number
//! ("Formulário nº 0001") and, optionally, the unit it is for; and the optional second typing of
//! a typed form ("Conferência da digitação", ADR 0023), stored apart from the first typing and
//! compared with it answer by answer. A form whose two typings differ waits on a page where
//! staff keep the first typing or adopt the second (which then replaces the stored answers, in
//! one transaction). Everything here is for staff who may type paper forms (`TypePaperForms`).

use crate::Fail;
use domain::Invalid;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use store::entities::questionnaire::QuestionnaireStatus;
use store::entities::{questionnaire, questionnaire_answer};
use uuid::Uuid;

mod differences;
mod printing;
mod retype;

pub use differences::*;
pub use printing::*;
pub use retype::*;

/// At most this many forms in one file.
pub const MAX_FORMS: i32 = 500;
/// The highest first number (keeps "nº" readable and the arithmetic far from overflow).
pub const MAX_START: i32 = 999_999;

fn not_draft(q: &questionnaire::Model) -> Result<(), Fail> {
    if q.status == QuestionnaireStatus::Draft {
        return Err(Invalid::one(
            "form",
            "O questionário ainda está em preparação: abra-o antes de imprimir ou digitar formulários em papel",
        )
        .into());
    }
    Ok(())
}

/// A form's number as printed: at least four digits.
pub fn printed_number(n: i32) -> String {
    format!("{n:04}")
}

/// The answers of the first typing of response `response_id`, by question.
async fn first_answers(
    db: &impl ConnectionTrait,
    response_id: Uuid,
) -> store::Result<HashMap<Uuid, String>> {
    Ok(questionnaire_answer::Entity::find()
        .filter(questionnaire_answer::Column::ResponseId.eq(response_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.question_id, a.value))
        .collect())
}
