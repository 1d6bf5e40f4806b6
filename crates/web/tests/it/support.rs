//! Builders shared by the web integration tests: sending a request through the router and
//! reading the answer, logging in for a session cookie, and the usual GET and form POST
//! requests. The row builders that need no HTTP come from `testkit`.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use tower::ServiceExt;

/// The demo organizing committee (comissão organizadora): login and password.
pub const COMMISSION: (&str, &str) = ("comissao@demo.conferencia.local", "demo-comissao-2025");

/// What the router answered: status, headers and body (as bytes and as lossy UTF-8 text).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    pub body: String,
}

impl Answer {
    /// The header's value, if it is there.
    pub fn get(&self, name: header::HeaderName) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }

    /// The header's value, or "" when it is not there.
    pub fn header(&self, name: header::HeaderName) -> String {
        self.get(name).unwrap_or_default()
    }
}

/// Sends `req` through the router and reads the whole answer.
pub async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap()
        .to_vec();
    let body = String::from_utf8_lossy(&bytes).into_owned();
    Answer {
        status,
        headers,
        bytes,
        body,
    }
}

/// `send`, answered as (status, body).
pub async fn send_body(app: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let a = send(app, req).await;
    (a.status, a.body)
}

/// `send`, answered as (status, headers, body).
pub async fn send_headers(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, HeaderMap, String) {
    let a = send(app, req).await;
    (a.status, a.headers, a.body)
}

/// `send`, answered as (status, `Location`, body).
pub async fn send_location(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, Option<String>, String) {
    let a = send(app, req).await;
    (a.status, a.get(header::LOCATION), a.body)
}

/// Logs in and returns the session cookie (`sid=…`); panics when the login fails.
pub async fn cookie(db: &app::Db, login: &str, pw: &str) -> String {
    match app::platform::accounts::login(db, login, pw).await.unwrap() {
        app::platform::accounts::LoginOutcome::Ok(t) => format!("sid={t}"),
        other => panic!("login {login} failed: {other:?}"),
    }
}

/// A GET with this cookie header (sent even when empty).
pub fn get(uri: &str, cookie: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// A GET with this cookie, or with no cookie header at all.
pub fn get_maybe(uri: &str, cookie: Option<&str>) -> Request<Body> {
    let mut b = Request::get(uri);
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::empty()).unwrap()
}

/// A same-origin form POST (`application/x-www-form-urlencoded`) with this cookie header.
pub fn post_form(uri: &str, cookie: &str, body: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, cookie)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// A same-origin form POST with this cookie, or with no cookie header at all.
pub fn post_form_maybe(uri: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut b = Request::post(uri)
        .header("sec-fetch-site", "same-origin")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(Body::from(body.to_owned())).unwrap()
}

/// Logs in and returns who that is; panics when the login fails.
pub async fn me(db: &app::Db, login: &str, pw: &str) -> app::platform::auth::Me {
    let app::platform::accounts::LoginOutcome::Ok(t) =
        app::platform::accounts::login(db, login, pw).await.unwrap()
    else {
        panic!("login {login} failed");
    };
    app::platform::auth::me(db, Some(&t))
        .await
        .unwrap()
        .unwrap()
}

/// The text of `s` between the first `start` and the next `end`; panics when `start` is not there.
pub fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let i = s
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in page"))
        + start.len();
    let j = s[i..].find(end).unwrap() + i;
    &s[i..j]
}

/// Registers `input` in the conference `slug` at the desk (by `who`); returns the code.
pub async fn register_at_desk(
    db: &app::Db,
    who: Option<&app::platform::auth::Me>,
    slug: &str,
    input: &app::participants::registration::RegistrationInput,
) -> String {
    app::participants::registration::register(
        db,
        who,
        slug,
        input,
        app::participants::registration::Source::Assisted,
    )
    .await
    .unwrap()
    .code
}
