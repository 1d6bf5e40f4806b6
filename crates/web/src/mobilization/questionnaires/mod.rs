//! Questionnaires on the web: the commission's pages
//! under `/c/{slug}/gestao/questionarios[/{id}[/perguntas|/abrir|/encerrar|
//! /papel|/conferencia|/diferencas[/{retype}]|/formularios.pdf|/resultados[/csv|/unidades.csv]]]`,
//! the public form `/c/{slug}/questionarios/{id}[?unidade=<unit id>]` and the delegate's phone
//! `/c/{slug}/meu-celular/avaliacao/{id}`. Answers arrive as form fields `q0`, `q1`, … (a
//! checkbox question repeats its field), read with `serde_urlencoded` into pairs.

mod answer;
mod differences;
mod editor;
mod results;
mod typing;

use app::mobilization::questionnaires as qs;
use axum::body::Bytes;
use std::collections::HashMap;

/// The unit select's options: the blank choice, then every unit with its territory.
fn unit_options(f: &qs::Form, blank: &str) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), blank.to_owned())];
    v.extend(
        f.units
            .iter()
            .map(|u| (u.id.clone(), format!("{} ({})", u.name, u.territory))),
    );
    v
}

/// Form pairs grouped by name, in order (a checkbox group repeats its name).
fn pairs(body: &Bytes) -> HashMap<String, Vec<String>> {
    let v: Vec<(String, String)> = serde_urlencoded::from_bytes(body).unwrap_or_default();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (k, x) in v {
        out.entry(k).or_default().push(x);
    }
    out
}

/// The first value of field `name` ("" when absent).
fn first(given: &HashMap<String, Vec<String>>, name: &str) -> String {
    given
        .get(name)
        .and_then(|v| v.first().cloned())
        .unwrap_or_default()
}

fn raw_answers(f: &qs::Form, given: &HashMap<String, Vec<String>>) -> Vec<Vec<String>> {
    (0..f.questions.len())
        .map(|i| given.get(&format!("q{i}")).cloned().unwrap_or_default())
        .collect()
}

/// The address of a questionnaire's commission page, `sub` after it (`/papel`, …).
fn manage_path(slug: &str, id: &str, sub: &str) -> String {
    format!("/c/{slug}/gestao/questionarios/{id}{sub}")
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/c/{slug}/gestao/questionarios",
            get(editor::list).post(editor::create),
        )
        .route("/c/{slug}/gestao/questionarios/{id}", get(editor::editor))
        .route(
            "/c/{slug}/gestao/questionarios/{id}/perguntas",
            post(editor::add_question),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/perguntas/{qid}/remover",
            post(editor::remove_question),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/abrir",
            post(editor::open),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/encerrar",
            post(editor::close),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/papel",
            get(typing::paper_form).post(typing::paper_answer),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados",
            get(results::results),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados/csv",
            get(results::results_csv),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados/unidades.csv",
            get(results::units_csv),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/formularios.pdf",
            get(typing::forms_pdf),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/conferencia",
            get(typing::retype_form).post(typing::retype_answer),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/diferencas",
            get(differences::differences),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/diferencas/{retype}",
            post(differences::resolve),
        )
        .route(
            "/c/{slug}/questionarios/{id}",
            get(answer::public_form).post(answer::public_answer),
        )
        .route(
            "/c/{slug}/questionario/{id}",
            get(answer::public_form_alias),
        )
        .route(
            "/c/{slug}/meu-celular/avaliacao/{id}",
            get(answer::phone_form).post(answer::phone_answer),
        )
}
