//! Writing into HTML pages after they are rendered: `base.html` holds marker comments (the
//! account link, the VLibras widget) that response middlewares replace, so no page struct needs
//! to carry what they put there.

use crate::WebError;
use axum::{
    body::Body,
    http::header,
    response::{IntoResponse, Response},
};

/// Largest HTML body rewritten (our pages are a few KiB).
const MAX_HTML: usize = 8 * 1024 * 1024;

/// `res` with its HTML body passed through `edit` when it is an HTML page; any other response as
/// it is.
pub(crate) async fn rewrite<F, Fut>(res: Response, edit: F) -> Response
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = String>,
{
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_HTML).await {
        Ok(b) => b,
        Err(e) => return WebError::internal(format!("reading page body: {e}")).into_response(),
    };
    let body = match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Body::from(edit(text).await),
        Err(_) => Body::from(bytes),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, body)
}

/// `res` with the first `marker` of its body replaced by `with` when it is an HTML page; any
/// other response as it is.
pub(crate) async fn replace(res: Response, marker: &str, with: &str) -> Response {
    rewrite(res, |text| async move {
        if text.contains(marker) {
            text.replacen(marker, with, 1)
        } else {
            text
        }
    })
    .await
}
