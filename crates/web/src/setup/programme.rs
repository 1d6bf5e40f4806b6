//! The conference day's programme: the commission's editor under `/c/{slug}/gestao/programacao`
//! (add, edit, remove; a refused form comes back with 422, what was typed kept and each problem
//! at its field) and the public page `/c/{slug}/programacao`.

use crate::respond::{self, Notice, Viewer, opts};
use crate::{AppState, WebError};
use app::setup::programme as p;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;
use uuid::Uuid;

fn here(slug: &str) -> String {
    format!("/c/{slug}/gestao/programacao")
}

fn kinds() -> Vec<(String, String)> {
    opts(
        domain::values::ProgrammeKind::ALL,
        |x| x.code(),
        |x| x.label(),
    )
}

#[derive(Template)]
#[template(path = "setup/programme.html")]
struct EditorPage {
    slug: String,
    p: p::Programme,
    f: p::ProgrammeInput,
    kinds: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
}

async fn editor(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: Option<p::ProgrammeInput>,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let programme = p::items(&st.db, v.me(), slug).await?;
    let f = match f {
        Some(f) => f,
        None => p::new_input(&st.db, v.me(), slug).await?,
    };
    respond::page(
        !errors.is_empty(),
        EditorPage {
            slug: slug.to_owned(),
            p: programme,
            f,
            kinds: kinds(),
            errors,
            saved,
        },
    )
}

pub async fn list(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    editor(&st, &v, &slug, None, Invalid::default(), n.is_saved()).await
}

pub async fn add(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<p::ProgrammeInput>,
) -> Result<Response, WebError> {
    respond::form(
        p::add_item(&st.db, v.me(), &slug, &f).await,
        |_| respond::saved(&here(&slug)),
        |e| editor(&st, &v, &slug, Some(f), e, false),
    )
    .await
}

#[derive(Template)]
#[template(path = "setup/programme_item.html")]
struct ItemPage {
    slug: String,
    id: Uuid,
    f: p::ProgrammeInput,
    kinds: Vec<(String, String)>,
    errors: Invalid,
}

async fn item_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: Uuid,
    f: Option<p::ProgrammeInput>,
    errors: Invalid,
) -> Result<Response, WebError> {
    let f = match f {
        Some(f) => f,
        None => p::item_input(&st.db, v.me(), slug, id).await?,
    };
    respond::page(
        !errors.is_empty(),
        ItemPage {
            slug: slug.to_owned(),
            id,
            f,
            kinds: kinds(),
            errors,
        },
    )
}

pub async fn item_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    item_page(&st, &v, &slug, id, None, Invalid::default()).await
}

pub async fn update(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(f): Form<p::ProgrammeInput>,
) -> Result<Response, WebError> {
    respond::form(
        p::update_item(&st.db, v.me(), &slug, id, &f).await,
        |()| respond::saved(&here(&slug)),
        |e| item_page(&st, &v, &slug, id, Some(f), e),
    )
    .await
}

pub async fn remove(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    respond::form(
        p::remove_item(&st.db, v.me(), &slug, id).await,
        |()| respond::saved(&here(&slug)),
        |e| item_page(&st, &v, &slug, id, None, e),
    )
    .await
}

#[derive(Template)]
#[template(path = "setup/programme_public.html")]
struct PublicPage {
    p: p::Programme,
}

pub async fn public(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let p = p::public(&st.db, &slug).await?;
    respond::html(PublicPage { p })
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/programacao", get(public))
        .route("/c/{slug}/gestao/programacao", get(list).post(add))
        .route(
            "/c/{slug}/gestao/programacao/{id}",
            get(item_form).post(update),
        )
        .route("/c/{slug}/gestao/programacao/{id}/remover", post(remove))
}
