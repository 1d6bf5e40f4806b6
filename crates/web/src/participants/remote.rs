//! Online credentialing pages (ADR 0040): `/c/{slug}/credenciamento-online` asks for the
//! registration code and the e-mail and mails a single-use link; the link's page
//! (`…/credenciamento-online/link?token=`) names the person and asks for the code once more,
//! then pairs this device (the same cookie as a desk pairing) and opens the delegate's page.

use crate::respond;
use crate::{AppState, WebError};
use app::Fail;
use app::participants::remote::{self as rm, RequestInput, Requested};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use domain::Invalid;

#[derive(Template)]
#[template(path = "participants/online_request.html")]
struct RequestPage {
    a: rm::Availability,
    input: RequestInput,
    /// The video-check form as typed (kept on 422).
    video: app::participants::remote_check::CheckInput,
    errors: Invalid,
    notice: Option<&'static str>,
}

async fn request_page(
    st: &AppState,
    slug: &str,
    status: StatusCode,
    input: RequestInput,
    video: app::participants::remote_check::CheckInput,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let a = rm::availability(&st.db, slug).await?;
    let body = RequestPage {
        a,
        input,
        video,
        errors,
        notice,
    }
    .render()?;
    Ok(private_page(status, body))
}

/// A personal page: not cached by anyone.
fn private_page(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "private, no-store")],
        axum::response::Html(body),
    )
        .into_response()
}

pub async fn form(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    request_page(
        &st,
        &slug,
        StatusCode::OK,
        RequestInput::default(),
        Default::default(),
        Invalid::default(),
        None,
    )
    .await
}

