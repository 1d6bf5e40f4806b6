//! JSON API, version 1, and its OpenAPI document.
//!
//! Everything under `/api/v1` that is not a success answers an RFC 9457 problem
//! (`application/problem+json` with `type`, `title`, `status` and `detail`, in pt-BR):
//! - the use cases' refusals (`app::Fail`), with the field errors in `errors`;
//! - the requests the extractors refuse: [`ApiJson`], [`ApiPath`] and [`ApiQuery`] wrap axum's and
//!   turn their rejections (no or another `Content-Type`, malformed JSON, wrong fields or types, a
//!   body over [`BODY_LIMIT`], an unreadable path or query) into problems;
//! - an unknown route or method under `/api/v1` ([`not_found`], [`method_not_allowed`], which
//!   keeps axum's `Allow` header);
//! - a panic in a handler (`CatchPanicLayer` with [`panicked`]): 500, the cause only in the log;
//! - and, as a safety net, any other error answer under `/api/` ([`problems`], a middleware that
//!   sits outside the CSRF check, whose refusal happens before routing).
//!
//! Every status each operation can answer is documented in [`openapi`]; `cargo xtask fuzz-api`
//! (schemathesis, `e2e/api-fuzz.sh`) checks the running server against that document.

use crate::{AppState, WebError};
use axum::{
    Json, Router,
    extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State},
    http::{HeaderValue, Method, StatusCode, header, request::Parts},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::de::DeserializeOwned;
use serde_json::json;

/// The media type of every error answer of the API (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Largest request body the API reads: its bodies are a few hundred bytes (a registration with
/// every field filled is under 2 KiB). Over it: 413.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The API's routes, nested at `/api/v1` by [`crate::router_with`].
pub fn router(state: &AppState) -> Router<AppState> {
    // The public registration counts as a public write (`client_limit`), like its form.
    let public_writes =
        middleware::from_fn_with_state(state.clone(), crate::client_limit::public_writes);
    Router::new()
        .route("/openapi.json", get(openapi))
        .route("/conferences", get(conferences))
        .route("/conferences/{slug}", get(conference))
        .route(
            "/conferences/{slug}/registrations",
            post(register).layer(public_writes),
        )
        .route("/conferences/{slug}/checkins", post(checkin))
        .route("/conferences/{slug}/checkouts", post(checkout))
        .route("/conferences/{slug}/checkins/counters", get(counters))
        .route("/conferences/{slug}/units", get(units))
        .route("/entities/{ibge_code}", get(entity))
        // After the routes: it applies to the routes registered so far.
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

// ---------------------------------------------------------------------------------------------
// Problems (RFC 9457)

/// An RFC 9457 problem. `type` is always `about:blank`: the `status` says what kind of problem it
/// is; `title` and `detail` are pt-BR. Extension members: `errors` (per field, on 422 from a use
/// case) and `cause` (the JSON reader's own message, in English, on a malformed or mistyped body).
#[derive(Debug)]
pub struct Problem {
    status: StatusCode,
    title: String,
    detail: String,
    extra: serde_json::Map<String, serde_json::Value>,
}

impl Problem {
    pub fn new(status: StatusCode, title: impl Into<String>, detail: impl Into<String>) -> Self {
        Self {
            status,
            title: title.into(),
            detail: detail.into(),
            extra: serde_json::Map::new(),
        }
    }

    fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    /// The problem for a status when nothing more is known (the safety net and panics).
    pub fn of_status(status: StatusCode) -> Self {
        let (title, detail) = match status.as_u16() {
            400 => (
                "Pedido inválido",
                "O pedido não pôde ser lido. Veja as operações em /api/v1/openapi.json.",
            ),
            401 => (
                "Entre com uma conta da equipe",
                "Esta operação pede o cookie de sessão de POST /entrar.",
            ),
            // Under the API the only 403 that is not a use case's own is the CSRF check's.
            403 => (
                "Acesso negado",
                "Pedido recusado: um pedido que altera dados e leva o cookie de sessão precisa vir deste site (cabeçalho Origin deste endereço ou Sec-Fetch-Site: same-origin).",
            ),
            404 => (
                "Não encontrado",
                "Não há operação da API neste endereço. As operações estão em /api/v1/openapi.json.",
            ),
            405 => (
                "Método não permitido",
                "Este endereço não aceita este método; os aceitos estão no cabeçalho Allow.",
            ),
            413 => (
                "Corpo grande demais",
                "O corpo do pedido passa do limite desta operação.",
            ),
            415 => (
                "Tipo de conteúdo não aceito",
                "Envie o corpo em JSON, com o cabeçalho Content-Type: application/json.",
            ),
            422 => (
                "Dados inválidos",
                "O pedido foi lido, mas os dados não foram aceitos.",
            ),
            429 => (
                "Muitas tentativas",
                "Muitos pedidos a partir desta conexão em pouco tempo. Espere o tempo do cabeçalho Retry-After e tente de novo.",
            ),
            503 => (
                "Serviço indisponível",
                "O serviço está indisponível agora. Tente de novo em instantes.",
            ),
            s if s >= 500 => (
                "Erro interno",
                "Algo deu errado do nosso lado. Tente de novo em instantes.",
            ),
            _ => ("Pedido não atendido", "O pedido não pôde ser atendido."),
        };
        Self::new(status, title, detail)
    }

    /// A 400: a part of the request (`title`) could not be read, with the extractor's `cause`.
    fn unreadable(title: &str, detail: &str, cause: String) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, title, detail).with("cause", cause)
    }

    fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error (api)");
        Self::of_status(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn conference_not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "Conferência não encontrada",
            "Não há conferência com este endereço (slug). A lista está em /api/v1/conferences.",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = serde_json::Map::new();
        body.insert("type".into(), "about:blank".into());
        body.insert("title".into(), self.title.into());
        body.insert("status".into(), self.status.as_u16().into());
        body.insert("detail".into(), self.detail.into());
        body.extend(self.extra);
        (
            self.status,
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            serde_json::Value::Object(body).to_string(),
        )
            .into_response()
    }
}

