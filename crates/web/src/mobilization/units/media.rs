//! The units' media: files and links added by the unit or sent by participants (reviewed before
//! they are published), the files themselves and the commission's gallery for the report.

use super::meeting::{Forms, meeting_form, to_meeting};
use super::posts::unit_public_page;
use super::unit::{UnitForms, to_unit, unit_page};
use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::mobilization::unit_media;
use app::platform::auth::authorize;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::policy::Action;
use uuid::Uuid;

/// The upload limit of the media form (the file's own limit plus the form's overhead).
pub const MEDIA_BODY_LIMIT: usize = unit_media::MAX_FILE_BYTES + 64 * 1024;

/// The refusal of a file over the limit.
fn too_big() -> WebError {
    WebError::TooLarge(format!(
        "O arquivo passa do limite de {} MB. Fotos e PDFs maiores devem ser reduzidos; vídeos não são enviados como arquivo: publique o vídeo e informe o link.",
        unit_media::MAX_FILE_BYTES / (1024 * 1024)
    ))
}

pub async fn add_media(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // Permission before reading a possibly large body.
    authorize(&st.db, v.me(), &slug, |s| {
        Action::ManageUnit(s, unit_id.into())
    })
    .await?;
    let form = crate::upload::read(&mut mp, "arquivo", too_big).await?;
    let i = unit_media::MediaInput {
        caption: form.text("caption"),
        consent: form.text("consent"),
        video_url: form.text("video_url"),
        meeting_id: form.text("meeting_id"),
        internal: form.text("internal"),
    };
    let meeting_id = Uuid::parse_str(i.meeting_id.trim()).ok();
    let result = unit_media::add(&st.db, v.me(), &slug, unit_id, &i, form.file).await;
    match meeting_id {
        Some(m) => {
            meeting_form(
                result,
                &st,
                &v,
                (&slug, unit_id, m),
                ("midia", "midia-t"),
                |errors| Forms {
                    media: i,
                    errors,
                    ..Default::default()
                },
            )
            .await
        }
        None => {
            respond::form(
                result,
                |_| to_unit(&slug, unit_id, "nota=midia", "midia-t"),
                |errors| {
                    let forms = UnitForms {
                        f: Some(Default::default()),
                        errors,
                        media: i,
                        ..Default::default()
                    };
                    unit_page(&st, &v, (&slug, unit_id), forms)
                },
            )
            .await
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Back {
    #[serde(default)]
    meeting_id: String,
}

pub async fn remove_media(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
    Form(b): Form<Back>,
) -> Result<Response, WebError> {
    unit_media::remove(&st.db, v.me(), &slug, unit_id, &id).await?;
    Ok(match Uuid::parse_str(b.meeting_id.trim()) {
        Ok(m) => to_meeting(&slug, unit_id, m, "removida", "midia-t"),
        Err(_) => to_unit(&slug, unit_id, "nota=midia-removida", "midia-t"),
    })
}

/// A file of the units' galleries (public, like the galleries).
pub async fn media_file(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    file_response(&st, &v, &slug, &id, false).await
}

pub async fn media_thumb(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    file_response(&st, &v, &slug, &id, true).await
}

#[derive(serde::Deserialize, Default)]
pub struct ReviewForm {
    #[serde(default)]
    reason: String,
}

/// The unit publishes a participant's item in its gallery.
pub async fn publish_contribution(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
) -> Result<Response, WebError> {
    unit_media::review(&st.db, v.me(), &slug, unit_id, &id, true, "").await?;
    Ok(to_unit(&slug, unit_id, "revisado=publicado", "envios-t"))
}

/// The unit refuses a participant's item, with the reason the sender reads.
pub async fn refuse_contribution(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, WebError> {
    respond::form(
        unit_media::review(&st.db, v.me(), &slug, unit_id, &id, false, &f.reason).await,
        |()| to_unit(&slug, unit_id, "revisado=recusado", "envios-t"),
        |e| {
            let errors = Invalid(
                e.0.into_iter()
                    .map(|x| domain::FieldError::new(format!("motivo-{id}"), x.message))
                    .collect(),
            );
            let forms = UnitForms {
                f: Some(Default::default()),
                errors,
                review_for: id.clone(),
                reason: f.reason,
                ..Default::default()
            };
            unit_page(&st, &v, (&slug, unit_id), forms)
        },
    )
    .await
}

/// A participant sends a photo, a PDF or a video link to the unit's gallery (reviewed by the
/// unit before it is published).
pub async fn contribute(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // Permission before reading a possibly large body.
    authorize(&st.db, v.me(), &slug, Action::ContributeMedia).await?;
    let form = crate::upload::read(&mut mp, "arquivo", too_big).await?;
    let i = unit_media::MediaInput {
        caption: form.text("caption"),
        consent: form.text("consent"),
        video_url: form.text("video_url"),
        meeting_id: String::new(),
        internal: String::new(),
    };
    let unit = unit_id.to_string();
    respond::form(
        unit_media::contribute(&st.db, v.me(), &slug, unit_id, &i, form.file).await,
        |published| {
            Redirect::to(&format!(
                "/c/{slug}/unidades/{unit_id}?enviado={}#enviar-t",
                if published { "publicado" } else { "revisao" }
            ))
            .into_response()
        },
        |errors| unit_public_page(&st, &v, &slug, &unit, i, errors, None),
    )
    .await
}

async fn file_response(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    thumb: bool,
) -> Result<Response, WebError> {
    use axum::http::header;
    let f = unit_media::file(&st.db, v.me(), slug, id, thumb).await?;
    let disposition = if f.content_type == "application/pdf" {
        format!("inline; filename=\"{}\"", f.file_name)
    } else {
        "inline".to_owned()
    };
    // An item waiting for review is seen by its sender and the unit only: no shared cache.
    let cache = if f.public {
        "public, max-age=3600"
    } else {
        "private, no-store"
    };
    Ok((
        [
            (header::CONTENT_TYPE, f.content_type),
            (header::CACHE_CONTROL, cache.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        f.bytes,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "mobilization/gallery.html")]
struct GalleryTpl {
    g: unit_media::Gallery,
    errors: Invalid,
    notice: Option<&'static str>,
}

/// The commission's view of the units' media, to pick photos for the report.
pub async fn gallery(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = (n.code() == Some("foto")).then_some("Foto incluída no relatório.");
    gallery_page(&st, &v, &slug, Invalid::default(), notice).await
}

/// The gallery's page (422 when it shows a refused choice again).
async fn gallery_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let g = unit_media::gallery(&st.db, v.me(), slug).await?;
    respond::page(!errors.is_empty(), GalleryTpl { g, errors, notice })
}

pub async fn pick_for_report(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    respond::form(
        unit_media::pick_for_report(&st.db, v.me(), &slug, &id).await,
        |()| respond::back(&format!("/c/{slug}/gestao/galeria"), "foto"),
        |e| gallery_page(&st, &v, &slug, e, None),
    )
    .await
}
