//! What each participant category may do, set by the organizing commission at
//! `/c/{slug}/gestao/categorias` (`app::setup::categories`). A refused form comes back with 422, its
//! values kept and every problem next to its field.

use crate::setup::conference::{Flash, me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::setup::categories as k;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::values::Category;

/// One category's row of the form, with its field names.
struct Row {
    code: String,
    label: String,
    voice: bool,
    vote: bool,
    may_be_elected: bool,
    note: String,
}

impl Row {
    fn name(&self, what: &str) -> String {
        format!("{}_{what}", self.code)
    }
}

#[derive(Template)]
#[template(path = "setup/categories.html")]
struct CategoriesPage {
    slug: String,
    rows: Vec<Row>,
    errors: Invalid,
    saved: bool,
    note_hint: String,
}

impl CategoriesPage {
    fn new(slug: String, input: &k::RightsInput, errors: Invalid, saved: bool) -> Self {
        let rows = Category::ALL
            .iter()
            .map(|c| {
                let r = input
                    .rows
                    .iter()
                    .find(|r| r.category == c.code())
                    .cloned()
                    .unwrap_or_default();
                Row {
                    code: c.code().into(),
                    label: c.label().into(),
                    voice: r.voice,
                    vote: r.vote,
                    may_be_elected: r.may_be_elected,
                    note: r.note,
                }
            })
            .collect();
        Self {
            slug,
            rows,
            errors,
            saved,
            note_hint: format!(
                "Por exemplo: até 20 vagas. No máximo {} caracteres.",
                domain::participants::RIGHTS_NOTE_MAX
            ),
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
    let rights = k::rights_for_staff(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        CategoriesPage::new(slug, &rights.input(), Invalid::default(), fl.is_saved()),
    )
}

pub async fn save(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let input = k::RightsInput::from_pairs(&pairs);
    match k::save_rights(&st.db, me.as_ref(), &slug, &input).await {
        Ok(_) => Ok(Redirect::to(&format!("{}?salvo=1", uri.path())).into_response()),
        Err(Fail::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            CategoriesPage::new(slug, &input, errors, false),
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/c/{slug}/gestao/categorias", get(form).post(save))
}
