//! The credentialing desk `/c/{slug}/credenciamento`: check-in by code (typed, or read from the
//! badge's QR by the camera where the browser can), by name search; for a suplente the desk asks
//! "No lugar de quem?" before writing anything; "Devolver a vaga" for a titular who arrives after
//! their suplente; exits and returns at the plenary door (`/saida`); counters pushed by SSE at
//! `/c/{slug}/credenciamento/eventos`.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::credentialing as cr;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{
        Html, IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use domain::Invalid;
use std::time::Duration;

#[derive(Template)]
#[template(path = "participants/credentialing.html")]
struct Desk {
    slug: String,
    title: String,
    counters: cr::Counters,
    q: String,
    found: Vec<cr::DeskRow>,
    code: String,
    replaces: String,
    errors: Invalid,
    done: Option<cr::Checked>,
    /// A suplente being credentialed: the absent titulares she may replace.
    ask: Option<(cr::DeskRow, Vec<app::plenary::seats::AbsentTitular>)>,
    /// A titular whose seat a suplente holds: the code for "Devolver a vaga".
    give_back: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct DeskQuery {
    #[serde(default)]
    q: String,
}

async fn desk(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    q: String,
) -> Result<Desk, Fail> {
    let counters = cr::counters(&st.db, me, slug).await?;
    let found = cr::search(&st.db, me, slug, &q).await?;
    let (c, _) = app::platform::auth::conference_scope(&st.db, slug).await?;
    Ok(Desk {
        slug: slug.to_owned(),
        title: c.title,
        counters,
        q,
        found,
        code: String::new(),
        replaces: String::new(),
        errors: Invalid::default(),
        done: None,
        ask: None,
        give_back: None,
    })
}

pub async fn page(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(dq): Query<DeskQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let q: String = dq.q.trim().chars().take(100).collect();
    let d = desk(&st, me.as_ref(), &slug, q)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(d.render()?).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct CheckForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    replaces: String,
    /// `qr` when the camera read it, `search` from a search result, else typed.
    #[serde(default)]
    via: String,
}

pub async fn check(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CheckForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let method = match f.via.as_str() {
        "qr" => cr::Method::Qr,
        "search" => cr::Method::Search,
        _ => cr::Method::Code,
    };
    // A suplente is never seated by one click: the desk asks whom she replaces first.
    if f.replaces.trim().is_empty()
        && let Some(ask) = cr::seat_question(&st.db, me.as_ref(), &slug, &f.code)
            .await
            .map_err(|e| refuse(e, &uri))?
    {
        let mut d = desk(&st, me.as_ref(), &slug, String::new())
            .await
            .map_err(|f| refuse(f, &uri))?;
        d.code = ask.0.code.clone();
        d.ask = Some(ask);
        return Ok((StatusCode::OK, Html(d.render()?)).into_response());
    }
    let result = cr::check_in(
        &st.db,
        me.as_ref(),
        &slug,
        &f.code,
        Some(&f.replaces),
        method,
    )
    .await;
    answer(&st, me.as_ref(), &slug, &uri, f.code, f.replaces, result).await
}

/// Renders the desk after an action: its result, or its refusal (422) with what was typed.
async fn answer(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    uri: &Uri,
    code: String,
    replaces: String,
    result: Result<cr::Checked, Fail>,
) -> Result<Response, WebError> {
    let mut d = desk(st, me, slug, String::new())
        .await
        .map_err(|f| refuse(f, uri))?;
    match result {
        Ok(done) => {
            d.done = Some(done);
            Ok((StatusCode::OK, Html(d.render()?)).into_response())
        }
        Err(Fail::Invalid(errors)) => {
            d.errors = errors;
            d.give_back = cr::seat_with_suplente(&st.db, me, slug, &code)
                .await
                .map_err(|f| refuse(f, uri))?;
            d.code = code;
            d.replaces = replaces;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(d.render()?)).into_response())
        }
        Err(other) => Err(refuse(other, uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    via: String,
}

/// `POST /c/{slug}/credenciamento/saida`: the person left the plenary.
pub async fn exit(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let method = match f.via.as_str() {
        "qr" => cr::Method::Qr,
        "search" => cr::Method::Search,
        _ => cr::Method::Code,
    };
    let result = cr::check_out(&st.db, me.as_ref(), &slug, &f.code, method).await;
    answer(&st, me.as_ref(), &slug, &uri, f.code, String::new(), result).await
}

/// `POST /c/{slug}/credenciamento/devolver`: the titular takes back the seat from the suplente.
pub async fn give_back(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let result = cr::return_seat(&st.db, me.as_ref(), &slug, &f.code).await;
    answer(&st, me.as_ref(), &slug, &uri, f.code, String::new(), result).await
}

/// Counters as server-sent events: one at once, then on every change (this instance's check-ins
/// at once; other instances' within 2 seconds).
pub async fn events(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (c, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(me.as_ref(), domain::policy::Action::Credential(scope))
        .map_err(|f| refuse(f, &uri))?;
    let rx = app::platform::events::subscribe(c.id);
    let db = st.db.clone();
    let stream = futures_util::stream::unfold(
        (rx, None::<cr::Counters>, db, c, true),
        |(mut rx, last, db, c, first)| async move {
            loop {
                if !first {
                    tokio::select! {
                        r = rx.changed() => { if r.is_err() { return None; } }
                        _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                    }
                }
                let now = match cr::counters_of(&db, &c).await {
                    Ok(n) => n,
                    Err(e) => {
                        tracing::warn!(error = %e, "counters for SSE");
                        tokio::time::sleep(Duration::from_secs(2)).await;
                        continue;
                    }
                };
                if last.as_ref() != Some(&now) {
                    let ev = Event::default()
                        .event("contadores")
                        .json_data(&now)
                        .unwrap_or_else(|_| Event::default());
                    return Some((
                        Ok::<_, std::convert::Infallible>(ev),
                        (rx, Some(now), db, c, false),
                    ));
                }
                if first {
                    // unreachable: `last` is None the first time
                    return None;
                }
            }
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/credenciamento", get(page).post(check))
        .route("/c/{slug}/credenciamento/saida", post(exit))
        .route("/c/{slug}/credenciamento/devolver", post(give_back))
        .route("/c/{slug}/credenciamento/eventos", get(events))
}
