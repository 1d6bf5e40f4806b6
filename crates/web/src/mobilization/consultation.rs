//! The consultation on the proposals (`/c/{slug}/consulta`): where the regimento provides it,
//! anyone with an account approves or not each proposal of the working groups; the commission
//! opens and closes it on the same page.

use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::online::consultation as k;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use domain::Invalid;

/// The query string: the eixo, the page (from 1) and the notice after a change.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PageQ {
    eixo: String,
    pagina: Option<usize>,
    ok: String,
}

impl PageQ {
    fn to_app(&self) -> k::PageQuery {
        k::PageQuery {
            eixo: self.eixo.clone(),
            pagina: self.pagina.unwrap_or(1).max(1) - 1,
        }
    }
}

fn notice(ok: &str) -> Option<&'static str> {
    Some(match ok {
        "aprovo" => {
            "Voto registrado: você aprova esta proposta. Você pode mudar enquanto a consulta estiver aberta."
        }
        "nao-aprovo" => {
            "Voto registrado: você não aprova esta proposta. Você pode mudar enquanto a consulta estiver aberta."
        }
        "abstencao" => {
            "Voto registrado: abstenção. Você pode mudar enquanto a consulta estiver aberta."
        }
        "aberta" => "A consulta on-line está aberta: quem tem conta já pode votar nas propostas.",
        "encerrada" => {
            "A consulta on-line foi encerrada: o resultado está nos grupos de trabalho, na plenária e no relatório."
        }
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "mobilization/online/consultation.html")]
struct PageTpl {
    p: k::Page,
    errors: Invalid,
    /// The proposal the errors belong to (empty: the page's).
    error_for: String,
    notice: Option<&'static str>,
}

impl PageTpl {
    /// This page's address with the filter and `page` (from 1).
    fn href(&self, page: impl std::borrow::Borrow<usize>) -> String {
        let page = *page.borrow();
        let mut q = Vec::new();
        if !self.p.query.eixo.is_empty() {
            q.push(format!("eixo={}", self.p.query.eixo));
        }
        if page > 1 {
            q.push(format!("pagina={page}"));
        }
        let base = format!("/c/{}/consulta", self.p.slug);
        if q.is_empty() {
            base
        } else {
            format!("{base}?{}", q.join("&"))
        }
    }

    /// Whether `v` (a form value) is the person's choice on `it`.
    fn pressed(&self, it: &k::Item, v: &str) -> bool {
        it.mine == Some(v)
    }

    fn label_of(&self, v: &str) -> &'static str {
        k::Choice::from_form(v).map(|c| c.label()).unwrap_or("")
    }

    /// The buttons' labels and values.
    fn choices(&self) -> Vec<(&'static str, &'static str)> {
        k::Choice::ALL
            .iter()
            .map(|c| (c.form_value(), c.label()))
            .collect()
    }
}

async fn render(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    q: &PageQ,
    errors: Invalid,
    error_for: String,
) -> Result<Response, WebError> {
    let p = k::page(&st.db, v.me(), slug, &q.to_app()).await?;
    respond::page(
        !errors.is_empty(),
        PageTpl {
            p,
            errors,
            error_for,
            notice: notice(&q.ok),
        },
    )
}

/// `/c/{slug}/consulta`.
pub async fn page(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<PageQ>,
) -> Result<Response, WebError> {
    render(&st, &v, &slug, &q, Invalid::default(), String::new()).await
}

/// The vote form: the choice, and where the page was (eixo and page) to come back to it.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VoteForm {
    escolha: String,
    eixo: String,
    pagina: Option<usize>,
}

/// The page's address after a change, back where the person was.
fn back(slug: &str, eixo: &str, pagina: Option<usize>, ok: &str, anchor: &str) -> String {
    let mut q = Vec::new();
    if uuid::Uuid::parse_str(eixo.trim()).is_ok() {
        q.push(format!("eixo={}", eixo.trim()));
    }
    if let Some(p) = pagina.filter(|p| *p > 1) {
        q.push(format!("pagina={p}"));
    }
    q.push(format!("ok={ok}"));
    format!("/c/{slug}/consulta?{}#{anchor}", q.join("&"))
}

/// Votes on proposal `id`.
pub async fn vote(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<VoteForm>,
) -> Result<Response, WebError> {
    let r = match k::vote(&st.db, v.me(), &slug, &id, &f.escolha).await {
        Err(Fail::NeedsLogin) => return Err(WebError::NeedsLogin(format!("/c/{slug}/consulta"))),
        other => other,
    };
    let q = PageQ {
        eixo: f.eixo.clone(),
        pagina: f.pagina,
        ok: String::new(),
    };
    respond::form(
        r,
        |c| {
            Redirect::to(&back(
                &slug,
                &f.eixo,
                f.pagina,
                c.form_value(),
                &format!("p-{id}"),
            ))
            .into_response()
        },
        |e| render(&st, &v, &slug, &q, e, id.clone()),
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct OpenForm {
    /// "1" opens, "0" closes.
    aberta: String,
}

/// Opens or closes the consultation (the commission).
pub async fn set_open(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    let open = f.aberta == "1";
    let r = k::set_open(&st.db, v.me(), &slug, open).await;
    let q = PageQ::default();
    respond::form(
        r,
        |()| {
            Redirect::to(&back(
                &slug,
                "",
                None,
                if open { "aberta" } else { "encerrada" },
                "situacao",
            ))
            .into_response()
        },
        |e| render(&st, &v, &slug, &q, e, String::new()),
    )
    .await
}

pub(crate) fn routes(_st: &AppState) -> axum::Router<AppState> {
    axum::Router::new()
        .route("/c/{slug}/consulta", get(page))
        .route("/c/{slug}/consulta/abrir", post(set_open))
        .route("/c/{slug}/consulta/{id}", post(vote))
}
