//! Territorial delegates elected at the pre-conferences: the commission's page
//! (`/c/{slug}/gestao/delegados-territoriais`: the setting, every unit's delegates by territory,
//! the units that have not elected yet) and its CSV for the participants import.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::mobilization::territorial as t;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "mobilization/territorial_delegates.html")]
struct BoardTpl {
    b: t::Board,
    f: t::SettingInput,
    errors: Invalid,
    notice: Option<&'static str>,
}

/// The commission's page: the setting as saved (`f: None`) or as typed, and the board
/// (422 when it shows a refused form again).
async fn board_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: Option<t::SettingInput>,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let b = t::board(&st.db, v.me(), slug).await?;
    let f = f.unwrap_or_else(|| t::SettingInput {
        enabled: if b.enabled {
            "on".into()
        } else {
            String::new()
        },
        seats_per_unit: b.seats_per_unit.to_string(),
        note: b.note.clone().unwrap_or_default(),
    });
    respond::page(
        !errors.is_empty(),
        BoardTpl {
            b,
            f,
            errors,
            notice,
        },
    )
}

pub async fn board(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = (n.code() == Some("salvo")).then_some("Definição salva.");
    board_page(&st, &v, &slug, None, Invalid::default(), notice).await
}

pub async fn save(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<t::SettingInput>,
) -> Result<Response, WebError> {
    respond::form(
        t::save_setting(&st.db, v.me(), &slug, &f).await,
        |()| respond::back(&format!("/c/{slug}/gestao/delegados-territoriais"), "salvo"),
        |e| board_page(&st, &v, &slug, Some(f), e, None),
    )
    .await
}

pub async fn csv(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let b = t::board(&st.db, v.me(), &slug).await?;
    Ok(respond::csv_file(t::csv(&b), "delegados-territoriais.csv"))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route(
            "/c/{slug}/gestao/delegados-territoriais",
            get(board).post(save),
        )
        .route("/c/{slug}/gestao/delegados-territoriais.csv", get(csv))
}
