//! The differences between the two typings of paper forms, and the choice of the one that
//! stays.

use super::{first, manage_path, pairs};
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::mobilization::questionnaire_paper as paper;
use askama::Template;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "mobilization/questionnaires/differences.html")]
struct DifferencesPage {
    slug: String,
    d: paper::Differences,
    errors: Invalid,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct ResolvedNotice {
    #[serde(default)]
    ok: Option<i32>,
    #[serde(default)]
    escolha: Option<String>,
}

/// The differences between the two typings (422 when it shows a refused choice again).
async fn differences_page(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let d = paper::differences(&st.db, v.me(), slug, id).await?;
    respond::page(
        !errors.is_empty(),
        DifferencesPage {
            slug: slug.to_owned(),
            d,
            errors,
            notice,
        },
    )
}

pub async fn differences(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<ResolvedNotice>,
) -> Result<Response, WebError> {
    let notice = n.ok.map(|x| {
        if n.escolha.as_deref() == Some("second") {
            format!(
                "Formulário nº {x}: ficou a segunda digitação; as respostas foram substituídas."
            )
        } else {
            format!("Formulário nº {x}: ficou a primeira digitação.")
        }
    });
    differences_page(&st, &v, (&slug, &id), Invalid::default(), notice).await
}

pub async fn resolve(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id, rid)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let choice = first(&pairs(&body), "escolha");
    respond::form(
        paper::resolve(&st.db, v.me(), &slug, &id, &rid, &choice).await,
        |n| {
            Redirect::to(&format!(
                "{}?ok={n}&escolha={}",
                manage_path(&slug, &id, "/diferencas"),
                if choice == "second" {
                    "second"
                } else {
                    "first"
                }
            ))
            .into_response()
        },
        |e| differences_page(&st, &v, (&slug, &id), e, None),
    )
    .await
}
