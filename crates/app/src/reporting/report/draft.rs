//! What the commission types: the fields the data cannot say.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::policy::Action;
use domain::report::ExtraAnswer;
use domain::report::{self as rm};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{conference, report_draft};

#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftInput {
    pub total_hours: String,
    pub accessibility: String,
    pub notes: String,
    /// The answers to the state's extra questions by field (`extra_1`, …; ADR 0036).
    pub extra: HashMap<String, String>,
}

/// One extra question of the state's orientation, as the draft form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ExtraField {
    /// `extra_1`, …
    pub name: String,
    pub question: String,
    pub value: String,
}

fn saved_answers(d: Option<&report_draft::Model>) -> Vec<ExtraAnswer> {
    d.and_then(|d| d.extra_answers.as_deref())
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

/// The questions the parent's orientation asks (none without a published orientation).
async fn questions_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<String>> {
    Ok(crate::setup::orientation::of_parent(db, c)
        .await?
        .map(|p| p.orientation.questions)
        .unwrap_or_default())
}

/// The extra answers the report carries: the parent's current questions, each with the answer
/// saved for it (blank when none); without an orientation, the answers saved before.
pub(crate) async fn extra_answers_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    d: Option<&report_draft::Model>,
) -> store::Result<Vec<ExtraAnswer>> {
    let saved = saved_answers(d);
    if c.parent_id.is_none() {
        return Ok(saved);
    }
    let qs = questions_of(db, c).await?;
    if qs.is_empty() {
        return Ok(saved.into_iter().filter(|a| !a.answer.is_empty()).collect());
    }
    Ok(qs
        .into_iter()
        .map(|q| ExtraAnswer {
            answer: saved
                .iter()
                .find(|a| a.question == q)
                .map(|a| a.answer.clone())
                .unwrap_or_default(),
            question: q,
        })
        .collect())
}

/// The state's extra questions with what was typed (`input`) or saved.
pub async fn extra_fields(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &DraftInput,
) -> Result<Vec<ExtraField>, Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let qs = questions_of(&db.conn, &c).await?;
    Ok(qs
        .into_iter()
        .enumerate()
        .map(|(n, q)| {
            let name = domain::orientation::answer_field(n);
            ExtraField {
                value: input.extra.get(&name).cloned().unwrap_or_default(),
                name,
                question: q,
            }
        })
        .collect())
}

/// "12,5" or "12.5" or "12" → minutes; 0 < h ≤ 300.
pub fn parse_hours(s: &str) -> Result<Option<i32>, FieldError> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        FieldError::new(
            "total_hours",
            "Informe o total de horas como um número, por exemplo 12 ou 12,5",
        )
    };
    let h: f64 = t.replace(',', ".").parse().map_err(|_| bad())?;
    if !h.is_finite() || h <= 0.0 {
        return Err(bad());
    }
    if h > 300.0 {
        return Err(FieldError::new(
            "total_hours",
            "O total de horas passa de 300: confira o número (some só as horas da conferência, sem os eventos preparatórios)",
        ));
    }
    Ok(Some((h * 60.0).round() as i32))
}

/// The draft's fields as the form shows them.
pub async fn draft(db: &Db, me: Option<&Me>, slug: &str) -> Result<DraftInput, Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let d = report_draft::Entity::find_by_id(c.id).one(&db.conn).await?;
    let answers = extra_answers_of(&db.conn, &c, d.as_ref()).await?;
    let extra = answers
        .into_iter()
        .enumerate()
        .map(|(n, a)| (domain::orientation::answer_field(n), a.answer))
        .collect();
    Ok(match d {
        Some(d) => DraftInput {
            total_hours: d
                .total_minutes
                .map(|m| rm::hours_pt(f64::from(m) / 60.0))
                .unwrap_or_default(),
            accessibility: d.accessibility,
            notes: d.notes.unwrap_or_default(),
            extra,
        },
        None => DraftInput {
            extra,
            ..DraftInput::default()
        },
    })
}

/// Saves what the commission types. Every field is checked first; nothing is written on error.
pub async fn save_draft(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &DraftInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::ManageReport).await?;
    let mut errs = Invalid::default();
    let minutes = match parse_hours(&input.total_hours) {
        Ok(m) => m,
        Err(e) => {
            errs.push(e);
            None
        }
    };
    let lines: Vec<&str> = input
        .accessibility
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 40 {
        errs.push(FieldError::new(
            "accessibility",
            "Liste no máximo 40 recursos de acessibilidade, um por linha",
        ));
    } else if lines.iter().any(|l| l.chars().count() > 300) {
        errs.push(FieldError::new(
            "accessibility",
            "Cada recurso de acessibilidade deve ter no máximo 300 caracteres",
        ));
    }
    let notes = input.notes.trim();
    if notes.chars().count() > 10_000 {
        errs.push(FieldError::new(
            "notes",
            "As observações devem ter no máximo 10.000 caracteres",
        ));
    }
    let questions = questions_of(&db.conn, &c).await?;
    let answers = match domain::orientation::parse_answers(&questions, &input.extra) {
        Ok(a) => a,
        Err(e) => {
            for f in e.0 {
                errs.push(f);
            }
            Vec::new()
        }
    };
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let tx = db.write().await?;
    let row = report_draft::ActiveModel {
        conference_id: Set(c.id),
        total_minutes: Set(minutes),
        accessibility: Set(lines.join("\n")),
        notes: Set((!notes.is_empty()).then(|| notes.to_owned())),
        extra_answers: Set(if answers.is_empty() {
            None
        } else {
            serde_json::to_string(&answers).ok()
        }),
        updated_by: Set(me.map(|m| m.account.id)),
        updated_at: Set(Utc::now()),
    };
    if report_draft::Entity::find_by_id(c.id)
        .one(&tx)
        .await?
        .is_some()
    {
        report_draft::Entity::update(row).exec(&tx).await?;
    } else {
        report_draft::Entity::insert(row).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
