//! Password reset by e-mail: `/senha/esqueci` asks for the link, `/senha/nova?token=…` uses it.
//!
//! The request answer is the same whether or not the address has an account. Pages that carry a
//! token are sent with `Cache-Control: no-store`; the token never reaches a log.

use crate::{AppState, WebError};
use app::platform::accounts::{PasswordLink, ResetOutcome, ResetRequest};
use askama::Template;
use axum::{
    Form,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use domain::{Invalid, values::NewPassword};

#[derive(Template)]
#[template(path = "platform/password_forgot.html")]
struct ForgotPage {
    sent: bool,
    email: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "platform/password_new.html")]
struct NewPasswordPage {
    token: String,
    /// The account has no password yet (an invitation, a sign-up): "Criar sua senha".
    first: bool,
    password_error: Option<String>,
    confirm_error: Option<String>,
}

#[derive(Template)]
#[template(path = "platform/password_message.html")]
struct MessagePage {
    title: &'static str,
    message: &'static str,
    link_href: &'static str,
    link_text: &'static str,
}

/// Renders a page with `status` and `Cache-Control: no-store`.
fn page(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(t.render()?),
    )
        .into_response())
}

/// The "forgot password" page: the form with `email` and the `error` on it (422), or the
/// "sent" message.
fn forgot_page(sent: bool, email: String, error: Option<String>) -> Result<Response, WebError> {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    page(status, ForgotPage { sent, email, error })
}

pub async fn forgot_form() -> Result<Response, WebError> {
    forgot_page(false, String::new(), None)
}

#[derive(serde::Deserialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

pub async fn forgot(
    State(s): State<AppState>,
    Form(f): Form<ForgotForm>,
) -> Result<Response, WebError> {
    match app::platform::accounts::request_password_reset(&s.db, &s.settings.public_url, &f.email).await? {
        ResetRequest::Accepted => forgot_page(true, String::new(), None),
        ResetRequest::AskSecretariat => forgot_page(
            false,
            f.email,
            Some("Contas com nome de usuário não têm e-mail cadastrado e não podem trocar a senha por aqui: \
peça uma nova senha à secretaria da conferência. Se a sua conta tem e-mail, digite o endereço completo."
                .into()),
        ),
        ResetRequest::Invalid(e) => forgot_page(false, f.email, Some(e.message)),
    }
}

fn invalid_link() -> Result<Response, WebError> {
    page(
        StatusCode::GONE,
        MessagePage {
            title: "Este link não vale mais",
            message: "O link para criar uma nova senha já foi usado, passou do prazo (1 hora para a troca de senha, 7 dias para um convite) ou está incompleto. \
Peça um novo link: ele chega em poucos minutos no seu e-mail.",
            link_href: "/senha/esqueci",
            link_text: "Pedir um novo link",
        },
    )
}

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

pub async fn new_password_form(
    State(s): State<AppState>,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let Some(link) = app::platform::accounts::password_link(&s.db, &q.token).await? else {
        return invalid_link();
    };
    page(
        StatusCode::OK,
        NewPasswordPage {
            token: q.token,
            first: link == PasswordLink::FirstPassword,
            password_error: None,
            confirm_error: None,
        },
    )
}

#[derive(serde::Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn new_password(
    State(s): State<AppState>,
    Form(f): Form<NewPasswordForm>,
) -> Result<Response, WebError> {
    let Some(link) = app::platform::accounts::password_link(&s.db, &f.token).await? else {
        return invalid_link();
    };
    let first = link == PasswordLink::FirstPassword;
    let mut invalid = Invalid::default();
    let password = invalid.take(NewPassword::parse(&f.password));
    if f.confirm != f.password {
        invalid.push(domain::FieldError::new(
            "confirm",
            "As duas senhas não são iguais: digite a mesma senha nos dois campos",
        ));
    }
    let Some(password) = password.filter(|_| invalid.is_empty()) else {
        return page(
            StatusCode::UNPROCESSABLE_ENTITY,
            NewPasswordPage {
                password_error: invalid.message_for("password").map(str::to_owned),
                confirm_error: invalid.message_for("confirm").map(str::to_owned),
                token: f.token,
                first,
            },
        );
    };
    match app::platform::accounts::reset_password(&s.db, &f.token, &password).await? {
        ResetOutcome::Done if first => page(
            StatusCode::OK,
            MessagePage {
                title: "Senha criada",
                message: "Sua senha já vale. Entre na plataforma com o seu e-mail e a senha que você acabou de criar.",
                link_href: "/entrar",
                link_text: "Entrar",
            },
        ),
        ResetOutcome::Done => page(
            StatusCode::OK,
            MessagePage {
                title: "Senha trocada",
                message: "Sua nova senha já vale. Por segurança, você saiu da plataforma em todos os aparelhos: \
entre de novo com a nova senha.",
                link_href: "/entrar",
                link_text: "Entrar com a nova senha",
            },
        ),
        ResetOutcome::InvalidToken => invalid_link(),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    let public_writes =
        || axum::middleware::from_fn_with_state(st.clone(), crate::client_limit::public_writes);
    axum::Router::new()
        .route(
            "/senha/esqueci",
            get(forgot_form).post(forgot).layer(public_writes()),
        )
        .route(
            "/senha/nova",
            get(new_password_form)
                .post(new_password)
                .layer(public_writes()),
        )
}
