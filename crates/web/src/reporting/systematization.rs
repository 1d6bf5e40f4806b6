//! Systematization on the web (issue 5 item 5; ADR 0019): `/c/{slug}/gestao/sistematizacao`,
//! the groups of the received proposals per eixo and level, the threshold form, and per group
//! the merged text, move / split / merge, "revisado" and the sending to a working group. Every
//! action is a plain form POST answered by a redirect (or the page again with the errors, 422),
//! so it works without JavaScript.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::reporting::systematization as sy;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
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

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
    #[serde(default)]
    grupos: Option<usize>,
    #[serde(default)]
    dois: Option<usize>,
    #[serde(default)]
    mantidos: Option<usize>,
}

fn notice_text(n: &Notice) -> Option<String> {
    Some(match n.ok.as_deref()? {
        "agrupado" => format!(
            "Propostas agrupadas: {} grupo(s), {} com duas ou mais propostas; {} grupo(s) já enviado(s) mantido(s).",
            n.grupos.unwrap_or(0),
            n.dois.unwrap_or(0),
            n.mantidos.unwrap_or(0)
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

async fn render(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    uri: &Uri,
    kept: Kept,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let mut o = sy::overview(&st.db, me, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    if let Some((gid, text)) = kept.text {
        for g in o.buckets.iter_mut().flat_map(|b| b.groups.iter_mut()) {
            if g.id == gid {
                g.text = text.clone();
            }
        }
    }
    let code = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = Page {
        slug: slug.to_owned(),
        threshold: kept.threshold.unwrap_or_else(|| o.threshold.clone()),
        o,
        errors,
        notice,
    };
    Ok((code, Html(page.render()?)).into_response())
}

pub async fn page(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    render(
        &st,
        me.as_ref(),
        &slug,
        &uri,
        Kept::default(),
        Invalid::default(),
        notice_text(&n),
    )
    .await
}

fn done(slug: &str, ok: &str, anchor: Option<&str>) -> Response {
    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    Redirect::to(&format!("/c/{slug}/gestao/sistematizacao?ok={ok}{anchor}")).into_response()
}

/// The answer to an action: a redirect when done, the page with the errors when not.
async fn answer<T>(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    uri: &Uri,
    r: Result<T, Fail>,
    kept: Kept,
    ok: impl FnOnce(T) -> Response,
) -> Result<Response, WebError> {
    match r {
        Ok(v) => Ok(ok(v)),
        Err(Fail::Invalid(e)) => render(st, me, slug, uri, kept, e, None).await,
        Err(f) => Err(refuse(f, uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct ThresholdForm {
    #[serde(default)]
    threshold: String,
}

pub async fn regroup(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<ThresholdForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::regroup(&st.db, me.as_ref(), &slug, &f.threshold).await;
    let kept = Kept {
        threshold: Some(f.threshold.clone()),
        text: None,
    };
    answer(&st, me.as_ref(), &slug, &uri, r, kept, |d| {
        Redirect::to(&format!(
            "/c/{slug}/gestao/sistematizacao?ok=agrupado&grupos={}&dois={}&mantidos={}",
            d.groups, d.of_two_or_more, d.kept_sent
        ))
        .into_response()
    })
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct TextForm {
    #[serde(default)]
    text: String,
}

pub async fn edit_text(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<TextForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::edit_text(&st.db, me.as_ref(), &slug, &id, &f.text).await;
    let kept = Kept {
        threshold: None,
        text: Some((id.clone(), f.text.clone())),
    };
    let anchor = format!("grupo-{id}");
    answer(&st, me.as_ref(), &slug, &uri, r, kept, |()| {
        done(&slug, "texto", Some(&anchor))
    })
    .await
}

pub async fn reviewed(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::mark_reviewed(&st.db, me.as_ref(), &slug, &id).await;
    let anchor = format!("grupo-{id}");
    answer(&st, me.as_ref(), &slug, &uri, r, Kept::default(), |()| {
        done(&slug, "revisado", Some(&anchor))
    })
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct SendForm {
    #[serde(default)]
    working_group: String,
}

pub async fn send(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<SendForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::send(&st.db, me.as_ref(), &slug, &id, &f.working_group).await;
    let anchor = format!("grupo-{id}");
    answer(&st, me.as_ref(), &slug, &uri, r, Kept::default(), |_| {
        done(&slug, "enviado", Some(&anchor))
    })
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct OtherForm {
    #[serde(default)]
    other: String,
}

pub async fn merge(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<OtherForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::merge(&st.db, me.as_ref(), &slug, &id, &f.other).await;
    let anchor = format!("grupo-{id}");
    answer(&st, me.as_ref(), &slug, &uri, r, Kept::default(), |()| {
        done(&slug, "juntado", Some(&anchor))
    })
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct MoveForm {
    #[serde(default)]
    group: String,
}

pub async fn move_member(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<MoveForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::move_member(&st.db, me.as_ref(), &slug, &id, &f.group).await;
    answer(&st, me.as_ref(), &slug, &uri, r, Kept::default(), |()| {
        done(&slug, "movido", None)
    })
    .await
}

pub async fn split(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = sy::split(&st.db, me.as_ref(), &slug, &id).await;
    answer(&st, me.as_ref(), &slug, &uri, r, Kept::default(), |g| {
        done(&slug, "separado", Some(&format!("grupo-{g}")))
    })
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/sistematizacao", get(page))
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
