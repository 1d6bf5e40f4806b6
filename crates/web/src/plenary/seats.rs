//! The plenary's rules from the regimento, set by the organizing commission at
//! `/c/{slug}/gestao/quorum` (`app::plenary::seats`): the quorum rule and how suplentes are seated. A refused
//! form comes back with 422, its values kept and every problem next to its field.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::plenary::seats as k;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::Uri,
    response::Response,
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "plenary/quorum.html")]
struct RulesPage {
    slug: String,
    input: k::RulesInput,
    kinds: Vec<(String, String)>,
    ties: Vec<(String, String)>,
    proofs: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
}

/// The rules' page: the form with `input`, every problem of `errors` next to its field.
fn page(
    slug: String,
    input: k::RulesInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    respond::page(
        !errors.is_empty(),
        RulesPage {
            slug,
            input,
            kinds: domain::plenary::QUORUM_KINDS
                .iter()
                .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
                .collect(),
            ties: respond::opts(&k::Tie::ALL, |t| t.code(), |t| t.label()),
            proofs: respond::opts(&k::Proof::ALL, |t| t.code(), |t| t.label()),
            errors,
            saved,
        },
    )
}

pub async fn form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let input = k::rules_for_staff(&st.db, v.me(), &slug).await?;
    page(slug, input, Invalid::default(), n.is_saved())
}

pub async fn save(
    State(st): State<AppState>,
    v: Viewer,
    uri: Uri,
    Path(slug): Path<String>,
    Form(input): Form<k::RulesInput>,
) -> Result<Response, WebError> {
    respond::form(
        k::save_rules(&st.db, v.me(), &slug, &input).await,
        |_| respond::saved(uri.path()),
        |errors| async move { page(slug, input, errors, false) },
    )
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/c/{slug}/gestao/quorum", get(form).post(save))
}
