//! The units' posts on the public timeline, the timeline itself and a unit's public page.

use super::unit::{UnitForms, to_unit, unit_page};
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::mobilization::{posts, unit_media};
use askama::Template;
use axum::{
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;
use uuid::Uuid;

/// Publishes a post of the unit on the public timeline.
pub async fn publish(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let text = pairs
        .iter()
        .find(|(k, _)| k == "texto")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let media: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "media")
        .map(|(_, v)| v)
        .collect();
    respond::form(
        posts::publish(&st.db, v.me(), &slug, unit_id, &text, &media).await,
        |_| to_unit(&slug, unit_id, "nota=publicado", "publicar-t"),
        |errors| {
            let forms = UnitForms {
                f: Some(Default::default()),
                errors,
                post_text: text,
                ..Default::default()
            };
            unit_page(&st, &v, (&slug, unit_id), forms)
        },
    )
    .await
}

pub async fn remove_post(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
) -> Result<Response, WebError> {
    posts::remove(&st.db, v.me(), &slug, unit_id, &id).await?;
    Ok(to_unit(
        &slug,
        unit_id,
        "nota=publicacao-removida",
        "publicar-t",
    ))
}

#[derive(Template)]
#[template(path = "mobilization/timeline.html")]
struct TimelineTpl {
    t: posts::Timeline,
}

#[derive(serde::Deserialize, Default)]
pub struct PageQ {
    #[serde(default)]
    pagina: Option<u64>,
}

/// The public timeline of the units' actions.
pub async fn timeline(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PageQ>,
) -> Result<Response, WebError> {
    let page = q.pagina.unwrap_or(1).max(1) - 1;
    let t = posts::timeline(&st.db, &slug, page).await?;
    respond::html(TimelineTpl { t })
}

#[derive(Template)]
#[template(path = "mobilization/unit_public.html")]
struct UnitPublicTpl {
    u: posts::UnitPublic,
    /// Whoever is logged in may send media to the unit (reviewed before it is published).
    signed_in: bool,
    media: unit_media::MediaInput,
    errors: Invalid,
    notice: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub struct SentFlash {
    #[serde(default)]
    enviado: String,
}

/// A unit's public page.
pub async fn unit_public(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id)): Path<(String, String)>,
    Query(fl): Query<SentFlash>,
) -> Result<Response, WebError> {
    let notice = match fl.enviado.as_str() {
        "revisao" => Some(
            "Recebemos seu envio. Ele aparece na galeria depois que a unidade revisar; acompanhe em “Minhas participações”.",
        ),
        "publicado" => Some("Arquivo incluído na galeria da unidade."),
        _ => None,
    };
    let media = Default::default();
    unit_public_page(&st, &v, &slug, &unit_id, media, Invalid::default(), notice).await
}

/// A unit's public page (422 when it shows a refused contribution again).
pub(super) async fn unit_public_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    unit_id: &str,
    media: unit_media::MediaInput,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let u = posts::unit_public(&st.db, slug, unit_id).await?;
    respond::page(
        !errors.is_empty(),
        UnitPublicTpl {
            u,
            signed_in: v.me().is_some(),
            media,
            errors,
            notice,
        },
    )
}
