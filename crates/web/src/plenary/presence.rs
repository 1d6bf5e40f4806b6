//! The table's roll call (`/c/{slug}/plenaria/chamada`, ADR 0040): open it for a time, close it
//! early, and see who is present in the room and from a distance.

use super::console::{self, answer, console};
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::plenary::presence as pr;
use askama::Template;
use axum::{
    Form,
    extract::{Path, State},
    response::Response,
};
use domain::Invalid;

fn notice_text(code: &str) -> Option<String> {
    Some(
        match code {
            "aberta" => "Chamada aberta: os(as) delegados(as) a distância já podem responder “Estou presente”.",
            "encerrada" => "Chamada encerrada: contam como presentes a distância os(as) que responderam.",
            _ => return None,
        }
        .to_owned(),
    )
}

#[derive(Template)]
#[template(path = "plenary/roll_call.html")]
struct Page {
    c: pr::Console,
    slug: String,
    errors: Invalid,
    notice: Option<String>,
    seconds: String,
}

impl Page {
    /// Whether a roll call is open now.
    fn open_now(&self) -> bool {
        self.c.call.as_ref().is_some_and(|c| c.open)
    }

    /// The duration field's hint, with the regimento's default.
    fn hint(&self) -> String {
        format!(
            "Em branco: {} segundos, como está nas regras da plenária (de 30 a 900).",
            self.c.default_seconds
        )
    }
}

#[derive(Default)]
pub(crate) struct Shown {
    errors: Invalid,
    notice: Option<String>,
    seconds: String,
}

async fn page(st: &AppState, v: &Viewer, slug: &str, s: Shown) -> Result<Response, WebError> {
    let c = pr::console(&st.db, v.me(), slug).await?;
    respond::page(
        !s.errors.is_empty(),
        Page {
            slug: c.slug.clone(),
            c,
            errors: s.errors,
            notice: s.notice,
            seconds: s.seconds,
        },
    )
}

console::declare!(RollCall, "plenaria/chamada", Shown, page, notice_text);

#[derive(serde::Deserialize, Default)]
pub struct OpenForm {
    #[serde(default)]
    segundos: String,
}

pub async fn open(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    let r = pr::open(&st.db, v.me(), &slug, &f.segundos).await;
    let shown = Shown {
        seconds: f.segundos,
        ..Default::default()
    };
    answer::<RollCall, _>(&st, &v, &slug, r, |_| "aberta", shown).await
}

pub async fn close(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let r = pr::close(&st.db, v.me(), &slug).await;
    answer::<RollCall, _>(&st, &v, &slug, r, |()| "encerrada", Shown::default()).await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/plenaria/chamada", get(console::<RollCall>))
        .route("/c/{slug}/plenaria/chamada/abrir", post(open))
        .route("/c/{slug}/plenaria/chamada/encerrar", post(close))
}
