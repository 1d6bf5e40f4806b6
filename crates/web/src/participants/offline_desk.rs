//! The offline desk's endpoints (issue 25, ADR 0047): the list a desk keeps on its device
//! (`/c/{slug}/credenciamento/offline.json`), the queue it sends when the network returns
//! (`POST /c/{slug}/credenciamento/sincronizar`, JSON in and out), and the conflicts page of
//! whoever runs the conference (`/c/{slug}/credenciamento/conflitos`).

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::credentialing::offline as off;
use askama::Template;
use axum::{
    Form, Json,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use domain::Invalid;

/// JSON never kept by a browser's or a proxy's cache: it names people.
fn private_json<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "private, no-store")],
        Json(body),
    )
        .into_response()
}

/// `GET /c/{slug}/credenciamento/offline.json`: the desk's list for this day.
pub async fn snapshot(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = off::snapshot(&st.db, v.me(), &slug).await?;
    Ok(private_json(StatusCode::OK, &s))
}

/// `POST /c/{slug}/credenciamento/sincronizar`: applies a desk's queue; a refused request (bad
/// input) answers 422 with the messages, as JSON.
pub async fn sync(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    // Who may not credential learns nothing, whatever the body.
    app::platform::auth::authorize(&st.db, v.me(), &slug, domain::policy::Action::Credential)
        .await?;
    let input: off::SyncInput = match serde_json::from_slice(&body) {
        Ok(i) => i,
        Err(_) => {
            return Ok(private_json(
                StatusCode::UNPROCESSABLE_ENTITY,
                &serde_json::json!({ "errors": ["O envio da mesa não veio no formato esperado"] }),
            ));
        }
    };
    match off::sync(&st.db, v.me(), &slug, &input).await {
        Ok(r) => Ok(private_json(StatusCode::OK, &r)),
        Err(Fail::Invalid(inv)) => Ok(private_json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &serde_json::json!({
                "errors": inv.0.iter().map(|e| e.message.clone()).collect::<Vec<_>>()
            }),
        )),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "participants/desk_conflicts.html")]
struct ConflictsTpl {
    slug: String,
    c: off::Conflicts,
    errors: Invalid,
    /// The conflict whose form the errors belong to.
    failed: String,
    note: String,
    notice: Option<&'static str>,
}

async fn conflicts_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    (errors, failed, note): (Invalid, String, String),
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let c = off::conflicts(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        ConflictsTpl {
            slug: slug.to_owned(),
            c,
            errors,
            failed,
            note,
            notice,
        },
    )
}

/// `GET /c/{slug}/credenciamento/conflitos`.
pub async fn conflicts(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = (n.code() == Some("resolvido")).then_some("Conflito resolvido e registrado.");
    conflicts_page(
        &st,
        &v,
        &slug,
        (Invalid::default(), String::new(), String::new()),
        notice,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct ResolveForm {
    #[serde(default)]
    resolution: String,
}

/// Resolves a conflict with a note.
pub async fn resolve(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<ResolveForm>,
) -> Result<Response, WebError> {
    let r = off::resolve(&st.db, v.me(), &slug, &id, &f.resolution).await;
    respond::form(
        r,
        |()| respond::back(&format!("/c/{slug}/credenciamento/conflitos"), "resolvido"),
        |e| conflicts_page(&st, &v, &slug, (e, id.clone(), f.resolution.clone()), None),
    )
    .await
}

#[derive(Template)]
#[template(path = "participants/offline_desk.html")]
struct DeskTpl {
    slug: String,
    title: String,
    categories: Vec<(String, String)>,
    segments: Vec<(String, String)>,
}

/// `GET /c/{slug}/credenciamento/offline`: the installable desk (its script keeps the list and
/// the queue on the device; `mesa-sw.js` keeps the page itself).
pub async fn desk(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let c =
        app::platform::auth::authorize(&st.db, v.me(), &slug, domain::policy::Action::Credential)
            .await?;
    let ctx = app::participants::registration::form_context(&st.db, &slug).await?;
    respond::html(DeskTpl {
        slug: c.slug,
        title: c.title,
        categories: ctx.categories,
        segments: respond::opts(
            domain::values::Segment::ALL,
            domain::values::Segment::code,
            domain::values::Segment::label,
        ),
    })
}

/// The desk's service worker, served under the desk's path so that its scope covers it.
pub async fn service_worker() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("../../static/mesa-sw.js"),
    )
        .into_response()
}

/// The routes of this page group.
pub(crate) fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/credenciamento/offline", get(desk))
        .route("/c/{slug}/credenciamento/mesa-sw.js", get(service_worker))
        .route("/c/{slug}/credenciamento/offline.json", get(snapshot))
        .route(
            "/c/{slug}/credenciamento/sincronizar",
            post(sync).layer(axum::extract::DefaultBodyLimit::max(512 * 1024)),
        )
        .route("/c/{slug}/credenciamento/conflitos", get(conflicts))
        .route("/c/{slug}/credenciamento/conflitos/{id}", post(resolve))
}
