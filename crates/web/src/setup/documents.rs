//! Printed documents and certificates: the staff page `/c/{slug}/gestao/impressos` (badge sheets,
//! attendance lists, anonymization), the PDFs behind it, the certificates page
//! `/c/{slug}/gestao/certificados`, and the public `/verificar` and `/certificados/{code}.pdf`.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::certificates as cert;
use app::setup::documents as docs;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use domain::Invalid;

/// A generated PDF, private to whoever asked (no shared caches).
pub(crate) fn pdf(bytes: Vec<u8>, filename: &str, public: bool) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (
                header::CACHE_CONTROL,
                if public {
                    "private, max-age=300".to_owned()
                } else {
                    "private, no-store".to_owned()
                },
            ),
        ],
        bytes,
    )
        .into_response()
}

#[derive(Template)]
#[template(path = "setup/prints.html")]
struct PrintsPage {
    slug: String,
    ctx: docs::PrintsContext,
    units: Vec<(String, String)>,
    days: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
    unidade: String,
    codigos: String,
    dia: String,
    codigo: String,
    anonymized_name: &'static str,
}

#[derive(serde::Deserialize, Default)]
pub struct PrintQuery {
    #[serde(default)]
    unidade: String,
    #[serde(default)]
    codigos: String,
    #[serde(default)]
    dia: String,
    #[serde(default)]
    codigo: String,
    #[serde(default)]
    salvo: Option<String>,
}

/// The prints page, its forms filled from `q`.
async fn prints_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    q: PrintQuery,
    errors: Invalid,
) -> Result<Response, WebError> {
    let ctx = docs::prints_context(&st.db, v.me(), slug).await?;
    let units = respond::blank_first("Escolha a unidade", &ctx.units);
    respond::page(
        !errors.is_empty(),
        PrintsPage {
            slug: ctx.slug.clone(),
            units,
            days: ctx.days.clone(),
            ctx,
            errors,
            saved: q.salvo.is_some(),
            unidade: q.unidade,
            codigos: q.codigos,
            dia: q.dia,
            codigo: q.codigo,
            anonymized_name: app::participants::privacy::ANONYMIZED_NAME,
        },
    )
}

pub async fn prints(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    prints_page(&st, &v, &slug, q, Invalid::default()).await
}

pub async fn badges_pdf(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    let sel = docs::BadgeSelection {
        unit: q.unidade.chars().take(64).collect(),
        codes: q.codigos.chars().take(20_000).collect(),
    };
    respond::form(
        docs::badges_pdf(&st.db, v.me(), &slug, &sel).await,
        |(bytes, _)| pdf(bytes, "crachas.pdf", false),
        |e| prints_page(&st, &v, &slug, q, e),
    )
    .await
}

pub async fn attendance_pdf(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    respond::form(
        docs::attendance_pdf(&st.db, v.me(), &slug, &q.dia).await,
        |(bytes, day)| pdf(bytes, &format!("presenca-{day}.pdf"), false),
        |e| prints_page(&st, &v, &slug, q, e),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    codigo: String,
}

pub async fn anonymize(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    respond::form(
        app::participants::privacy::anonymize(&st.db, v.me(), &slug, &f.codigo).await,
        |()| respond::saved(&format!("/c/{slug}/gestao/impressos")),
        |e| {
            let q = PrintQuery {
                codigo: f.codigo,
                ..Default::default()
            };
            prints_page(&st, &v, &slug, q, e)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "setup/certificates.html")]
struct CertificatesPage {
    slug: String,
    o: cert::Overview,
    errors: Invalid,
    saved: bool,
    horas: String,
}

/// The certificates page, its hours field holding `horas`.
async fn certificates_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    horas: String,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let o = cert::overview(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        CertificatesPage {
            slug: o.slug.clone(),
            o,
            errors,
            saved,
            horas,
        },
    )
}

pub async fn certificates(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let horas = cert::DEFAULT_HOURS_PER_DAY.to_string();
    certificates_page(&st, &v, &slug, horas, Invalid::default(), n.is_saved()).await
}

#[derive(serde::Deserialize, Default)]
pub struct HoursForm {
    #[serde(default)]
    horas: String,
}

pub async fn issue_certificates(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<HoursForm>,
) -> Result<Response, WebError> {
    respond::form(
        cert::issue(&st.db, v.me(), &slug, &f.horas).await,
        |_| respond::saved(&format!("/c/{slug}/gestao/certificados")),
        |e| certificates_page(&st, &v, &slug, f.horas, e, false),
    )
    .await
}

#[derive(Template)]
#[template(path = "setup/verify.html")]
struct VerifyPage {
    codigo: String,
    found: Option<cert::Verified>,
    not_found: bool,
}

/// The public verification page. An unknown code answers 404 with the form and a pt-BR message.
pub async fn verify(
    State(st): State<AppState>,
    Query(f): Query<CodeForm>,
) -> Result<Response, WebError> {
    let codigo: String = f.codigo.trim().chars().take(40).collect();
    let (status, found) = if codigo.is_empty() {
        (StatusCode::OK, None)
    } else {
        match cert::verify(&st.db, &codigo).await {
            Ok(v) => (StatusCode::OK, Some(v)),
            Err(Fail::NotFound) => (StatusCode::NOT_FOUND, None),
            Err(other) => return Err(other.into()),
        }
    };
    let t = VerifyPage {
        codigo,
        found,
        not_found: status == StatusCode::NOT_FOUND,
    };
    Ok((status, Html(t.render()?)).into_response())
}

/// `/certificados/{code}.pdf`: the certificate, reached only by its verification code.
pub async fn certificate_pdf(
    State(st): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let code = file.strip_suffix(".pdf").ok_or(WebError::NotFound)?;
    let (bytes, code) = cert::certificate_pdf(&st.db, code).await?;
    Ok(pdf(bytes, &format!("certificado-{code}.pdf"), true))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // Badges, attendance lists, certificates, anonymization.
        .route("/c/{slug}/gestao/impressos", get(prints))
        .route("/c/{slug}/gestao/crachas.pdf", get(badges_pdf))
        .route("/c/{slug}/gestao/presenca.pdf", get(attendance_pdf))
        .route("/c/{slug}/gestao/inscricoes/anonimizar", post(anonymize))
        .route(
            "/c/{slug}/gestao/certificados",
            get(certificates).post(issue_certificates),
        )
        .route("/certificados/{file}", get(certificate_pdf))
        .route("/verificar", get(verify))
}
