//! Login, logout and the staff panel.

use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::platform::accounts::LoginOutcome;
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};

pub(crate) const COOKIE: &str = "sid";
/// The signed known-device cookie (`app::platform::accounts::KnownDevice`), sent to the login only.
pub(crate) const KNOWN_DEVICE_COOKIE: &str = "kd";

/// The connection's peer address, when the server was started with it (`conferencia serve`).
pub struct Peer(Option<std::net::IpAddr>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(Peer(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip()),
        ))
    }
}

/// Who the login limits count as one client: the last address in the reverse proxy's header
/// (`Settings::client_ip_header`) when configured and present, else the connection's peer. IPv6
/// addresses count per /64 (one home or phone network). None when neither is known.
pub(crate) fn client_key(
    h: &HeaderMap,
    peer: Option<std::net::IpAddr>,
    settings: &crate::Settings,
) -> Option<String> {
    use std::net::IpAddr;
    let forwarded = settings
        .client_ip_header
        .as_deref()
        .and_then(|name| h.get_all(name).iter().next_back())
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|v| v.trim().parse::<IpAddr>().ok());
    Some(match forwarded.or(peer)? {
        IpAddr::V4(a) => a.to_string(),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = a.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    })
}

pub(crate) fn cookie(h: &HeaderMap, name: &str) -> Option<String> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

#[derive(Template)]
#[template(path = "platform/login.html")]
struct LoginPage {
    error: Option<String>,
    login: String,
    /// Where to go after logging in (a local path only).
    volta: String,
}

#[derive(serde::Deserialize, Default)]
pub struct Volta {
    #[serde(default)]
    volta: String,
}

/// A local path to return to after login; anything else (another site, `//host`, a control
/// character or a backslash: `app::platform::accounts::is_local_path`) goes to the panel.
fn safe_return(v: &str) -> String {
    if app::platform::accounts::is_local_path(v) {
        v.to_owned()
    } else {
        String::new()
    }
}

pub async fn login_form(
    axum::extract::Query(q): axum::extract::Query<Volta>,
) -> Result<Response, WebError> {
    respond::html(LoginPage {
        error: None,
        login: String::new(),
        volta: safe_return(&q.volta),
    })
}

#[derive(serde::Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    volta: String,
}

/// After a good login: the session cookie (and the known-device one, when given), then the
/// password change, `volta` or where the person's work is (`app::platform::menu::home_of`).
async fn signed_in(
    s: &AppState,
    token: &str,
    device: Option<String>,
    volta: &str,
) -> Result<Response, WebError> {
    let me = app::platform::auth::me(&s.db, Some(token)).await?;
    let v = safe_return(volta);
    let to = match me {
        Some(m) if m.account.must_change_password => "/senha/trocar".to_owned(),
        Some(m) if v.is_empty() => app::platform::menu::home_of(&s.db, &m)
            .await
            .map_err(WebError::internal)?,
        _ if v.is_empty() => "/painel".to_owned(),
        _ => v,
    };
    Ok((
        // The session first: clients that read one cookie read this one.
        axum::response::AppendHeaders(
            std::iter::once(format!(
                "{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=604800"
            ))
            .chain(device.map(|d| {
                format!(
                    "{KNOWN_DEVICE_COOKIE}={d}; HttpOnly; SameSite=Lax; Path=/entrar; Max-Age={}",
                    app::platform::accounts::KNOWN_DEVICE_DAYS * 86_400
                )
            }))
            .map(|v| (header::SET_COOKIE, v)),
        ),
        Redirect::to(&to),
    )
        .into_response())
}

