//! LGPD self-service: the public page `/c/{slug}/meus-dados` (proof of identity, the person's
//! data, the JSON download, the correction request), the e-mailed link
//! `/c/{slug}/meus-dados/link?token=…` (a page with one button; the POST uses the link up and
//! shows the data) and the staff page `/c/{slug}/gestao/pedidos-de-dados`. Every form that
//! carries the code, the CPF or the access token is a POST, and its answer is rendered directly
//! (no redirect), so none of them lands in a URL, a log line or the browser history. Pages with
//! personal data, and the link's page, are `no-store`.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::my_data as md;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use domain::Invalid;

/// A page with personal data: never cached, never sent as a referrer.
fn private(status: StatusCode, t: impl Template) -> Response {
    match t.render() {
        Ok(body) => (
            status,
            [(header::CACHE_CONTROL, "private, no-store")],
            Html(body),
        )
            .into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}

/// 422 when a page shows a refused form again.
fn status_for(errors: &Invalid) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

#[derive(Template)]
#[template(path = "participants/my_data_proof.html")]
struct ProofPage {
    slug: String,
    title: String,
    codigo: String,
    errors: Invalid,
    /// What happened, when it is not an error (a link was sent).
    notice: Option<String>,
}

#[derive(Template)]
#[template(path = "participants/my_data_link.html")]
struct LinkPage {
    slug: String,
    title: String,
    token: String,
}

#[derive(Template)]
#[template(path = "participants/my_data.html")]
struct DataPage {
    d: md::MyData,
    sent: bool,
    errors: Invalid,
    fields: Vec<(String, String)>,
    campos: Vec<String>,
    texto: String,
}

impl DataPage {
    fn new(d: md::MyData) -> Self {
        Self {
            d,
            sent: false,
            errors: Invalid::default(),
            fields: md::CORRECTABLE
                .iter()
                .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
                .collect(),
            campos: Vec::new(),
            texto: String::new(),
        }
    }
    fn checked(&self, code: &str) -> bool {
        self.campos.iter().any(|c| c == code)
    }
}

/// The proof page: the code typed (never the proof), the problems, or what happened.
async fn proof_page(
    st: &AppState,
    slug: &str,
    status: StatusCode,
    codigo: String,
    errors: Invalid,
    notice: Option<&str>,
) -> Result<Response, WebError> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, slug).await?;
    Ok(private(
        status,
        ProofPage {
            slug: c.slug,
            title: c.title,
            codigo,
            errors,
            notice: notice.map(str::to_owned),
        },
    ))
}

/// The proof page again (422): the access token was refused, the person proves again.
async fn prove_again(st: &AppState, slug: &str, errors: Invalid) -> Result<Response, WebError> {
    proof_page(
        st,
        slug,
        StatusCode::UNPROCESSABLE_ENTITY,
        String::new(),
        errors,
        None,
    )
    .await
}

pub async fn form(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    proof_page(
        &st,
        &slug,
        StatusCode::OK,
        String::new(),
        Invalid::default(),
        None,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct ProofForm {
    #[serde(default)]
    codigo: String,
    #[serde(default)]
    prova: String,
}

pub async fn prove(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(f): Form<ProofForm>,
) -> Result<Response, WebError> {
    let input = md::ProofInput {
        code: f.codigo.chars().take(40).collect(),
        proof: f.prova.chars().take(200).collect(),
    };
    // The typed code comes back in the form; the CPF, e-mail or date never does.
    let codigo = input.code.clone();
    let refused = |m: &str| Invalid::one("form", m);
    let (status, codigo, errors, notice) =
        match md::prove(&st.db, &st.settings.public_url, &slug, &input).await {
            Ok(md::Outcome::Granted(d)) => return Ok(private(StatusCode::OK, DataPage::new(*d))),
            Ok(md::Outcome::LinkSent) => (
                StatusCode::OK,
                String::new(),
                Invalid::default(),
                Some(md::LINK_SENT),
            ),
            Ok(md::Outcome::TooManyLinks) => (
                StatusCode::TOO_MANY_REQUESTS,
                codigo,
                refused(md::LINK_TOO_MANY),
                None,
            ),
            Ok(md::Outcome::Pending) => (
                StatusCode::OK,
                codigo,
                Invalid::default(),
                Some(md::PENDING),
            ),
            Ok(md::Outcome::Denied) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                codigo,
                refused(md::DENIED),
                None,
            ),
            Ok(md::Outcome::TooManyAttempts) => (
                StatusCode::TOO_MANY_REQUESTS,
                codigo,
                refused(md::TOO_MANY),
                None,
            ),
            Err(Fail::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, codigo, errors, None),
            Err(other) => return Err(other.into()),
        };
    proof_page(&st, &slug, status, codigo, errors, notice).await
}

#[derive(serde::Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    token: String,
}

/// The link's page: only a button, so that a mail scanner that follows links does not use it up.
/// The token is in this page's address: not cached, not sent as a referrer.
pub async fn link_form(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(f): Query<LinkForm>,
) -> Result<Response, WebError> {
    let token: String = f.token.chars().take(100).collect();
    if !md::link_valid(&st.db, &slug, &token).await? {
        return proof_page(
            &st,
            &slug,
            StatusCode::GONE,
            String::new(),
            Invalid::one("form", md::LINK_INVALID),
            None,
        )
        .await;
    }
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug).await?;
    let mut res = private(
        StatusCode::OK,
        LinkPage {
            slug: c.slug,
            title: c.title,
            token,
        },
    );
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

