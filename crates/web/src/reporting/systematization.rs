//! Systematization on the web (ADR 0019): `/c/{slug}/gestao/sistematizacao`,
//! the groups of the received proposals per eixo and level, the threshold form, and per group
//! the merged text, move / split / merge, "revisado" and the sending to a working group. Every
//! action is a plain form POST answered by a redirect (or the page again with the errors, 422),
//! so it works without JavaScript.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::reporting::systematization as sy;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "reporting/systematization/page.html")]
struct Page {
    slug: String,
    o: sy::Overview,
    threshold: String,
    errors: Invalid,
    notice: Option<String>,
}

/// The counts after a regrouping (`?ok=agrupado&grupos=…&dois=…&mantidos=…`).
#[derive(serde::Deserialize, Default)]
pub struct Counts {
    #[serde(default)]
    grupos: Option<usize>,
    #[serde(default)]
    dois: Option<usize>,
    #[serde(default)]
    mantidos: Option<usize>,
}

fn notice_text(n: &Notice, c: &Counts) -> Option<String> {
    Some(match n.code()? {
        "agrupado" => format!(
            "Propostas agrupadas: {} grupo(s), {} com duas ou mais propostas; {} grupo(s) já enviado(s) mantido(s).",
            c.grupos.unwrap_or(0),
            c.dois.unwrap_or(0),
            c.mantidos.unwrap_or(0)
        ),
        "texto" => "Texto unificado salvo.".into(),
        "revisado" => "Grupo marcado como revisado.".into(),
        "enviado" => "Grupo enviado ao grupo de trabalho: virou uma proposta em discussão, com a origem de cada deliberação.".into(),
        "movido" => "Proposta movida para o outro grupo.".into(),
        "separado" => "Proposta separada em um grupo só dela.".into(),
        "juntado" => "Grupos juntados.".into(),
        _ => return None,
    })
}

/// What the person typed, kept when the page comes back with errors.
#[derive(Default)]
struct Kept {
    threshold: Option<String>,
    /// (group id, text)
    text: Option<(String, String)>,
}

/// The page, with what was typed in a refused form and its errors.
async fn page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    kept: Kept,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let mut o = sy::overview(&st.db, v.me(), slug).await?;
    if let Some((gid, text)) = kept.text {
        for g in o.buckets.iter_mut().flat_map(|b| b.groups.iter_mut()) {
            if g.id == gid {
                g.text = text.clone();
            }
        }
    }
    respond::page(
        !errors.is_empty(),
        Page {
            slug: slug.to_owned(),
            threshold: kept.threshold.unwrap_or_else(|| o.threshold.clone()),
            o,
            errors,
            notice,
        },
    )
}

pub async fn overview(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
    Query(c): Query<Counts>,
) -> Result<Response, WebError> {
    page(
        &st,
        &v,
        &slug,
        Kept::default(),
        Invalid::default(),
        notice_text(&n, &c),
    )
    .await
}

/// Back to the page with the confirmation `ok`, at `#anchor` when given.
fn done(slug: &str, ok: &str, anchor: Option<&str>) -> Response {
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    respond::back(
        &format!("/c/{slug}/gestao/sistematizacao"),
        &format!("{ok}{anchor}"),
    )
}

/// The answer to an action: a redirect when done, the page with the errors when not.
async fn answer<T>(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    r: Result<T, Fail>,
    kept: Kept,
    ok: impl FnOnce(T) -> Response,
) -> Result<Response, WebError> {
    respond::form(r, ok, |e| page(st, v, slug, kept, e, None)).await
}

/// The answer to an action on group `id`: back at that group with the confirmation `ok`.
async fn on_group<T>(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    r: Result<T, Fail>,
    kept: Kept,
    ok: &str,
) -> Result<Response, WebError> {
    answer(st, v, slug, r, kept, |_| {
        done(slug, ok, Some(&format!("grupo-{id}")))
    })
    .await
}

/// The fields of the page's forms (each form sends one of them).
#[derive(serde::Deserialize, Default)]
pub struct Fields {
    #[serde(default)]
    threshold: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    working_group: String,
    /// The group to merge into this one.
    #[serde(default)]
    other: String,
    /// The group to move the proposal to.
    #[serde(default)]
    group: String,
}

pub async fn regroup(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = sy::regroup(&st.db, v.me(), &slug, &f.threshold).await;
    let kept = Kept {
        threshold: Some(f.threshold),
        text: None,
    };
    answer(&st, &v, &slug, r, kept, |d| {
        Redirect::to(&format!(
            "/c/{slug}/gestao/sistematizacao?ok=agrupado&grupos={}&dois={}&mantidos={}",
            d.groups, d.of_two_or_more, d.kept_sent
        ))
        .into_response()
    })
    .await
}

pub async fn edit_text(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = sy::edit_text(&st.db, v.me(), &slug, &id, &f.text).await;
    let kept = Kept {
        threshold: None,
        text: Some((id.clone(), f.text)),
    };
    on_group(&st, &v, &slug, &id, r, kept, "texto").await
}

pub async fn reviewed(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = sy::mark_reviewed(&st.db, v.me(), &slug, &id).await;
    on_group(&st, &v, &slug, &id, r, Kept::default(), "revisado").await
}

pub async fn send(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = sy::send(&st.db, v.me(), &slug, &id, &f.working_group).await;
    on_group(&st, &v, &slug, &id, r, Kept::default(), "enviado").await
}

pub async fn merge(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = sy::merge(&st.db, v.me(), &slug, &id, &f.other).await;
    on_group(&st, &v, &slug, &id, r, Kept::default(), "juntado").await
}

pub async fn move_member(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Fields>,
) -> Result<Response, WebError> {
    let r = sy::move_member(&st.db, v.me(), &slug, &id, &f.group).await;
    answer(&st, &v, &slug, r, Kept::default(), |()| {
        done(&slug, "movido", None)
    })
    .await
}

pub async fn split(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = sy::split(&st.db, v.me(), &slug, &id).await;
    answer(&st, &v, &slug, r, Kept::default(), |g| {
        done(&slug, "separado", Some(&format!("grupo-{g}")))
    })
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/sistematizacao", get(overview))
        .route("/c/{slug}/gestao/sistematizacao/agrupar", post(regroup))
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/texto",
            post(edit_text),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/revisado",
            post(reviewed),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/enviar",
            post(send),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/grupos/{id}/juntar",
            post(merge),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/propostas/{id}/mover",
            post(move_member),
        )
        .route(
            "/c/{slug}/gestao/sistematizacao/propostas/{id}/separar",
            post(split),
        )
}