/// A use case's refusal; the field errors of bad input in `errors`.
impl From<app::Fail> for Problem {
    fn from(f: app::Fail) -> Self {
        match f {
            app::Fail::Invalid(i) => Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Dados inválidos",
                i.to_string(),
            )
            .with("errors", serde_json::to_value(&i.0).unwrap_or_default()),
            app::Fail::NeedsLogin => Problem::new(
                StatusCode::UNAUTHORIZED,
                "Entre com uma conta da equipe (cookie de sessão de POST /entrar)",
                "Esta operação é da equipe da conferência: envie o cookie de sessão que POST /entrar devolve.",
            )
            .with("errors", json!([])),
            app::Fail::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "Sua conta não tem permissão para isto",
                "Peça o papel necessário à secretaria do conselho.",
            )
            .with("errors", json!([])),
            app::Fail::NotFound => Problem::new(
                StatusCode::NOT_FOUND,
                "Não encontrado",
                "A conferência ou o registro pedido não existe.",
            )
            .with("errors", json!([])),
            app::Fail::Store(e) => Problem::from(e),
        }
    }
}

impl From<store::Error> for Problem {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::NotFound => Problem::of_status(StatusCode::NOT_FOUND),
            other => Problem::internal(other),
        }
    }
}

/// The pages' errors (from shared helpers such as `respond::signed_in`), as problems: no redirects here.
impl From<WebError> for Problem {
    fn from(e: WebError) -> Self {
        match e {
            WebError::NotFound => Problem::of_status(StatusCode::NOT_FOUND),
            WebError::NeedsLogin(_) => Problem::from(app::Fail::NeedsLogin),
            WebError::MustChangePassword => Problem::new(
                StatusCode::FORBIDDEN,
                "Troque a senha temporária",
                "Esta conta entrou com uma senha temporária: troque-a em /senha/trocar antes de usar a API.",
            ),
            WebError::Forbidden(m) => Problem::new(StatusCode::FORBIDDEN, "Acesso negado", m),
            WebError::BadRequest(m) => Problem::new(StatusCode::BAD_REQUEST, "Pedido inválido", m),
            WebError::TooLarge(m) => {
                Problem::new(StatusCode::PAYLOAD_TOO_LARGE, "Corpo grande demais", m)
            }
            WebError::Unprocessable(m) => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "Dados inválidos", m)
            }
            WebError::Internal(cause) => Problem::internal(cause),
        }
    }
}

/// The slug of a path, or 404 when it cannot be a conference's (`domain::values::Slug`): such a
/// value never reaches the database (PostgreSQL refuses a NUL byte in text with an error).
fn slug(raw: String) -> Result<String, Problem> {
    match domain::values::Slug::parse(&raw) {
        Ok(s) if s.as_str() == raw => Ok(raw),
        _ => Err(Problem::conference_not_found()),
    }
}

// ---------------------------------------------------------------------------------------------
// Extractors whose rejections are problems

