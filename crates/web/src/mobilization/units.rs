//! The territorial articulator's page of a unit: schedule the unit's meetings inside the stages
//! whose date each unit sets, and report them as held.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::units as u;
use app::mobilization::{attendance, posts, proposals, territorial, unit_media};
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

#[derive(Template)]
#[template(path = "mobilization/unit.html")]
struct UnitTpl {
    p: u::UnitPage,
    stage_options: Vec<(String, String)>,
    f: u::MeetingInput,
    errors: Invalid,
    /// The meeting whose report form the errors belong to.
    report_for: Option<Uuid>,
    r: u::ReportInput,
    media: unit_media::MediaInput,
    post_text: String,
    /// The participant's item whose refusal came back without a reason, and what was typed.
    review_for: String,
    reason: String,
    /// What the last action did (the page's one status message).
    notice: Option<&'static str>,
}

impl UnitTpl {
    /// What was typed in the report form of meeting `id` (kept when it comes back with errors).
    fn sent_participants(&self, id: &Uuid) -> String {
        if self.report_for.as_ref() == Some(id) {
            self.r.participants.clone()
        } else {
            String::new()
        }
    }
    fn sent_note(&self, id: &Uuid) -> String {
        if self.report_for.as_ref() == Some(id) {
            self.r.note.clone()
        } else {
            String::new()
        }
    }
    /// The segments of the attendance fields: (field id for meeting `id`, label, typed value).
    fn segment_fields(&self, id: &Uuid) -> Vec<(String, String, String)> {
        domain::values::Segment::ALL
            .iter()
            .enumerate()
            .map(|(k, s)| {
                (
                    format!("{}-{id}", s.code()),
                    s.label().to_owned(),
                    if self.report_for.as_ref() == Some(id) {
                        self.r.by_segment[k].clone()
                    } else {
                        String::new()
                    },
                )
            })
            .collect()
    }
}

/// What the unit's page shows besides the unit: the typed values of its forms (kept when one
/// comes back with errors), the errors and the notice.
#[derive(Default)]
struct UnitForms {
    /// The meeting form; `None`: a new meeting in the first stage.
    f: Option<u::MeetingInput>,
    errors: Invalid,
    report_for: Option<Uuid>,
    r: u::ReportInput,
    media: unit_media::MediaInput,
    post_text: String,
    review_for: String,
    reason: String,
    notice: Option<&'static str>,
}

/// The unit's page (422 when it shows a refused form again).
async fn unit_page(
    st: &AppState,
    v: &Viewer,
    (slug, unit_id): (&str, Uuid),
    t: UnitForms,
) -> Result<Response, WebError> {
    let p = u::unit_page(&st.db, v.me(), slug, unit_id).await?;
    let f = t.f.unwrap_or_else(|| u::MeetingInput {
        stage_id: p
            .stages
            .first()
            .map(|s| s.id.to_string())
            .unwrap_or_default(),
        ..Default::default()
    });
    let stage_options = p
        .stages
        .iter()
        .map(|s| (s.id.to_string(), format!("{} ({})", s.title, s.window)))
        .collect();
    respond::page(
        !t.errors.is_empty(),
        UnitTpl {
            p,
            stage_options,
            f,
            errors: t.errors,
            report_for: t.report_for,
            r: t.r,
            media: t.media,
            post_text: t.post_text,
            review_for: t.review_for,
            reason: t.reason,
            notice: t.notice,
        },
    )
}

/// The unit page's notices besides `?salvo=1` (meetings): `nota` (the gallery and the posts)
/// and `revisado` (a participant's item).
#[derive(serde::Deserialize, Default)]
pub struct UnitFlash {
    #[serde(default)]
    nota: String,
    #[serde(default)]
    revisado: String,
}

/// Back to the unit's page: `query` (`nota=…`, `revisado=…`), then `#anchor`.
fn to_unit(slug: &str, unit_id: Uuid, query: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/unidade/{unit_id}?{query}#{anchor}")).into_response()
}