pub async fn request(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(input): Form<RequestInput>,
) -> Result<Response, WebError> {
    let input = RequestInput {
        codigo: input.codigo.chars().take(40).collect(),
        email: input.email.chars().take(200).collect(),
    };
    match rm::request_link(&st.db, &st.settings.public_url, &slug, &input).await {
        // Nothing typed is shown back after a request (the same page whether it matched).
        Ok(Requested::LinkSent) => {
            request_page(
                &st,
                &slug,
                StatusCode::OK,
                RequestInput::default(),
                Default::default(),
                Invalid::default(),
                Some(rm::LINK_SENT),
            )
            .await
        }
        Ok(Requested::TooMany) => {
            request_page(
                &st,
                &slug,
                StatusCode::TOO_MANY_REQUESTS,
                input,
                Default::default(),
                Invalid::one(
                    "form",
                    "Muitos pedidos com este código. Espere 15 minutos e tente de novo, ou procure a secretaria do conselho.",
                ),
                None,
            )
            .await
        }
        Err(Fail::Invalid(e)) => {
            request_page(
                &st,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                input,
                Default::default(),
                e,
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "participants/online_link.html")]
struct LinkPage {
    slug: String,
    title: String,
    token: String,
    name: Option<String>,
    codigo: String,
    errors: Invalid,
}

/// The link's page is personal (a name) and its address carries the token: not cached, not sent
/// as a referrer.
fn link_page(status: StatusCode, t: LinkPage) -> Result<Response, WebError> {
    let mut res = (
        status,
        [(header::CACHE_CONTROL, "private, no-store")],
        axum::response::Html(t.render()?),
    )
        .into_response();
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

#[derive(serde::Deserialize, Default)]
pub struct LinkQuery {
    #[serde(default)]
    token: String,
}

#[derive(serde::Deserialize, Default)]
pub struct LinkForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    codigo: String,
}

/// Whose credentialing the link is, and the code field: opening the link uses nothing (a mail
/// scanner that follows it credentials nobody).
pub async fn link_form(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<LinkQuery>,
) -> Result<Response, WebError> {
    let token: String = q.token.chars().take(100).collect();
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug).await?;
    match rm::link_name(&st.db, &slug, &token).await {
        Ok((title, name)) => link_page(
            StatusCode::OK,
            LinkPage {
                slug: c.slug,
                title,
                token,
                name: Some(name),
                codigo: String::new(),
                errors: Invalid::default(),
            },
        ),
        Err(Fail::Invalid(e)) => link_page(
            StatusCode::GONE,
            LinkPage {
                slug: c.slug,
                title: c.title,
                token: String::new(),
                name: None,
                codigo: String::new(),
                errors: e,
            },
        ),
        Err(other) => Err(other.into()),
    }
}

/// Confirms with the code: credentialed online, this device paired, to the delegate's page.
pub async fn link_confirm(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(f): Form<LinkForm>,
) -> Result<Response, WebError> {
    let token: String = f.token.chars().take(100).collect();
    let codigo: String = f.codigo.chars().take(40).collect();
    match rm::confirm_link(&st.db, &slug, &token, &codigo).await {
        Ok(device) => {
            let mut res = crate::participants::devices::paired(&slug, &device);
            if let Some(v) = res.headers_mut().get_mut(header::LOCATION) {
                *v =
                    header::HeaderValue::from_str(&format!("/c/{slug}/meu-celular?ok=credenciado"))
                        .unwrap_or_else(|_| v.clone());
            }
            Ok(respond::no_store(res))
        }
        Err(Fail::Invalid(e)) => {
            let (c, _) = app::platform::auth::conference_scope(&st.db, &slug).await?;
            let name = rm::link_name(&st.db, &slug, &token)
                .await
                .ok()
                .map(|(_, n)| n);
            let gone = name.is_none();
            link_page(
                if gone {
                    StatusCode::GONE
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                },
                LinkPage {
                    slug: c.slug,
                    title: c.title,
                    token: if gone { String::new() } else { token },
                    name,
                    codigo,
                    errors: e,
                },
            )
        }
        Err(other) => Err(other.into()),
    }
}

/// The cookie that holds the device's secret of a request for the staff's check.
const CHECK_COOKIE: &str = "verificacao";

#[derive(Template)]
#[template(path = "participants/online_check.html")]
struct CheckPage {
    slug: String,
    title: String,
    state: app::participants::remote_check::CheckState,
    errors: Invalid,
}

async fn check_page(
    st: &AppState,
    slug: &str,
    secret: Option<&str>,
    status: StatusCode,
    errors: Invalid,
) -> Result<Response, WebError> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, slug).await?;
    let state = app::participants::remote_check::check_state(&st.db, slug, secret).await?;
    let body = CheckPage {
        slug: c.slug,
        title: c.title,
        state,
        errors,
    }
    .render()?;
    Ok(private_page(status, body))
}

