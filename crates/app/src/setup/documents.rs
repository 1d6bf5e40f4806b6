//! Printed documents of a conference for staff: badge sheets (crachás) per unit or for a batch of
//! codes, and the attendance list (lista de presença) of a day with signature lines.

use crate::Fail;
use crate::participants::short_category;
use crate::platform::auth::{Me, allow, authorize, conference_scope};
use crate::platform::pdf::typeset;
use chrono::NaiveDate;
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::Segment;
use domain::{FieldError, Invalid};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{checkin, conference, registration, unit};
use uuid::Uuid;

/// At most this many badges in one file (100 sheets); bigger batches go per unit or by codes.
pub const MAX_BADGES: usize = 800;

/// Which badges to print.
#[derive(Debug, Clone, Default)]
pub struct BadgeSelection {
    /// A unit's id (as typed in the query string).
    pub unit: String,
    /// Registration codes separated by commas, spaces or new lines.
    pub codes: String,
}

fn segment_of(r: &registration::Model) -> Option<Segment> {
    r.segment.as_deref().and_then(|s| Segment::parse(s).ok())
}

/// The registrations chosen for badges, active only, in name order.
async fn selected(
    db: &Db,
    c: &conference::Model,
    sel: &BadgeSelection,
) -> Result<Vec<registration::Model>, Fail> {
    let mut q = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .order_by_asc(registration::Column::SearchKey);
    if !sel.unit.trim().is_empty() {
        let id = Uuid::parse_str(sel.unit.trim()).ok();
        let known = match id {
            Some(id) => {
                crate::mobilization::shared::conference_units(c.id)
                    .filter(unit::Column::Id.eq(id))
                    .one(&db.conn)
                    .await?
            }
            None => None,
        };
        let Some(u) = known else {
            return Err(Invalid::one("unidade", "Unidade não encontrada nesta conferência").into());
        };
        q = q.filter(registration::Column::UnitId.eq(u.id));
    }
    if !sel.codes.trim().is_empty() {
        let mut codes = Vec::new();
        let mut bad = Vec::new();
        for raw in sel
            .codes
            .split(|ch: char| ch == ',' || ch == ';' || ch.is_whitespace())
            .filter(|s| !s.is_empty())
        {
            match normalize_code(raw) {
                Some(code) => codes.push(code),
                None => bad.push(raw.chars().take(20).collect::<String>()),
            }
        }
        if !bad.is_empty() {
            return Err(Invalid::one(
                "codigos",
                format!(
                    "Códigos de inscrição inválidos: {}. Um código tem 8 letras e números, como K7Q4-MZP9",
                    bad.join(", ")
                ),
            )
            .into());
        }
        if codes.len() > MAX_BADGES {
            return Err(too_many());
        }
        q = q.filter(registration::Column::Code.is_in(codes));
    }
    let rows = q.all(&db.conn).await?;
    if rows.len() > MAX_BADGES {
        return Err(too_many());
    }
    Ok(rows)
}

fn too_many() -> Fail {
    Invalid::one(
        "codigos",
        format!(
            "No máximo {MAX_BADGES} crachás por arquivo. Imprima por unidade ou por uma lista de códigos"
        ),
    )
    .into()
}

/// Badges per A4 sheet (2 columns × 4 rows of 90 × 66 mm, in `badges.typ`).
pub const BADGES_PER_PAGE: usize = 8;

/// The badge of `r` as the templates draw it (`badge` in `style.typ`): its data, and its QR code
/// (the signed `token`) as the SVG file `/qr/{n}.svg` it names.
pub(crate) fn badge_data(
    title: &str,
    r: &registration::Model,
    token: &str,
    n: usize,
) -> store::Result<(serde_json::Value, (String, Vec<u8>))> {
    let seg = segment_of(r);
    let path = format!("/qr/{n}.svg");
    let data = serde_json::json!({
        "segment": seg.map(|s| s.code()),
        "segment_label": seg
            .map(|s| format!("Segmento: {}", s.label()))
            .unwrap_or_else(|| "Sem segmento".to_owned()),
        "title": title,
        "name": r.display_name(),
        "category": short_category(&r.category),
        "code_label": "Código de inscrição",
        "code": r.code,
        "qr": path,
        "qr_alt": "QR do crachá, lido no credenciamento",
    });
    Ok((
        data,
        (path, crate::platform::pdf::qr_svg(token.as_bytes())?),
    ))
}

