//! The plenary console at the table (`/c/{slug}/plenaria/regimento`): destaques raised by hand,
//! counted votes, the block approval of the regimento.

use crate::setup::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary as pl;
use askama::Template;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::time::Duration;

#[derive(Template)]
#[template(path = "plenary/regimento.html")]
struct ConsolePage {
    c: pl::Console,
    slug: String,
    errors: Invalid,
    /// The destaque form as typed (kept on 422).
    d: pl::DestaqueInput,
    /// Which form the errors belong to: "destaque", a destaque id, or "aprovar".
    error_for: String,
    counts: pl::CountInput,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
}

fn notice_text(code: &str) -> Option<String> {
    Some(
        match code {
            "destaque" => "Destaque registrado.",
            "retirado" => "Destaque retirado.",
            "aprovado" => "Votação registrada: aprovado.",
            "rejeitado" => "Votação registrada: rejeitado.",
            "regimento" => "Regimento aprovado e publicado.",
            "regimento-rejeitado" => "Votação registrada: o regimento não foi aprovado.",
            _ => return None,
        }
        .to_owned(),
    )
}

/// What the page shows besides the console: errors of one form with its typed values, a notice.
#[derive(Default)]
struct Shown {
    errors: Invalid,
    error_for: String,
    d: pl::DestaqueInput,
    counts: pl::CountInput,
    notice: Option<String>,
}

async fn page(
    st: &AppState,
    me: Option<&app::auth::Me>,
    slug: &str,
    uri: &Uri,
    shown: Shown,
) -> Result<Response, WebError> {
    let Shown {
        errors,
        error_for,
        d,
        counts,
        notice,
    } = shown;
    let c = pl::console(&st.db, me, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        Html(
            ConsolePage {
                slug: c.slug.clone(),
                c,
                errors,
                d,
                error_for,
                counts,
                notice,
            }
            .render()?,
        ),
    )
        .into_response())
}

pub async fn console(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let shown = Shown {
        notice: n.ok.as_deref().and_then(notice_text),
        ..Default::default()
    };
    page(&st, me.as_ref(), &slug, &uri, shown).await
}

fn back(slug: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/plenaria/regimento?ok={ok}")).into_response()
}

pub async fn add_destaque(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(d): Form<pl::DestaqueInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pl::add_destaque(&st.db, me.as_ref(), &slug, &d).await {
        Ok(()) => Ok(back(&slug, "destaque")),
        Err(Fail::Invalid(e)) => {
            page(
                &st,
                me.as_ref(),
                &slug,
                &uri,
                Shown {
                    errors: e,
                    error_for: "destaque".into(),
                    d,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn vote_destaque(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<pl::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pl::vote_destaque(&st.db, me.as_ref(), &slug, &id, &counts).await {
        Ok(o) => Ok(back(&slug, o.label())),
        Err(Fail::Invalid(e)) => {
            page(
                &st,
                me.as_ref(),
                &slug,
                &uri,
                Shown {
                    errors: e,
                    error_for: id.clone(),
                    counts,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn withdraw(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pl::withdraw_destaque(&st.db, me.as_ref(), &slug, &id).await {
        Ok(()) => Ok(back(&slug, "retirado")),
        Err(Fail::Invalid(e)) => {
            let shown = Shown {
                errors: e,
                ..Default::default()
            };
            page(&st, me.as_ref(), &slug, &uri, shown).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn approve(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(counts): Form<pl::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match pl::approve_regimento(&st.db, me.as_ref(), &slug, &counts).await {
        Ok(domain::plenary::Outcome::Approved) => Ok(back(&slug, "regimento")),
        Ok(_) => Ok(back(&slug, "regimento-rejeitado")),
        Err(Fail::Invalid(e)) => {
            page(
                &st,
                me.as_ref(),
                &slug,
                &uri,
                Shown {
                    errors: e,
                    error_for: "aprovar".into(),
                    counts,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "plenary/board.html")]
struct BoardPage {
    b: pl::Board,
    slug: String,
}

/// The projector page (public: counts only, no names).
pub async fn board(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let b = pl::board(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(BoardPage { b, slug }.render()?).into_response())
}

/// The board as server-sent events (`placar`): at once, then on every change of this instance,
/// and every 2 s from the database (other instances' votes and check-ins).
pub async fn board_events(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (c, _) = app::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let rx = app::events::subscribe(c.id);
    let db = st.db.clone();
    let stream = futures_util::stream::unfold(
        (rx, None::<pl::Board>, db, c, true),
        |(mut rx, last, db, c, first)| async move {
            loop {
                if !first {
                    tokio::select! {
                        r = rx.changed() => { if r.is_err() { return None; } }
                        _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                    }
                }
                let now = match pl::board_of(&db, &c).await {
                    Ok(b) => b,
                    Err(e) => {
                        tracing::warn!(error = %e, "board for SSE");
                        tokio::time::sleep(Duration::from_secs(2)).await;
                        continue;
                    }
                };
                if last.as_ref() != Some(&now) {
                    let ev = Event::default()
                        .event("placar")
                        .json_data(&now)
                        .unwrap_or_else(|_| Event::default());
                    return Some((
                        Ok::<_, std::convert::Infallible>(ev),
                        (rx, Some(now), db, c, false),
                    ));
                }
                if first {
                    // unreachable: `last` is None the first time
                    return None;
                }
            }
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response())
}

/// The minutes (ata) of the plenary as PDF (staff: it names who raised each destaque).
pub async fn minutes(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let pdf = pl::minutes_pdf(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/pdf"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "inline; filename=\"ata-plenaria.pdf\"",
            ),
            (axum::http::header::CACHE_CONTROL, "no-store"),
        ],
        pdf,
    )
        .into_response())
}
