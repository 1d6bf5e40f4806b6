//! A meeting's record: the proposals raised, the attendance list and the delegates chosen.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::units as u;
use app::mobilization::{attendance, proposals, territorial, unit_media};
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use uuid::Uuid;

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
pub(super) struct Forms {
    pub(super) f: proposals::ProposalInput,
    pub(super) media: unit_media::MediaInput,
    pub(super) att: attendance::AttendeeInput,
    pub(super) del: territorial::DelegateInput,
    pub(super) errors: Invalid,
    pub(super) notice: Option<&'static str>,
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
    let segments = respond::opts(domain::values::Segment::ALL, |s| s.code(), |s| s.label());
    let segment_options = respond::blank_first("Escolha o segmento", &segments);
    let seat_options = respond::opts(domain::values::Seat::ALL, |s| s.code(), |s| s.label());
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

pub(super) fn to_meeting(
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
    ok: &str,
    anchor: &str,
) -> Response {
    Redirect::to(&format!(
        "/c/{slug}/unidade/{unit_id}/reunioes/{meeting_id}?ok={ok}#{anchor}"
    ))
    .into_response()
}

/// The answer to a form of the meeting's page: back to the meeting with `ok` at `#anchor`, or
/// the page again with what `forms` keeps of the refused form.
pub(super) async fn meeting_form<T>(
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
