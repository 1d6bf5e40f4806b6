//! HTTP: pages (askama, pt-BR), the JSON API under `/api/v1`, health and metrics.
//!
//! Request flow: router → middleware (metrics, CSRF origin check) → handler → `app::…` use case
//! → page or JSON. Errors become a pt-BR page or a JSON problem; causes are logged, never shown.

mod accounts;
mod api;
mod pages;

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone)]
pub struct AppState {
    pub db: app::Db,
    pub metrics: Arc<Metrics>,
}

#[derive(Default)]
pub struct Metrics {
    requests: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
}

pub fn router(db: app::Db) -> Router {
    let state = AppState {
        db,
        metrics: Arc::new(Metrics::default()),
    };
    Router::new()
        .route("/", get(pages::home))
        .route("/acessibilidade", get(pages::accessibility))
        .route("/c/{slug}", get(pages::conference))
        .route("/c/{slug}/calendario.ics", get(pages::ical))
        .route("/entrar", get(accounts::login_form).post(accounts::login))
        .route("/sair", post(accounts::logout))
        .route("/painel", get(accounts::panel))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/api/v1/conferences", get(api::conferences))
        .route("/api/v1/conferences/{slug}", get(api::conference))
        .route("/static/{file}", get(static_file))
        .fallback(|| async { WebError::NotFound })
        .layer(middleware::from_fn(csrf))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        .with_state(state)
}

async fn healthz(State(s): State<AppState>) -> Response {
    match s.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

async fn metrics(State(s): State<AppState>) -> Response {
    let m = &s.metrics;
    let body = format!(
        "# HELP conferencia_http_requests_total HTTP requests served.\n# TYPE conferencia_http_requests_total counter\nconferencia_http_requests_total {}\n\
# HELP conferencia_http_client_errors_total Responses with a 4xx status.\n# TYPE conferencia_http_client_errors_total counter\nconferencia_http_client_errors_total {}\n\
# HELP conferencia_http_server_errors_total Responses with a 5xx status.\n# TYPE conferencia_http_server_errors_total counter\nconferencia_http_server_errors_total {}\n",
        m.requests.load(Ordering::Relaxed),
        m.client_errors.load(Ordering::Relaxed),
        m.server_errors.load(Ordering::Relaxed),
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}

async fn count(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    s.metrics.requests.fetch_add(1, Ordering::Relaxed);
    if res.status().is_client_error() {
        s.metrics.client_errors.fetch_add(1, Ordering::Relaxed);
    } else if res.status().is_server_error() {
        s.metrics.server_errors.fetch_add(1, Ordering::Relaxed);
    }
    res
}

/// Content Security Policy: only our own scripts, styles and forms; no framing.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    res
}

/// CSRF defence: an unsafe method must come from this same site (`Sec-Fetch-Site`, else `Origin` vs `Host`).
async fn csrf(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || same_origin(req.headers())
    {
        return next.run(req).await;
    }
    WebError::Forbidden(
        "Pedido recusado: o formulário não veio deste site. Recarregue a página e tente de novo."
            .into(),
    )
    .into_response()
}

fn same_origin(h: &HeaderMap) -> bool {
    if let Some(site) = h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return site == "same-origin" || site == "none";
    }
    match (
        h.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        h.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        // Non-browser clients (no Origin, no Sec-Fetch-Site) carry no ambient cookies worth protecting.
        (None, _) => true,
        _ => false,
    }
}

async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    let (body, ty): (&'static str, &str) = match file.as_str() {
        "site.css" => (
            include_str!("../static/site.css"),
            "text/css; charset=utf-8",
        ),
        "a11y.js" => (
            include_str!("../static/a11y.js"),
            "text/javascript; charset=utf-8",
        ),
        "a11y-buttons.js" => (
            include_str!("../static/a11y-buttons.js"),
            "text/javascript; charset=utf-8",
        ),
        _ => return WebError::NotFound.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, ty),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// Every error a handler can return; rendered as a pt-BR page.
#[derive(Debug)]
pub enum WebError {
    NotFound,
    Forbidden(String),
    Internal(String),
}

impl From<store::Error> for WebError {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::NotFound => WebError::NotFound,
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(e.to_string())
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, title, message) = match self {
            WebError::NotFound => (
                StatusCode::NOT_FOUND,
                "Página não encontrada",
                "O endereço não existe ou foi mudado.".to_string(),
            ),
            WebError::Forbidden(m) => (StatusCode::FORBIDDEN, "Acesso negado", m),
            WebError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erro interno",
                    "Algo deu errado do nosso lado. Tente de novo em instantes.".to_string(),
                )
            }
        };
        let page = pages::ErrorPage {
            title,
            message: &message,
        };
        match askama::Template::render(&page) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, message).into_response(),
        }
    }
}
