//! The plenary console at the table (`/c/{slug}/plenaria/regimento`): destaques raised by hand,
//! counted votes, the block approval of the regimento.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::regimento as pl;
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
            "aberta" => {
                "Votação aberta: os(as) delegados(as) presentes já podem votar pelo celular."
            }
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
    me: Option<&app::platform::auth::Me>,
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

/// The board as server-sent events (`placar`): the current board at once, then each change.
/// Every connection forwards the one shared reader of its conference (`app::platform::events::board`).
pub async fn board_events(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let rx = app::platform::events::board::subscribe(&st.db, &c);
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        loop {
            if !first || rx.borrow().is_empty() {
                rx.changed().await.ok()?;
            }
            let json = rx.borrow_and_update().clone();
            if json.is_empty() {
                continue;
            }
            let ev = Event::default().event("placar").data(&*json);
            return Some((Ok::<_, std::convert::Infallible>(ev), (rx, false)));
        }
    });
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

#[derive(serde::Deserialize, Default)]
pub struct OpenForm {
    #[serde(default)]
    item: String,
    #[serde(default)]
    secret: String,
    /// `final` to come back to the final plenary's console.
    #[serde(default)]
    volta: String,
}

fn back_to(slug: &str, volta: &str, ok: &str) -> Response {
    if volta == "final" {
        crate::plenary::groups::to_final(slug, ok)
    } else if volta == "mocoes" {
        crate::plenary::mocoes::back(slug, ok)
    } else {
        back(slug, ok)
    }
}

/// Opens an electronic vote on a destaque or the regimento in block.
pub async fn open_vote(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::plenary::voting::open(&st.db, me.as_ref(), &slug, &f.item, f.secret == "1").await {
        Ok(_) => Ok(back_to(&slug, &f.volta, "aberta")),
        Err(Fail::Invalid(e)) if f.volta == "mocoes" => {
            crate::plenary::mocoes::with_errors(&st, &h, &uri, &slug, e).await
        }
        Err(Fail::Invalid(e)) if f.volta == "final" => {
            crate::plenary::groups::final_with_errors(
                &st,
                &h,
                &uri,
                &slug,
                e,
                String::new(),
                Default::default(),
            )
            .await
        }
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

#[derive(serde::Deserialize, Default)]
pub struct Volta {
    #[serde(default)]
    volta: String,
}

/// Closes the open electronic vote, with the room's counts for a mixed vote.
pub async fn close_vote(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(v): Query<Volta>,
    Form(counts): Form<pl::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::plenary::voting::close(&st.db, me.as_ref(), &slug, &id, &counts).await {
        Ok(o) => Ok(back_to(&slug, &v.volta, o.label())),
        Err(Fail::Invalid(e)) if v.volta == "final" => {
            crate::plenary::groups::final_with_errors(
                &st,
                &h,
                &uri,
                &slug,
                e,
                "encerrar".into(),
                counts,
            )
            .await
        }
        Err(Fail::Invalid(e)) => {
            page(
                &st,
                me.as_ref(),
                &slug,
                &uri,
                Shown {
                    errors: e,
                    error_for: "encerrar".into(),
                    counts,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // The plenary at the table (issue 4, first part).
        .route("/c/{slug}/plenaria/regimento", get(console))
        .route("/c/{slug}/plenaria/ata.pdf", get(minutes))
        .route("/c/{slug}/telao", get(board))
        .route("/c/{slug}/plenaria/votacao/abrir", post(open_vote))
        .route("/c/{slug}/plenaria/votacao/{id}/encerrar", post(close_vote))
        .route("/c/{slug}/telao/eventos", get(board_events))
        .route("/c/{slug}/plenaria/regimento/destaques", post(add_destaque))
        .route(
            "/c/{slug}/plenaria/regimento/destaques/{id}/votacao",
            post(vote_destaque),
        )
        .route(
            "/c/{slug}/plenaria/regimento/destaques/{id}/retirar",
            post(withdraw),
        )
        .route("/c/{slug}/plenaria/regimento/aprovar", post(approve))
}
