//! Questionnaires on the web (issue 5 item 1): the commission's pages under
//! `/c/{slug}/gestao/questionarios[/{id}[/perguntas|/abrir|/encerrar|/papel|/resultados[/csv]]]`,
//! the public form `/c/{slug}/questionarios/{id}` and the delegate's phone
//! `/c/{slug}/meu-celular/avaliacao/{id}`. Answers arrive as form fields `q0`, `q1`, … (a
//! checkbox question repeats its field), read with `serde_urlencoded` into pairs.

use crate::devices::device_token;
use crate::setup::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::questionnaires as qs;
use askama::Template;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "questionnaires/list.html")]
struct ListPage {
    slug: String,
    l: qs::List,
    input: qs::NewInput,
    errors: Invalid,
    purposes: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "questionnaires/editor.html")]
struct EditorPage {
    slug: String,
    f: qs::Form,
    input: qs::QuestionInput,
    errors: Invalid,
    notice: Option<&'static str>,
    kinds: Vec<(String, String)>,
}

/// The answering form, for the public link, the phone and paper typing.
#[derive(Template)]
#[template(path = "questionnaires/answer.html")]
struct AnswerPage {
    slug: String,
    f: qs::Form,
    action: String,
    /// "online", "phone" or "paper".
    mode: &'static str,
    given: HashMap<String, Vec<String>>,
    errors: Invalid,
    notice: Option<String>,
}

impl AnswerPage {
    fn given_text(&self, i: &usize) -> String {
        self.given
            .get(&format!("q{i}"))
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
    }
    fn is_given(&self, i: &usize, v: &str) -> bool {
        self.given
            .get(&format!("q{i}"))
            .is_some_and(|x| x.iter().any(|y| y == v))
    }
    fn field_error(&self, i: &usize) -> Option<&str> {
        self.errors.message_for(&format!("q{i}"))
    }
    fn one(&self, name: &str) -> String {
        self.given
            .get(name)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "questionnaires/thanks.html")]
struct ThanksPage {
    slug: String,
    title: String,
    back: Option<String>,
}

#[derive(Template)]
#[template(path = "questionnaires/results.html")]
struct ResultsPage {
    slug: String,
    r: qs::Results,
}

impl ResultsPage {
    /// Width of a bar in percent of the largest count (at least 1 when non-zero).
    fn bar(&self, count: &u32, all: &[domain::report::Count]) -> u32 {
        let max = all.iter().map(|c| c.count).max().unwrap_or(0);
        (*count * 100)
            .checked_div(max)
            .map_or(0, |w| w.max(u32::from(*count > 0)))
    }
    fn pct(&self, count: &u32, answered: &u32) -> String {
        if *answered == 0 {
            "0%".into()
        } else {
            format!("{}%", (*count * 100 + answered / 2) / answered)
        }
    }
}

