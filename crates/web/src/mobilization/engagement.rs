//! The units' engagement ranking: the commission's page (`/c/{slug}/gestao/engajamento`: weights,
//! counts to confirm, reveal) and the public ranking (`/c/{slug}/ranking`).

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::engagement as e;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "mobilization/engagement/board.html")]
struct BoardTpl {
    b: e::Board,
    errors: Invalid,
    notice: Option<&'static str>,
    /// The weights as typed (kept on errors), by metric code.
    typed: HashMap<String, String>,
}

impl BoardTpl {
    fn typed_weight(&self, code: &str, w: &i32) -> String {
        self.typed
            .get(code)
            .cloned()
            .unwrap_or_else(|| w.to_string())
    }
}

fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "pesos" => "Pesos salvos: a pontuação foi recalculada.",
        "confirmada" => "Contagem confirmada: ela já vale na pontuação pública.",
        "reveladas" => "Vencedores revelados no ranking público.",
        _ => return None,
    })
}

/// The commission's page (422 when it shows a refused form again).
async fn board_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    notice: Option<&'static str>,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    let b = e::board(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        BoardTpl {
            b,
            errors,
            notice,
            typed,
        },
    )
}

pub async fn board(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = notice(n.code().unwrap_or_default());
    board_page(&st, &v, &slug, Invalid::default(), notice, HashMap::new()).await
}

/// Turns a refusal for lack of permission into a refused form, so that a person who is not in
/// the commission sees why on the page, in pt-BR, instead of a bare error.
fn changed<T>(r: Result<T, Fail>) -> Result<T, Fail> {
    match r {
        Err(Fail::Forbidden) => Err(Fail::Invalid(Invalid::one(
            "form",
            "Só a comissão organizadora muda a pontuação de engajamento: sua conta não faz parte dela",
        ))),
        other => other,
    }
}

/// The answer to a change of the board: back with `ok`, or the board again with the refusal
/// (and the weights as typed).
async fn board_form<T>(
    r: Result<T, Fail>,
    st: &AppState,
    v: &Viewer,
    slug: &str,
    ok: &str,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    respond::form(
        changed(r),
        |_| respond::back(&format!("/c/{slug}/gestao/engajamento"), ok),
        |i| board_page(st, v, slug, i, None, typed),
    )
    .await
}

pub async fn save_weights(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let raw: [String; 5] = std::array::from_fn(|k| {
        f.get(domain::engagement::METRICS[k].0)
            .cloned()
            .unwrap_or_default()
    });
    let r = e::save_weights(&st.db, v.me(), &slug, &raw).await;
    board_form(r, &st, &v, &slug, "pesos", f).await
}

#[derive(serde::Deserialize, Default)]
pub struct Which {
    #[serde(default)]
    unit: String,
}

pub async fn confirm(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<Which>,
) -> Result<Response, WebError> {
    let r = e::confirm(&st.db, v.me(), &slug, &f.unit).await;
    board_form(r, &st, &v, &slug, "confirmada", HashMap::new()).await
}

pub async fn reveal(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let r = e::reveal(&st.db, v.me(), &slug).await;
    board_form(r, &st, &v, &slug, "reveladas", HashMap::new()).await
}

#[derive(Template)]
#[template(path = "mobilization/engagement/ranking.html")]
struct RankingTpl {
    r: e::Ranking,
}

impl RankingTpl {
    /// Width (0–100) of a score's bar, relative to the first place.
    fn bar(&self, score: &i64, all: &[e::Place]) -> i64 {
        let max = all.iter().map(|p| p.score).max().unwrap_or(0);
        if max <= 0 { 0 } else { score * 100 / max }
    }
}

/// The public ranking.
pub async fn ranking(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let r = e::ranking(&st.db, &slug).await?;
    respond::html(RankingTpl { r })
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/engajamento", get(board))
        .route("/c/{slug}/gestao/engajamento/pesos", post(save_weights))
        .route("/c/{slug}/gestao/engajamento/confirmar", post(confirm))
        .route("/c/{slug}/gestao/engajamento/revelar", post(reveal))
        .route("/c/{slug}/ranking", get(ranking))
}
