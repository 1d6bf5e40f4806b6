//! Follow-up of deliberations on the web (monitoramento; ADR 0020): the
//! council's pages `/c/{slug}/gestao/monitoramento[/planilha.csv|/importar|/{id}[/marcos…]]`
//! and the public `/c/{slug}/monitoramento` with the PDF evidences at
//! `/c/{slug}/monitoramento/evidencias/{milestone}`.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::platform::auth::authorize;
use app::reporting::followup as fu;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::policy::Action;

#[derive(Template)]
#[template(path = "reporting/followup/board.html")]
struct BoardPage {
    slug: String,
    b: fu::Board,
    errors: Invalid,
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "reporting/followup/detail.html")]
struct DetailPage {
    slug: String,
    d: fu::Detail,
    input: fu::StatusInput,
    milestone: fu::MilestoneInput,
    statuses: Vec<(String, String)>,
    errors: Invalid,
    notice: Option<&'static str>,
    max_mb: usize,
}

#[derive(Template)]
#[template(path = "reporting/followup/public.html")]
struct PublicPage {
    b: fu::Board,
}

/// The counts after a spreadsheet import (`?atualizadas=…&iguais=…`).
#[derive(serde::Deserialize, Default)]
pub struct Imported {
    #[serde(default)]
    atualizadas: Option<u32>,
    #[serde(default)]
    iguais: Option<u32>,
}

fn statuses() -> Vec<(String, String)> {
    respond::opts(&domain::followup::Status::ALL, |s| s.code(), |s| s.label())
}

/// Upload limit of the evidence and spreadsheet forms: above the PDF limit, so that a file a
/// little too big gets the clear field message rather than a bare 413.
pub const BODY_LIMIT: usize = domain::setup::MAX_PDF_BYTES + 2 * 1024 * 1024;

fn too_big() -> WebError {
    WebError::TooLarge(format!(
        "O arquivo passa do limite de {} MB. Reduza o arquivo e envie de novo.",
        domain::setup::MAX_PDF_BYTES / (1024 * 1024)
    ))
}

fn board_notice(n: &Imported) -> Option<String> {
    match (n.atualizadas, n.iguais) {
        (Some(u), Some(s)) => Some(format!(
            "Planilha importada: {u} deliberação(ões) atualizada(s), {s} sem mudança."
        )),
        _ => None,
    }
}

/// The board, with the errors of a refused spreadsheet.
async fn board_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let b = fu::board(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        BoardPage {
            slug: slug.to_owned(),
            b,
            errors,
            notice,
        },
    )
}

pub async fn board(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Imported>,
) -> Result<Response, WebError> {
    board_page(&st, &v, &slug, Invalid::default(), board_notice(&n)).await
}

pub async fn sheet(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let bytes = fu::sheet_csv(&st.db, v.me(), &slug).await?;
    Ok(super::private_file(
        "text/csv; charset=utf-8",
        format!(
            "attachment; filename=\"monitoramento-{}.csv\"",
            crate::ascii_file_name(&slug)
        ),
        bytes,
    ))
}

pub async fn import(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // The permission before a possibly large body is read.
    authorize(&st.db, v.me(), &slug, Action::FollowUp).await?;
    let r = match crate::upload::read(&mut mp, "file", too_big).await?.file {
        Some(file) => fu::import(&st.db, v.me(), &slug, &file.bytes).await,
        None => Err(Fail::Invalid(Invalid::one(
            "file",
            "Escolha a planilha preenchida para importar",
        ))),
    };
    respond::form(
        r,
        |r| {
            Redirect::to(&format!(
                "/c/{slug}/gestao/monitoramento?atualizadas={}&iguais={}#andamento",
                r.updated, r.unchanged
            ))
            .into_response()
        },
        |e| board_page(&st, &v, &slug, e, None),
    )
    .await
}

fn detail_notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "situacao" => "Situação salva.",
        "marco" => "Marco registrado.",
        "removido" => "Marco removido.",
        _ => return None,
    })
}

/// What was typed in a refused form of the detail page.
#[derive(Default)]
struct Kept {
    /// The status form; the saved status when `None`.
    status: Option<fu::StatusInput>,
    milestone: fu::MilestoneInput,
}

