//! The territorial articulator's page of a unit: schedule the unit's meetings inside the stages
//! whose date each unit sets, and report them as held.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::units as u;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
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
    media: app::mobilization::unit_media::MediaInput,
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

fn tpl(
    p: u::UnitPage,
    f: u::MeetingInput,
    errors: Invalid,
    report_for: Option<Uuid>,
    r: u::ReportInput,
    saved: bool,
) -> UnitTpl {
    let stage_options = p
        .stages
        .iter()
        .map(|s| (s.id.to_string(), format!("{} ({})", s.title, s.window)))
        .collect();
    UnitTpl {
        p,
        stage_options,
        f,
        errors,
        report_for,
        r,
        media: Default::default(),
        post_text: String::new(),
        review_for: String::new(),
        reason: String::new(),
        notice: saved.then_some("Reuniões atualizadas."),
    }
}

fn page(status: StatusCode, t: UnitTpl) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

/// The unit page's notices: `salvo` (meetings), `nota` (the gallery and the posts) and
/// `revisado` (a participant's item).
#[derive(serde::Deserialize, Default)]
pub struct UnitFlash {
    #[serde(default)]
    salvo: Option<String>,
    #[serde(default)]
    nota: String,
    #[serde(default)]
    revisado: String,
}

fn to_unit(slug: &str, unit_id: Uuid, nota: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/unidade/{unit_id}?nota={nota}#{anchor}")).into_response()
}

