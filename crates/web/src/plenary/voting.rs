//! Electronic votes on the web: the phone's choice shown for confirmation
//! (`POST /c/{slug}/meu-celular/votar/confirmar`, writes nothing), the phone's vote
//! (`POST /c/{slug}/meu-celular/votar`), the
//! public receipt check (`/c/{slug}/votacoes/{id}/comprovante`) and the vote's public record
//! (`/c/{slug}/votacoes/{id}/registro.json`, the hash chain anyone can recompute).

use crate::participants::devices::{device_token, phone_page};
use crate::setup::conference::refuse;
use crate::{AppState, WebError};
use app::Fail;
use askama::Template;
use axum::{
    Form, Json,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Response},
};
use domain::Invalid;

#[derive(serde::Deserialize, Default)]
pub struct CastForm {
    #[serde(default)]
    vote: String,
    #[serde(default)]
    choice: String,
}

#[derive(Template)]
#[template(path = "plenary/voted.html")]
struct VotedPage {
    slug: String,
    r: app::plenary::voting::Receipt,
}

pub(crate) fn no_store(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res
}

#[derive(Template)]
#[template(path = "plenary/confirm_vote.html")]
struct ConfirmPage {
    slug: String,
    c: app::participants::devices::VoteChoice,
}

/// The phone's choice, shown for confirmation before it is cast ("Você escolheu: A favor.
/// Confirmar / Mudar"). Nothing is written: "Confirmar" posts to `cast`. A choice that could not
/// be cast now (the vote closed, already voted) shows the phone's page with the reason.
pub async fn choose(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CastForm>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match app::participants::devices::vote_choice(
        &st.db,
        &slug,
        token.as_deref(),
        &f.vote,
        &f.choice,
    )
    .await
    {
        Ok(c) => Ok(no_store(
            (StatusCode::OK, Html(ConfirmPage { slug, c }.render()?)).into_response(),
        )),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(Fail::Forbidden) => {
            phone_page(
                &st,
                &h,
                slug,
                &uri,
                Invalid::default(),
                Default::default(),
                None,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// A phone's vote. The answer is the receipt page itself (not a redirect): the receipt code is
/// shown once and never travels in a URL.
pub async fn cast(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CastForm>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match st
        .votes
        .cast(&slug, token.as_deref(), &f.vote, &f.choice)
        .await
    {
        Ok(r) => Ok(no_store(
            (StatusCode::OK, Html(VotedPage { slug, r }.render()?)).into_response(),
        )),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(Fail::Forbidden) => {
            phone_page(
                &st,
                &h,
                slug,
                &uri,
                Invalid::default(),
                Default::default(),
                None,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "plenary/receipt.html")]
struct ReceiptPage {
    slug: String,
    id: String,
    codigo: String,
    errors: Invalid,
    check: Option<app::plenary::voting::ReceiptCheck>,
}

#[derive(serde::Deserialize, Default)]
pub struct ReceiptForm {
    #[serde(default)]
    pub(crate) codigo: String,
}

/// A receipt check's answer: 200 with what was found, or 422 with what is wrong with the code.
pub(crate) fn checked<T>(
    r: Result<T, Fail>,
    uri: &Uri,
) -> Result<(StatusCode, Invalid, Option<T>), WebError> {
    match r {
        Ok(c) => Ok((StatusCode::OK, Invalid::default(), Some(c))),
        Err(Fail::Invalid(e)) => Ok((StatusCode::UNPROCESSABLE_ENTITY, e, None)),
        Err(other) => Err(refuse(other, uri)),
    }
}

pub async fn receipt_form(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    // The vote must exist (a 404 otherwise).
    app::plenary::voting::record(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(
        ReceiptPage {
            slug,
            id,
            codigo: String::new(),
            errors: Invalid::default(),
            check: None,
        }
        .render()?,
    )
    .into_response())
}

pub async fn receipt_check(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<ReceiptForm>,
) -> Result<Response, WebError> {
    let (status, errors, check) = checked(
        app::plenary::voting::check_receipt(&st.db, &slug, &id, &f.codigo).await,
        &uri,
    )?;
    Ok(no_store(
        (
            status,
            Html(
                ReceiptPage {
                    slug,
                    id,
                    codigo: f.codigo,
                    errors,
                    check,
                }
                .render()?,
            ),
        )
            .into_response(),
    ))
}

/// The vote's hash chain and whether it holds (public: receipts' hashes and choices, no voter).
pub async fn record(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = app::plenary::voting::record(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Json(r).into_response())
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/meu-celular/votar", post(cast))
        .route("/c/{slug}/meu-celular/votar/confirmar", post(choose))
        .route(
            "/c/{slug}/votacoes/{id}/comprovante",
            get(receipt_form).post(receipt_check),
        )
        .route("/c/{slug}/votacoes/{id}/registro.json", get(record))
}
