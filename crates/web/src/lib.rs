//! HTTP: pages (askama, pt-BR), the JSON API under `/api/v1`, health and metrics.
//!
//! Request flow: router → middleware (metrics, CSRF origin check) → handler → `app::…` use case
//! → page or JSON. Errors become a pt-BR page or a JSON problem; causes are logged, never shown.

mod api;
mod bodies;
mod client_limit;
mod mobilization;
mod page_marker;
mod participants;
mod platform;
mod plenary;
pub mod public_cache;
mod reporting;
pub(crate) mod respond;
mod setup;
mod upload;
mod vlibras;

use axum::{
    Router,
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone)]
pub struct AppState {
    pub db: app::Db,
    /// The vote writer (group commit of phones' votes).
    pub votes: app::plenary::voting::Writer,
    pub metrics: Arc<Metrics>,
    pub settings: Arc<Settings>,
    pub public_cache: Arc<public_cache::PublicCache>,
    /// Per-client counts of public writes (`client_limit`).
    pub limiter: Arc<client_limit::Limiter>,
}

/// Deployment settings the web layer needs (from `conferencia serve` flags / env vars).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Public address of the site, without a trailing `/`, for links sent by e-mail.
    pub public_url: String,
    /// Show the VLibras (Portuguese → Libras) widget on every page and allow its government
    /// script in the CSP. Off by default: it loads third-party code.
    pub vlibras: bool,
    /// How long the conference page and its iCalendar feed may be served from memory
    /// (`public_cache::PublicCache`); zero turns the cache off.
    pub public_cache: std::time::Duration,
    /// Behind a reverse proxy, the request header holding the client's address (its last entry:
    /// `X-Forwarded-For`, `X-Real-IP`), for the per-client login limit. None: the connection's
    /// peer. Only set it when every request comes through that proxy.
    pub client_ip_header: Option<String>,
}

impl Settings {
    /// Served over HTTPS (the public URL says so): cookies get `Secure`, responses HSTS.
    pub fn https(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            public_url: "http://127.0.0.1:8080".into(),
            vlibras: false,
            public_cache: std::time::Duration::ZERO,
            client_ip_header: None,
        }
    }
}

#[derive(Default)]
pub struct Metrics {
    requests: AtomicU64,
    client_errors: AtomicU64,
    server_errors: AtomicU64,
}

/// The router with default [`Settings`].
pub fn router(db: app::Db) -> Router {
    router_with(db, Settings::default())
}

pub fn router_with(db: app::Db, mut settings: Settings) -> Router {
    settings.public_url = settings.public_url.trim_end_matches('/').to_owned();
    let state = AppState {
        votes: app::plenary::voting::Writer::start(db.clone()),
        db,
        metrics: Arc::new(Metrics::default()),
        public_cache: Arc::new(public_cache::PublicCache::new(settings.public_cache)),
        settings: Arc::new(settings),
        limiter: Arc::default(),
    };
    Router::new()
        .merge(setup::routes(&state))
        .merge(platform::routes(&state))
        .merge(participants::routes(&state))
        .merge(plenary::routes(&state))
        .merge(mobilization::routes(&state))
        .merge(reporting::routes(&state))
        .merge(bodies::routes(&state))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        // The JSON API: its own 404/405 fallbacks, body limit and panic catcher (`api::router`).
        .nest("/api/v1", api::router(&state))
        .route("/static/{file}", get(static_file))
        .fallback(|| async { WebError::NotFound })
        .layer(middleware::from_fn(respond::login_return))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        // Outside the CSRF check, so its refusal under /api/ becomes a problem+json too.
        .layer(middleware::from_fn(api::problems))
        .layer(middleware::from_fn(platform::account_link::insert))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            platform::menu::insert,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            vlibras::insert_widget,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), count))
        // Outermost, so the pages are compressed after the middleware above rewrote them. The
        // default predicate leaves server-sent events, images and small bodies alone.
        .layer(tower_http::compression::CompressionLayer::new())
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
    let writes = !matches!(
        *req.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    );
    if writes {
        s.public_cache.bump();
    }
    let res = next.run(req).await;
    if writes {
        s.public_cache.bump();
    }
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

