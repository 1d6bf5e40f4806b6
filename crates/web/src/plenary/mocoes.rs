//! Moções: the table's page (`/c/{slug}/plenaria/mocoes…`) and the phone's part
//! (`/c/{slug}/meu-celular/mocoes…`).

use super::console::{self, answer, console};
use crate::participants::devices::{device_token, on_phone};
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::plenary::mocoes as mc;
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    http::HeaderMap,
    response::Response,
};
use domain::Invalid;

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

/// What the page shows besides the console: errors of one form with its typed values, a notice.
#[derive(Default)]
pub(crate) struct Shown {
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    input: mc::MocaoInput,
    settings: mc::SettingsInput,
    counts: app::plenary::regimento::CountInput,
    codes: String,
}

async fn page(st: &AppState, v: &Viewer, slug: &str, s: Shown) -> Result<Response, WebError> {
    let c = mc::console(&st.db, v.me(), slug).await?;
    respond::page(
        !s.errors.is_empty(),
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
        },
    )
}

console::declare!(Mocoes, "plenaria/mocoes", Shown, page, notice_text);

/// The page with errors that belong to no form in particular.
pub(crate) async fn with_errors(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
) -> Result<Response, WebError> {
    let s = Shown {
        errors,
        ..Default::default()
    };
    page(st, v, slug, s).await
}

pub async fn settings(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(settings): Form<mc::SettingsInput>,
) -> Result<Response, WebError> {
    let r = mc::save_settings(&st.db, v.me(), &slug, &settings).await;
    let shown = Shown {
        error_for: "config".into(),
        settings,
        ..Default::default()
    };
    answer::<Mocoes, _>(&st, &v, &slug, r, |()| "config", shown).await
}

pub async fn propose(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(input): Form<mc::MocaoInput>,
) -> Result<Response, WebError> {
    let r = mc::propose_at_table(&st.db, v.me(), &slug, &input).await;
    let shown = Shown {
        error_for: "nova".into(),
        input,
        ..Default::default()
    };
    answer::<Mocoes, _>(&st, &v, &slug, r, |_| "mocao", shown).await
}

#[derive(serde::Deserialize, Default)]
pub struct Codes {
    #[serde(default)]
    codes: String,
}

pub async fn paper(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Codes>,
) -> Result<Response, WebError> {
    let r = mc::sign_on_paper(&st.db, v.me(), &slug, &id, &f.codes).await;
    let shown = Shown {
        error_for: id,
        codes: f.codes,
        ..Default::default()
    };
    answer::<Mocoes, _>(&st, &v, &slug, r, |_| "assinaturas", shown).await
}

#[derive(serde::Deserialize, Default)]
pub struct Decision {
    #[serde(default)]
    admit: String,
}

pub async fn decide(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Decision>,
) -> Result<Response, WebError> {
    let admit = f.admit == "1";
    let r = mc::decide(&st.db, v.me(), &slug, &id, admit).await;
    let ok = |()| if admit { "admitida" } else { "recusada" };
    answer::<Mocoes, _>(&st, &v, &slug, r, ok, Shown::default()).await
}

pub async fn vote(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let r = mc::vote(&st.db, v.me(), &slug, &id, &counts).await;
    let shown = Shown {
        error_for: format!("v-{id}"),
        counts,
        ..Default::default()
    };
    answer::<Mocoes, _>(&st, &v, &slug, r, |o| o.label(), shown).await
}

/// Back to the phone's page with a confirmation code.
fn to_phone(slug: &str, ok: &str) -> Result<Response, WebError> {
    Ok(respond::back(&format!("/c/{slug}/meu-celular"), ok))
}

pub async fn phone_propose(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(input): Form<mc::MocaoInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let r = mc::propose_from_phone(&st.db, &slug, token.as_deref(), &input).await;
    on_phone(&st, &h, slug, r, |slug, _| to_phone(&slug, "mocao")).await
}

pub async fn phone_sign(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let r = mc::sign_from_phone(&st.db, &slug, token.as_deref(), &id).await;
    on_phone(&st, &h, slug, r, |slug, ()| to_phone(&slug, "assinada")).await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/c/{slug}/plenaria/mocoes",
            get(console::<Mocoes>).post(propose),
        )
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
