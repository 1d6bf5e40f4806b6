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
    errors: Invalid,
    notice: Option<&'static str>,
}

async fn request_page(
    st: &AppState,
    slug: &str,
    status: StatusCode,
    input: RequestInput,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let a = rm::availability(&st.db, slug).await?;
    let body = RequestPage {
        a,
        input,
        errors,
        notice,
    }
    .render()?;
    Ok((
        status,
        [(header::CACHE_CONTROL, "private, no-store")],
        axum::response::Html(body),
    )
        .into_response())
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
}
