//! The plenary console at the table (`/c/{slug}/plenaria/regimento`): destaques raised by hand,
//! counted votes, the block approval of the regimento.

use super::console::{self, answer, back, console};
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::plenary::regimento as pl;
use askama::Template;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Response},
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
    /// The table's point-of-order form as typed (kept on 422).
    order: app::plenary::final_plenary::OrderInput,
}

fn notice_text(code: &str) -> Option<String> {
    Some(
        match code {
            "destaque" => "Destaque registrado.",
            "retirado" => "Destaque retirado.",
            "aprovado" => "Votação registrada: aprovado.",
            "rejeitado" => "Votação registrada: rejeitado.",
            "regimento" => "Regimento aprovado e publicado.",
            code if code.starts_with("ordem") => return crate::plenary::floor::notice(code),
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
pub(crate) struct Shown {
    errors: Invalid,
    error_for: String,
    d: pl::DestaqueInput,
    counts: pl::CountInput,
    notice: Option<String>,
    order: app::plenary::final_plenary::OrderInput,
}

impl Shown {
    /// The page with the table's point-of-order form as typed.
    pub(crate) fn with_order(order: app::plenary::final_plenary::OrderInput) -> Self {
        Shown {
            order,
            ..Default::default()
        }
    }
}

async fn page(st: &AppState, v: &Viewer, slug: &str, shown: Shown) -> Result<Response, WebError> {
    let Shown {
        errors,
        error_for,
        d,
        counts,
        notice,
        order,
    } = shown;
    let c = pl::console(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        ConsolePage {
            slug: c.slug.clone(),
            c,
            errors,
            d,
            error_for,
            counts,
            notice,
            order,
        },
    )
}

console::declare!(Regimento, "plenaria/regimento", Shown, page, notice_text);

pub async fn add_destaque(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(d): Form<pl::DestaqueInput>,
) -> Result<Response, WebError> {
    let r = pl::add_destaque(&st.db, v.me(), &slug, &d).await;
    let shown = Shown {
        error_for: "destaque".into(),
        d,
        ..Default::default()
    };
    answer::<Regimento, _>(&st, &v, &slug, r, |()| "destaque", shown).await
}

pub async fn vote_destaque(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<pl::CountInput>,
) -> Result<Response, WebError> {
    let r = pl::vote_destaque(&st.db, v.me(), &slug, &id, &counts).await;
    let shown = Shown {
        error_for: id,
        counts,
        ..Default::default()
    };
    answer::<Regimento, _>(&st, &v, &slug, r, |o| o.label(), shown).await
}

pub async fn withdraw(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = pl::withdraw_destaque(&st.db, v.me(), &slug, &id).await;
    answer::<Regimento, _>(&st, &v, &slug, r, |()| "retirado", Shown::default()).await
}

pub async fn approve(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(counts): Form<pl::CountInput>,
) -> Result<Response, WebError> {
    let r = pl::approve_regimento(&st.db, v.me(), &slug, &counts).await;
    let ok = |o: domain::plenary::Outcome| match o {
        domain::plenary::Outcome::Approved => "regimento",
        _ => "regimento-rejeitado",
    };
    let shown = Shown {
        error_for: "aprovar".into(),
        counts,
        ..Default::default()
    };
    answer::<Regimento, _>(&st, &v, &slug, r, ok, shown).await
}

#[derive(Template)]
#[template(path = "plenary/board.html")]
struct BoardPage {
    b: pl::Board,
    slug: String,
    /// The pre-conference results per territory, for the final solemnity.
    results: app::mobilization::results::Results,
    /// The public live page (`/c/{slug}/ao-vivo`) rather than the projector: the transmission
    /// link, when the commission set one, above the same live board.
    live: Option<Option<String>>,
}

impl BoardPage {
    /// The quorum gauge's length (of 1000) for `n` delegates: the scale runs to the credentialed
    /// delegates (or the minimum, when fewer are credentialed).
    fn gauge(&self, n: &u32) -> u32 {
        let full = self
            .b
            .credentialed
            .max(self.b.present)
            .max(self.b.quorum_min)
            .max(1);
        (*n).min(full) * 1000 / full
    }

    /// Where the gauge marks the minimum: as [`Self::gauge`], kept inside the gauge's box (the
    /// mark is 8 wide).
    fn mark(&self, n: &u32) -> u32 {
        self.gauge(n).min(992)
    }

    /// Whether a roll call is open now.
    fn calling(&self) -> bool {
        self.b.roll_call.as_ref().is_some_and(|c| c.open)
    }

    /// Whether the open vote has a text at stake to show.
    fn open_has_text(&self) -> bool {
        self.b.open.as_ref().is_some_and(|o| o.text.is_some())
    }

    /// Whether the open vote has a proposed text to show.
    fn open_has_proposed(&self) -> bool {
        self.b.open.as_ref().is_some_and(|o| o.proposed.is_some())
    }

    /// A vote bar's length (of 100) for a count, the largest of the last vote's counts full.
    fn bar(&self, n: &i32) -> i32 {
        let max = self
            .b
            .last
            .as_ref()
            .map(|v| v.favor.max(v.against).max(v.abstain))
            .unwrap_or(0)
            .max(1);
        (*n).max(0) * 100 / max
    }
}

/// The projector page (public: counts only, no names).
pub async fn board(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let b = pl::board(&st.db, &slug).await?;
    let results = app::mobilization::results::public(&st.db, &slug).await?;
    respond::html(BoardPage {
        b,
        slug,
        results,
        live: None,
    })
}

/// The plenary live, for whoever follows from a distance (public: counts only, no names besides
/// who has the floor): the transmission link beside the live board (ADR 0040).
pub async fn live(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug).await?;
    let b = pl::board_of(&st.db, &c).await?;
    let broadcast = app::plenary::seats::broadcast_of(&st.db.conn, c.id).await?;
    respond::html(BoardPage {
        b,
        slug,
        results: Default::default(),
        live: Some(broadcast),
    })
}

/// The board as server-sent events (`placar`): the current board at once, then each change.
/// Every connection forwards the one shared reader of its conference (`app::platform::events::board`).
pub async fn board_events(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug).await?;
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
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let pdf = pl::minutes_pdf(&st.db, v.me(), &slug).await?;
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
        back::<crate::plenary::groups::FinalPlenary>(slug, ok)
    } else if volta == "mocoes" {
        back::<crate::plenary::mocoes::Mocoes>(slug, ok)
    } else {
        back::<Regimento>(slug, ok)
    }
}