/// Back to the unit's page saying the meetings were saved (`?salvo=1`).
fn unit_saved(slug: &str, unit_id: Uuid) -> Response {
    respond::saved(&format!("/c/{slug}/unidade/{unit_id}"))
}

pub async fn unit(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    Query(n): Query<Notice>,
    Query(fl): Query<UnitFlash>,
) -> Result<Response, WebError> {
    let said = match (fl.revisado.as_str(), fl.nota.as_str()) {
        ("publicado", _) => Some("Publicado na galeria da unidade."),
        ("recusado", _) => {
            Some("Envio recusado: o arquivo foi apagado e quem enviou vai ler o motivo.")
        }
        (_, "midia") => Some("Arquivo incluído na galeria da unidade."),
        (_, "midia-removida") => Some("Item removido da galeria."),
        (_, "publicado") => Some("Publicado na linha do tempo."),
        (_, "publicacao-removida") => Some("Publicação removida."),
        _ => None,
    };
    let notice = said.or(n.is_saved().then_some("Reuniões atualizadas."));
    let forms = UnitForms {
        notice,
        ..Default::default()
    };
    unit_page(&st, &v, (&slug, unit_id), forms).await
}

pub async fn schedule(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    Form(f): Form<u::MeetingInput>,
) -> Result<Response, WebError> {
    respond::form(
        u::schedule_meeting(&st.db, v.me(), &slug, unit_id, &f).await,
        |_| unit_saved(&slug, unit_id),
        |errors| {
            let forms = UnitForms {
                f: Some(f),
                errors,
                ..Default::default()
            };
            unit_page(&st, &v, (&slug, unit_id), forms)
        },
    )
    .await
}

pub async fn report(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    // Each meeting's report form names its fields after the meeting (unique ids on one page).
    let field = |k: &str| {
        form.get(&format!("{k}-{meeting_id}"))
            .cloned()
            .unwrap_or_default()
    };
    let r = u::ReportInput {
        participants: field("participants"),
        note: field("note"),
        by_segment: std::array::from_fn(|k| field(domain::values::Segment::ALL[k].code())),
    };
    respond::form(
        u::report_meeting(&st.db, v.me(), &slug, unit_id, meeting_id, &r).await,
        |()| unit_saved(&slug, unit_id),
        |mut errors| {
            for e in errors.0.iter_mut() {
                e.field = format!("{}-{}", e.field, meeting_id);
            }
            let forms = UnitForms {
                errors,
                report_for: Some(meeting_id),
                r,
                ..Default::default()
            };
            unit_page(&st, &v, (&slug, unit_id), forms)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "mobilization/unit_meeting.html")]
struct MeetingTpl {
    p: u::MeetingRecord,
    f: proposals::ProposalInput,
    media: unit_media::MediaInput,
    att: attendance::AttendeeInput,
    del: territorial::DelegateInput,
    errors: Invalid,
    notice: Option<&'static str>,
    /// ("", "Escolha…"), then (code, label) of every segment.
    segment_options: Vec<(String, String)>,
    seat_options: Vec<(String, String)>,
}

fn meeting_notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "proposta" => "Proposta registrada: ela aparece para o grupo de trabalho do seu eixo.",
        "retirada" => "Proposta retirada.",
        "midia" => "Arquivo incluído na galeria da unidade.",
        "removida" => "Item removido da galeria.",
        "presenca" => "Pessoa incluída na lista de presença.",
        "presenca-retirada" => "Pessoa retirada da lista de presença.",
        "delegado" => "Delegado(a) registrado(a).",
        "delegado-retirado" => "Delegado(a) retirado(a).",
        _ => return None,
    })
}

/// What the meeting's page shows besides the record: the typed values of its forms (kept when
/// one comes back with errors), the errors and the notice.
#[derive(Default)]
struct Forms {
    f: proposals::ProposalInput,
    media: unit_media::MediaInput,
    att: attendance::AttendeeInput,
    del: territorial::DelegateInput,
    errors: Invalid,
    notice: Option<&'static str>,
}

