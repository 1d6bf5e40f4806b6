//! What the commission types: the fields the data cannot say.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::policy::Action;
use domain::report::{self as rm};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::EntityTrait;
use serde::Serialize;
use store::Db;
use store::entities::report_draft;

#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftInput {
    pub total_hours: String,
    pub accessibility: String,
    pub notes: String,
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
    Ok(
        match report_draft::Entity::find_by_id(c.id).one(&db.conn).await? {
            Some(d) => DraftInput {
                total_hours: d
                    .total_minutes
                    .map(|m| rm::hours_pt(f64::from(m) / 60.0))
                    .unwrap_or_default(),
                accessibility: d.accessibility,
                notes: d.notes.unwrap_or_default(),
            },
            None => DraftInput::default(),
        },
    )
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
    if !errs.is_empty() {
        return Err(errs.into());
    }
    let tx = db.write().await?;
    let row = report_draft::ActiveModel {
        conference_id: Set(c.id),
        total_minutes: Set(minutes),
        accessibility: Set(lines.join("\n")),
        notes: Set((!notes.is_empty()).then(|| notes.to_owned())),
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
