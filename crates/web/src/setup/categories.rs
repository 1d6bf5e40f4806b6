//! What each participant category may do, set by the organizing commission at
//! `/c/{slug}/gestao/categorias` (`app::setup::categories`). A refused form comes back with 422, its
//! values kept and every problem next to its field.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::setup::categories as k;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
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

/// The categories form with `input`, one row per category.
async fn page(
    slug: &str,
    input: &k::RightsInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
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
    respond::page(
        !errors.is_empty(),
        CategoriesPage {
            slug: slug.to_owned(),
            rows,
            errors,
            saved,
            note_hint: format!(
                "Por exemplo: até 20 vagas. No máximo {} caracteres.",
                domain::participants::RIGHTS_NOTE_MAX
            ),
        },
    )
}

pub async fn form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let rights = k::rights_for_staff(&st.db, v.me(), &slug).await?;
    page(&slug, &rights.input(), Invalid::default(), n.is_saved()).await
}

pub async fn save(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = k::RightsInput::from_pairs(&pairs);
    respond::form(
        k::save_rights(&st.db, v.me(), &slug, &input).await,
        |_| respond::saved(&format!("/c/{slug}/gestao/categorias")),
        |e| page(&slug, &input, e, false),
    )
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new().route("/c/{slug}/gestao/categorias", get(form).post(save))
}
