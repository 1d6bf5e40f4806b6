//! The account link of the site header: "Entrar" for visitors, "Meu painel" for someone with a
//! session cookie. `base.html` holds [`MARKER`] where the link goes, so no page struct carries
//! the session; this middleware writes the link into each HTML page. The cookie is not checked
//! against the database here (a page must not cost a query for it): an expired session shows
//! "Meu painel", and the panel then asks to log in again.

use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// Where `base.html` wants the account link.
pub const MARKER: &str = "<!-- conta -->";
const VISITOR: &str = r#"<li><a href="/entrar">Entrar</a></li>"#;
const MEMBER: &str = r#"<li><a href="/painel">Meu painel</a></li>"#;

fn has_session(req: &Request) -> bool {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .any(|(k, v)| k == crate::platform::accounts::COOKIE && !v.is_empty())
}

pub async fn insert(req: Request, next: Next) -> Response {
    let member = has_session(&req);
    let res = next.run(req).await;
    crate::page_marker::replace(res, MARKER, if member { MEMBER } else { VISITOR }).await
}
