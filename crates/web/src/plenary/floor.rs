//! The table's points of order ("questões de ordem", ADR 0040): written in from the room, given
//! the floor, ended or dismissed, from the regimento's or the final plenary's console (the form
//! says which with `volta`). The phones' side is in `participants::devices`.

use super::console::answer;
use super::groups::{FShown, FinalPlenary};
use super::regimento::{Regimento, Shown};
use crate::respond::Viewer;
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::final_plenary::{self as fp, OrderInput, OrderStep};
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};

/// The notice of a point of order's step, for both consoles.
pub(crate) fn notice(code: &str) -> Option<String> {
    Some(
        match code {
            "ordem" => "Questão de ordem registrada: ela aparece antes das falas.",
            "ordem-palavra" => "Palavra dada à questão de ordem: o tempo corre no telão.",
            "ordem-encerrada" => "Questão de ordem respondida.",
            "ordem-dispensada" => "Questão de ordem dispensada.",
            _ => return None,
        }
        .to_owned(),
    )
}

/// Which console a form came from.
#[derive(serde::Deserialize, Default)]
pub struct Back {
    #[serde(default)]
    volta: String,
}

/// Answers on the console the form came from.
async fn on_console(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    back: &Back,
    r: Result<(), Fail>,
    ok: &'static str,
    order: OrderInput,
) -> Result<Response, WebError> {
    if back.volta == "regimento" {
        answer::<Regimento, _>(st, v, slug, r, |()| ok, Shown::with_order(order)).await
    } else {
        answer::<FinalPlenary, _>(st, v, slug, r, |()| ok, FShown::with_order(order)).await
    }
}

/// The table writes in a point of order raised in the room.
pub async fn add(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(back): Query<Back>,
    Form(i): Form<OrderInput>,
) -> Result<Response, WebError> {
    let r = fp::add_order(&st.db, v.me(), &slug, &i).await;
    on_console(&st, &v, &slug, &back, r, "ordem", i).await
}

async fn step(
    st: AppState,
    v: Viewer,
    (slug, id): (String, String),
    back: Back,
    s: OrderStep,
) -> Result<Response, WebError> {
    let r = fp::order_step(&st.db, v.me(), &slug, &id, s).await;
    let ok = match s {
        OrderStep::Start => "ordem-palavra",
        OrderStep::End => "ordem-encerrada",
        OrderStep::Dismiss => "ordem-dispensada",
    };
    on_console(&st, &v, &slug, &back, r, ok, OrderInput::default()).await
}

pub async fn start(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
    Query(back): Query<Back>,
) -> Result<Response, WebError> {
    step(st, v, at, back, OrderStep::Start).await
}

pub async fn end(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
    Query(back): Query<Back>,
) -> Result<Response, WebError> {
    step(st, v, at, back, OrderStep::End).await
}

pub async fn dismiss(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
    Query(back): Query<Back>,
) -> Result<Response, WebError> {
    step(st, v, at, back, OrderStep::Dismiss).await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/c/{slug}/plenaria/ordem", post(add))
        .route("/c/{slug}/plenaria/ordem/{id}/iniciar", post(start))
        .route("/c/{slug}/plenaria/ordem/{id}/encerrar", post(end))
        .route("/c/{slug}/plenaria/ordem/{id}/dispensar", post(dismiss))
}