/// The meeting's page (422 when it shows a refused form again).
async fn meeting_page(
    st: &AppState,
    v: &Viewer,
    (slug, unit_id, meeting_id): (&str, Uuid, Uuid),
    t: Forms,
) -> Result<Response, WebError> {
    let p = u::meeting_record(&st.db, v.me(), slug, unit_id, meeting_id).await?;
    let mut f = t.f;
    if f.eixo_id.is_empty() {
        f.eixo_id = p.eixos.first().map(|e| e.0.clone()).unwrap_or_default();
    }
    let mut segment_options = vec![(String::new(), "Escolha o segmento".to_owned())];
    segment_options.extend(
        domain::values::Segment::ALL
            .iter()
            .map(|s| (s.code().to_owned(), s.label().to_owned())),
    );
    let seat_options = domain::values::Seat::ALL
        .iter()
        .map(|s| (s.code().to_owned(), s.label().to_owned()))
        .collect();
    let mut del = t.del;
    if del.seat.is_empty() {
        del.seat = domain::values::Seat::Titular.code().into();
    }
    respond::page(
        !t.errors.is_empty(),
        MeetingTpl {
            p,
            f,
            media: t.media,
            att: t.att,
            del,
            errors: t.errors,
            notice: t.notice,
            segment_options,
            seat_options,
        },
    )
}

fn to_meeting(slug: &str, unit_id: Uuid, meeting_id: Uuid, ok: &str, anchor: &str) -> Response {
    Redirect::to(&format!(
        "/c/{slug}/unidade/{unit_id}/reunioes/{meeting_id}?ok={ok}#{anchor}"
    ))
    .into_response()
}

/// The answer to a form of the meeting's page: back to the meeting with `ok` at `#anchor`, or
/// the page again with what `forms` keeps of the refused form.
async fn meeting_form<T>(
    result: Result<T, Fail>,
    st: &AppState,
    v: &Viewer,
    at: (&str, Uuid, Uuid),
    (ok, anchor): (&str, &str),
    forms: impl FnOnce(Invalid) -> Forms,
) -> Result<Response, WebError> {
    let (slug, unit_id, meeting_id) = at;
    respond::form(
        result,
        |_| to_meeting(slug, unit_id, meeting_id, ok, anchor),
        |e| meeting_page(st, v, at, forms(e)),
    )
    .await
}

/// The record of a meeting: proposals raised, ata and photos, attendance list, delegates.
pub async fn meeting(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let forms = Forms {
        notice: meeting_notice(n.code().unwrap_or_default()),
        ..Default::default()
    };
    meeting_page(&st, &v, (&slug, unit_id, meeting_id), forms).await
}

/// Errors of a use case named after the form's own fields (`name` → `att_name`), so that two
/// forms of one page keep distinct ids.
fn prefixed(mut e: Invalid, prefix: &str) -> Invalid {
    for x in e.0.iter_mut() {
        x.field = format!("{prefix}{}", x.field);
    }
    e
}

#[derive(serde::Deserialize, Default)]
pub struct AttendeeForm {
    #[serde(default)]
    att_name: String,
    #[serde(default)]
    att_segment: String,
    #[serde(default)]
    att_contact: String,
}

pub async fn add_attendee(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(f): Form<AttendeeForm>,
) -> Result<Response, WebError> {
    let i = attendance::AttendeeInput {
        name: f.att_name,
        segment: f.att_segment,
        contact: f.att_contact,
    };
    meeting_form(
        attendance::add(&st.db, v.me(), &slug, unit_id, meeting_id, &i).await,
        &st,
        &v,
        (&slug, unit_id, meeting_id),
        ("presenca", "presenca-t"),
        |e| Forms {
            att: i,
            errors: prefixed(e, "att_"),
            ..Default::default()
        },
    )
    .await
}

pub async fn remove_attendee(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id, id)): Path<(String, Uuid, Uuid, String)>,
) -> Result<Response, WebError> {
    attendance::remove(&st.db, v.me(), &slug, unit_id, meeting_id, &id).await?;
    Ok(to_meeting(
        &slug,
        unit_id,
        meeting_id,
        "presenca-retirada",
        "presenca-t",
    ))
}

