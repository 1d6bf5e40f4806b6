//! Priorities: the table's page (`/c/{slug}/plenaria/prioridades…`) and the phone's choice
//! (`POST /c/{slug}/meu-celular/prioridades`).

use crate::participants::devices::{device_token, on_phone};
use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::plenary::priorities as pr;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::HeaderMap,
    response::Response,
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "plenary/priorities.html")]
struct Page {
    c: pr::Console,
    slug: String,
    errors: Invalid,
    notice: Option<String>,
    cap: String,
}

async fn page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let c = pr::console(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        Page {
            cap: c.cap.map(|x| x.to_string()).unwrap_or_default(),
            slug: c.slug.clone(),
            c,
            errors,
            notice,
        },
    )
}

fn back(slug: &str, ok: &str) -> Response {
    respond::back(&format!("/c/{slug}/plenaria/prioridades"), ok)
}

pub async fn console(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = match n.code() {
        Some("limite") => Some("Limite salvo.".to_owned()),
        Some("papel") => Some("Votos do papel registrados.".to_owned()),
        Some("fechada") => Some("Prioridades fechadas: a ordem está registrada.".to_owned()),
        _ => None,
    };
    page(&st, &v, &slug, Invalid::default(), notice).await
}

#[derive(serde::Deserialize, Default)]
pub struct Cap {
    #[serde(default)]
    cap: String,
}

pub async fn save_cap(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<Cap>,
) -> Result<Response, WebError> {
    respond::form(
        pr::save_cap(&st.db, v.me(), &slug, &f.cap).await,
        |()| back(&slug, "limite"),
        |e| page(&st, &v, &slug, e, None),
    )
    .await
}

pub async fn paper(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<pr::PaperInput>,
) -> Result<Response, WebError> {
    respond::form(
        pr::save_paper(&st.db, v.me(), &slug, &f).await,
        |()| back(&slug, "papel"),
        |e| page(&st, &v, &slug, e, None),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct Key {
    #[serde(default)]
    key: String,
}

pub async fn close(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<Key>,
) -> Result<Response, WebError> {
    respond::form(
        pr::close(&st.db, v.me(), &slug, &f.key).await,
        |()| back(&slug, "fechada"),
        |e| page(&st, &v, &slug, e, None),
    )
    .await
}

/// The phone's choice: `key` and one `p` per chosen proposal.
pub async fn choose(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let key = pairs
        .iter()
        .find(|(k, _)| k == "key")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let ids: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "p")
        .map(|(_, v)| v)
        .collect();
    let token = device_token(&h);
    let r = pr::choose(&st.db, &slug, token.as_deref(), &key, &ids).await;
    on_phone(&st, &h, slug, r, |slug, ()| {
        Ok(respond::back(
            &format!("/c/{slug}/meu-celular"),
            "prioridades",
        ))
    })
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/c/{slug}/plenaria/prioridades",
            get(console).post(save_cap),
        )
        .route("/c/{slug}/plenaria/prioridades/papel", post(paper))
        .route("/c/{slug}/plenaria/prioridades/fechar", post(close))
        .route("/c/{slug}/meu-celular/prioridades", post(choose))
}
