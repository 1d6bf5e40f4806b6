mod console;
pub(crate) mod elections;
pub(crate) mod floor;
pub(crate) mod groups;
pub(crate) mod mocoes;
pub(crate) mod presence;
mod priorities;
pub(crate) mod regimento;
pub(crate) mod seats;
pub(crate) mod voting;

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(regimento::routes(st))
        .merge(voting::routes(st))
        .merge(groups::routes(st))
        .merge(priorities::routes(st))
        .merge(mocoes::routes(st))
        .merge(elections::routes(st))
        .merge(seats::routes(st))
        .merge(presence::routes(st))
        .merge(floor::routes(st))
}
