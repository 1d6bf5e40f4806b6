//! The territorial articulator's page of a unit: schedule the unit's meetings inside the stages
//! whose date each unit sets, and report them as held.

use crate::setup::{Flash, me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::units as u;
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
#[template(path = "unit.html")]
struct UnitTpl {
    p: u::UnitPage,
    stage_options: Vec<(String, String)>,
    f: u::MeetingInput,
    errors: Invalid,
    /// The meeting whose report form the errors belong to.
    report_for: Option<Uuid>,
    r: u::ReportInput,
    saved: bool,
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
        saved,
    }
}

fn page(status: StatusCode, t: UnitTpl) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

pub async fn unit(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, unit_id)): Path<(String, Uuid)>,
    Query(fl): Query<Flash>,
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
    page(
        StatusCode::OK,
        tpl(
            p,
            f,
            Invalid::default(),
            None,
            Default::default(),
            fl.is_saved(),
        ),
    )
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
