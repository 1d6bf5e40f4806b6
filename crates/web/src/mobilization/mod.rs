pub(crate) mod consultation;
pub(crate) mod engagement;
pub(crate) mod network;
pub(crate) mod online;
pub(crate) mod questionnaires;
pub(crate) mod territorial;
pub(crate) mod units;

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(questionnaires::routes(st))
        .merge(units::routes(st))
        .merge(territorial::routes(st))
        .merge(online::routes(st))
        .merge(consultation::routes(st))
        .merge(engagement::routes(st))
        .merge(network::routes(st))
}