/// The badge sheets as PDF bytes, with the number of badges. Staff who see participants only.
pub async fn badges_pdf(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    sel: &BadgeSelection,
) -> Result<(Vec<u8>, usize), Fail> {
    let c = authorize(db, me, slug, Action::ViewParticipants).await?;
    let rows = selected(db, &c, sel).await?;
    if rows.is_empty() {
        return Err(Invalid::one(
            "codigos",
            "Nenhuma inscrição ativa nesta seleção: confira a unidade ou os códigos",
        )
        .into());
    }
    let key = crate::platform::tokens::badge_key(db).await?;
    let mut badges = Vec::with_capacity(rows.len());
    let mut files = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let (b, qr) = badge_data(&c.title, r, &key.sign(r.id), i)?;
        badges.push(b);
        files.push(qr);
    }
    let data = serde_json::json!({
        "title": format!("Crachás: {}", c.title),
        "author": c.title,
        "badges": badges,
    });
    let (pdf, _) = typeset(reports::Template::Badges, data, files).await?;
    tracing::info!(conference = %c.id, badges = rows.len(), "badge sheets printed");
    Ok((pdf, rows.len()))
}

/// Rows of the attendance list per page.
pub const ATTENDANCE_ROWS_PER_PAGE: usize = 20;

/// The attendance list of `day` (YYYY-MM-DD): every active registration with a signature line,
/// those credentialed that day marked; page numbers "Página n de N".
pub async fn attendance_pdf(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    day: &str,
) -> Result<(Vec<u8>, NaiveDate), Fail> {
    let c = authorize(db, me, slug, Action::ViewParticipants).await?;
    let day = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").map_err(|_| {
        Fail::from(FieldError::new(
            "dia",
            "Informe o dia da lista no formato AAAA-MM-DD, como 2025-08-14",
        ))
    })?;
    if day < c.starts_on || day > c.ends_on {
        return Err(FieldError::new(
            "dia",
            format!(
                "O dia precisa estar entre {} e {}, os dias da conferência",
                c.starts_on.format("%d/%m/%Y"),
                c.ends_on.format("%d/%m/%Y")
            ),
        )
        .into());
    }
    let rows = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .order_by_asc(registration::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let present: HashSet<Uuid> = checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .filter(checkin::Column::Day.eq(day))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|k| k.registration_id)
        .collect();
    let when = day.format("%d/%m/%Y").to_string();
    let lines: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            serde_json::json!({
                "n": i + 1,
                "name": r.display_name(),
                "present": present.contains(&r.id),
                "category": short_category(&r.category),
                "segment": segment_of(r).map(|s| s.label()).unwrap_or("—"),
            })
        })
        .collect();
    let mut pages: Vec<&[serde_json::Value]> = lines.chunks(ATTENDANCE_ROWS_PER_PAGE).collect();
    if pages.is_empty() {
        pages.push(&[]);
    }
    let data = serde_json::json!({
        "title": format!("Lista de presença: {}", c.title),
        "author": c.title,
        "heading": c.title,
        "summary": format!(
            "Lista de presença do dia {when} · {} credenciados(as) de {} inscritos(as)",
            rows.iter().filter(|r| present.contains(&r.id)).count(),
            rows.len()
        ),
        "columns": ["Nº", "Nome", "Categoria", "Segmento", "Assinatura"],
        "present_label": "credenciado(a) neste dia",
        "pages": pages,
    });
    let (pdf, _) = typeset(reports::Template::Attendance, data, Vec::new()).await?;
    tracing::info!(conference = %c.id, %day, "attendance list printed");
    Ok((pdf, day))
}

/// What the staff page of printed documents needs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PrintsContext {
    pub slug: String,
    pub title: String,
    /// (id, name) of the conference's units.
    pub units: Vec<(String, String)>,
    /// (YYYY-MM-DD, dd/mm/yyyy) of the conference days.
    pub days: Vec<(String, String)>,
    /// Whether this person may anonymize registrations (LGPD).
    pub can_anonymize: bool,
}

pub async fn prints_context(db: &Db, me: Option<&Me>, slug: &str) -> Result<PrintsContext, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewParticipants(scope))?;
    let units = crate::setup::options::unit_options(db, c.id).await?;
    let days = c
        .starts_on
        .iter_days()
        .take_while(|d| *d <= c.ends_on)
        .take(31)
        .map(|d| (d.to_string(), d.format("%d/%m/%Y").to_string()))
        .collect();
    Ok(PrintsContext {
        can_anonymize: allow(me, Action::ViewSensitive(scope)).is_ok(),
        slug: c.slug,
        title: c.title,
        units,
        days,
    })
}
