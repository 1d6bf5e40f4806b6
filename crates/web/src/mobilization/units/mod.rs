//! The territorial articulator's page of a unit: schedule the unit's meetings inside the stages
//! whose date each unit sets, and report them as held.

mod media;
mod meeting;
mod posts;
mod unit;

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/unidade/{unit}", get(unit::unit))
        .route("/c/{slug}/unidade/{unit}/reunioes", post(unit::schedule))
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/realizada",
            post(unit::report),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}",
            get(meeting::meeting),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/propostas",
            post(meeting::add_proposal),
        )
        .route(
            "/c/{slug}/unidade/{unit}/propostas/{id}/retirar",
            post(meeting::remove_proposal),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/presenca",
            post(meeting::add_attendee),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/presenca/{id}/remover",
            post(meeting::remove_attendee),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/delegados",
            post(meeting::add_delegate),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/delegados/{id}/remover",
            post(meeting::remove_delegate),
        )
        .route(
            "/c/{slug}/unidade/{unit}/midia",
            post(media::add_media).layer(axum::extract::DefaultBodyLimit::max(
                media::MEDIA_BODY_LIMIT,
            )),
        )
        .route(
            "/c/{slug}/unidade/{unit}/midia/{id}/remover",
            post(media::remove_media),
        )
        .route("/c/{slug}/unidade/{unit}/publicacoes", post(posts::publish))
        .route(
            "/c/{slug}/unidade/{unit}/publicacoes/{id}/remover",
            post(posts::remove_post),
        )
        .route("/c/{slug}/acoes", get(posts::timeline))
        .route("/c/{slug}/unidades/{unit}", get(posts::unit_public))
        .route(
            "/c/{slug}/unidades/{unit}/envios",
            post(media::contribute).layer(axum::extract::DefaultBodyLimit::max(
                media::MEDIA_BODY_LIMIT,
            )),
        )
        .route(
            "/c/{slug}/unidade/{unit}/envios/{id}/publicar",
            post(media::publish_contribution),
        )
        .route(
            "/c/{slug}/unidade/{unit}/envios/{id}/recusar",
            post(media::refuse_contribution),
        )
        .route("/c/{slug}/midia/{id}", get(media::media_file))
        .route("/c/{slug}/midia/{id}/miniatura", get(media::media_thumb))
        .route("/c/{slug}/gestao/galeria", get(media::gallery))
        .route(
            "/c/{slug}/gestao/galeria/{id}/relatorio",
            post(media::pick_for_report),
        )
}
