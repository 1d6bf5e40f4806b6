//! The second typing of a paper form, stored apart and compared with the first.

use super::{first_answers, not_draft};
use crate::Fail;
use crate::mobilization::questionnaires::{self as qs, questions_of, to_question};
use crate::platform::auth::Me;
use chrono::Utc;
use domain::questionnaire::{self as qn, Question};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};
use store::Db;
use store::entities::{question, questionnaire_response, questionnaire_retype};
use uuid::Uuid;

/// What a second typing found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetypeOutcome {
    pub form_number: i32,
    /// How many answers (and the unit) differ from the first typing; 0 = the same.
    pub differences: usize,
}

fn never_typed(n: i32) -> FieldError {
    FieldError::new(
        "form_number",
        format!("O formulário nº {n} ainda não foi digitado: digite-o primeiro"),
    )
}

fn already_retyped(n: i32) -> FieldError {
    FieldError::new(
        "form_number",
        format!(
            "O formulário nº {n} já foi digitado pela segunda vez: veja as diferenças, se houver"
        ),
    )
}
/// Per question (writing order), whether both typings agree.
fn compare(
    qs_models: &[question::Model],
    first: &HashMap<Uuid, String>,
    second: &BTreeMap<String, String>,
) -> Vec<bool> {
    qs_models
        .iter()
        .map(|m| {
            qn::same_typing(
                first.get(&m.id).map(String::as_str),
                second.get(&m.id.to_string()).map(String::as_str),
            )
        })
        .collect()
}

/// Types a paper form a second time: the same checks as the first typing, for a form number
/// typed already and not yet typed twice. Stored apart (`questionnaire_retype`) and compared
/// answer by answer with the first typing, which stays as it is. Every problem at once, nothing
/// written on error.
pub async fn retype(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    form_number: &str,
    unit: &str,
    raw: &[Vec<String>],
) -> Result<RetypeOutcome, Fail> {
    let (c, me, q) = qs::typing(db, me, slug, id).await?;
    not_draft(&q)?;
    let qs_models = questions_of(&db.conn, q.id).await?;
    let domain_qs: Vec<Question> = qs_models.iter().map(to_question).collect();
    let mut errs = Invalid::default();
    let number = errs.take(qs::form_number(form_number));
    let unit = qs::unit_noted(&db.conn, &c, unit, &mut errs).await?;
    let checked = match qn::answers(&domain_qs, raw) {
        Ok(a) => Some(a),
        Err(e) => {
            errs.0.extend(e);
            None
        }
    };
    if let Some(n) = number
        && let Err(e) = retypable(&db.conn, q.id, n).await?
    {
        errs.0.insert(0, e);
    }
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let (Some(n), Some(checked)) = (number, checked) else {
        return Err(errs.into());
    };
    let second: BTreeMap<String, String> = qs_models
        .iter()
        .zip(&checked)
        .filter_map(|(m, a)| a.as_ref().map(|a| (m.id.to_string(), a.encode())))
        .collect();
    let tx = db.write().await?;
    let response = match retypable(&tx, q.id, n).await? {
        Ok(r) => r,
        Err(e) => return Err(Invalid(vec![e]).into()),
    };
    let first = first_answers(&tx, response.id).await?;
    let same = compare(&qs_models, &first, &second);
    let unit_id = unit.as_ref().map(|u| u.id);
    let differences =
        same.iter().filter(|s| !**s).count() + usize::from(response.unit_id != unit_id);
    let ins = questionnaire_retype::Entity::insert(questionnaire_retype::ActiveModel {
        id: Set(Uuid::now_v7()),
        questionnaire_id: Set(q.id),
        response_id: Set(response.id),
        answers: Set(serde_json::to_string(&second)
            .map_err(|e| store::Error::Other(format!("second typing as JSON: {e}")))?),
        unit_id: Set(unit_id),
        typed_by: Set(me.account.id),
        typed_at: Set(Utc::now()),
        resolution: Set((differences == 0).then(|| "same".to_owned())),
        resolved_by: Set(None),
        resolved_at: Set(None),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("ux_retype_response") {
            return Err(Invalid(vec![already_retyped(n)]).into());
        }
        return Err(e.into());
    }
    tx.commit().await?;
    Ok(RetypeOutcome {
        form_number: n,
        differences,
    })
}

/// The first typing of form `n`, if it may be typed a second time; else why not.
async fn retypable(
    db: &impl ConnectionTrait,
    questionnaire_id: Uuid,
    n: i32,
) -> store::Result<Result<questionnaire_response::Model, FieldError>> {
    let Some(r) = questionnaire_response::Entity::find()
        .filter(questionnaire_response::Column::QuestionnaireId.eq(questionnaire_id))
        .filter(questionnaire_response::Column::FormNumber.eq(n))
        .one(db)
        .await?
    else {
        return Ok(Err(never_typed(n)));
    };
    let done = questionnaire_retype::Entity::find()
        .filter(questionnaire_retype::Column::ResponseId.eq(r.id))
        .one(db)
        .await?;
    Ok(if done.is_some() {
        Err(already_retyped(n))
    } else {
        Ok(r)
    })
}
