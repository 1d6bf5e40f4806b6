//! Electronic votes on the web: the phone's choice shown for confirmation
//! (`POST /c/{slug}/meu-celular/votar/confirmar`, writes nothing), the phone's vote
//! (`POST /c/{slug}/meu-celular/votar`), the
//! public receipt check (`/c/{slug}/votacoes/{id}/comprovante`) and the vote's public record
//! (`/c/{slug}/votacoes/{id}/registro.json`, the hash chain anyone can recompute).

use crate::participants::devices::{device_token, on_phone};
use crate::respond::{self, fresh, no_store};
use crate::{AppState, WebError};
use app::Fail;
use askama::Template;
use axum::{
    Form, Json,
    extract::{Path, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
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
    Path(slug): Path<String>,
    Form(f): Form<CastForm>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let r = app::participants::devices::vote_choice(
        &st.db,
        &slug,
        token.as_deref(),
        &f.vote,
        &f.choice,
    )
    .await;
    on_phone(&st, &h, slug, r, |slug, c| fresh(ConfirmPage { slug, c })).await
}

/// A phone's vote. The answer is the receipt page itself (not a redirect): the receipt code is
/// shown once and never travels in a URL.
pub async fn cast(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<CastForm>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let r = st
        .votes
        .cast(&slug, token.as_deref(), &f.vote, &f.choice)
        .await;
    on_phone(&st, &h, slug, r, |slug, r| fresh(VotedPage { slug, r })).await
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

/// A receipt check's answer: what was found, or what is wrong with the code.
pub(crate) fn checked<T>(r: Result<T, Fail>) -> Result<(Invalid, Option<T>), WebError> {
    match r {
        Ok(c) => Ok((Invalid::default(), Some(c))),
        Err(Fail::Invalid(e)) => Ok((e, None)),
        Err(other) => Err(other.into()),
    }
}

pub async fn receipt_form(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    // The vote must exist (a 404 otherwise).
    app::plenary::voting::record(&st.db, &slug, &id).await?;
    respond::html(ReceiptPage {
        slug,
        id,
        codigo: String::new(),
        errors: Invalid::default(),
        check: None,
    })
}

/// Checks a receipt code: 200 with what was found, or 422 with what is wrong with the code.
pub async fn receipt_check(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<ReceiptForm>,
) -> Result<Response, WebError> {
    let (errors, check) =
        checked(app::plenary::voting::check_receipt(&st.db, &slug, &id, &f.codigo).await)?;
    respond::page(
        !errors.is_empty(),
        ReceiptPage {
            slug,
            id,
            codigo: f.codigo,
            errors,
            check,
        },
    )
    .map(no_store)
}

/// The vote's hash chain and whether it holds (public: receipts' hashes and choices, no voter).
pub async fn record(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = app::plenary::voting::record(&st.db, &slug, &id).await?;
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