/// Asks for the staff's video check from this device: the secret goes to a cookie, then the
/// waiting page.
pub async fn check_request(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(i): Form<app::participants::remote_check::CheckInput>,
) -> Result<Response, WebError> {
    let i = app::participants::remote_check::CheckInput {
        codigo: i.codigo.chars().take(40).collect(),
        contato: i.contato.chars().take(200).collect(),
    };
    match app::participants::remote_check::request_check(&st.db, &slug, &i).await {
        Ok(secret) => {
            let cookie = format!(
                "{CHECK_COOKIE}={secret}; HttpOnly; SameSite=Lax; Path=/c/{slug}/credenciamento-online; Max-Age=86400"
            );
            let mut res = axum::response::Redirect::to(&format!(
                "/c/{slug}/credenciamento-online/verificacao"
            ))
            .into_response();
            if let Ok(v) = header::HeaderValue::from_str(&cookie) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(Fail::Invalid(e)) => {
            request_page(
                &st,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                RequestInput::default(),
                i,
                e,
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// The waiting page of this device's request.
pub async fn check_wait(
    State(st): State<AppState>,
    h: axum::http::HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let secret = crate::platform::accounts::cookie(&h, CHECK_COOKIE);
    check_page(
        &st,
        &slug,
        secret.as_deref(),
        StatusCode::OK,
        Invalid::default(),
    )
    .await
}

/// "Entrar na plenária": once the staff confirmed, this device is paired.
pub async fn check_enter(
    State(st): State<AppState>,
    h: axum::http::HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let secret = crate::platform::accounts::cookie(&h, CHECK_COOKIE);
    match app::participants::remote_check::enter(&st.db, &slug, secret.as_deref()).await {
        Ok(device) => {
            let mut res = crate::participants::devices::paired(&slug, &device);
            if let Some(v) = res.headers_mut().get_mut(header::LOCATION) {
                *v =
                    header::HeaderValue::from_str(&format!("/c/{slug}/meu-celular?ok=credenciado"))
                        .unwrap_or_else(|_| v.clone());
            }
            Ok(respond::no_store(res))
        }
        Err(Fail::Invalid(e)) => {
            check_page(
                &st,
                &slug,
                secret.as_deref(),
                StatusCode::UNPROCESSABLE_ENTITY,
                e,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "participants/online_checks.html")]
struct ChecksPage {
    c: app::participants::remote_check::Checks,
    errors: Invalid,
    notice: Option<&'static str>,
}

async fn checks_page(
    st: &AppState,
    v: &crate::respond::Viewer,
    slug: &str,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let c = app::participants::remote_check::pending_checks(&st.db, v.me(), slug).await?;
    let page = respond::page(!errors.is_empty(), ChecksPage { c, errors, notice })?;
    Ok(respond::no_store(page))
}

/// The staff's page of requests for a video check.
pub async fn checks(
    State(st): State<AppState>,
    v: crate::respond::Viewer,
    Path(slug): Path<String>,
    Query(n): Query<crate::respond::Notice>,
) -> Result<Response, WebError> {
    let notice = match n.code() {
        Some("confirmado") => Some(
            "Identidade confirmada: a pessoa já pode tocar em “Entrar na plenária” no aparelho dela.",
        ),
        Some("recusado") => Some("Pedido recusado."),
        _ => None,
    };
    checks_page(&st, &v, &slug, Invalid::default(), notice).await
}

async fn decide(
    st: AppState,
    v: crate::respond::Viewer,
    (slug, id): (String, String),
    approve: bool,
) -> Result<Response, WebError> {
    let r =
        app::participants::remote_check::decide_check(&st.db, v.me(), &slug, &id, approve).await;
    respond::form(
        r,
        |()| {
            respond::back(
                &format!("/c/{slug}/credenciamento-online/pedidos"),
                if approve { "confirmado" } else { "recusado" },
            )
        },
        |e| checks_page(&st, &v, &slug, e, None),
    )
    .await
}

pub async fn check_confirm(
    State(st): State<AppState>,
    v: crate::respond::Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    decide(st, v, at, true).await
}

pub async fn check_refuse(
    State(st): State<AppState>,
    v: crate::respond::Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    decide(st, v, at, false).await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    let public_writes =
        || axum::middleware::from_fn_with_state(st.clone(), crate::client_limit::public_writes);
    axum::Router::new()
        .route(
            "/c/{slug}/credenciamento-online",
            get(form).post(request).layer(public_writes()),
        )
        // Not under the per-client limit: the link's token (256 bits) is the credential, and
        // three wrong codes kill it; delegates of one CRAS share an address on the day.
        .route(
            "/c/{slug}/credenciamento-online/link",
            get(link_form).post(link_confirm),
        )
        .route(
            "/c/{slug}/credenciamento-online/verificacao",
            get(check_wait).post(check_request).layer(public_writes()),
        )
        .route(
            "/c/{slug}/credenciamento-online/verificacao/entrar",
            axum::routing::post(check_enter),
        )
        .route("/c/{slug}/credenciamento-online/pedidos", get(checks))
        .route(
            "/c/{slug}/credenciamento-online/pedidos/{id}/confirmar",
            axum::routing::post(check_confirm),
        )
        .route(
            "/c/{slug}/credenciamento-online/pedidos/{id}/recusar",
            axum::routing::post(check_refuse),
        )
}
