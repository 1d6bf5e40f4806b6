//! Delegates' phones: the desk opens a pairing code (`/c/{slug}/credenciamento/celular`), the
//! delegate's phone confirms it (`/c/{slug}/celular`: the QR's link, or the code typed in the
//! page's field) and then asks for destaques
//! (`/c/{slug}/meu-celular`). The phone's cookie holds only a random token, scoped to the
//! conference's path.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::devices as dv;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

pub(crate) const COOKIE: &str = "dlg";

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
#[template(path = "participants/pairing_desk.html")]
struct DeskPage {
    slug: String,
    code: String,
    errors: Invalid,
    pairing: Option<dv::Pairing>,
    url: String,
    /// The pairing page without the code, to open and type the code in.
    pair_url: String,
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
    let (_, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(me.as_ref(), domain::policy::Action::Credential(scope))
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        DeskPage {
            slug,
            code: String::new(),
            errors: Invalid::default(),
            pairing: None,
            url: String::new(),
            pair_url: String::new(),
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
            let pair_url = format!("{}/c/{slug}/celular", st.settings.public_url);
            let qr = dv::qr_svg(&url);
            let mut res = render(
                StatusCode::OK,
                DeskPage {
                    slug,
                    code: String::new(),
                    errors: Invalid::default(),
                    pairing: Some(p),
                    url,
                    pair_url,
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
                pair_url: String::new(),
                qr: String::new(),
            },
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "participants/pairing_phone.html")]
struct PhonePairPage {
    slug: String,
    /// The valid code, sent again by "Sou eu" (only with `name`).
    codigo: String,
    /// What was typed in "Código do celular" (kept when refused).
    typed: String,
    title: String,
    name: Option<String>,
    error: Option<String>,
}

impl PhonePairPage {
    /// The form to type the code, with the reason the code was refused and the text as typed.
    fn refused(slug: String, typed: String, e: Invalid) -> Self {
        PhonePairPage {
            slug,
            codigo: String::new(),
            typed,
            title: String::new(),
            name: None,
            error: e.0.first().map(|x| x.message.clone()),
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Codigo {
    #[serde(default)]
    codigo: String,
}

#[derive(serde::Deserialize, Default)]
pub struct CodigoQuery {
    /// Absent: the page only asks for the code; present (from the QR or typed): checked.
    #[serde(default)]
    codigo: Option<String>,
}

/// The pairing page is personal (a name) and carries a code: kept out of caches and of other
/// sites' logs.
fn private(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    crate::plenary::voting::no_store(res)
}

/// `/c/{slug}/celular`: without a code, the field to type it; with one (the QR's link or the
/// typed field), whose phone it would pair, to confirm.
pub async fn phone_confirm(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<CodigoQuery>,
) -> Result<Response, WebError> {
    let Some(codigo) = q.codigo else {
        app::platform::auth::conference_scope(&st.db, &slug)
            .await
            .map_err(|f| refuse(f, &uri))?;
        return Ok(private(render(
            StatusCode::OK,
            PhonePairPage::refused(slug, String::new(), Invalid::default()),
        )?));
    };
    let res = match dv::pairing_name(&st.db, &slug, &codigo).await {
        Ok((title, name)) => render(
            StatusCode::OK,
            PhonePairPage {
                slug,
                codigo: codigo.trim().to_owned(),
                typed: String::new(),
                title,
                name: Some(name),
                error: None,
            },
        )?,
        Err(Fail::Invalid(e)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            PhonePairPage::refused(slug, codigo, e),
        )?,
        Err(other) => return Err(refuse(other, &uri)),
    };
    Ok(private(res))
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
        Err(Fail::Invalid(e)) => Ok(private(render(
            StatusCode::UNPROCESSABLE_ENTITY,
            PhonePairPage::refused(slug, f.codigo, e),
        )?)),
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "participants/phone.html")]
struct PhonePage {
    p: Option<dv::PhoneHome>,
    slug: String,
    errors: Invalid,
    d: app::plenary::regimento::DestaqueInput,
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
    d: app::plenary::regimento::DestaqueInput,
    saved: Option<&'static str>,
) -> Result<Response, WebError> {
    let token = device_token(h);
    let res = match dv::home(&st.db, &slug, token.as_deref()).await {
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
    };
    // The delegate's own page (name, what they asked for, the vote's buttons): never cached.
    res.map(crate::plenary::voting::no_store)
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
    Form(d): Form<app::plenary::regimento::DestaqueInput>,
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
    Form(d): Form<app::plenary::final_plenary::DestaqueInput>,
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
    Form(input): Form<app::plenary::groups::ProposalInput>,
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

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/c/{slug}/credenciamento/celular",
            get(desk_form).post(desk_open),
        )
        .route("/c/{slug}/celular", get(phone_confirm).post(phone_pair))
        .route("/c/{slug}/meu-celular", get(phone_home))
        .route("/c/{slug}/meu-celular/destaques", post(phone_flag))
        .route(
            "/c/{slug}/meu-celular/relatoria/{id}/editar",
            post(report_edit),
        )
        .route(
            "/c/{slug}/meu-celular/relatoria/{id}/ordem",
            post(report_move),
        )
        .route(
            "/c/{slug}/meu-celular/destaques-propostas",
            post(phone_flag_proposal),
        )
}
