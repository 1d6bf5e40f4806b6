//! Login, logout and the staff panel.

use crate::{AppState, WebError};
use app::accounts::LoginOutcome;
use askama::Template;
use axum::{
    Form,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};

pub(crate) const COOKIE: &str = "sid";

#[derive(Template)]
#[template(path = "login.html")]
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

/// A local path to return to after login; anything else (another site, `//host`) goes to the panel.
fn safe_return(v: &str) -> String {
    if v.starts_with('/') && !v.starts_with("//") && !v.contains('\\') && v.len() < 300 {
        v.to_owned()
    } else {
        String::new()
    }
}

pub async fn login_form(
    axum::extract::Query(q): axum::extract::Query<Volta>,
) -> Result<Html<String>, WebError> {
    Ok(Html(
        LoginPage {
            error: None,
            login: String::new(),
            volta: safe_return(&q.volta),
        }
        .render()?,
    ))
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

pub async fn login(
    State(s): State<AppState>,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let fail = |status: StatusCode, msg: &str, login: String| -> Result<Response, WebError> {
        Ok((
            status,
            Html(
                LoginPage {
                    error: Some(msg.into()),
                    login,
                    volta: safe_return(&f.volta),
                }
                .render()?,
            ),
        )
            .into_response())
    };
    if f.login.trim().is_empty() || f.password.is_empty() {
        return fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Preencha o e-mail ou nome de usuário e a senha.",
            f.login,
        );
    }
    match app::accounts::login(&s.db, &f.login, &f.password).await? {
        LoginOutcome::Ok(token) => Ok((
            [(
                header::SET_COOKIE,
                format!("{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=604800"),
            )],
            Redirect::to(&{
                let v = safe_return(&f.volta);
                let must_change = app::auth::me(&s.db, Some(&token))
                    .await?
                    .is_some_and(|m| m.account.must_change_password);
                if must_change {
                    "/senha/trocar".to_owned()
                } else if v.is_empty() {
                    "/painel".to_owned()
                } else {
                    v
                }
            }),
        )
            .into_response()),
        LoginOutcome::WrongCredentials => fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "E-mail, nome de usuário ou senha incorretos.",
            f.login,
        ),
        LoginOutcome::TooManyAttempts => fail(
            StatusCode::TOO_MANY_REQUESTS,
            "Muitas tentativas seguidas. Espere 15 minutos e tente de novo, ou peça à secretaria uma nova senha.",
            f.login,
        ),
    }
}

pub(crate) fn session_token(h: &HeaderMap) -> Option<String> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

pub async fn logout(State(s): State<AppState>, h: HeaderMap) -> Result<Response, WebError> {
    if let Some(t) = session_token(&h) {
        app::accounts::logout(&s.db, &t).await?;
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
#[template(path = "panel.html")]
struct Panel {
    name: String,
    roles: Vec<&'static str>,
    conferences: Vec<(String, String)>,
    units: Vec<(String, uuid::Uuid, String)>,
    can_create: bool,
    is_admin: bool,
}

pub async fn panel(State(s): State<AppState>, h: HeaderMap) -> Result<Response, WebError> {
    let Some(me) = crate::setup::me(&s, &h).await? else {
        return Err(WebError::NeedsLogin("/painel".into()));
    };
    let fail = |e: app::Fail| WebError::Internal(e.to_string());
    let conferences = app::setup::my_conferences(&s.db, Some(&me))
        .await
        .map_err(fail)?;
    let units = app::units::my_units(&s.db, Some(&me)).await.map_err(fail)?;
    let can_create = !app::setup::creatable_bodies(&s.db, Some(&me))
        .await
        .map_err(fail)?
        .is_empty();
    let roles = me.actor.grants.iter().map(|g| g.role.label()).collect();
    let is_admin = app::auth::allow(Some(&me), domain::policy::Action::ManageTenancy).is_ok();
    Ok(Html(
        Panel {
            name: me.account.display_name,
            roles,
            conferences,
            units,
            can_create,
            is_admin,
        }
        .render()?,
    )
    .into_response())
}