pub async fn login(
    State(s): State<AppState>,
    Peer(peer): Peer,
    h: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let fail = |status: StatusCode, msg: &str| -> Result<Response, WebError> {
        let t = LoginPage {
            error: Some(msg.into()),
            login: f.login.clone(),
            volta: safe_return(&f.volta),
        };
        Ok((status, Html(t.render()?)).into_response())
    };
    if f.login.trim().is_empty() || f.password.is_empty() {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Preencha o e-mail ou nome de usuário e a senha.",
        );
    }
    let client = client_key(&h, peer, &s.settings);
    let known = cookie(&h, KNOWN_DEVICE_COOKIE);
    let from = app::platform::accounts::LoginFrom {
        client: client.as_deref(),
        known_device: known.as_deref(),
    };
    let (outcome, device) =
        app::platform::accounts::login_from(&s.db, &f.login, &f.password, from).await?;
    let (status, msg) = match outcome {
        LoginOutcome::Ok(token) => return signed_in(&s, &token, device, &f.volta).await,
        LoginOutcome::WrongCredentials => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "E-mail, nome de usuário ou senha incorretos.",
        ),
        LoginOutcome::TooManyAttempts => (
            StatusCode::TOO_MANY_REQUESTS,
            "Muitas tentativas com senha errada para esta conta. Por segurança, ela não pode entrar de aparelhos novos por até 15 minutos: tente de novo depois disso. No celular ou computador onde você já entrou antes, pode entrar agora. Se esqueceu a senha, use “Esqueci minha senha” ou peça à secretaria uma nova.",
        ),
        LoginOutcome::TooManyOnThisDevice => (
            StatusCode::TOO_MANY_REQUESTS,
            "Muitas tentativas com senha errada neste aparelho. Espere até 15 minutos e tente de novo. Se esqueceu a senha, use “Esqueci minha senha” ou peça à secretaria uma nova.",
        ),
        LoginOutcome::TooManyFromClient => (
            StatusCode::TOO_MANY_REQUESTS,
            "Muitas tentativas erradas de entrar a partir desta rede, com nomes diferentes. Por segurança, as entradas daqui estão pausadas por até 15 minutos: tente de novo depois disso.",
        ),
    };
    fail(status, msg)
}

pub(crate) fn session_token(h: &HeaderMap) -> Option<String> {
    cookie(h, COOKIE)
}

pub async fn logout(State(s): State<AppState>, h: HeaderMap) -> Result<Response, WebError> {
    if let Some(t) = session_token(&h) {
        app::platform::accounts::logout(&s.db, &t).await?;
    }
    Ok((
        [(
            header::SET_COOKIE,
            format!("{COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"),
        )],
        Redirect::to("/"),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "platform/panel.html")]
struct Panel {
    name: String,
    roles: Vec<&'static str>,
    /// (where the person's work starts, conference title).
    conferences: Vec<(String, String)>,
    units: Vec<(String, uuid::Uuid, String)>,
    /// (id, name, technical chamber) of the bodies whose records the person keeps.
    bodies: Vec<(String, String, bool)>,
    /// Regional campaigns where the person records their municipality's actions.
    campaigns: Vec<app::bodies::campaigns::PanelCampaign>,
    can_create: bool,
    is_admin: bool,
}

pub async fn panel(State(s): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let Some(me) = v.0 else {
        return Err(WebError::NeedsLogin("/painel".into()));
    };
    let fail = |e: app::Fail| WebError::internal(e);
    // Each conference opens where the person's work on it starts (the desk, the inbox, a unit).
    let mut conferences = Vec::new();
    for (slug, title) in app::setup::conference::my_conferences(&s.db, Some(&me))
        .await
        .map_err(fail)?
    {
        let to = app::platform::menu::landing(&s.db, &me, &slug)
            .await
            .map_err(fail)?
            .unwrap_or_else(|| format!("/c/{slug}/gestao"));
        conferences.push((to, title));
    }
    let units = app::mobilization::units::my_units(&s.db, Some(&me))
        .await
        .map_err(fail)?;
    let can_create = !app::setup::conference::creatable_bodies(&s.db, Some(&me))
        .await
        .map_err(fail)?
        .is_empty();
    let bodies = app::bodies::members::my_bodies(&s.db, &me)
        .await
        .map_err(fail)?;
    let campaigns = app::bodies::campaigns::my_campaigns(&s.db, &me)
        .await
        .map_err(fail)?;
    let roles = me.actor.grants.iter().map(|g| g.role.label()).collect();
    let is_admin =
        app::platform::auth::allow(Some(&me), domain::policy::Action::ManageTenancy).is_ok();
    respond::html(Panel {
        name: me.account.display_name,
        roles,
        conferences,
        units,
        bodies,
        campaigns,
        can_create,
        is_admin,
    })
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/entrar", get(login_form).post(login))
        .route("/sair", post(logout))
        .route("/painel", get(panel))
}
