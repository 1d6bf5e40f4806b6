//! What every page handler shares, so a handler reads as its use case and nothing else:
//!
//! - [`Viewer`]: the signed-in person (or nobody), as an extractor. Someone still on a temporary
//!   password is sent to `/senha/trocar` before any handler runs.
//! - `impl From<Fail> for WebError` (in `lib.rs`): a refused use case ends the handler with `?`.
//!   "Log in first" becomes a redirect to `/entrar?volta=<this path>`: the path is added by
//!   [`login_return`], which sees the request.
//! - [`form`]: "redirect on success, the same page again with every problem on `Invalid`".
//! - [`page`] / [`html`]: render a template (422 when the page shows a refused form again).
//! - [`Notice`], [`back`], [`saved`]: the one-line confirmation after a redirect
//!   (`?ok=<code>` or `?salvo=1`).

use crate::{AppState, WebError};
use app::Fail;
use app::platform::auth::Me;
use askama::Template;
use axum::{
    extract::{FromRequestParts, Request},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::future::Future;

/// The person behind the session cookie, if any.
pub struct Viewer(pub Option<Me>);

impl Viewer {
    pub fn me(&self) -> Option<&Me> {
        self.0.as_ref()
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, WebError> {
        let me = signed_in(st, &parts.headers).await?;
        if let Some(seen) = parts.extensions.get::<crate::platform::menu::Seen>() {
            seen.set(&me);
        }
        Ok(Viewer(me))
    }
}

/// The person behind the session cookie of these headers, if any; someone still on a temporary
/// password is refused (`WebError::MustChangePassword`).
pub(crate) async fn signed_in(st: &AppState, h: &HeaderMap) -> Result<Option<Me>, WebError> {
    let token = crate::platform::accounts::session_token(h);
    let me = app::platform::auth::me(&st.db, token.as_deref()).await?;
    if me.as_ref().is_some_and(|m| m.account.must_change_password) {
        return Err(WebError::MustChangePassword);
    }
    Ok(me)
}

/// The message of a refusal for lack of permission.
pub const FORBIDDEN: &str =
    "Sua conta não tem permissão para esta página. Peça acesso à secretaria do conselho.";

/// Marks a "log in first" answer whose return path [`login_return`] fills in.
#[derive(Clone, Copy)]
pub(crate) struct ReturnHere;

/// Completes "log in first" answers: `Location: /entrar?volta=<the path asked for>`.
pub(crate) async fn login_return(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if res.extensions().get::<ReturnHere>().is_some()
        && let Ok(v) = HeaderValue::from_str(&login_path(&path))
    {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// `/entrar?volta=<path>`, the path form-encoded.
pub(crate) fn login_path(back: &str) -> String {
    format!(
        "/entrar?volta={}",
        serde_urlencoded::to_string([("", back)])
            .unwrap_or_default()
            .trim_start_matches('=')
    )
}

/// Renders a page: 200, or 422 when it shows a refused form again (`refused`, usually
/// `!errors.is_empty()`).
pub fn page(refused: bool, t: impl Template) -> Result<Response, WebError> {
    let status = if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, Html(t.render()?)).into_response())
}

/// Renders a page with 200.
pub fn html(t: impl Template) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
}

/// The answer to a form: `ok` (usually a redirect) when the use case went through; the form's
/// page again, with every problem next to its field, when the input was refused; any other
/// refusal as an error page.
pub async fn form<T, Fut>(
    result: Result<T, Fail>,
    ok: impl FnOnce(T) -> Response,
    invalid: impl FnOnce(Invalid) -> Fut,
) -> Result<Response, WebError>
where
    Fut: Future<Output = Result<Response, WebError>>,
{
    match result {
        Ok(v) => Ok(ok(v)),
        Err(Fail::Invalid(e)) => invalid(e).await,
        Err(other) => Err(other.into()),
    }
}

/// The confirmation codes of a page after a redirect: `?ok=<code>` or `?salvo=1`.
#[derive(serde::Deserialize, Default, Debug)]
pub struct Notice {
    #[serde(default)]
    pub ok: Option<String>,
    #[serde(default)]
    salvo: Option<String>,
}

impl Notice {
    /// The code after `?ok=`.
    pub fn code(&self) -> Option<&str> {
        self.ok.as_deref()
    }
    /// Whether the page came back from a saved form (`?salvo=1`).
    pub fn is_saved(&self) -> bool {
        self.salvo.is_some()
    }
}

/// Back to `path` with a confirmation code (`?ok=<code>`).
pub fn back(path: &str, code: &str) -> Response {
    Redirect::to(&format!("{path}?ok={code}")).into_response()
}

/// Back to `path` saying it was saved (`?salvo=1`).
pub fn saved(path: &str) -> Response {
    Redirect::to(&format!("{path}?salvo=1")).into_response()
}

/// A select's options: (code, label) of each value of `all`.
pub(crate) fn opts<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (code(*x).to_owned(), label(*x).to_owned()))
        .collect()
}

/// A select's options: the empty choice, labeled `blank`, then `rest`.
pub(crate) fn blank_first(blank: &str, rest: &[(String, String)]) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), blank.to_owned())];
    v.extend(rest.iter().cloned());
    v
}

/// Marks a response `Cache-Control: no-store` (a phone's page, a choice, a receipt, a temporary
/// password).
pub(crate) fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Renders a page that must never be cached (a choice, a receipt), with 200.
pub(crate) fn fresh(t: impl Template) -> Result<Response, WebError> {
    html(t).map(no_store)
}

/// A CSV file to download as `filename`.
pub(crate) fn csv_file(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// A public file shown in the browser (a pauta's PDF, a resolution, a campaign's material or
/// photo), cacheable for five minutes.
pub fn inline_file(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let ascii = crate::ascii_file_name(name);
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{ascii}\""),
            ),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response()
}
