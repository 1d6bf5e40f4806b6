pub(crate) mod credentialing;
pub(crate) mod devices;
pub(crate) mod import;
pub(crate) mod my_data;
pub(crate) mod offline_desk;
pub(crate) mod registration;
pub(crate) mod remote;

/// The routes of this context, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    axum::Router::new()
        .merge(registration::routes(st))
        .merge(my_data::routes(st))
        .merge(import::routes(st))
        .merge(devices::routes(st))
        .merge(credentialing::routes(st))
        .merge(remote::routes(st))
        .merge(offline_desk::routes())
}