/// Opens an electronic vote on a destaque or the regimento in block.
pub async fn open_vote(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    let r = app::plenary::voting::open(&st.db, v.me(), &slug, &f.item, f.secret == "1").await;
    let (st, v, slug, volta) = (&st, &v, slug.as_str(), f.volta.as_str());
    respond::form(
        r,
        |_| back_to(slug, volta, "aberta"),
        |e| async move {
            match volta {
                "mocoes" => crate::plenary::mocoes::with_errors(st, v, slug, e).await,
                "final" => {
                    let counts = Default::default();
                    crate::plenary::groups::final_with_errors(st, v, slug, e, String::new(), counts)
                        .await
                }
                _ => {
                    let s = Shown {
                        errors: e,
                        ..Default::default()
                    };
                    page(st, v, slug, s).await
                }
            }
        },
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct Volta {
    #[serde(default)]
    volta: String,
}

/// Closes the open electronic vote, with the room's counts for a mixed vote.
pub async fn close_vote(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<Volta>,
    Form(counts): Form<pl::CountInput>,
) -> Result<Response, WebError> {
    let r = app::plenary::voting::close(&st.db, v.me(), &slug, &id, &counts).await;
    let (st, v, slug, volta) = (&st, &v, slug.as_str(), q.volta.as_str());
    respond::form(
        r,
        |o| back_to(slug, volta, o.label()),
        |e| async move {
            if volta == "final" {
                crate::plenary::groups::final_with_errors(st, v, slug, e, "encerrar".into(), counts)
                    .await
            } else {
                let s = Shown {
                    errors: e,
                    error_for: "encerrar".into(),
                    counts,
                    ..Default::default()
                };
                page(st, v, slug, s).await
            }
        },
    )
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // The plenary at the table.
        .route("/c/{slug}/plenaria/regimento", get(console::<Regimento>))
        .route("/c/{slug}/plenaria/ata.pdf", get(minutes))
        .route("/c/{slug}/telao", get(board))
        .route("/c/{slug}/ao-vivo", get(live))
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
