//! Territorial delegates elected at the pre-conferences: the commission's page
//! (`/c/{slug}/gestao/delegados-territoriais`: the setting, every unit's delegates by territory,
//! the units that have not elected yet) and its CSV for the participants import.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::territorial as t;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
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

#[derive(serde::Deserialize, Default)]
pub struct Ok_ {
    #[serde(default)]
    ok: String,
}

async fn board_page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    f: Option<t::SettingInput>,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let b = t::board(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let f = f.unwrap_or_else(|| t::SettingInput {
        enabled: if b.enabled {
            "on".into()
        } else {
            String::new()
        },
        seats_per_unit: b.seats_per_unit.to_string(),
        note: b.note.clone().unwrap_or_default(),
    });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let tpl = BoardTpl {
        b,
        f,
        errors,
        notice,
    };
    Ok((status, Html(tpl.render()?)).into_response())
}

pub async fn board(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<Ok_>,
) -> Result<Response, WebError> {
    let notice = (q.ok == "salvo").then_some("Definição salva.");
    board_page(&st, &h, &uri, &slug, None, Invalid::default(), notice).await
}

pub async fn save(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<t::SettingInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match t::save_setting(&st.db, me.as_ref(), &slug, &f).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/c/{slug}/gestao/delegados-territoriais?ok=salvo"))
                .into_response(),
        ),
        Err(Fail::Invalid(e)) => board_page(&st, &h, &uri, &slug, Some(f), e, None).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn csv(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let b = t::board(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"delegados-territoriais.csv\"".to_owned(),
            ),
        ],
        t::csv(&b),
    )
        .into_response())
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
