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

const COOKIE: &str = "sid";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    error: Option<String>,
    login: String,
}

pub async fn login_form() -> Result<Html<String>, WebError> {
    Ok(Html(
        LoginPage {
            error: None,
            login: String::new(),
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
            Redirect::to("/painel"),
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
}

pub async fn panel(State(s): State<AppState>, h: HeaderMap) -> Result<Response, WebError> {
    let Some(t) = session_token(&h) else {
        return Ok(Redirect::to("/entrar").into_response());
    };
    let Some((a, grants)) = app::accounts::current(&s.db, &t).await? else {
        return Ok(Redirect::to("/entrar").into_response());
    };
    let roles = grants
        .iter()
        .filter_map(|g| domain::policy::Role::parse(&g.role))
        .map(|r| r.label())
        .collect();
    Ok(Html(
        Panel {
            name: a.display_name,
            roles,
        }
        .render()?,
    )
    .into_response())
}