#[derive(serde::Deserialize, Default)]
pub struct DelegateForm {
    #[serde(default)]
    del_name: String,
    #[serde(default)]
    del_segment: String,
    #[serde(default)]
    del_seat: String,
    #[serde(default)]
    del_contact: String,
}

pub async fn add_delegate(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(f): Form<DelegateForm>,
) -> Result<Response, WebError> {
    let i = territorial::DelegateInput {
        name: f.del_name,
        segment: f.del_segment,
        seat: f.del_seat,
        contact: f.del_contact,
    };
    meeting_form(
        territorial::add(&st.db, v.me(), &slug, unit_id, meeting_id, &i).await,
        &st,
        &v,
        (&slug, unit_id, meeting_id),
        ("delegado", "delegados-t"),
        |e| Forms {
            del: i,
            errors: prefixed(e, "del_"),
            ..Default::default()
        },
    )
    .await
}

pub async fn remove_delegate(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id, id)): Path<(String, Uuid, Uuid, String)>,
) -> Result<Response, WebError> {
    territorial::remove(&st.db, v.me(), &slug, unit_id, &id).await?;
    Ok(to_meeting(
        &slug,
        unit_id,
        meeting_id,
        "delegado-retirado",
        "delegados-t",
    ))
}

pub async fn add_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(f): Form<proposals::ProposalInput>,
) -> Result<Response, WebError> {
    meeting_form(
        proposals::add(&st.db, v.me(), &slug, unit_id, meeting_id, &f).await,
        &st,
        &v,
        (&slug, unit_id, meeting_id),
        ("proposta", "propostas-t"),
        |errors| Forms {
            f,
            errors,
            ..Default::default()
        },
    )
    .await
}

pub async fn remove_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
) -> Result<Response, WebError> {
    let meeting_id = proposals::remove(&st.db, v.me(), &slug, unit_id, &id).await?;
    Ok(to_meeting(
        &slug,
        unit_id,
        meeting_id,
        "retirada",
        "propostas-t",
    ))
}

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
async fn unit_public_page(
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

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/unidade/{unit}", get(unit))
        .route("/c/{slug}/unidade/{unit}/reunioes", post(schedule))
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/realizada",
            post(report),
        )
        .route("/c/{slug}/unidade/{unit}/reunioes/{meeting}", get(meeting))
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/propostas",
            post(add_proposal),
        )
        .route(
            "/c/{slug}/unidade/{unit}/propostas/{id}/retirar",
            post(remove_proposal),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/presenca",
            post(add_attendee),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/presenca/{id}/remover",
            post(remove_attendee),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/delegados",
            post(add_delegate),
        )
        .route(
            "/c/{slug}/unidade/{unit}/reunioes/{meeting}/delegados/{id}/remover",
            post(remove_delegate),
        )
        .route(
            "/c/{slug}/unidade/{unit}/midia",
            post(add_media).layer(axum::extract::DefaultBodyLimit::max(MEDIA_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/unidade/{unit}/midia/{id}/remover",
            post(remove_media),
        )
        .route("/c/{slug}/unidade/{unit}/publicacoes", post(publish))
        .route(
            "/c/{slug}/unidade/{unit}/publicacoes/{id}/remover",
            post(remove_post),
        )
        .route("/c/{slug}/acoes", get(timeline))
        .route("/c/{slug}/unidades/{unit}", get(unit_public))
        .route(
            "/c/{slug}/unidades/{unit}/envios",
            post(contribute).layer(axum::extract::DefaultBodyLimit::max(MEDIA_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/unidade/{unit}/envios/{id}/publicar",
            post(publish_contribution),
        )
        .route(
            "/c/{slug}/unidade/{unit}/envios/{id}/recusar",
            post(refuse_contribution),
        )
        .route("/c/{slug}/midia/{id}", get(media_file))
        .route("/c/{slug}/midia/{id}/miniatura", get(media_thumb))
        .route("/c/{slug}/gestao/galeria", get(gallery))
        .route(
            "/c/{slug}/gestao/galeria/{id}/relatorio",
            post(pick_for_report),
        )
}