pub use setup::conference::CONVOCATION_BODY_LIMIT;
pub use vlibras::CSP_VLIBRAS;

/// `Permissions-Policy` of every page: no powerful feature, not even for this site.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), display-capture=(), geolocation=(), \
gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";
/// The same, with the camera for this site: the credentialing desk reads badges' QR codes.
pub const PERMISSIONS_POLICY_CAMERA: &str = "accelerometer=(), camera=(self), display-capture=(), \
geolocation=(), gyroscope=(), hid=(), magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()";

/// The pages that read QR codes with the camera: the credentialing desk (its form posts render it).
fn reads_qr(path: &str) -> bool {
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        seg.as_slice(),
        ["c", _, "credenciamento"] | ["c", _, "credenciamento", "saida" | "devolver"]
    )
}

/// Public pages a browser may keep as it does today (no `Cache-Control` of ours) when asked
/// without a session or phone cookie: the same for everyone, no personal data. Every other
/// route is `no-store` unless its handler chose a policy.
fn public_page(path: &str) -> bool {
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    matches!(
        seg.as_slice(),
        [""] | ["acessibilidade"]
            | ["static", _]
            | ["api", "v1", "openapi.json" | "conferences"]
            | ["api", "v1", "conferences", _]
            | ["c", _]
            | [
                "c",
                _,
                "calendario.ics"
                    | "regimento"
                    | "convocacao.pdf"
                    | "deliberacoes"
                    | "eleicao"
                    | "acoes"
                    | "ranking"
                    | "relatorio"
                    | "monitoramento"
                    | "telao"
                    | "participe"
                    | "consulta"
            ]
            | ["orgaos", _]
            | [
                "orgaos",
                _,
                "reunioes" | "reunioes.ics" | "resolucoes" | "campanhas"
            ]
            | [
                "orgaos",
                _,
                "reunioes" | "documentos" | "resolucoes" | "campanhas",
                _
            ]
            | ["orgaos", _, "campanhas", _, "materiais" | "fotos", _]
            | ["orgaos", _, "campanhas", _, "fotos", _, "miniatura"]
            | ["orgaos", _, "reunioes", _, "ata"]
            | ["orgaos", _, "resolucoes", _, "pdf"]
            | ["c", _, "unidades", _]
            | ["c", _, "relatorio", "baixar" | "fotos", _]
            | ["c", _, "monitoramento", "evidencias", _]
            | ["c", _, "votacoes", _, "registro.json"]
            | ["c", _, "eleicao", "votacoes", _, "registro.json"]
    ) || matches!(seg.as_slice(), ["c", _, "participe", id] if *id != "minhas")
}

/// True when the request carries the staff session or a delegate phone's cookie.
fn personal_request(h: &HeaderMap) -> bool {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .any(|(k, v)| {
            (k == platform::accounts::COOKIE || k == participants::devices::COOKIE) && !v.is_empty()
        })
}

async fn security_headers(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let personal = personal_request(req.headers());
    let path = req.uri().path().to_owned();
    let public = matches!(*req.method(), Method::GET | Method::HEAD) && public_page(&path);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // Personal data never stays in a cache: a response to a logged-in person or a paired phone,
    // and anything outside the public pages, is `no-store`, unless it is the same for everyone
    // (`public`: static files, published media) or already `no-store`.
    let cache = h
        .get(header::CACHE_CONTROL)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !(cache.contains("public") || cache.contains("no-store") || (!personal && public)) {
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    h.insert(
        "permissions-policy",
        header::HeaderValue::from_static(if reads_qr(&path) {
            PERMISSIONS_POLICY_CAMERA
        } else {
            PERMISSIONS_POLICY
        }),
    );
    h.insert(
        "cross-origin-opener-policy",
        header::HeaderValue::from_static("same-origin"),
    );
    if s.settings.https() {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            header::HeaderValue::from_static("max-age=31536000"),
        );
        // Every cookie the app sets travels over HTTPS only.
        let cookies: Vec<_> = h.get_all(header::SET_COOKIE).iter().cloned().collect();
        if !cookies.is_empty() {
            h.remove(header::SET_COOKIE);
            for c in cookies {
                let secure = c.to_str().is_ok_and(|v| {
                    v.split(';')
                        .any(|a| a.trim().eq_ignore_ascii_case("secure"))
                });
                let c = if secure {
                    c
                } else {
                    let mut v = c.as_bytes().to_vec();
                    v.extend_from_slice(b"; Secure");
                    header::HeaderValue::from_bytes(&v).unwrap_or(c)
                };
                h.append(header::SET_COOKIE, c);
            }
        }
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(if s.settings.vlibras { CSP_VLIBRAS } else { CSP }),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    // A page may ask for a stricter policy (the phone's pairing page: `no-referrer`).
    h.entry(header::REFERRER_POLICY)
        .or_insert(header::HeaderValue::from_static("same-origin"));
    h.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static("DENY"),
    );
    res
}

