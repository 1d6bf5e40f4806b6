//! Delegates' phones: the desk opens a pairing code (`/c/{slug}/credenciamento/celular`), the
//! delegate's phone confirms it (`/c/{slug}/celular`) and then asks for destaques
//! (`/c/{slug}/meu-celular`). The phone's cookie holds only a random token, scoped to the
//! conference's path.

use crate::setup::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::devices as dv;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

const COOKIE: &str = "dlg";

pub(crate) fn device_token(h: &HeaderMap) -> Option<String> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

fn render(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "plenary/pairing_desk.html")]
struct DeskPage {
    slug: String,
    code: String,
    errors: Invalid,
    pairing: Option<dv::Pairing>,
    url: String,
    qr: String,
}

#[derive(serde::Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn desk_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (_, scope) = app::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::auth::allow(me.as_ref(), domain::policy::Action::Credential(scope))
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        DeskPage {
            slug,
            code: String::new(),
            errors: Invalid::default(),
            pairing: None,
            url: String::new(),
            qr: String::new(),
        },
    )
}

pub async fn desk_open(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match dv::start_pairing(&st.db, me.as_ref(), &slug, &f.code).await {
        Ok(p) => {
            let url = format!("{}{}", st.settings.public_url, p.path);
            let qr = dv::qr_svg(&url);
            let mut res = render(
                StatusCode::OK,
                DeskPage {
                    slug,
                    code: String::new(),
                    errors: Invalid::default(),
                    pairing: Some(p),
                    url,
                    qr,
                },
            )?;
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(Fail::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            DeskPage {
                slug,
                code: f.code,
                errors,
                pairing: None,
                url: String::new(),
                qr: String::new(),
            },
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "plenary/pairing_phone.html")]
struct PhonePairPage {
    slug: String,
    codigo: String,
    title: String,
    name: Option<String>,
    error: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct Codigo {
    #[serde(default)]
    codigo: String,
}

pub async fn phone_confirm(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<Codigo>,
) -> Result<Response, WebError> {
    let mut res = match dv::pairing_name(&st.db, &slug, &q.codigo).await {
        Ok((title, name)) => render(
            StatusCode::OK,
            PhonePairPage {
                slug,
                codigo: q.codigo,
                title,
                name: Some(name),
                error: None,
            },
        )?,
        Err(Fail::Invalid(e)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            PhonePairPage {
                slug,
                codigo: String::new(),
                title: String::new(),
                name: None,
                error: e.0.first().map(|x| x.message.clone()),
            },
        )?,
        Err(other) => return Err(refuse(other, &uri)),
    };
    // The pairing code is in this page's URL: keep it out of other sites' logs.
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(res)
}

pub async fn phone_pair(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<Codigo>,
) -> Result<Response, WebError> {
    match dv::complete_pairing(&st.db, &slug, &f.codigo).await {
        Ok(token) => {
            let mut res = Redirect::to(&format!("/c/{slug}/meu-celular")).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                header::HeaderValue::from_str(&format!(
                    "{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/c/{slug}; Max-Age=259200"
                ))
                .map_err(|_| WebError::NotFound)?,
            );
            Ok(res)
        }
        Err(Fail::Invalid(e)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            PhonePairPage {
                slug,
                codigo: String::new(),
                title: String::new(),
                name: None,
                error: e.0.first().map(|x| x.message.clone()),
            },
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "plenary/phone.html")]
struct PhonePage {
    p: Option<dv::PhoneHome>,
    slug: String,
    errors: Invalid,
    d: app::plenary::DestaqueInput,
    saved: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    ok: Option<String>,
}

pub(crate) async fn phone_page(
    st: &AppState,
    h: &HeaderMap,
    slug: String,
    uri: &Uri,
    errors: Invalid,
    d: app::plenary::DestaqueInput,
    saved: Option<&'static str>,
) -> Result<Response, WebError> {
    let token = device_token(h);
    match dv::home(&st.db, &slug, token.as_deref()).await {
        Ok(p) => {
            let status = if errors.is_empty() {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            render(
                status,
                PhonePage {
                    p: Some(p),
                    slug,
                    errors,
                    d,
                    saved,
                },
            )
        }
        Err(Fail::Forbidden) => render(
            StatusCode::FORBIDDEN,
            PhonePage {
                p: None,
                slug,
                errors: Invalid::default(),
                d,
                saved: None,
            },
        ),
        Err(other) => Err(refuse(other, uri)),
    }
}

pub async fn phone_home(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(s): Query<Saved>,
) -> Result<Response, WebError> {
    phone_page(
        &st,
        &h,
        slug,
        &uri,
        Invalid::default(),
        Default::default(),
        match s.ok.as_deref() {
            Some("mocao") => Some("Moção registrada: você é a primeira assinatura."),
            Some("assinada") => Some("Assinatura registrada."),
            Some("prioridades") => Some("Prioridades registradas."),
            Some("relatoria") => Some("Proposta do grupo alterada."),
            Some("relatoria-ordem") => Some("Ordem das propostas do grupo alterada."),
            Some(_) => Some("Destaque enviado para a mesa."),
            None => None,
        },
    )
    .await
}

pub async fn phone_flag(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(d): Form<app::plenary::DestaqueInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match dv::flag(&st.db, &slug, token.as_deref(), &d).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=1")).into_response()),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, d, None).await,
        Err(Fail::Forbidden) => phone_page(&st, &h, slug, &uri, Invalid::default(), d, None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn phone_flag_proposal(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(d): Form<app::final_plenary::DestaqueInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match dv::flag_proposal(&st.db, &slug, token.as_deref(), &d).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=1")).into_response()),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(Fail::Forbidden) => {
            phone_page(
                &st,
                &h,
                slug,
                &uri,
                Invalid::default(),
                Default::default(),
                None,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The order asked for a proposal: `up` or `down`.
#[derive(serde::Deserialize, Default)]
pub struct Direction {
    #[serde(default)]
    to: String,
}

/// The group's rapporteur corrects a proposal of their group from the phone; any other phone is
/// refused (403).
pub async fn report_edit(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(input): Form<app::groups::ProposalInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match dv::report_edit(&st.db, &slug, token.as_deref(), &id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=relatoria")).into_response()),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The group's rapporteur moves a proposal of their group up or down from the phone.
pub async fn report_move(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(d): Form<Direction>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match dv::report_move(&st.db, &slug, token.as_deref(), &id, d.to == "up").await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=relatoria-ordem")).into_response())
        }
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}