pub async fn unit(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    Query(fl): Query<UnitFlash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let p = u::unit_page(&st.db, me.as_ref(), &slug, unit_id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let f = u::MeetingInput {
        stage_id: p
            .stages
            .first()
            .map(|s| s.id.to_string())
            .unwrap_or_default(),
        ..Default::default()
    };
    let mut t = tpl(
        p,
        f,
        Invalid::default(),
        None,
        Default::default(),
        fl.salvo.is_some(),
    );
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
    if said.is_some() {
        t.notice = said;
    }
    page(StatusCode::OK, t)
}

pub async fn schedule(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    Form(f): Form<u::MeetingInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match u::schedule_meeting(&st.db, me.as_ref(), &slug, unit_id, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/c/{slug}/unidade/{unit_id}?salvo=1")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let p = u::unit_page(&st.db, me.as_ref(), &slug, unit_id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl(p, f, errors, None, Default::default(), false),
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn report(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(form): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
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
    match u::report_meeting(&st.db, me.as_ref(), &slug, unit_id, meeting_id, &r).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/unidade/{unit_id}?salvo=1")).into_response()),
        Err(Fail::Invalid(mut errors)) => {
            for e in errors.0.iter_mut() {
                e.field = format!("{}-{}", e.field, meeting_id);
            }
            let p = u::unit_page(&st.db, me.as_ref(), &slug, unit_id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            let f = u::MeetingInput {
                stage_id: p
                    .stages
                    .first()
                    .map(|s| s.id.to_string())
                    .unwrap_or_default(),
                ..Default::default()
            };
            page(
                StatusCode::UNPROCESSABLE_ENTITY,
                tpl(p, f, errors, Some(meeting_id), r, false),
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "mobilization/unit_meeting.html")]
struct MeetingTpl {
    p: u::MeetingRecord,
    f: app::mobilization::proposals::ProposalInput,
    media: app::mobilization::unit_media::MediaInput,
    att: app::mobilization::attendance::AttendeeInput,
    del: app::mobilization::territorial::DelegateInput,
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

#[derive(serde::Deserialize, Default)]
pub struct Ok_ {
    #[serde(default)]
    ok: String,
}

/// What the meeting's page shows besides the record: the typed values of its forms (kept when
/// one comes back with errors), the errors and the notice.
#[derive(Default)]
struct Forms {
    f: app::mobilization::proposals::ProposalInput,
    media: app::mobilization::unit_media::MediaInput,
    att: app::mobilization::attendance::AttendeeInput,
    del: app::mobilization::territorial::DelegateInput,
    errors: Invalid,
    notice: Option<&'static str>,
}

async fn meeting_page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    (slug, unit_id, meeting_id): (&str, Uuid, Uuid),
    t: Forms,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let p = u::meeting_record(&st.db, me.as_ref(), slug, unit_id, meeting_id)
        .await
        .map_err(|f| refuse(f, uri))?;
    let status = if t.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
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
    let tpl = MeetingTpl {
        p,
        f,
        media: t.media,
        att: t.att,
        del,
        errors: t.errors,
        notice: t.notice,
        segment_options,
        seat_options,
    };
    Ok((status, Html(tpl.render()?)).into_response())
}

fn to_meeting(slug: &str, unit_id: Uuid, meeting_id: Uuid, ok: &str, anchor: &str) -> Response {
    Redirect::to(&format!(
        "/c/{slug}/unidade/{unit_id}/reunioes/{meeting_id}?ok={ok}#{anchor}"
    ))
    .into_response()
}

/// The record of a meeting: proposals raised, ata and photos, attendance list, delegates.
pub async fn meeting(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    meeting_page(
        &st,
        &h,
        &uri,
        (&slug, unit_id, meeting_id),
        Forms {
            notice: meeting_notice(&q.ok),
            ..Default::default()
        },
    )
    .await
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(f): Form<AttendeeForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let i = app::mobilization::attendance::AttendeeInput {
        name: f.att_name,
        segment: f.att_segment,
        contact: f.att_contact,
    };
    match app::mobilization::attendance::add(&st.db, me.as_ref(), &slug, unit_id, meeting_id, &i)
        .await
    {
        Ok(_) => Ok(to_meeting(
            &slug,
            unit_id,
            meeting_id,
            "presenca",
            "presenca-t",
        )),
        Err(Fail::Invalid(e)) => {
            meeting_page(
                &st,
                &h,
                &uri,
                (&slug, unit_id, meeting_id),
                Forms {
                    att: i,
                    errors: prefixed(e, "att_"),
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_attendee(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id, id)): Path<(String, Uuid, Uuid, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::mobilization::attendance::remove(&st.db, me.as_ref(), &slug, unit_id, meeting_id, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(f): Form<DelegateForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let i = app::mobilization::territorial::DelegateInput {
        name: f.del_name,
        segment: f.del_segment,
        seat: f.del_seat,
        contact: f.del_contact,
    };
    match app::mobilization::territorial::add(&st.db, me.as_ref(), &slug, unit_id, meeting_id, &i)
        .await
    {
        Ok(_) => Ok(to_meeting(
            &slug,
            unit_id,
            meeting_id,
            "delegado",
            "delegados-t",
        )),
        Err(Fail::Invalid(e)) => {
            meeting_page(
                &st,
                &h,
                &uri,
                (&slug, unit_id, meeting_id),
                Forms {
                    del: i,
                    errors: prefixed(e, "del_"),
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_delegate(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id, id)): Path<(String, Uuid, Uuid, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::mobilization::territorial::remove(&st.db, me.as_ref(), &slug, unit_id, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, meeting_id)): Path<(String, Uuid, Uuid)>,
    Form(f): Form<app::mobilization::proposals::ProposalInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::mobilization::proposals::add(&st.db, me.as_ref(), &slug, unit_id, meeting_id, &f)
        .await
    {
        Ok(_) => Ok(to_meeting(
            &slug,
            unit_id,
            meeting_id,
            "proposta",
            "propostas-t",
        )),
        Err(Fail::Invalid(e)) => {
            meeting_page(
                &st,
                &h,
                &uri,
                (&slug, unit_id, meeting_id),
                Forms {
                    f,
                    errors: e,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_proposal(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let meeting_id = app::mobilization::proposals::remove(&st.db, me.as_ref(), &slug, unit_id, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(to_meeting(
        &slug,
        unit_id,
        meeting_id,
        "retirada",
        "propostas-t",
    ))
}

/// The upload limit of the media form (the file's own limit plus the form's overhead).
pub const MEDIA_BODY_LIMIT: usize = app::mobilization::unit_media::MAX_FILE_BYTES + 64 * 1024;

pub async fn add_media(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    // Permission before reading a possibly large body.
    let (_, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(
        me.as_ref(),
        domain::policy::Action::ManageUnit(scope, unit_id.into()),
    )
    .map_err(|f| refuse(f, &uri))?;
    let too_big = || {
        WebError::TooLarge(format!(
            "O arquivo passa do limite de {} MB. Fotos e PDFs maiores devem ser reduzidos; vídeos não são enviados como arquivo: publique o vídeo e informe o link.",
            app::mobilization::unit_media::MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "arquivo", too_big).await?;
    let i = app::mobilization::unit_media::MediaInput {
        caption: form.text("caption"),
        consent: form.text("consent"),
        video_url: form.text("video_url"),
        meeting_id: form.text("meeting_id"),
        internal: form.text("internal"),
    };
    let meeting_id = Uuid::parse_str(i.meeting_id.trim()).ok();
    match app::mobilization::unit_media::add(&st.db, me.as_ref(), &slug, unit_id, &i, form.file)
        .await
    {
        Ok(_) => Ok(match meeting_id {
            Some(m) => to_meeting(&slug, unit_id, m, "midia", "midia-t"),
            None => to_unit(&slug, unit_id, "midia", "midia-t"),
        }),
        Err(Fail::Invalid(e)) => match meeting_id {
            Some(m) => {
                meeting_page(
                    &st,
                    &h,
                    &uri,
                    (&slug, unit_id, m),
                    Forms {
                        media: i,
                        errors: e,
                        ..Default::default()
                    },
                )
                .await
            }
            None => {
                let p = u::unit_page(&st.db, me.as_ref(), &slug, unit_id)
                    .await
                    .map_err(|f| refuse(f, &uri))?;
                let mut t = tpl(p, Default::default(), e, None, Default::default(), false);
                t.media = i;
                page(StatusCode::UNPROCESSABLE_ENTITY, t)
            }
        },
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Back {
    #[serde(default)]
    meeting_id: String,
}

pub async fn remove_media(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
    Form(b): Form<Back>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::mobilization::unit_media::remove(&st.db, me.as_ref(), &slug, unit_id, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(match Uuid::parse_str(b.meeting_id.trim()) {
        Ok(m) => to_meeting(&slug, unit_id, m, "removida", "midia-t"),
        Err(_) => to_unit(&slug, unit_id, "midia-removida", "midia-t"),
    })
}

/// A file of the units' galleries (public, like the galleries).
pub async fn media_file(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    file_response(&st, &h, &uri, &slug, &id, false).await
}

pub async fn media_thumb(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    file_response(&st, &h, &uri, &slug, &id, true).await
}

#[derive(serde::Deserialize, Default)]
pub struct ReviewForm {
    #[serde(default)]
    reason: String,
}

/// The unit publishes a participant's item in its gallery.
pub async fn publish_contribution(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::mobilization::unit_media::review(&st.db, me.as_ref(), &slug, unit_id, &id, true, "")
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/unidade/{unit_id}?revisado=publicado#envios-t"
    ))
    .into_response())
}

/// The unit refuses a participant's item, with the reason the sender reads.
pub async fn refuse_contribution(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::mobilization::unit_media::review(
        &st.db,
        me.as_ref(),
        &slug,
        unit_id,
        &id,
        false,
        &f.reason,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/c/{slug}/unidade/{unit_id}?revisado=recusado#envios-t"
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            let p = u::unit_page(&st.db, me.as_ref(), &slug, unit_id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            let errors = Invalid(
                e.0.into_iter()
                    .map(|x| domain::FieldError::new(format!("motivo-{id}"), x.message))
                    .collect(),
            );
            let mut t = tpl(
                p,
                Default::default(),
                errors,
                None,
                Default::default(),
                false,
            );
            t.review_for = id;
            t.reason = f.reason;
            page(StatusCode::UNPROCESSABLE_ENTITY, t)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// A participant sends a photo, a PDF or a video link to the unit's gallery (reviewed by the
/// unit before it is published).
pub async fn contribute(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    // Permission before reading a possibly large body.
    let (_, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(me.as_ref(), domain::policy::Action::ContributeMedia(scope))
        .map_err(|f| refuse(f, &uri))?;
    let too_big = || {
        WebError::TooLarge(format!(
            "O arquivo passa do limite de {} MB. Fotos e PDFs maiores devem ser reduzidos; vídeos não são enviados como arquivo: publique o vídeo e informe o link.",
            app::mobilization::unit_media::MAX_FILE_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "arquivo", too_big).await?;
    let i = app::mobilization::unit_media::MediaInput {
        caption: form.text("caption"),
        consent: form.text("consent"),
        video_url: form.text("video_url"),
        meeting_id: String::new(),
        internal: String::new(),
    };
    match app::mobilization::unit_media::contribute(
        &st.db,
        me.as_ref(),
        &slug,
        unit_id,
        &i,
        form.file,
    )
    .await
    {
        Ok(published) => Ok(Redirect::to(&format!(
            "/c/{slug}/unidades/{unit_id}?enviado={}#enviar-t",
            if published { "publicado" } else { "revisao" }
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            let u = app::mobilization::posts::unit_public(&st.db, &slug, &unit_id.to_string())
                .await
                .map_err(|f| refuse(f, &uri))?;
            let t = UnitPublicTpl {
                u,
                signed_in: true,
                media: i,
                errors: e,
                notice: None,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(t.render()?)).into_response())
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

async fn file_response(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    id: &str,
    thumb: bool,
) -> Result<Response, WebError> {
    use axum::http::header;
    let me = me(st, h).await?;
    let f = app::mobilization::unit_media::file(&st.db, me.as_ref(), slug, id, thumb)
        .await
        .map_err(|f| refuse(f, uri))?;
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
    g: app::mobilization::unit_media::Gallery,
    errors: Invalid,
    notice: Option<&'static str>,
}

/// The commission's view of the units' media, to pick photos for the report.
pub async fn gallery(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    gallery_page(
        &st,
        &h,
        &uri,
        &slug,
        Invalid::default(),
        (q.ok == "foto").then_some("Foto incluída no relatório."),
    )
    .await
}

async fn gallery_page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let g = app::mobilization::unit_media::gallery(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Html(GalleryTpl { g, errors, notice }.render()?)).into_response())
}

pub async fn pick_for_report(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::mobilization::unit_media::pick_for_report(&st.db, me.as_ref(), &slug, &id).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/gestao/galeria?ok=foto")).into_response()),
        Err(Fail::Invalid(e)) => gallery_page(&st, &h, &uri, &slug, e, None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// Publishes a post of the unit on the public timeline.
pub async fn publish(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
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
    match app::mobilization::posts::publish(&st.db, me.as_ref(), &slug, unit_id, &text, &media)
        .await
    {
        Ok(_) => Ok(to_unit(&slug, unit_id, "publicado", "publicar-t")),
        Err(Fail::Invalid(e)) => {
            let p = u::unit_page(&st.db, me.as_ref(), &slug, unit_id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            let mut t = tpl(p, Default::default(), e, None, Default::default(), false);
            t.post_text = text;
            page(StatusCode::UNPROCESSABLE_ENTITY, t)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_post(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id, id)): Path<(String, Uuid, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::mobilization::posts::remove(&st.db, me.as_ref(), &slug, unit_id, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(to_unit(&slug, unit_id, "publicacao-removida", "publicar-t"))
}

#[derive(Template)]
#[template(path = "mobilization/timeline.html")]
struct TimelineTpl {
    t: app::mobilization::posts::Timeline,
}

#[derive(serde::Deserialize, Default)]
pub struct PageQ {
    #[serde(default)]
    pagina: Option<u64>,
}

/// The public timeline of the units' actions.
pub async fn timeline(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<PageQ>,
) -> Result<Response, WebError> {
    let page = q.pagina.unwrap_or(1).max(1) - 1;
    let t = app::mobilization::posts::timeline(&st.db, &slug, page)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(TimelineTpl { t }.render()?).into_response())
}

#[derive(Template)]
#[template(path = "mobilization/unit_public.html")]
struct UnitPublicTpl {
    u: app::mobilization::posts::UnitPublic,
    /// Whoever is logged in may send media to the unit (reviewed before it is published).
    signed_in: bool,
    media: app::mobilization::unit_media::MediaInput,
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, String)>,
    Query(fl): Query<SentFlash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let u = app::mobilization::posts::unit_public(&st.db, &slug, &unit_id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let notice = match fl.enviado.as_str() {
        "revisao" => Some(
            "Recebemos seu envio. Ele aparece na galeria depois que a unidade revisar; acompanhe em “Minhas participações”.",
        ),
        "publicado" => Some("Arquivo incluído na galeria da unidade."),
        _ => None,
    };
    let t = UnitPublicTpl {
        u,
        signed_in: me.is_some(),
        media: Default::default(),
        errors: Invalid::default(),
        notice,
    };
    Ok(Html(t.render()?).into_response())
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