/// CSRF defence: an unsafe method (anything but GET, HEAD, OPTIONS) must come from
/// this same site; see [`same_origin`].
async fn csrf(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || same_origin(req.headers(), req.uri(), &s.settings.public_url)
    {
        return next.run(req).await;
    }
    WebError::Forbidden(
        "Pedido recusado: o formulário não veio deste site. Recarregue a página e tente de novo."
            .into(),
    )
    .into_response()
}

/// Whether a request comes from this site:
/// - `Sec-Fetch-Site` (every current browser sends it, and a page cannot forge it) must be
///   `same-origin` or `none`. It is asked first because a page with `Referrer-Policy:
///   no-referrer` (the phone's) makes the browser send `Origin: null` on its own forms;
/// - else `Origin` must be this site: the scheme of the public URL with the request's `Host`
///   (port included), or the public URL's own origin (behind a proxy that rewrites `Host`);
/// - else, with neither header, the request must carry no session (`sid`) or phone (`dlg`)
///   cookie: a script without them passes (its own login, public API calls), a cookie with no
///   provenance does not (a script calling the API with a session cookie sends one of the two
///   headers).
fn same_origin(h: &HeaderMap, uri: &axum::http::Uri, public_url: &str) -> bool {
    if let Some(site) = h.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    if let Some(origin) = h.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", ""));
        let public_host = rest.split('/').next().unwrap_or_default();
        let host = h
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| uri.authority().map(|a| a.as_str()));
        return [host, Some(public_host)]
            .into_iter()
            .flatten()
            .filter(|h| !h.is_empty())
            .any(|h| origin.eq_ignore_ascii_case(&format!("{scheme}://{h}")));
    }
    !h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .any(|(k, _)| k == platform::accounts::COOKIE || k == participants::devices::COOKIE)
}

/// A file name safe inside a `Content-Disposition` header: ASCII letters, digits, `.`, `-`, `_`.
pub(crate) fn ascii_file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The site's style sheet: the gov.br Design System tokens, then our components.
const SITE_CSS: &str = concat!(
    include_str!("../static/govbr-tokens.css"),
    include_str!("../static/site.css")
);

/// The bundled typeface (Raleway, SIL Open Font License 1.1; `static/fonts/OFL.txt`). Font files
/// never change under a name, so browsers keep them for a year.
fn font_file(file: &str) -> Option<&'static [u8]> {
    match file {
        "raleway-latin-400.woff2" => {
            Some(include_bytes!("../static/fonts/raleway-latin-400.woff2"))
        }
        "raleway-latin-700.woff2" => {
            Some(include_bytes!("../static/fonts/raleway-latin-700.woff2"))
        }
        _ => None,
    }
}

