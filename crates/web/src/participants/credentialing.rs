//! The credentialing desk `/c/{slug}/credenciamento`: check-in by code (typed, or read from the
//! badge's QR by the camera where the browser can), by name search; for a suplente the desk asks
//! "No lugar de quem?" before writing anything; "Devolver a vaga" for a titular who arrives after
//! their suplente; exits and returns at the plenary door (`/saida`); counters pushed by SSE at
//! `/c/{slug}/credenciamento/eventos`.

use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::credentialing as cr;
use app::platform::auth::Me;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use domain::Invalid;
use domain::policy::Action;
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

impl Desk {
    /// A segment's bar (of 100) in the attendance chart: the largest segment is the full bar.
    fn segment_bar(&self, n: &u64) -> u64 {
        let max = self
            .counters
            .by_segment
            .iter()
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0)
            .max(1);
        *n * 100 / max
    }
}

#[derive(serde::Deserialize, Default)]
pub struct DeskQuery {
    #[serde(default)]
    q: String,
}

/// The desk with its counters and the search for `q`; nothing typed, nothing done.
async fn desk(st: &AppState, me: Option<&Me>, slug: &str, q: String) -> Result<Desk, Fail> {
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
    v: Viewer,
    Path(slug): Path<String>,
    Query(dq): Query<DeskQuery>,
) -> Result<Response, WebError> {
    let q: String = dq.q.trim().chars().take(100).collect();
    respond::html(desk(&st, v.me(), &slug, q).await?)
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

/// How the code reached the desk: `qr` when the camera read it, `search` from a search result,
/// else typed.
fn method(via: &str) -> cr::Method {
    match via {
        "qr" => cr::Method::Qr,
        "search" => cr::Method::Search,
        _ => cr::Method::Code,
    }
}

pub async fn check(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CheckForm>,
) -> Result<Response, WebError> {
    // A suplente is never seated by one click: the desk asks whom she replaces first.
    if f.replaces.trim().is_empty()
        && let Some(ask) = cr::seat_question(&st.db, v.me(), &slug, &f.code).await?
    {
        let mut d = desk(&st, v.me(), &slug, String::new()).await?;
        d.code = ask.0.code.clone();
        d.ask = Some(ask);
        return respond::html(d);
    }
    let result = cr::check_in(
        &st.db,
        v.me(),
        &slug,
        &f.code,
        Some(&f.replaces),
        method(&f.via),
    )
    .await;
    answer(&st, v.me(), &slug, f.code, f.replaces, result).await
}

/// Renders the desk after an action: its result, or its refusal (422) with what was typed.
async fn answer(
    st: &AppState,
    me: Option<&Me>,
    slug: &str,
    code: String,
    replaces: String,
    result: Result<cr::Checked, Fail>,
) -> Result<Response, WebError> {
    let mut d = desk(st, me, slug, String::new()).await?;
    match result {
        Ok(done) => {
            d.done = Some(done);
            respond::html(d)
        }
        Err(Fail::Invalid(errors)) => {
            d.errors = errors;
            d.give_back = cr::seat_with_suplente(&st.db, me, slug, &code).await?;
            d.code = code;
            d.replaces = replaces;
            respond::page(true, d)
        }
        Err(other) => Err(other.into()),
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
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let result = cr::check_out(&st.db, v.me(), &slug, &f.code, method(&f.via)).await;
    answer(&st, v.me(), &slug, f.code, String::new(), result).await
}

/// `POST /c/{slug}/credenciamento/devolver`: the titular takes back the seat from the suplente.
pub async fn give_back(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let result = cr::return_seat(&st.db, v.me(), &slug, &f.code).await;
    answer(&st, v.me(), &slug, f.code, String::new(), result).await
}

/// Counters as server-sent events: one at once, then on every change (this instance's check-ins
/// at once; other instances' within 2 seconds).
pub async fn events(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let c = app::platform::auth::authorize(&st.db, v.me(), &slug, Action::Credential).await?;
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
