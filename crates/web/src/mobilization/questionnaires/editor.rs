//! The commission's list of questionnaires and the editor of one: its questions, opening and
//! closing.

use super::{first, manage_path, pairs};
use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::questionnaires as qs;
use askama::Template;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "mobilization/questionnaires/list.html")]
struct ListPage {
    slug: String,
    l: qs::List,
    input: qs::NewInput,
    errors: Invalid,
    purposes: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "mobilization/questionnaires/editor.html")]
struct EditorPage {
    slug: String,
    f: qs::Form,
    input: qs::QuestionInput,
    errors: Invalid,
    notice: Option<&'static str>,
    kinds: Vec<(String, String)>,
    /// ("", "Sem eixo (Geral)") and the conference's eixos.
    eixos: Vec<(String, String)>,
    /// The site's public address, for the per-unit links.
    public_url: String,
}

fn purposes() -> Vec<(String, String)> {
    qs::PURPOSES
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn kinds() -> Vec<(String, String)> {
    let all = domain::questionnaire::QuestionKind::ALL;
    respond::opts(&all, |k| k.code(), |k| k.label())
}

/// The list of questionnaires with the creation form (422 when it shows a refused form again).
async fn list_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    input: qs::NewInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let l = qs::list(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        ListPage {
            slug: slug.to_owned(),
            l,
            input,
            errors,
            purposes: purposes(),
        },
    )
}

pub async fn list(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let input = qs::NewInput {
        purpose: "evaluation".into(),
        template: true,
        ..Default::default()
    };
    list_page(&st, &v, &slug, input, Invalid::default()).await
}

pub async fn create(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let g = pairs(&body);
    let input = qs::NewInput {
        title: first(&g, "title"),
        purpose: first(&g, "purpose"),
        identified: g.contains_key("identified"),
        template: g.contains_key("template"),
    };
    respond::form(
        qs::create(&st.db, v.me(), &slug, &input).await,
        |id| Redirect::to(&manage_path(&slug, &id.to_string(), "")).into_response(),
        |e| list_page(&st, &v, &slug, input, e),
    )
    .await
}

fn editor_notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "pergunta" => "Pergunta acrescentada.",
        "removida" => "Pergunta removida.",
        "aberto" => "Questionário aberto: o link público já recebe respostas.",
        "encerrado" => "Questionário encerrado.",
        _ => return None,
    })
}

/// The editor of a questionnaire with the question form (422 when it shows a refused form
/// again).
async fn editor_page(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    input: qs::QuestionInput,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let f = qs::editor(&st.db, v.me(), slug, id).await?;
    let eixos = respond::blank_first("Sem eixo (Geral)", &f.eixos);
    respond::page(
        !errors.is_empty(),
        EditorPage {
            slug: slug.to_owned(),
            f,
            input,
            errors,
            notice,
            kinds: kinds(),
            eixos,
            public_url: st.settings.public_url.clone(),
        },
    )
}

/// The answer to a change made on the editor: back to it with `?ok=<ok>` (which may carry the
/// `#anchor`), or the editor again with the refusal and the question form as typed.
async fn editor_form(
    result: Result<(), Fail>,
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    ok: &str,
    input: qs::QuestionInput,
) -> Result<Response, WebError> {
    respond::form(
        result,
        |()| respond::back(&manage_path(slug, id, ""), ok),
        |e| editor_page(st, v, (slug, id), input, e, None),
    )
    .await
}

pub async fn editor(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let input = qs::QuestionInput {
        kind: "single".into(),
        required: true,
        ..Default::default()
    };
    let notice = n.code().and_then(editor_notice);
    editor_page(&st, &v, (&slug, &id), input, Invalid::default(), notice).await
}

pub async fn add_question(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let g = pairs(&body);
    let one = |k: &str| first(&g, k);
    let input = qs::QuestionInput {
        kind: one("kind"),
        text: one("text"),
        options: one("options"),
        scale_min: one("scale_min"),
        scale_max: one("scale_max"),
        required: g.contains_key("required"),
        eixo: one("eixo"),
    };
    let r = qs::add_question(&st.db, v.me(), &slug, &id, &input).await;
    editor_form(r, &st, &v, (&slug, &id), "pergunta#perguntas", input).await
}

pub async fn remove_question(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id, qid)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let r = qs::remove_question(&st.db, v.me(), &slug, &id, &qid).await;
    editor_form(r, &st, &v, (&slug, &id), "removida", Default::default()).await
}

async fn set_status(
    st: AppState,
    v: Viewer,
    (slug, id): (String, String),
    status: &str,
    ok: &str,
) -> Result<Response, WebError> {
    let r = qs::set_status(&st.db, v.me(), &slug, &id, status).await;
    editor_form(r, &st, &v, (&slug, &id), ok, Default::default()).await
}

pub async fn open(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    set_status(st, v, at, "open", "aberto").await
}

pub async fn close(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    set_status(st, v, at, "closed", "encerrado").await
}
