//! Forms whose two typings differ: the page that lists them and the decision on each.

use super::first_answers;
use crate::Fail;
use crate::mobilization::questionnaires::{self as qs, Form, form_of, questions_of, to_question};
use crate::mobilization::shared::found;
use crate::platform::auth::{Me, authorize, parse_id};
use chrono::Utc;
use domain::Invalid;
use domain::policy::Action;
use domain::questionnaire::{self as qn, Answer, Question};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};
use store::Db;
use store::entities::{
    account, questionnaire_answer, questionnaire_response, questionnaire_retype, unit,
};
use uuid::Uuid;

/// One question of a form whose typings differ.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DiffRow {
    pub label: String,
    pub first: String,
    pub second: String,
}

/// A form whose two typings differ, waiting for staff.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Difference {
    pub retype_id: String,
    pub form_number: i32,
    pub first_by: String,
    pub second_by: String,
    pub rows: Vec<DiffRow>,
}

/// The page of second typings.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Differences {
    pub form: Form,
    /// Forms typed twice.
    pub retyped: usize,
    /// Of those, how many agreed.
    pub same: usize,
    /// Of those, how many differed and were decided.
    pub resolved: usize,
    /// The forms whose typings differ and wait, by number.
    pub pending: Vec<Difference>,
}

const UNANSWERED: &str = "(sem resposta)";

/// An answer as a person reads it: the options' labels, the number, the text.
fn shown(q: &Question, v: Option<&str>) -> String {
    let Some(v) = v.filter(|v| !v.trim().is_empty()) else {
        return UNANSWERED.to_owned();
    };
    match Answer::decode(q, v) {
        Some(Answer::Choices(ix)) => ix
            .iter()
            .map(|i| q.options.get(*i).cloned().unwrap_or_else(|| i.to_string()))
            .collect::<Vec<_>>()
            .join("; "),
        Some(Answer::Scale(n)) => n.to_string(),
        Some(Answer::Text(t)) => t,
        None => v.to_owned(),
    }
}

/// The second typings of a questionnaire: how many agreed, and each form whose typings differ
/// with, per differing question, the first and the second value.
pub async fn differences(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
) -> Result<Differences, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let q = qs::load(&db.conn, &c, id).await?;
    let qs_models = questions_of(&db.conn, q.id).await?;
    let retypes = questionnaire_retype::Entity::find()
        .filter(questionnaire_retype::Column::QuestionnaireId.eq(q.id))
        .order_by_asc(questionnaire_retype::Column::TypedAt)
        .all(&db.conn)
        .await?;
    let f = form_of(&db.conn, &c, q).await?;
    let units: HashMap<Uuid, String> = qs::units_of(&db.conn, c.id)
        .await?
        .into_iter()
        .map(|(u, _)| (u.id, u.name))
        .collect();
    let unit_shown = |u: Option<Uuid>| {
        u.map(|u| {
            units
                .get(&u)
                .cloned()
                .unwrap_or_else(|| "(unidade removida)".into())
        })
        .unwrap_or_else(|| "Sem unidade".into())
    };
    let mut names: HashMap<Uuid, String> = HashMap::new();
    let mut pending = Vec::new();
    for r in retypes.iter().filter(|r| r.resolution.is_none()) {
        let Some(resp) = questionnaire_response::Entity::find_by_id(r.response_id)
            .one(&db.conn)
            .await?
        else {
            continue;
        };
        let first = first_answers(&db.conn, resp.id).await?;
        let second: BTreeMap<String, String> = serde_json::from_str(&r.answers).unwrap_or_default();
        let mut rows = Vec::new();
        if resp.unit_id != r.unit_id {
            rows.push(DiffRow {
                label: "Unidade".into(),
                first: unit_shown(resp.unit_id),
                second: unit_shown(r.unit_id),
            });
        }
        for g in &f.groups {
            for v in &g.questions {
                let m = &qs_models[v.index];
                let a = first.get(&m.id).map(String::as_str);
                let b = second.get(&m.id.to_string()).map(String::as_str);
                if !qn::same_typing(a, b) {
                    let dq = to_question(m);
                    rows.push(DiffRow {
                        label: format!("{}. {}", v.number, v.text),
                        first: shown(&dq, a),
                        second: shown(&dq, b),
                    });
                }
            }
        }
        for who in [resp.typed_by, Some(r.typed_by)].into_iter().flatten() {
            if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(who) {
                let n = account::Entity::find_by_id(who)
                    .one(&db.conn)
                    .await?
                    .map(|a| a.display_name)
                    .unwrap_or_default();
                slot.insert(n);
            }
        }
        pending.push(Difference {
            retype_id: r.id.to_string(),
            form_number: resp.form_number.unwrap_or(0),
            first_by: resp
                .typed_by
                .and_then(|x| names.get(&x).cloned())
                .unwrap_or_default(),
            second_by: names.get(&r.typed_by).cloned().unwrap_or_default(),
            rows,
        });
    }
    pending.sort_by_key(|d| d.form_number);
    Ok(Differences {
        form: f,
        retyped: retypes.len(),
        same: retypes
            .iter()
            .filter(|r| r.resolution.as_deref() == Some("same"))
            .count(),
        resolved: retypes
            .iter()
            .filter(|r| matches!(r.resolution.as_deref(), Some("first" | "second")))
            .count(),
        pending,
    })
}

