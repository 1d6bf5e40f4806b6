pub(crate) mod followup;
pub(crate) mod report;
pub(crate) mod systematization;

use axum::{
    http::header,
    response::{IntoResponse, Response},
};

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(report::routes(st))
        .merge(followup::routes(st))
        .merge(systematization::routes(st))
}

/// A file as the answer: its media type and its `Content-Disposition` (`attachment; …` or
/// `inline; …`).
fn file(media_type: &str, disposition: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

/// A file for staff: as [`file`], kept by no cache (`Cache-Control: no-store`).
fn private_file(media_type: &str, disposition: String, body: Vec<u8>) -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        file(media_type, disposition, body),
    )
        .into_response()
}
