pub(crate) mod account_link;
pub(crate) mod accounts;
pub(crate) mod admin;
pub(crate) mod menu;
pub(crate) mod reset;

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(accounts::routes(st))
        .merge(admin::routes(st))
        .merge(reset::routes(st))
}