/// Decides a form whose typings differ: `first` keeps the stored answers, `second` replaces
/// them (and the unit) with the second typing's, in one transaction. Returns the form's number.
pub async fn resolve(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    retype_id: &str,
    choice: &str,
) -> Result<i32, Fail> {
    let c = authorize(db, me, slug, Action::TypePaperForms).await?;
    let me = me.ok_or(Fail::NeedsLogin)?;
    let choice = match choice.trim() {
        "first" => "first",
        "second" => "second",
        _ => {
            return Err(Invalid::one(
                "escolha",
                "Escolha qual digitação fica: a primeira ou a segunda",
            )
            .into());
        }
    };
    let rid = parse_id(retype_id)?;
    let q = qs::load(&db.conn, &c, id).await?;
    let tx = db.write().await?;
    let r = found::<questionnaire_retype::Entity>(&tx, rid, |r| r.questionnaire_id == q.id).await?;
    let resp = questionnaire_response::Entity::find_by_id(r.response_id)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let n = resp.form_number.unwrap_or(0);
    // Guarded: only a waiting difference is decided, once.
    let done = questionnaire_retype::Entity::update_many()
        .col_expr(questionnaire_retype::Column::Resolution, choice.into())
        .col_expr(
            questionnaire_retype::Column::ResolvedBy,
            Some(me.account.id).into(),
        )
        .col_expr(
            questionnaire_retype::Column::ResolvedAt,
            Some(Utc::now()).into(),
        )
        .filter(questionnaire_retype::Column::Id.eq(r.id))
        .filter(questionnaire_retype::Column::Resolution.is_null())
        .exec(&tx)
        .await?;
    if done.rows_affected == 0 {
        return Err(Invalid::one(
            "form",
            format!("As diferenças do formulário nº {n} já foram resolvidas"),
        )
        .into());
    }
    if choice == "second" {
        let qs_models = questions_of(&tx, q.id).await?;
        let second: BTreeMap<String, String> = serde_json::from_str(&r.answers).map_err(|e| {
            store::Error::Other(format!("second typing of form {n} unreadable: {e}"))
        })?;
        questionnaire_answer::Entity::delete_many()
            .filter(questionnaire_answer::Column::ResponseId.eq(resp.id))
            .exec(&tx)
            .await?;
        let rows: Vec<questionnaire_answer::ActiveModel> = qs_models
            .iter()
            .filter_map(|m| {
                second
                    .get(&m.id.to_string())
                    .map(|v| questionnaire_answer::ActiveModel {
                        response_id: Set(resp.id),
                        question_id: Set(m.id),
                        value: Set(v.clone()),
                    })
            })
            .collect();
        if !rows.is_empty() {
            questionnaire_answer::Entity::insert_many(rows)
                .exec(&tx)
                .await?;
        }
        let territory = match r.unit_id {
            Some(u) => unit::Entity::find_by_id(u)
                .one(&tx)
                .await?
                .map(|u| u.territory_id),
            None => None,
        };
        questionnaire_response::Entity::update_many()
            .col_expr(questionnaire_response::Column::UnitId, r.unit_id.into())
            .col_expr(
                questionnaire_response::Column::TerritoryId,
                territory.into(),
            )
            .filter(questionnaire_response::Column::Id.eq(resp.id))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, questionnaire = %q.id, form = n, choice, "paper typing difference resolved");
    Ok(n)
}
