//! Priorities: the table's page (`/c/{slug}/plenaria/prioridades…`) and the phone's choice
//! (`POST /c/{slug}/meu-celular/prioridades`).

use crate::devices::{device_token, phone_page};
use crate::setup::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::priorities as pr;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
}

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
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let c = pr::console(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        Html(
            Page {
                cap: c.cap.map(|x| x.to_string()).unwrap_or_default(),
                slug: c.slug.clone(),
                c,
                errors,
                notice,
            }
            .render()?,
        ),
    )
        .into_response())
}

fn back(slug: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/plenaria/prioridades?ok={ok}")).into_response()
}

pub async fn console(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = match n.ok.as_deref() {
        Some("limite") => Some("Limite salvo.".to_owned()),
        Some("papel") => Some("Votos do papel registrados.".to_owned()),
        Some("fechada") => Some("Prioridades fechadas: a ordem está registrada.".to_owned()),
        _ => None,
    };
    page(&st, &h, &uri, &slug, Invalid::default(), notice).await
}

#[derive(serde::Deserialize, Default)]
pub struct Cap {
    #[serde(default)]
    cap: String,
}

pub async fn save_cap(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<Cap>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pr::save_cap(&st.db, me.as_ref(), &slug, &f.cap).await {
        Ok(()) => Ok(back(&slug, "limite")),
        Err(Fail::Invalid(e)) => page(&st, &h, &uri, &slug, e, None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn paper(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<pr::PaperInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pr::save_paper(&st.db, me.as_ref(), &slug, &f).await {
        Ok(()) => Ok(back(&slug, "papel")),
        Err(Fail::Invalid(e)) => page(&st, &h, &uri, &slug, e, None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Key {
    #[serde(default)]
    key: String,
}

pub async fn close(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<Key>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pr::close(&st.db, me.as_ref(), &slug, &f.key).await {
        Ok(()) => Ok(back(&slug, "fechada")),
        Err(Fail::Invalid(e)) => page(&st, &h, &uri, &slug, e, None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The phone's choice: `key` and one `p` per chosen proposal.
pub async fn choose(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
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
    match pr::choose(&st.db, &slug, token.as_deref(), &key, &ids).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=prioridades")).into_response())
        }
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
