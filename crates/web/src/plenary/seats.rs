//! The plenary's rules from the regimento, set by the organizing commission at
//! `/c/{slug}/gestao/quorum` (`app::plenary::seats`): the quorum rule and how suplentes are seated. A refused
//! form comes back with 422, its values kept and every problem next to its field.

use crate::setup::conference::{Flash, me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::seats as k;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "plenary/quorum.html")]
struct RulesPage {
    slug: String,
    input: k::RulesInput,
    kinds: Vec<(String, String)>,
    ties: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
}

impl RulesPage {
    fn new(slug: String, input: k::RulesInput, errors: Invalid, saved: bool) -> Self {
        Self {
            slug,
            input,
            kinds: domain::plenary::QUORUM_KINDS
                .iter()
                .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
                .collect(),
            ties: k::Tie::ALL
                .iter()
                .map(|t| (t.code().to_owned(), t.label().to_owned()))
                .collect(),
            errors,
            saved,
        }
    }
}

fn render(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

pub async fn form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let rules = k::rules_for_staff(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        RulesPage::new(
            slug,
            k::RulesInput::of(&rules),
            Invalid::default(),
            fl.is_saved(),
        ),
    )
}

pub async fn save(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(input): Form<k::RulesInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match k::save_rules(&st.db, me.as_ref(), &slug, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?salvo=1", uri.path())).into_response()),
        Err(Fail::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            RulesPage::new(slug, input, errors, false),
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/c/{slug}/gestao/quorum", get(form).post(save))
}
