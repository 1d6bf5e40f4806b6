pub(crate) mod categories;
pub(crate) mod conference;
pub(crate) mod documents;
pub(crate) mod orientation;
pub(crate) mod pages;
pub(crate) mod programme;

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(pages::routes(st))
        .merge(conference::routes(st))
        .merge(categories::routes(st))
        .merge(documents::routes(st))
        .merge(orientation::routes(st))
        .merge(programme::routes(st))
}
