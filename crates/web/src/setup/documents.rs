//! Printed documents and certificates: the staff page `/c/{slug}/gestao/impressos` (badge sheets,
//! attendance lists, anonymization), the PDFs behind it, the certificates page
//! `/c/{slug}/gestao/certificados`, and the public `/verificar` and `/certificados/{code}.pdf`.

use crate::setup::conference::{Flash, me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::certificates as cert;
use app::setup::documents as docs;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

fn html(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

/// A generated PDF, private to whoever asked (no shared caches).
fn pdf(bytes: Vec<u8>, filename: &str, public: bool) -> Response {
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

async fn prints_page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    q: PrintQuery,
    errors: Invalid,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let ctx = docs::prints_context(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let mut units = vec![(String::new(), "Escolha a unidade".to_owned())];
    units.extend(ctx.units.iter().cloned());
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    html(
        status,
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
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    prints_page(&st, &h, &uri, &slug, q, Invalid::default()).await
}

pub async fn badges_pdf(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let sel = docs::BadgeSelection {
        unit: q.unidade.chars().take(64).collect(),
        codes: q.codigos.chars().take(20_000).collect(),
    };
    match docs::badges_pdf(&st.db, me.as_ref(), &slug, &sel).await {
        Ok((bytes, _)) => Ok(pdf(bytes, "crachas.pdf", false)),
        Err(Fail::Invalid(errors)) => prints_page(&st, &h, &uri, &slug, q, errors).await,
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn attendance_pdf(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match docs::attendance_pdf(&st.db, me.as_ref(), &slug, &q.dia).await {
        Ok((bytes, day)) => Ok(pdf(bytes, &format!("presenca-{day}.pdf"), false)),
        Err(Fail::Invalid(errors)) => prints_page(&st, &h, &uri, &slug, q, errors).await,
        Err(f) => Err(refuse(f, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    codigo: String,
}

pub async fn anonymize(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::participants::privacy::anonymize(&st.db, me.as_ref(), &slug, &f.codigo).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/gestao/impressos?salvo=1")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let q = PrintQuery {
                codigo: f.codigo,
                ..Default::default()
            };
            prints_page(&st, &h, &uri, &slug, q, errors).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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

pub async fn certificates(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(flash): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let o = cert::overview(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    html(
        StatusCode::OK,
        CertificatesPage {
            slug: o.slug.clone(),
            o,
            errors: Invalid::default(),
            saved: flash.is_saved(),
            horas: cert::DEFAULT_HOURS_PER_DAY.to_string(),
        },
    )
}

#[derive(serde::Deserialize, Default)]
pub struct HoursForm {
    #[serde(default)]
    horas: String,
}

pub async fn issue_certificates(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<HoursForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match cert::issue(&st.db, me.as_ref(), &slug, &f.horas).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/c/{slug}/gestao/certificados?salvo=1")).into_response())
        }
        Err(Fail::Invalid(errors)) => {
            let o = cert::overview(&st.db, me.as_ref(), &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                CertificatesPage {
                    slug: o.slug.clone(),
                    o,
                    errors,
                    saved: false,
                    horas: f.horas,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    if codigo.is_empty() {
        return html(
            StatusCode::OK,
            VerifyPage {
                codigo,
                found: None,
                not_found: false,
            },
        );
    }
    match cert::verify(&st.db, &codigo).await {
        Ok(v) => html(
            StatusCode::OK,
            VerifyPage {
                codigo,
                found: Some(v),
                not_found: false,
            },
        ),
        Err(Fail::NotFound) => html(
            StatusCode::NOT_FOUND,
            VerifyPage {
                codigo,
                found: None,
                not_found: true,
            },
        ),
        Err(other) => Err(refuse(other, &Uri::from_static("/verificar"))),
    }
}

/// `/certificados/{code}.pdf`: the certificate, reached only by its verification code.
pub async fn certificate_pdf(
    State(st): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, WebError> {
    let code = file.strip_suffix(".pdf").ok_or(WebError::NotFound)?;
    match cert::certificate_pdf(&st.db, code).await {
        Ok((bytes, code)) => Ok(pdf(bytes, &format!("certificado-{code}.pdf"), true)),
        Err(Fail::NotFound) => Err(WebError::NotFound),
        Err(other) => Err(refuse(other, &Uri::from_static("/verificar"))),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // Badges, attendance lists, certificates, anonymization (issue 3 items 4-6).
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