/// `axum::Json`, with its rejections as problems: no JSON `Content-Type` 415, malformed JSON 400,
/// wrong fields or types 422, body over [`BODY_LIMIT`] 413.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection as R;
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(R::MissingJsonContentType(_)) => {
                Err(Problem::of_status(StatusCode::UNSUPPORTED_MEDIA_TYPE))
            }
            Err(R::JsonSyntaxError(e)) => Err(Problem::unreadable(
                "JSON malformado",
                "O corpo do pedido não é um JSON válido.",
                e.body_text(),
            )),
            Err(R::JsonDataError(e)) => Err(Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Dados inválidos",
                "O JSON não tem os campos ou os tipos que esta operação espera; veja o esquema em /api/v1/openapi.json.",
            )
            .with("cause", e.body_text())
            .with("errors", json!([]))),
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(Problem::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "Corpo grande demais",
                format!(
                    "O corpo do pedido passa de {} KiB, o limite da API.",
                    BODY_LIMIT / 1024
                ),
            )),
            Err(e) if e.status().is_server_error() => Err(Problem::internal(e.body_text())),
            Err(e) => Err(Problem::unreadable(
                "Corpo ilegível",
                "Não foi possível ler o corpo do pedido.",
                e.body_text(),
            )),
        }
    }
}

/// `axum::extract::Path`, with its rejections as problems (400; 500 for a route's own mistake).
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(e) if e.status().is_server_error() => Err(Problem::internal(e.body_text())),
            Err(e) => Err(Problem::unreadable(
                "Endereço inválido",
                "Um trecho do endereço não pôde ser lido (por exemplo, um código % que não forma UTF-8).",
                e.body_text(),
            )),
        }
    }
}

/// `axum::extract::Query`, with its rejection as a problem (400).
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(Problem::unreadable(
                "Consulta inválida",
                "Os parâmetros depois de ? não puderam ser lidos (por exemplo, um parâmetro repetido).",
                e.body_text(),
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Fallbacks, panics and the safety net

/// No operation at this address under `/api/v1`.
pub async fn not_found() -> Problem {
    Problem::of_status(StatusCode::NOT_FOUND)
}

/// The address exists but not with this method; axum adds the `Allow` header.
pub async fn method_not_allowed(method: Method) -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "Método não permitido",
        format!("Este endereço não aceita {method}; os métodos aceitos estão no cabeçalho Allow."),
    )
}

