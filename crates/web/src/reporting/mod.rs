pub(crate) mod followup;
pub(crate) mod report;
pub(crate) mod systematization;

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(report::routes(st))
        .merge(followup::routes(st))
        .merge(systematization::routes(st))
}