/// Uses the link up and shows the data.
pub async fn link_open(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let token: String = f.token.chars().take(100).collect();
    respond::form(
        md::open_link(&st.db, &slug, &token).await,
        |d| private(StatusCode::OK, DataPage::new(d)),
        |errors| proof_page(&st, &slug, StatusCode::GONE, String::new(), errors, None),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct AccessForm {
    #[serde(default)]
    acesso: String,
}

/// Everything as a JSON attachment, never cached.
fn json_file(d: &md::MyData) -> Response {
    match serde_json::to_vec_pretty(d) {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"meus-dados.json\"",
                ),
                (header::CACHE_CONTROL, "private, no-store"),
            ],
            body,
        )
            .into_response(),
        Err(e) => WebError::internal(e).into_response(),
    }
}

/// The JSON file with everything, as an attachment. From a POST, so nothing is in the URL.
pub async fn download(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(f): Form<AccessForm>,
) -> Result<Response, WebError> {
    respond::form(
        md::view(&st.db, &slug, &f.acesso).await,
        |d| json_file(&d),
        |errors| prove_again(&st, &slug, errors),
    )
    .await
}

/// The person's participant kit (PDF): badge, working group, programme, what advanced. From a
/// POST with the access token, like the JSON file; never cached.
pub async fn kit(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(f): Form<AccessForm>,
) -> Result<Response, WebError> {
    respond::form(
        app::participants::kit::kit_for_self(&st.db, &slug, &f.acesso).await,
        |(bytes, name)| crate::setup::documents::pdf(bytes, &name, false),
        |errors| prove_again(&st, &slug, errors),
    )
    .await
}

pub async fn correction(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let access = get("acesso");
    let input = md::CorrectionInput {
        fields: pairs
            .iter()
            .filter(|(n, _)| n == "campos")
            .map(|(_, v)| v.chars().take(40).collect())
            .take(20)
            .collect(),
        text: get("texto").chars().take(md::MAX_TEXT + 100).collect(),
    };
    let errors = match md::request_correction(&st.db, &slug, &access, &input).await {
        Ok(d) => {
            let page = DataPage {
                sent: true,
                ..DataPage::new(d)
            };
            return Ok(private(StatusCode::OK, page));
        }
        // The access token itself was refused: prove again.
        Err(Fail::Invalid(errors)) if errors.message_for("form").is_some() => {
            return prove_again(&st, &slug, errors).await;
        }
        Err(Fail::Invalid(errors)) => errors,
        Err(other) => return Err(other.into()),
    };
    // The request was refused: the data again, with the request as typed.
    respond::form(
        md::view(&st.db, &slug, &access).await,
        |d| {
            let page = DataPage {
                errors,
                campos: input.fields,
                texto: input.text,
                ..DataPage::new(d)
            };
            private(StatusCode::UNPROCESSABLE_ENTITY, page)
        },
        |errors| prove_again(&st, &slug, errors),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Staff

#[derive(Template)]
#[template(path = "participants/data_requests.html")]
struct RequestsPage {
    slug: String,
    r: md::Requests,
    errors: Invalid,
    saved: bool,
    /// The request whose answer was refused, with the text typed.
    typed: Option<(String, String)>,
}

impl RequestsPage {
    fn field_name(&self, id: &str) -> String {
        md::response_field(id)
    }
    fn typed_for(&self, id: &str) -> String {
        match &self.typed {
            Some((i, t)) if i == id => t.clone(),
            _ => String::new(),
        }
    }
}

/// The staff's page of requests, with the refused answer (request id, text) if any.
async fn requests_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    saved: bool,
    typed: Option<(String, String)>,
) -> Result<Response, WebError> {
    let r = md::requests(&st.db, v.me(), slug).await?;
    Ok(private(
        status_for(&errors),
        RequestsPage {
            slug: r.slug.clone(),
            r,
            errors,
            saved,
            typed,
        },
    ))
}

pub async fn requests(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    requests_page(&st, &v, &slug, Invalid::default(), n.is_saved(), None).await
}

pub async fn handle(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let response: String = pairs
        .iter()
        .find(|(k, _)| k.starts_with("resposta"))
        .map(|(_, v)| v.chars().take(md::MAX_RESPONSE + 100).collect())
        .unwrap_or_default();
    respond::form(
        md::handle(&st.db, v.me(), &slug, &id, &response).await,
        |()| respond::saved(&format!("/c/{slug}/gestao/pedidos-de-dados")),
        |errors| requests_page(&st, &v, &slug, errors, false, Some((id, response))),
    )
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    let public_writes =
        || axum::middleware::from_fn_with_state(st.clone(), crate::client_limit::public_writes);
    axum::Router::new()
        // LGPD self-service (public, POST only for anything personal) and the staff's answers.
        .route(
            "/c/{slug}/meus-dados",
            get(form).post(prove).layer(public_writes()),
        )
        .route(
            "/c/{slug}/meus-dados/link",
            get(link_form).post(link_open).layer(public_writes()),
        )
        .route("/c/{slug}/meus-dados/dados.json", post(download))
        .route("/c/{slug}/meus-dados/kit.pdf", post(kit))
        .route("/c/{slug}/meus-dados/correcao", post(correction))
        .route("/c/{slug}/gestao/pedidos-de-dados", get(requests))
        .route(
            "/c/{slug}/gestao/pedidos-de-dados/{id}/atender",
            post(handle),
        )
}
