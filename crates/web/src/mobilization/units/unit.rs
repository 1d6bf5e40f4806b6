//! The unit's page: its meetings scheduled inside the stages and reported as held, its
//! gallery and posts forms.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::mobilization::unit_media;
use app::mobilization::units as u;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
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
pub(super) struct UnitForms {
    /// The meeting form; `None`: a new meeting in the first stage.
    pub(super) f: Option<u::MeetingInput>,
    pub(super) errors: Invalid,
    pub(super) report_for: Option<Uuid>,
    pub(super) r: u::ReportInput,
    pub(super) media: unit_media::MediaInput,
    pub(super) post_text: String,
    pub(super) review_for: String,
    pub(super) reason: String,
    pub(super) notice: Option<&'static str>,
}

/// The unit's page (422 when it shows a refused form again).
pub(super) async fn unit_page(
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
pub(super) fn to_unit(slug: &str, unit_id: Uuid, query: &str, anchor: &str) -> Response {
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
