//! Follow-up of deliberations on the web (monitoramento; issue 5 item 6; ADR 0020): the
//! council's pages `/c/{slug}/gestao/monitoramento[/planilha.csv|/importar|/{id}[/marcos…]]`
//! and the public `/c/{slug}/monitoramento` with the PDF evidences at
//! `/c/{slug}/monitoramento/evidencias/{milestone}`.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::reporting::followup as fu;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

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

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
    #[serde(default)]
    atualizadas: Option<u32>,
    #[serde(default)]
    iguais: Option<u32>,
}

fn statuses() -> Vec<(String, String)> {
    domain::followup::Status::ALL
        .iter()
        .map(|s| (s.code().to_owned(), s.label().to_owned()))
        .collect()
}

fn page(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
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

/// Checks the permission before a possibly large body is read.
async fn check(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
) -> Result<Option<app::platform::auth::Me>, WebError> {
    let me = me(st, h).await?;
    let (_, scope) = app::platform::auth::conference_scope(&st.db, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    app::platform::auth::allow(me.as_ref(), domain::policy::Action::FollowUp(scope))
        .map_err(|f| refuse(f, uri))?;
    Ok(me)
}

fn board_notice(n: &Notice) -> Option<String> {
    match (n.atualizadas, n.iguais) {
        (Some(u), Some(s)) => Some(format!(
            "Planilha importada: {u} deliberação(ões) atualizada(s), {s} sem mudança."
        )),
        _ => None,
    }
}

pub async fn board(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let b = fu::board(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    page(
        StatusCode::OK,
        BoardPage {
            slug,
            b,
            errors: Invalid::default(),
            notice: board_notice(&n),
        },
    )
}

pub async fn sheet(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let bytes = fu::sheet_csv(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"monitoramento-{}.csv\"",
                    crate::ascii_file_name(&slug)
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

pub async fn import(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let me = check(&st, &h, &uri, &slug).await?;
    let Some(file) = crate::upload::read(&mut mp, "file", too_big).await?.file else {
        return board_with_errors(
            &st,
            me.as_ref(),
            &uri,
            slug,
            Invalid::one("file", "Escolha a planilha preenchida para importar"),
        )
        .await;
    };
    match fu::import(&st.db, me.as_ref(), &slug, &file.bytes).await {
        Ok(r) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/monitoramento?atualizadas={}&iguais={}#andamento",
            r.updated, r.unchanged
        ))
        .into_response()),
        Err(Fail::Invalid(errors)) => board_with_errors(&st, me.as_ref(), &uri, slug, errors).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

async fn board_with_errors(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    uri: &Uri,
    slug: String,
    errors: Invalid,
) -> Result<Response, WebError> {
    let b = fu::board(&st.db, me, &slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    page(
        StatusCode::UNPROCESSABLE_ENTITY,
        BoardPage {
            slug,
            b,
            errors,
            notice: None,
        },
    )
}

fn detail_notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "situacao" => "Situação salva.",
        "marco" => "Marco registrado.",
        "removido" => "Marco removido.",
        _ => return None,
    })
}

#[allow(clippy::too_many_arguments)]
async fn detail_page(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    uri: &Uri,
    slug: String,
    id: &str,
    input: Option<fu::StatusInput>,
    milestone: fu::MilestoneInput,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let d = fu::detail(&st.db, me, &slug, id)
        .await
        .map_err(|f| refuse(f, uri))?;
    let input = input.unwrap_or_else(|| fu::StatusInput {
        status: d.item.status.to_owned(),
        responsible: d.item.responsible.clone(),
        note: d.item.note.clone(),
    });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page(
        status,
        DetailPage {
            slug,
            d,
            input,
            milestone,
            statuses: statuses(),
            errors,
            notice,
            max_mb: domain::setup::MAX_PDF_BYTES / (1024 * 1024),
        },
    )
}

pub async fn detail(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let notice = n.ok.as_deref().and_then(detail_notice);
    detail_page(
        &st,
        me.as_ref(),
        &uri,
        slug,
        &id,
        None,
        fu::MilestoneInput::default(),
        Invalid::default(),
        notice,
    )
    .await
}

pub async fn save_status(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<fu::StatusInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fu::save_status(&st.db, me.as_ref(), &slug, &id, &f).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/c/{slug}/gestao/monitoramento/{id}?ok=situacao"))
                .into_response(),
        ),
        Err(Fail::Invalid(errors)) => {
            detail_page(
                &st,
                me.as_ref(),
                &uri,
                slug,
                &id,
                Some(f),
                fu::MilestoneInput::default(),
                errors,
                None,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn add_milestone(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let me = check(&st, &h, &uri, &slug).await?;
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let f = fu::MilestoneInput {
        description: form.text("description"),
        due_on: form.text("due_on"),
        done_on: form.text("done_on"),
        evidence_url: form.text("evidence_url"),
    };
    let upload = form.file;
    match fu::add_milestone(&st.db, me.as_ref(), &slug, &id, &f, upload).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/monitoramento/{id}?ok=marco#marcos-titulo"
        ))
        .into_response()),
        Err(Fail::Invalid(errors)) => {
            detail_page(&st, me.as_ref(), &uri, slug, &id, None, f, errors, None).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_milestone(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id, mid)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    fu::remove_milestone(&st.db, me.as_ref(), &slug, &id, &mid)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/gestao/monitoramento/{id}?ok=removido#marcos-titulo"
    ))
    .into_response())
}

pub async fn public(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let b = fu::public_board(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    page(StatusCode::OK, PublicPage { b })
}

pub async fn evidence(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, mid)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = fu::evidence(&st.db, &slug, &mid)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{}\"", crate::ascii_file_name(&name)),
            ),
        ],
        bytes,
    )
        .into_response())
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
        .route("/c/{slug}/monitoramento/evidencias/{mid}", get(evidence))
}