/// The page of one deliberation, with what was typed in a refused form and its errors.
async fn detail_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    kept: Kept,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let d = fu::detail(&st.db, v.me(), slug, id).await?;
    let input = kept.status.unwrap_or_else(|| fu::StatusInput {
        status: d.item.status.to_owned(),
        responsible: d.item.responsible.clone(),
        note: d.item.note.clone(),
    });
    respond::page(
        !errors.is_empty(),
        DetailPage {
            slug: slug.to_owned(),
            d,
            input,
            milestone: kept.milestone,
            statuses: statuses(),
            errors,
            notice,
            max_mb: domain::setup::MAX_PDF_BYTES / (1024 * 1024),
        },
    )
}

/// Back to the page of deliberation `id` with the confirmation `ok`.
fn detail_back(slug: &str, id: &str, ok: &str) -> Response {
    respond::back(&format!("/c/{slug}/gestao/monitoramento/{id}"), ok)
}

pub async fn detail(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = n.code().and_then(detail_notice);
    detail_page(
        &st,
        &v,
        &slug,
        &id,
        Kept::default(),
        Invalid::default(),
        notice,
    )
    .await
}

pub async fn save_status(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<fu::StatusInput>,
) -> Result<Response, WebError> {
    respond::form(
        fu::save_status(&st.db, v.me(), &slug, &id, &f).await,
        |()| detail_back(&slug, &id, "situacao"),
        |e| {
            let kept = Kept {
                status: Some(f),
                ..Kept::default()
            };
            detail_page(&st, &v, &slug, &id, kept, e, None)
        },
    )
    .await
}

pub async fn add_milestone(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // The permission before a possibly large body is read.
    authorize(&st.db, v.me(), &slug, Action::FollowUp).await?;
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let f = fu::MilestoneInput {
        description: form.text("description"),
        due_on: form.text("due_on"),
        done_on: form.text("done_on"),
        evidence_url: form.text("evidence_url"),
    };
    respond::form(
        fu::add_milestone(&st.db, v.me(), &slug, &id, &f, form.file).await,
        |_| detail_back(&slug, &id, "marco#marcos-titulo"),
        |e| {
            let kept = Kept {
                status: None,
                milestone: f,
            };
            detail_page(&st, &v, &slug, &id, kept, e, None)
        },
    )
    .await
}

pub async fn remove_milestone(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id, mid)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    fu::remove_milestone(&st.db, v.me(), &slug, &id, &mid).await?;
    Ok(detail_back(&slug, &id, "removido#marcos-titulo"))
}

pub async fn public(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    respond::html(PublicPage {
        b: fu::public_board(&st.db, &slug).await?,
    })
}

#[derive(Template)]
#[template(path = "reporting/followup/advanced.html")]
struct AdvancedPage {
    slug: String,
    title: String,
    a: Option<fu::Advanced>,
}

/// "O que avançou": the council's previous deliberations with their follow-up (public).
pub async fn advanced(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (c, a) = fu::advanced(&st.db, &slug).await?;
    respond::html(AdvancedPage {
        slug: c.slug,
        title: c.title,
        a,
    })
}

pub async fn evidence(
    State(st): State<AppState>,
    Path((slug, mid)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = fu::evidence(&st.db, &slug, &mid).await?;
    Ok(super::file(
        "application/pdf",
        format!("inline; filename=\"{}\"", crate::ascii_file_name(&name)),
        bytes,
    ))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/monitoramento", get(board))
        .route("/c/{slug}/gestao/monitoramento/planilha.csv", get(sheet))
        .route(
            "/c/{slug}/gestao/monitoramento/importar",
            post(import).layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/{id}",
            get(detail).post(save_status),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/{id}/marcos",
            post(add_milestone).layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/monitoramento/{id}/marcos/{mid}/remover",
            post(remove_milestone),
        )
        .route("/c/{slug}/monitoramento", get(public))
        .route("/c/{slug}/o-que-avancou", get(advanced))
        .route("/c/{slug}/monitoramento/evidencias/{mid}", get(evidence))
}