async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    if let Some(bytes) = font_file(&file) {
        return (
            [
                (header::CONTENT_TYPE, "font/woff2"),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            bytes,
        )
            .into_response();
    }
    let (body, ty): (&'static str, &str) = match file.as_str() {
        "site.css" => (SITE_CSS, "text/css; charset=utf-8"),
        "raleway-OFL.txt" => (
            include_str!("../static/fonts/OFL.txt"),
            "text/plain; charset=utf-8",
        ),
        "a11y.js" => (
            include_str!("../static/a11y.js"),
            "text/javascript; charset=utf-8",
        ),
        "credenciamento.js" => (
            include_str!("../static/credenciamento.js"),
            "text/javascript; charset=utf-8",
        ),
        "mesa-offline.js" => (
            include_str!("../static/mesa-offline.js"),
            "text/javascript; charset=utf-8",
        ),
        "a11y-buttons.js" => (
            include_str!("../static/a11y-buttons.js"),
            "text/javascript; charset=utf-8",
        ),
        "plenaria.js" => (
            include_str!("../static/plenaria.js"),
            "text/javascript; charset=utf-8",
        ),
        "inscricao.js" => (
            include_str!("../static/inscricao.js"),
            "text/javascript; charset=utf-8",
        ),
        "celular.js" => (
            include_str!("../static/celular.js"),
            "text/javascript; charset=utf-8",
        ),
        "relogio.js" => (
            include_str!("../static/relogio.js"),
            "text/javascript; charset=utf-8",
        ),
        "telao.js" => (
            include_str!("../static/telao.js"),
            "text/javascript; charset=utf-8",
        ),
        "vlibras.js" => (
            include_str!("../static/vlibras.js"),
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
    /// Nobody is logged in: go to the login page, then come back to this path.
    NeedsLogin(String),
    /// Logged in with a temporary password: go and replace it first.
    MustChangePassword,
    Forbidden(String),
    BadRequest(String),
    TooLarge(String),
    Unprocessable(String),
    /// Something failed on our side: the cause, with its sources, is logged, never shown.
    Internal(BoxError),
}

/// The cause of an internal error, kept with its sources.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl WebError {
    /// An unexpected failure, its cause kept for the log.
    pub fn internal(cause: impl Into<BoxError>) -> Self {
        WebError::Internal(cause.into())
    }
}

impl From<tokio::task::JoinError> for WebError {
    fn from(e: tokio::task::JoinError) -> Self {
        WebError::internal(e)
    }
}

impl From<store::Error> for WebError {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::NotFound => WebError::NotFound,
            other => WebError::internal(other),
        }
    }
}

/// A refused use case as a page: `?` in handlers. "Log in first" comes back to the path asked
/// for (`respond::login_return`).
impl From<app::Fail> for WebError {
    fn from(f: app::Fail) -> Self {
        match f {
            app::Fail::NeedsLogin => WebError::NeedsLogin(String::new()),
            app::Fail::Forbidden => WebError::Forbidden(respond::FORBIDDEN.into()),
            app::Fail::NotFound => WebError::NotFound,
            app::Fail::Invalid(i) => WebError::Unprocessable(i.to_string()),
            app::Fail::Store(e) => WebError::from(e),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::internal(e)
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
            WebError::NeedsLogin(back) if back.is_empty() => {
                // The path asked for is added by `respond::login_return`.
                let mut res = axum::response::Redirect::to("/entrar").into_response();
                res.extensions_mut().insert(respond::ReturnHere);
                return res;
            }
            WebError::NeedsLogin(back) => {
                return axum::response::Redirect::to(&respond::login_path(&back)).into_response();
            }
            WebError::MustChangePassword => {
                return axum::response::Redirect::to("/senha/trocar").into_response();
            }
            WebError::Forbidden(m) => (StatusCode::FORBIDDEN, "Acesso negado", m),
            WebError::BadRequest(m) => (StatusCode::BAD_REQUEST, "Pedido inválido", m),
            WebError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, "Arquivo grande demais", m),
            WebError::Unprocessable(m) => (StatusCode::UNPROCESSABLE_ENTITY, "Dados inválidos", m),
            WebError::Internal(cause) => {
                tracing::error!(
                    cause = &*cause as &(dyn std::error::Error + 'static),
                    "internal error"
                );
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Erro interno",
                    "Algo deu errado do nosso lado. Tente de novo em instantes.".to_string(),
                )
            }
        };
        let page = setup::pages::ErrorPage {
            title,
            message: &message,
        };
        match askama::Template::render(&page) {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (status, message).into_response(),
        }
    }
}
