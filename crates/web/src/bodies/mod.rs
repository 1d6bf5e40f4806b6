//! Standing bodies (issue 24): a body's public page (`/orgaos/{id}`: its composition) and the
//! secretariat's members page (`/orgaos/{id}/gestao/membros`); the meetings in `meetings`, a
//! consortium's regional campaigns in `campaigns`.

mod campaigns;
mod meetings;

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::bodies::members as m;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
    routing::{get, post},
};
use domain::Invalid;
use domain::values::Segment;

#[derive(Template)]
#[template(path = "bodies/public.html")]
struct PublicTpl {
    c: m::Composition,
}

/// `/orgaos/{id}`: the body's public page.
pub async fn public(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let c = m::public(&st.db, &id).await?;
    respond::html(PublicTpl { c })
}

#[derive(Template)]
#[template(path = "bodies/members.html")]
struct MembersTpl {
    c: m::Composition,
    input: m::SeatInput,
    errors: Invalid,
    /// The seat whose "end" form the errors belong to (empty: the new seat's form).
    end_for: String,
    end: m::EndInput,
    notice: Option<&'static str>,
    segments: Vec<(String, String)>,
    municipalities: Vec<(String, String)>,
}

fn notice(n: &Notice) -> Option<&'static str> {
    Some(match n.code()? {
        "incluida" => "Cadeira incluída com seu(sua) titular e suplente.",
        "encerrada" => "Mandato encerrado: a cadeira passou ao histórico.",
        _ => return None,
    })
}

async fn members_page(
    st: &AppState,
    v: &Viewer,
    id: &str,
    (input, errors, end_for, end): (m::SeatInput, Invalid, String, m::EndInput),
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let c = m::for_staff(&st.db, v.me(), id).await?;
    let mut segments = vec![(String::new(), "Escolha".to_owned())];
    segments.extend(respond::opts(Segment::ALL, Segment::code, Segment::label));
    let mut municipalities = vec![(String::new(), "Escolha".to_owned())];
    if let Some(ch) = &c.chamber {
        municipalities.extend(
            ch.members
                .iter()
                .map(|m| (m.id_text.clone(), m.name.clone())),
        );
    }
    respond::page(
        !errors.is_empty(),
        MembersTpl {
            c,
            input,
            errors,
            end_for,
            end,
            notice,
            segments,
            municipalities,
        },
    )
}

/// `/orgaos/{id}/gestao/membros`.
pub async fn members(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let blank = (
        m::SeatInput::default(),
        Invalid::default(),
        String::new(),
        m::EndInput::default(),
    );
    members_page(&st, &v, &id, blank, notice(&n)).await
}

/// Adds a seat.
pub async fn add(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<m::SeatInput>,
) -> Result<Response, WebError> {
    let r = m::add_seat(&st.db, v.me(), &id, &f).await;
    respond::form(
        r,
        |_| respond::back(&format!("/orgaos/{id}/gestao/membros"), "incluida"),
        |e| {
            members_page(
                &st,
                &v,
                &id,
                (f.clone(), e, String::new(), m::EndInput::default()),
                None,
            )
        },
    )
    .await
}

/// Ends a seat before its mandate's end.
pub async fn end(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, seat)): Path<(String, String)>,
    Form(f): Form<m::EndInput>,
) -> Result<Response, WebError> {
    let r = m::end_seat(&st.db, v.me(), &id, &seat, &f).await;
    respond::form(
        r,
        |()| respond::back(&format!("/orgaos/{id}/gestao/membros"), "encerrada"),
        |e| {
            members_page(
                &st,
                &v,
                &id,
                (m::SeatInput::default(), e, seat.clone(), f.clone()),
                None,
            )
        },
    )
    .await
}

pub(crate) fn routes(_st: &AppState) -> axum::Router<AppState> {
    axum::Router::new()
        .route("/orgaos/{id}", get(public))
        .route("/orgaos/{id}/gestao/membros", get(members).post(add))
        .route("/orgaos/{id}/gestao/membros/{seat}/encerrar", post(end))
        .merge(meetings::routes(_st))
        .merge(campaigns::routes())
}