/// A handler panicked: 500 as a problem; the panic's message goes to the log only.
pub fn panicked(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let cause = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(%cause, "panic in an API handler");
    Problem::of_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

/// Whether a path is the API's (`/api`, `/api/…`).
fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

fn is_problem(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// The safety net of the API (a middleware of the whole router, outside the CSRF check): an
/// error answer (4xx, 5xx) under `/api/` that is not a problem yet (the CSRF refusal, a limit's
/// page, anything added later) becomes [`Problem::of_status`] with the same status. Its headers
/// stay (`Allow`, `Retry-After`, `Cache-Control`…), but not the ones of the old body.
pub async fn problems(req: Request, next: Next) -> Response {
    if !is_api(req.uri().path()) {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&res) {
        return res;
    }
    let (parts, _) = res.into_parts();
    let mut out = Problem::of_status(status).into_response();
    let h = out.headers_mut();
    for (name, value) in &parts.headers {
        if name == header::CONTENT_TYPE
            || name == header::CONTENT_LENGTH
            || name == header::CONTENT_ENCODING
            || name == header::TRANSFER_ENCODING
            || name == header::CACHE_CONTROL
        {
            continue;
        }
        h.append(name.clone(), value.clone());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Operations

#[derive(serde::Deserialize)]
pub struct ListQuery {
    q: Option<String>,
}

pub async fn conferences(
    State(s): State<AppState>,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Response, Problem> {
    let list = app::setup::public::list_conferences(&s.db, q.q.as_deref()).await?;
    Ok(Json(json!({ "conferences": list })).into_response())
}

pub async fn conference(
    State(s): State<AppState>,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, Problem> {
    let slug = slug(raw)?;
    match app::setup::public::conference_page(&s.db, &slug).await {
        Ok(p) => Ok(Json(p).into_response()),
        Err(store::Error::NotFound) => Err(Problem::conference_not_found()),
        Err(e) => Err(e.into()),
    }
}

/// The conference's territories with the units that take part (public fields).
pub async fn units(
    State(s): State<AppState>,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, Problem> {
    let slug = slug(raw)?;
    match app::mobilization::network::public_network(&s.db, &slug).await {
        Ok(n) => Ok(Json(n).into_response()),
        Err(app::Fail::NotFound) => Err(Problem::conference_not_found()),
        Err(e) => Err(e.into()),
    }
}

/// Body of `POST /api/v1/conferences/{slug}/registrations` (self-registration; the window applies).
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RegistrationBody {
    name: String,
    social_name: String,
    category: String,
    segment: String,
    seat: String,
    cpf: String,
    email: String,
    phone: String,
    trust_position: bool,
    preferred_eixo: String,
    needs: Vec<String>,
    quotas: Vec<String>,
    consent: bool,
    sensitive_consent: bool,
}

pub async fn register(
    State(s): State<AppState>,
    ApiPath(raw): ApiPath<String>,
    ApiJson(b): ApiJson<RegistrationBody>,
) -> Result<Response, Problem> {
    let slug = slug(raw)?;
    let input = app::participants::registration::RegistrationInput {
        name: b.name,
        social_name: b.social_name,
        category: b.category,
        segment: b.segment,
        seat: b.seat,
        cpf: b.cpf,
        email: b.email,
        phone: b.phone,
        trust_position: b.trust_position,
        preferred_eixo: b.preferred_eixo,
        needs: b.needs,
        quotas: b.quotas,
        consent: b.consent,
        sensitive_consent: b.sensitive_consent,
        ..Default::default()
    };
    let r = app::participants::registration::register(
        &s.db,
        None,
        &slug,
        &input,
        app::participants::registration::Source::SelfService,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[derive(serde::Deserialize)]
pub struct CheckinBody {
    code: String,
    #[serde(default)]
    replaces: Option<String>,
}

/// `POST /api/v1/conferences/{slug}/checkins`: a scripted check-in station (staff session cookie).
pub async fn checkin(
    State(s): State<AppState>,
    h: axum::http::HeaderMap,
    ApiPath(raw): ApiPath<String>,
    ApiJson(b): ApiJson<CheckinBody>,
) -> Result<Response, Problem> {
    let slug = slug(raw)?;
    let me = crate::respond::signed_in(&s, &h).await?;
    let c = app::participants::credentialing::check_in(
        &s.db,
        me.as_ref(),
        &slug,
        &b.code,
        b.replaces.as_deref(),
        app::participants::credentialing::Method::Api,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// `POST /api/v1/conferences/{slug}/checkouts`: the person left the plenary (a return is a
/// check-in again).
pub async fn checkout(
    State(s): State<AppState>,
    h: axum::http::HeaderMap,
    ApiPath(raw): ApiPath<String>,
    ApiJson(b): ApiJson<CheckinBody>,
) -> Result<Response, Problem> {
    let slug = slug(raw)?;
    let me = crate::respond::signed_in(&s, &h).await?;
    let c = app::participants::credentialing::check_out(
        &s.db,
        me.as_ref(),
        &slug,
        &b.code,
        app::participants::credentialing::Method::Api,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// `GET /api/v1/conferences/{slug}/checkins/counters`.
pub async fn counters(
    State(s): State<AppState>,
    h: axum::http::HeaderMap,
    ApiPath(raw): ApiPath<String>,
) -> Result<Response, Problem> {
    let slug = slug(raw)?;
    let me = crate::respond::signed_in(&s, &h).await?;
    let c = app::participants::credentialing::counters(&s.db, me.as_ref(), &slug).await?;
    Ok(Json(c).into_response())
}

/// `GET /api/v1/entities/{ibge_code}`: a municipality or UF, its IBGE population and porte
/// (public). A malformed code is a 422 problem (field `ibge_code`); an unknown one, 404.
pub async fn entity(
    State(s): State<AppState>,
    ApiPath(code): ApiPath<String>,
) -> Result<Response, Problem> {
    match app::platform::tenancy::entity(&s.db, &code).await {
        Ok(e) => Ok(Json(e).into_response()),
        // A code of the documented form (2 or 7 digits) that names no UF or municipality, such as
        // "00": 404, like any code the IBGE does not have. Another form is a 422 (below).
        Err(app::Fail::NotFound) => Err(no_entity(&code)),
        Err(app::Fail::Invalid(_))
            if matches!(code.len(), 2 | 7) && code.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Err(no_entity(&code))
        }
        Err(e) => Err(e.into()),
    }
}

/// The 404 problem of an IBGE code that names no entity.
fn no_entity(code: &str) -> Problem {
    Problem::new(
        StatusCode::NOT_FOUND,
        "Ente não encontrado",
        format!("Não há município nem UF com o código IBGE {code}."),
    )
    .with("errors", json!([]))
}

// ---------------------------------------------------------------------------------------------
// The OpenAPI document

/// The OpenAPI 3.1 document of this API, kept as JSON next to this file: every operation with
/// every status it can answer (the errors as `components.responses`, all `Problem`).
pub const OPENAPI: &str = include_str!("openapi.json");

/// [`OPENAPI`] without its indentation, as served.
static OPENAPI_COMPACT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    serde_json::from_str::<serde_json::Value>(OPENAPI)
        .map(|v| v.to_string())
        .unwrap_or_else(|_| OPENAPI.to_owned())
});

pub async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        OPENAPI_COMPACT.as_str(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation documents its successes and the shared errors, each with a problem body.
    #[test]
    fn openapi_documents_every_error_as_a_problem() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        assert_eq!(
            doc["components"]["securitySchemes"]["session"]["name"],
            crate::platform::accounts::COOKIE
        );
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 8);
        for (path, ops) in paths {
            for (method, op) in ops.as_object().unwrap() {
                let r = op["responses"].as_object().unwrap();
                for code in ["400", "500"] {
                    assert!(r.contains_key(code), "{method} {path}: {code}");
                }
                if path.contains('{') {
                    assert!(r.contains_key("404"), "{method} {path}: 404");
                }
                if method == "post" {
                    for code in ["403", "413", "415", "422"] {
                        assert!(r.contains_key(code), "{method} {path}: {code}");
                    }
                }
                if op.get("security").is_some() {
                    assert!(r.contains_key("401") && r.contains_key("403"), "{path}");
                }
                for (code, resp) in r {
                    if code.starts_with('4') || code.starts_with('5') {
                        let name = resp["$ref"].as_str().unwrap().rsplit('/').next().unwrap();
                        let schema = &doc["components"]["responses"][name]["content"][PROBLEM_JSON]
                            ["schema"]["$ref"];
                        assert_eq!(schema, "#/components/schemas/Problem", "{path} {code}");
                    }
                }
            }
        }
    }

    async fn read(res: Response) -> (StatusCode, String, String) {
        let status = res.status();
        let ty = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, ty, String::from_utf8_lossy(&body).into_owned())
    }

    /// A panicking handler under the catcher answers a 500 problem; the message stays in the log.
    #[tokio::test]
    async fn a_panic_is_a_problem() {
        use tower::ServiceExt;
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    panic!("segredo interno");
                    #[allow(unreachable_code)]
                    ()
                }),
            )
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked));
        let res = app
            .oneshot(
                Request::get("/boom")
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        let (status, ty, body) = read(res).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(ty, PROBLEM_JSON);
        assert!(
            body.contains("\"title\":\"Erro interno\"") && !body.contains("segredo"),
            "{body}"
        );
    }

    /// The safety net turns any other error answer under /api/ into a problem, keeps its headers,
    /// and leaves successes, problems and the pages alone.
    #[tokio::test]
    async fn the_safety_net_makes_problems_under_api_only() {
        use tower::ServiceExt;
        let html = || async {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "60")],
                axum::response::Html("<p>Muitas</p>"),
            )
        };
        let app: Router = Router::new()
            .route("/api/x", get(html))
            .route("/pagina", get(html))
            .route("/api/ok", get(|| async { "ok" }))
            .route(
                "/api/problema",
                get(|| async { Problem::of_status(StatusCode::CONFLICT) }),
            )
            .layer(middleware::from_fn(problems));
        let call = |uri: &'static str| {
            app.clone()
                .oneshot(Request::get(uri).body(axum::body::Body::empty()).unwrap())
        };
        let res = call("/api/x").await.unwrap();
        assert_eq!(res.headers()[header::RETRY_AFTER], "60");
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
        let (status, ty, body) = read(res).await;
        assert_eq!(
            (status, ty.as_str()),
            (StatusCode::TOO_MANY_REQUESTS, PROBLEM_JSON)
        );
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["status"], 429);
        assert_eq!(v["title"], "Muitas tentativas");
        let (status, ty, _) = read(call("/pagina").await.unwrap()).await;
        assert_eq!(
            (status, ty.as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "text/html; charset=utf-8")
        );
        let (status, _, body) = read(call("/api/ok").await.unwrap()).await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
        let (status, ty, body) = read(call("/api/problema").await.unwrap()).await;
        assert_eq!((status, ty.as_str()), (StatusCode::CONFLICT, PROBLEM_JSON));
        assert!(body.contains("\"status\":409"));
    }
}
