//! The state's orientation for the conferences below it (ADR 0036): the commission's page
//! `/c/{slug}/gestao/orientacao` (edit and publish), the public page `/c/{slug}/orientacao`, and
//! `/c/{slug}/gestao/eixos/adotar` (a conference below adopts its parent's eixos).

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::setup::orientation as o;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "setup/orientation.html")]
struct EditPage {
    slug: String,
    p: o::EditPage,
    errors: Invalid,
    saved: bool,
}

async fn edit_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    typed: Option<&o::FormInput>,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let p = o::edit_page(&st.db, v.me(), slug, typed).await?;
    respond::page(
        !errors.is_empty(),
        EditPage {
            slug: slug.to_owned(),
            p,
            errors,
            saved,
        },
    )
}

pub async fn edit(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    edit_page(&st, &v, &slug, None, Invalid::default(), n.is_saved()).await
}

pub async fn publish(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    respond::form(
        o::publish(&st.db, v.me(), &slug, &f).await,
        |()| respond::saved(&format!("/c/{slug}/gestao/orientacao")),
        |e| edit_page(&st, &v, &slug, Some(&f), e, false),
    )
    .await
}

#[derive(Template)]
#[template(path = "setup/orientation_public.html")]
struct PublicPage {
    slug: String,
    title: String,
    view: Option<o::View>,
}

pub async fn public(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (title, view) = o::public_view(&st.db, &slug).await?;
    respond::html(PublicPage { slug, title, view })
}

#[derive(serde::Deserialize, Default)]
pub struct AdoptForm {
    #[serde(default)]
    confirm: Option<String>,
}

pub async fn adopt(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<AdoptForm>,
) -> Result<Response, WebError> {
    respond::form(
        o::adopt_eixos(&st.db, v.me(), &slug, f.confirm.is_some()).await,
        |()| respond::back(&format!("/c/{slug}/gestao/eixos"), "adotados"),
        |e| crate::setup::conference::eixos_refused(&st, &v, &slug, e),
    )
    .await
}

pub(crate) fn routes(_st: &AppState) -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/orientacao", get(edit).post(publish))
        .route("/c/{slug}/orientacao", get(public))
        .route("/c/{slug}/gestao/eixos/adotar", post(adopt))
}