fn purposes() -> Vec<(String, String)> {
    qs::PURPOSES
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

fn kinds() -> Vec<(String, String)> {
    domain::questionnaire::QuestionKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect()
}

fn status_of(e: &Invalid) -> StatusCode {
    if e.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
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

fn raw_answers(f: &qs::Form, given: &HashMap<String, Vec<String>>) -> Vec<Vec<String>> {
    (0..f.questions.len())
        .map(|i| given.get(&format!("q{i}")).cloned().unwrap_or_default())
        .collect()
}

async fn list_page(
    st: &AppState,
    me: Option<&app::auth::Me>,
    slug: &str,
    uri: &Uri,
    input: qs::NewInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let l = qs::list(&st.db, me, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let page = ListPage {
        slug: slug.to_owned(),
        l,
        input,
        errors,
        purposes: purposes(),
    };
    Ok((status_of(&page.errors), Html(page.render()?)).into_response())
}

pub async fn list(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let input = qs::NewInput {
        purpose: "evaluation".into(),
        template: true,
        ..Default::default()
    };
    list_page(&st, me.as_ref(), &slug, &uri, input, Invalid::default()).await
}

pub async fn create(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    body: Bytes,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let g = pairs(&body);
    let one = |k: &str| {
        g.get(k)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
    };
    let input = qs::NewInput {
        title: one("title"),
        purpose: one("purpose"),
        identified: g.contains_key("identified"),
        template: g.contains_key("template"),
    };
    match qs::create(&st.db, me.as_ref(), &slug, &input).await {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/gestao/questionarios/{id}")).into_response()),
        Err(Fail::Invalid(e)) => list_page(&st, me.as_ref(), &slug, &uri, input, e).await,
        Err(f) => Err(refuse(f, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
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

#[allow(clippy::too_many_arguments)]
async fn editor_page(
    st: &AppState,
    me: Option<&app::auth::Me>,
    slug: &str,
    id: &str,
    uri: &Uri,
    input: qs::QuestionInput,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let f = qs::editor(&st.db, me, slug, id)
        .await
        .map_err(|f| refuse(f, uri))?;
    let page = EditorPage {
        slug: slug.to_owned(),
        f,
        input,
        errors,
        notice,
        kinds: kinds(),
    };
    Ok((status_of(&page.errors), Html(page.render()?)).into_response())
}

pub async fn editor(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let input = qs::QuestionInput {
        kind: "single".into(),
        required: true,
        ..Default::default()
    };
    let notice = n.ok.as_deref().and_then(editor_notice);
    editor_page(
        &st,
        me.as_ref(),
        &slug,
        &id,
        &uri,
        input,
        Invalid::default(),
        notice,
    )
    .await
}

pub async fn add_question(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let g = pairs(&body);
    let one = |k: &str| {
        g.get(k)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
    };
    let input = qs::QuestionInput {
        kind: one("kind"),
        text: one("text"),
        options: one("options"),
        scale_min: one("scale_min"),
        scale_max: one("scale_max"),
        required: g.contains_key("required"),
    };
    match qs::add_question(&st.db, me.as_ref(), &slug, &id, &input).await {
        Ok(()) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/questionarios/{id}?ok=pergunta#perguntas"
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            editor_page(&st, me.as_ref(), &slug, &id, &uri, input, e, None).await
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn remove_question(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id, qid)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match qs::remove_question(&st.db, me.as_ref(), &slug, &id, &qid).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/c/{slug}/gestao/questionarios/{id}?ok=removida"))
                .into_response(),
        ),
        Err(Fail::Invalid(e)) => {
            editor_page(
                &st,
                me.as_ref(),
                &slug,
                &id,
                &uri,
                qs::QuestionInput::default(),
                e,
                None,
            )
            .await
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

async fn set_status(
    st: AppState,
    h: HeaderMap,
    uri: Uri,
    slug: String,
    id: String,
    status: &str,
    ok: &str,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match qs::set_status(&st.db, me.as_ref(), &slug, &id, status).await {
        Ok(()) => Ok(
            Redirect::to(&format!("/c/{slug}/gestao/questionarios/{id}?ok={ok}")).into_response(),
        ),
        Err(Fail::Invalid(e)) => {
            editor_page(
                &st,
                me.as_ref(),
                &slug,
                &id,
                &uri,
                qs::QuestionInput::default(),
                e,
                None,
            )
            .await
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn open(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    set_status(st, h, uri, slug, id, "open", "aberto").await
}

pub async fn close(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    set_status(st, h, uri, slug, id, "closed", "encerrado").await
}

fn answer_page(
    slug: &str,
    f: qs::Form,
    action: String,
    mode: &'static str,
    given: HashMap<String, Vec<String>>,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let page = AnswerPage {
        slug: slug.to_owned(),
        f,
        action,
        mode,
        given,
        errors,
        notice,
    };
    Ok((status_of(&page.errors), Html(page.render()?)).into_response())
}

pub async fn public_form(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let f = qs::public_form(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let action = format!("/c/{slug}/questionarios/{id}");
    answer_page(
        &slug,
        f,
        action,
        "online",
        HashMap::new(),
        Invalid::default(),
        None,
    )
}

pub async fn public_answer(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = qs::public_form(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let g = pairs(&body);
    let code = g
        .get("code")
        .and_then(|v| v.first().cloned())
        .unwrap_or_default();
    match qs::answer_online(&st.db, &slug, &id, &raw_answers(&f, &g), &code).await {
        Ok(_) => Ok(Html(
            ThanksPage {
                slug: slug.clone(),
                title: f.title,
                back: None,
            }
            .render()?,
        )
        .into_response()),
        Err(Fail::Invalid(e)) => {
            let action = format!("/c/{slug}/questionarios/{id}");
            answer_page(&slug, f, action, "online", g, e, None)
        }
        Err(x) => Err(refuse(x, &uri)),
    }
}

/// The delegate's phone: the evaluation, once per person.
async fn phone_delegate(
    st: &AppState,
    h: &HeaderMap,
    slug: &str,
) -> Result<(store::entities::conference::Model, uuid::Uuid), Fail> {
    let (c, _) = app::auth::conference_scope(&st.db, slug).await?;
    let r = app::devices::delegate(&st.db, &c, device_token(h).as_deref())
        .await?
        .ok_or(Fail::Forbidden)?;
    Ok((c, r.id))
}

pub async fn phone_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    phone_delegate(&st, &h, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let f = qs::public_form(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let action = format!("/c/{slug}/meu-celular/avaliacao/{id}");
    answer_page(
        &slug,
        f,
        action,
        "phone",
        HashMap::new(),
        Invalid::default(),
        None,
    )
}

pub async fn phone_answer(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (c, rid) = phone_delegate(&st, &h, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let f = qs::public_form(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let g = pairs(&body);
    match qs::answer_phone(&st.db, &c, rid, &id, &raw_answers(&f, &g)).await {
        Ok(_) => Ok(Html(
            ThanksPage {
                slug: slug.clone(),
                title: f.title,
                back: Some(format!("/c/{slug}/meu-celular")),
            }
            .render()?,
        )
        .into_response()),
        Err(Fail::Invalid(e)) => {
            let action = format!("/c/{slug}/meu-celular/avaliacao/{id}");
            answer_page(&slug, f, action, "phone", g, e, None)
        }
        Err(x) => Err(refuse(x, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct PaperNotice {
    #[serde(default)]
    ok: Option<String>,
}

pub async fn paper_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<PaperNotice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let action = format!("/c/{slug}/gestao/questionarios/{id}/papel");
    match qs::paper_form(&st.db, me.as_ref(), &slug, &id).await {
        Ok(f) => answer_page(
            &slug,
            f,
            action,
            "paper",
            HashMap::new(),
            Invalid::default(),
            n.ok.map(|x| format!("Formulário nº {x} digitado. Digite o próximo.")),
        ),
        Err(Fail::Invalid(e)) => {
            let f = qs::editor(&st.db, me.as_ref(), &slug, &id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            answer_page(&slug, f, action, "paper", HashMap::new(), e, None)
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn paper_answer(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let f = qs::paper_form(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let g = pairs(&body);
    let number = g
        .get("form_number")
        .and_then(|v| v.first().cloned())
        .unwrap_or_default();
    match qs::answer_paper(
        &st.db,
        me.as_ref(),
        &slug,
        &id,
        &number,
        &raw_answers(&f, &g),
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/questionarios/{id}/papel?ok={}",
            number.trim().parse::<i32>().unwrap_or(0)
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            let action = format!("/c/{slug}/gestao/questionarios/{id}/papel");
            answer_page(&slug, f, action, "paper", g, e, None)
        }
        Err(x) => Err(refuse(x, &uri)),
    }
}

pub async fn results(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = qs::results(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(ResultsPage { slug, r }.render()?).into_response())
}

pub async fn results_csv(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = qs::results(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"resultados-questionario.csv\"".to_owned(),
            ),
        ],
        qs::results_csv(&r),
    )
        .into_response())
}
