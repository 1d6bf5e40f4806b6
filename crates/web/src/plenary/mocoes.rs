//! Moções: the table's page (`/c/{slug}/plenaria/mocoes…`) and the phone's part
//! (`/c/{slug}/meu-celular/mocoes…`).

use crate::participants::devices::{device_token, phone_page};
use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::mocoes as mc;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
}

fn notice_text(code: &str) -> Option<String> {
    Some(
        match code {
            "config" => "Prazo e assinaturas salvos.",
            "mocao" => "Moção registrada.",
            "assinaturas" => "Assinaturas do papel registradas.",
            "admitida" => "Moção admitida: vai a votação.",
            "recusada" => "Moção não admitida.",
            "aprovado" => "Votação registrada: aprovada.",
            "rejeitado" => "Votação registrada: rejeitada.",
            "aberta" => {
                "Votação aberta: os(as) delegados(as) presentes já podem votar pelo celular."
            }
            _ => return None,
        }
        .to_owned(),
    )
}

#[derive(Template)]
#[template(path = "plenary/mocoes.html")]
struct Page {
    c: mc::Console,
    slug: String,
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    input: mc::MocaoInput,
    settings: mc::SettingsInput,
    counts: app::plenary::regimento::CountInput,
    codes: String,
}

#[derive(Default)]
struct Shown {
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    input: mc::MocaoInput,
    settings: mc::SettingsInput,
    counts: app::plenary::regimento::CountInput,
    codes: String,
}

async fn page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    s: Shown,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let c = mc::console(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let status = if s.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        Html(
            Page {
                slug: c.slug.clone(),
                c,
                errors: s.errors,
                error_for: s.error_for,
                notice: s.notice,
                input: s.input,
                settings: s.settings,
                counts: s.counts,
                codes: s.codes,
            }
            .render()?,
        ),
    )
        .into_response())
}

pub(crate) async fn with_errors(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    errors: Invalid,
) -> Result<Response, WebError> {
    page(
        st,
        h,
        uri,
        slug,
        Shown {
            errors,
            ..Default::default()
        },
    )
    .await
}

pub(crate) fn back(slug: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/plenaria/mocoes?ok={ok}")).into_response()
}

pub async fn console(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let s = Shown {
        notice: n.ok.as_deref().and_then(notice_text),
        ..Default::default()
    };
    page(&st, &h, &uri, &slug, s).await
}

pub async fn settings(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(settings): Form<mc::SettingsInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match mc::save_settings(&st.db, me.as_ref(), &slug, &settings).await {
        Ok(()) => Ok(back(&slug, "config")),
        Err(Fail::Invalid(errors)) => {
            page(
                &st,
                &h,
                &uri,
                &slug,
                Shown {
                    errors,
                    error_for: "config".into(),
                    settings,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn propose(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(input): Form<mc::MocaoInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match mc::propose_at_table(&st.db, me.as_ref(), &slug, &input).await {
        Ok(_) => Ok(back(&slug, "mocao")),
        Err(Fail::Invalid(errors)) => {
            page(
                &st,
                &h,
                &uri,
                &slug,
                Shown {
                    errors,
                    error_for: "nova".into(),
                    input,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Codes {
    #[serde(default)]
    codes: String,
}

pub async fn paper(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Codes>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match mc::sign_on_paper(&st.db, me.as_ref(), &slug, &id, &f.codes).await {
        Ok(_) => Ok(back(&slug, "assinaturas")),
        Err(Fail::Invalid(errors)) => {
            page(
                &st,
                &h,
                &uri,
                &slug,
                Shown {
                    errors,
                    error_for: id,
                    codes: f.codes,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Decision {
    #[serde(default)]
    admit: String,
}

pub async fn decide(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Decision>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let admit = f.admit == "1";
    match mc::decide(&st.db, me.as_ref(), &slug, &id, admit).await {
        Ok(()) => Ok(back(&slug, if admit { "admitida" } else { "recusada" })),
        Err(Fail::Invalid(errors)) => with_errors(&st, &h, &uri, &slug, errors).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn vote(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match mc::vote(&st.db, me.as_ref(), &slug, &id, &counts).await {
        Ok(o) => Ok(back(&slug, o.label())),
        Err(Fail::Invalid(errors)) => {
            page(
                &st,
                &h,
                &uri,
                &slug,
                Shown {
                    errors,
                    error_for: format!("v-{id}"),
                    counts,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn phone_propose(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(input): Form<mc::MocaoInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match mc::propose_from_phone(&st.db, &slug, token.as_deref(), &input).await {
        Ok(_) => Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=mocao")).into_response()),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(Fail::Forbidden) => {
            phone_page(
                &st,
                &h,
                slug,
                &uri,
                Invalid::default(),
                Default::default(),
                None,
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn phone_sign(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    match mc::sign_from_phone(&st.db, &slug, token.as_deref(), &id).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/meu-celular?ok=assinada")).into_response()),
        Err(Fail::Invalid(e)) => phone_page(&st, &h, slug, &uri, e, Default::default(), None).await,
        Err(Fail::Forbidden) => {
            phone_page(
                &st,
                &h,
                slug,
                &uri,
                Invalid::default(),
                Default::default(),
                None,
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
        .route("/c/{slug}/plenaria/mocoes", get(console).post(propose))
        .route("/c/{slug}/plenaria/mocoes/config", post(settings))
        .route("/c/{slug}/plenaria/mocoes/{id}/assinaturas", post(paper))
        .route("/c/{slug}/plenaria/mocoes/{id}/decisao", post(decide))
        .route("/c/{slug}/plenaria/mocoes/{id}/votacao", post(vote))
        .route("/c/{slug}/meu-celular/mocoes", post(phone_propose))
        .route(
            "/c/{slug}/meu-celular/mocoes/{id}/assinar",
            post(phone_sign),
        )
}
