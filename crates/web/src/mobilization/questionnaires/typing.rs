//! Paper answers: the printed forms, their typing and the second typing that checks it.

use super::answer::{answer_again, answer_page, answer_page_with, default_print};
use super::{first, manage_path, pairs, raw_answers};
use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::questionnaire_paper as paper;
use app::mobilization::questionnaires as qs;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::collections::HashMap;

#[derive(serde::Deserialize, Default)]
pub struct PaperNotice {
    #[serde(default)]
    ok: Option<String>,
    /// The unit of the form typed last: a batch of one unit keeps it selected.
    #[serde(default)]
    unidade: Option<String>,
}

/// The typing form of paper answers (`mode` "paper", at `/papel`, or "retype", the second
/// typing at `/conferencia`); while the questionnaire takes no typing, its view with the reason
/// (422).
async fn typing_page(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    (mode, sub): (&'static str, &str),
    given: HashMap<String, Vec<String>>,
    notice: Option<String>,
) -> Result<Response, WebError> {
    match qs::paper_form(&st.db, v.me(), slug, id).await {
        Ok(f) => {
            let action = manage_path(slug, id, sub);
            answer_page(slug, f, action, mode, given, Invalid::default(), notice)
        }
        Err(Fail::Invalid(e)) => {
            paper_refused(st, v, (slug, id), (mode, sub), e, default_print()).await
        }
        Err(f) => Err(f.into()),
    }
}

/// The paper page (`mode` at `sub`) while the questionnaire takes no typing: its view with the
/// refusal, the print form as it was sent.
async fn paper_refused(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    (mode, sub): (&'static str, &str),
    errors: Invalid,
    print: paper::PrintInput,
) -> Result<Response, WebError> {
    let f = qs::paper_view(&st.db, v.me(), slug, id).await?;
    let (action, given) = (manage_path(slug, id, sub), HashMap::new());
    answer_page_with(slug, f, action, mode, given, errors, None, print)
}

pub async fn paper_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<PaperNotice>,
) -> Result<Response, WebError> {
    let mut given = HashMap::new();
    if let Some(u) = n.unidade.filter(|u| uuid::Uuid::parse_str(u).is_ok()) {
        given.insert("unidade".to_owned(), vec![u]);
    }
    let notice =
        n.ok.map(|x| format!("Formulário nº {x} digitado. Digite o próximo."));
    let at = (slug.as_str(), id.as_str());
    typing_page(&st, &v, at, ("paper", "/papel"), given, notice).await
}

/// A paper form as typed: its questionnaire, the fields sent, and the form's number and unit.
struct Typed {
    f: qs::Form,
    given: HashMap<String, Vec<String>>,
    number: String,
    unit: String,
}

impl Typed {
    /// Reads what was typed on a typing page of the questionnaire `id`.
    async fn read(
        st: &AppState,
        v: &Viewer,
        (slug, id): (&str, &str),
        body: &Bytes,
    ) -> Result<Self, WebError> {
        let f = qs::paper_form(&st.db, v.me(), slug, id).await?;
        let given = pairs(body);
        let (number, unit) = (first(&given, "form_number"), first(&given, "unidade"));
        Ok(Typed {
            f,
            given,
            number,
            unit,
        })
    }

    /// The answers, one list of values per question.
    fn answers(&self) -> Vec<Vec<String>> {
        raw_answers(&self.f, &self.given)
    }
}

pub async fn paper_answer(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let t = Typed::read(&st, &v, (&slug, &id), &body).await?;
    let (number, unit) = (&t.number, &t.unit);
    let answers = t.answers();
    let r = qs::answer_paper(&st.db, v.me(), &slug, &id, number, unit, &answers).await;
    let action = manage_path(&slug, &id, "/papel");
    respond::form(
        r,
        |_| {
            let keep = uuid::Uuid::parse_str(unit.trim())
                .map(|u| format!("&unidade={u}"))
                .unwrap_or_default();
            Redirect::to(&format!(
                "{action}?ok={}{keep}",
                number.trim().parse::<i32>().unwrap_or(0)
            ))
            .into_response()
        },
        |e| answer_again(&slug, t.f, action.clone(), "paper", t.given, e),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Printed forms and the second typing

#[derive(serde::Deserialize, Default)]
pub struct PrintQuery {
    #[serde(default)]
    inicio: String,
    #[serde(default)]
    quantidade: String,
    #[serde(default)]
    unidade: String,
}

pub async fn forms_pdf(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    let input = paper::PrintInput {
        start: q.inicio.chars().take(20).collect(),
        quantity: q.quantidade.chars().take(20).collect(),
        unit: q.unidade.chars().take(64).collect(),
    };
    match paper::forms_pdf(&st.db, v.me(), &slug, &id, &input).await {
        Ok(p) => Ok((
            [
                (header::CONTENT_TYPE, "application/pdf".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{}\"", p.filename),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            p.pdf,
        )
            .into_response()),
        // Back on the paper page (the form that links here), the values kept.
        Err(Fail::Invalid(e)) => {
            paper_refused(&st, &v, (&slug, &id), ("paper", "/papel"), e, input).await
        }
        Err(f) => Err(f.into()),
    }
}

pub async fn retype_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<RetypeNotice>,
) -> Result<Response, WebError> {
    let notice = n.ok.map(|x| match n.dif {
        Some(0) | None => format!("Formulário nº {x} conferido: as duas digitações são iguais."),
        Some(d) => format!(
            "Formulário nº {x} conferido: {d} diferença(s) com a primeira digitação, listadas em “Diferenças entre digitações”."
        ),
    });
    let at = (slug.as_str(), id.as_str());
    typing_page(
        &st,
        &v,
        at,
        ("retype", "/conferencia"),
        HashMap::new(),
        notice,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct RetypeNotice {
    #[serde(default)]
    ok: Option<i32>,
    #[serde(default)]
    dif: Option<usize>,
}

pub async fn retype_answer(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let t = Typed::read(&st, &v, (&slug, &id), &body).await?;
    let answers = t.answers();
    let r = paper::retype(&st.db, v.me(), &slug, &id, &t.number, &t.unit, &answers).await;
    let action = manage_path(&slug, &id, "/conferencia");
    respond::form(
        r,
        |o| {
            Redirect::to(&format!(
                "{action}?ok={}&dif={}",
                o.form_number, o.differences
            ))
            .into_response()
        },
        |e| answer_again(&slug, t.f, action.clone(), "retype", t.given, e),
    )
    .await
}
