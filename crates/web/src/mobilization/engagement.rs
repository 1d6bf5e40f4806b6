//! The units' engagement ranking: the commission's page (`/c/{slug}/gestao/engajamento`: weights,
//! counts to confirm, reveal) and the public ranking (`/c/{slug}/ranking`).

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::engagement as e;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
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

#[derive(serde::Deserialize, Default)]
pub struct Ok_ {
    #[serde(default)]
    ok: String,
}

fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "pesos" => "Pesos salvos: a pontuação foi recalculada.",
        "confirmada" => "Contagem confirmada: ela já vale na pontuação pública.",
        "reveladas" => "Vencedores revelados no ranking público.",
        _ => return None,
    })
}

async fn board_page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    errors: Invalid,
    notice: Option<&'static str>,
    typed: HashMap<String, String>,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let b = e::board(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let t = BoardTpl {
        b,
        errors,
        notice,
        typed,
    };
    Ok((status, Html(t.render()?)).into_response())
}

pub async fn board(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    board_page(
        &st,
        &h,
        &uri,
        &slug,
        Invalid::default(),
        notice(&q.ok),
        HashMap::new(),
    )
    .await
}

fn back(slug: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/gestao/engajamento?ok={ok}")).into_response()
}

/// Turns a refusal of a change into the page with its message (a person who is not in the
/// commission sees why, in pt-BR, instead of a bare error).
fn changed(r: Result<(), Fail>) -> Result<Result<(), Invalid>, Fail> {
    match r {
        Ok(()) => Ok(Ok(())),
        Err(Fail::Invalid(i)) => Ok(Err(i)),
        Err(Fail::Forbidden) => Ok(Err(Invalid::one(
            "form",
            "Só a comissão organizadora muda a pontuação de engajamento: sua conta não faz parte dela",
        ))),
        Err(other) => Err(other),
    }
}

pub async fn save_weights(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let raw: [String; 5] = std::array::from_fn(|k| {
        f.get(domain::engagement::METRICS[k].0)
            .cloned()
            .unwrap_or_default()
    });
    let r = e::save_weights(&st.db, me.as_ref(), &slug, &raw).await;
    match changed(r).map_err(|x| refuse(x, &uri))? {
        Ok(()) => Ok(back(&slug, "pesos")),
        Err(i) => board_page(&st, &h, &uri, &slug, i, None, f).await,
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Which {
    #[serde(default)]
    unit: String,
}

pub async fn confirm(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<Which>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = e::confirm(&st.db, me.as_ref(), &slug, &f.unit)
        .await
        .map(|_| ());
    match changed(r).map_err(|x| refuse(x, &uri))? {
        Ok(()) => Ok(back(&slug, "confirmada")),
        Err(i) => board_page(&st, &h, &uri, &slug, i, None, HashMap::new()).await,
    }
}

pub async fn reveal(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = e::reveal(&st.db, me.as_ref(), &slug).await;
    match changed(r).map_err(|x| refuse(x, &uri))? {
        Ok(()) => Ok(back(&slug, "reveladas")),
        Err(i) => board_page(&st, &h, &uri, &slug, i, None, HashMap::new()).await,
    }
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
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let r = e::ranking(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(RankingTpl { r }.render()?).into_response())
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
