//! LGPD self-service: the public page `/c/{slug}/meus-dados` (proof of identity, the person's
//! data, the JSON download, the correction request), the e-mailed link
//! `/c/{slug}/meus-dados/link?token=…` (a page with one button; the POST uses the link up and
//! shows the data) and the staff page `/c/{slug}/gestao/pedidos-de-dados`. Every form that
//! carries the code, the CPF or the access token is a POST, and its answer is rendered directly
//! (no redirect), so none of them lands in a URL, a log line or the browser history. Pages with
//! personal data, and the link's page, are `no-store`.

use crate::setup::conference::{Flash, me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::my_data as md;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

/// A page with personal data: never cached, never sent as a referrer.
fn private(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((
        status,
        [(header::CACHE_CONTROL, "private, no-store")],
        Html(t.render()?),
    )
        .into_response())
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

async fn proof_page(
    st: &AppState,
    uri: &Uri,
    slug: &str,
    status: StatusCode,
    codigo: String,
    errors: Invalid,
) -> Result<Response, WebError> {
    proof_page_with(st, uri, slug, status, codigo, errors, None).await
}

async fn proof_page_with(
    st: &AppState,
    uri: &Uri,
    slug: &str,
    status: StatusCode,
    codigo: String,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    private(
        status,
        ProofPage {
            slug: c.slug,
            title: c.title,
            codigo,
            errors,
            notice,
        },
    )
}

pub async fn form(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    proof_page(
        &st,
        &uri,
        &slug,
        StatusCode::OK,
        String::new(),
        Invalid::default(),
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
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<ProofForm>,
) -> Result<Response, WebError> {
    let input = md::ProofInput {
        code: f.codigo.chars().take(40).collect(),
        proof: f.prova.chars().take(200).collect(),
    };
    // The typed code comes back in the form; the CPF, e-mail or date never does.
    let codigo = input.code.clone();
    match md::prove(&st.db, &st.settings.public_url, &slug, &input).await {
        Ok(md::Outcome::Granted(d)) => private(StatusCode::OK, DataPage::new(*d)),
        Ok(md::Outcome::LinkSent) => {
            proof_page_with(
                &st,
                &uri,
                &slug,
                StatusCode::OK,
                String::new(),
                Invalid::default(),
                Some(md::LINK_SENT.to_owned()),
            )
            .await
        }
        Ok(md::Outcome::TooManyLinks) => {
            proof_page(
                &st,
                &uri,
                &slug,
                StatusCode::TOO_MANY_REQUESTS,
                codigo,
                Invalid::one("form", md::LINK_TOO_MANY),
            )
            .await
        }
        Ok(md::Outcome::Pending) => {
            proof_page_with(
                &st,
                &uri,
                &slug,
                StatusCode::OK,
                codigo,
                Invalid::default(),
                Some(md::PENDING.to_owned()),
            )
            .await
        }
        Ok(md::Outcome::Denied) => {
            proof_page(
                &st,
                &uri,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                codigo,
                Invalid::one("form", md::DENIED),
            )
            .await
        }
        Ok(md::Outcome::TooManyAttempts) => {
            proof_page(
                &st,
                &uri,
                &slug,
                StatusCode::TOO_MANY_REQUESTS,
                codigo,
                Invalid::one("form", md::TOO_MANY),
            )
            .await
        }
        Err(Fail::Invalid(errors)) => {
            proof_page(
                &st,
                &uri,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                codigo,
                errors,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    uri: Uri,
    Path(slug): Path<String>,
    Query(f): Query<LinkForm>,
) -> Result<Response, WebError> {
    let token: String = f.token.chars().take(100).collect();
    if !md::link_valid(&st.db, &slug, &token)
        .await
        .map_err(|f| refuse(f, &uri))?
    {
        return proof_page(
            &st,
            &uri,
            &slug,
            StatusCode::GONE,
            String::new(),
            Invalid::one("form", md::LINK_INVALID),
        )
        .await;
    }
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let mut res = private(
        StatusCode::OK,
        LinkPage {
            slug: c.slug,
            title: c.title,
            token,
        },
    )?;
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

/// Uses the link up and shows the data.
pub async fn link_open(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let token: String = f.token.chars().take(100).collect();
    match md::open_link(&st.db, &slug, &token).await {
        Ok(d) => private(StatusCode::OK, DataPage::new(d)),
        Err(Fail::Invalid(errors)) => {
            proof_page(&st, &uri, &slug, StatusCode::GONE, String::new(), errors).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct AccessForm {
    #[serde(default)]
    acesso: String,
}

/// The JSON file with everything, as an attachment. From a POST, so nothing is in the URL.
pub async fn download(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<AccessForm>,
) -> Result<Response, WebError> {
    match md::view(&st.db, &slug, &f.acesso).await {
        Ok(d) => {
            let body = serde_json::to_vec_pretty(&d)
                .map_err(|e| WebError::Internal(format!("my data json: {e}")))?;
            Ok((
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
                .into_response())
        }
        Err(Fail::Invalid(errors)) => {
            proof_page(
                &st,
                &uri,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn correction(
    State(st): State<AppState>,
    uri: Uri,
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
    match md::request_correction(&st.db, &slug, &access, &input).await {
        Ok(d) => {
            let mut page = DataPage::new(d);
            page.sent = true;
            private(StatusCode::OK, page)
        }
        Err(Fail::Invalid(errors)) if errors.message_for("form").is_some() => {
            proof_page(
                &st,
                &uri,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                String::new(),
                errors,
            )
            .await
        }
        Err(Fail::Invalid(errors)) => match md::view(&st.db, &slug, &access).await {
            Ok(d) => {
                let mut page = DataPage::new(d);
                page.errors = errors;
                page.campos = input.fields;
                page.texto = input.text;
                private(StatusCode::UNPROCESSABLE_ENTITY, page)
            }
            Err(Fail::Invalid(errors)) => {
                proof_page(
                    &st,
                    &uri,
                    &slug,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    String::new(),
                    errors,
                )
                .await
            }
            Err(other) => Err(refuse(other, &uri)),
        },
        Err(other) => Err(refuse(other, &uri)),
    }
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

pub async fn requests(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = md::requests(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    private(
        StatusCode::OK,
        RequestsPage {
            slug: r.slug.clone(),
            r,
            errors: Invalid::default(),
            saved: flash.is_saved(),
            typed: None,
        },
    )
}

pub async fn handle(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let response: String = pairs
        .iter()
        .find(|(k, _)| k.starts_with("resposta"))
        .map(|(_, v)| v.chars().take(md::MAX_RESPONSE + 100).collect())
        .unwrap_or_default();
    match md::handle(&st.db, me.as_ref(), &slug, &id, &response).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/c/{slug}/gestao/pedidos-de-dados?salvo=1")).into_response())
        }
        Err(Fail::Invalid(errors)) => {
            let r = md::requests(&st.db, me.as_ref(), &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            private(
                StatusCode::UNPROCESSABLE_ENTITY,
                RequestsPage {
                    slug: r.slug.clone(),
                    r,
                    errors,
                    saved: false,
                    typed: Some((id, response)),
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
        .route("/c/{slug}/meus-dados/correcao", post(correction))
        .route("/c/{slug}/gestao/pedidos-de-dados", get(requests))
        .route(
            "/c/{slug}/gestao/pedidos-de-dados/{id}/atender",
            post(handle),
        )
}
