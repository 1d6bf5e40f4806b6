//! Questionnaires on the web: the commission's pages
//! under `/c/{slug}/gestao/questionarios[/{id}[/perguntas|/abrir|/encerrar|
//! /papel|/conferencia|/diferencas[/{retype}]|/formularios.pdf|/resultados[/csv|/unidades.csv]]]`,
//! the public form `/c/{slug}/questionarios/{id}[?unidade=<unit id>]` and the delegate's phone
//! `/c/{slug}/meu-celular/avaliacao/{id}`. Answers arrive as form fields `q0`, `q1`, … (a
//! checkbox question repeats its field), read with `serde_urlencoded` into pairs.

use crate::participants::devices::device_token;
use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::questionnaire_paper as paper;
use app::mobilization::questionnaires as qs;
use askama::Template;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, header},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::collections::HashMap;
use store::entities::questionnaire::QuestionnaireStatus;

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

/// The answering form, for the public link, the phone, paper typing and the second typing.
#[derive(Template)]
#[template(path = "mobilization/questionnaires/answer.html")]
struct AnswerPage {
    slug: String,
    f: qs::Form,
    action: String,
    /// "online", "phone", "paper" or "retype".
    mode: &'static str,
    given: HashMap<String, Vec<String>>,
    errors: Invalid,
    notice: Option<String>,
    /// The unit a public link carried (id, name), kept as a hidden field.
    link_unit: Option<(String, String)>,
    /// The unit select's options (first the blank choice); empty: no select.
    unit_options: Vec<(String, String)>,
    /// The small form that prints paper forms (paper mode).
    print: paper::PrintInput,
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
        first(&self.given, name)
    }
    fn print_unit_selected(&self, id: &str) -> bool {
        self.print.unit == id
    }
}

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

#[derive(Template)]
#[template(path = "mobilization/questionnaires/thanks.html")]
struct ThanksPage {
    slug: String,
    title: String,
    back: Option<String>,
}

#[derive(Template)]
#[template(path = "mobilization/questionnaires/results.html")]
struct ResultsPage {
    slug: String,
    r: qs::Results,
    errors: Invalid,
    territory_options: Vec<(String, String)>,
    unit_options: Vec<(String, String)>,
    /// The filter's query string ("?territorio=…&unidade=…"), for the CSV links.
    query: String,
}

impl ResultsPage {
    fn place_pct(&self, count: &u32) -> String {
        self.pct(count, &self.r.total)
    }
    /// Width of a territory's bar, in percent of the largest territory.
    fn territory_bar(&self, count: &u32) -> u32 {
        widest(*count, self.r.by_territory.iter().map(|p| p.count))
    }
    /// Width of a unit's bar, in percent of the largest unit.
    fn place_bar(&self, count: &u32) -> u32 {
        widest(*count, self.r.by_unit.iter().map(|p| p.count))
    }
    /// Width of a bar in percent of the largest count (at least 1 when non-zero).
    fn bar(&self, count: &u32, all: &[domain::report::Count]) -> u32 {
        widest(*count, all.iter().map(|c| c.count))
    }
    fn pct(&self, count: &u32, answered: &u32) -> String {
        if *answered == 0 {
            "0%".into()
        } else {
            format!("{}%", (*count * 100 + answered / 2) / answered)
        }
    }
}

/// `count` in percent of the largest of `all` (at least 1 when non-zero).
fn widest(count: u32, all: impl Iterator<Item = u32>) -> u32 {
    let max = all.max().unwrap_or(0);
    (count * 100)
        .checked_div(max)
        .map_or(0, |w| w.max(u32::from(count > 0)))
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
    let mut eixos = vec![(String::new(), "Sem eixo (Geral)".to_owned())];
    eixos.extend(f.eixos.iter().cloned());
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
    set_status(st, v, at, QuestionnaireStatus::Open.code(), "aberto").await
}

pub async fn close(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    set_status(st, v, at, QuestionnaireStatus::Closed.code(), "encerrado").await
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
    let print = default_print();
    answer_page_with(slug, f, action, mode, given, errors, notice, print)
}

/// The print form as it first comes: 50 forms from nº 1, no unit.
fn default_print() -> paper::PrintInput {
    paper::PrintInput {
        start: "1".into(),
        quantity: "50".into(),
        unit: String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn answer_page_with(
    slug: &str,
    f: qs::Form,
    action: String,
    mode: &'static str,
    given: HashMap<String, Vec<String>>,
    errors: Invalid,
    notice: Option<String>,
    print: paper::PrintInput,
) -> Result<Response, WebError> {
    // A public link's unit (`?unidade=` on the GET, the hidden field on the POST): only a unit
    // of this conference, and only for anonymous questionnaires; anything else is ignored.
    let wanted = first(&given, "unidade");
    let link_unit = if mode == "online" && !f.identified {
        f.units
            .iter()
            .find(|u| u.id == wanted.trim())
            .map(|u| (u.id.clone(), u.name.clone()))
    } else {
        None
    };
    let unit_options = match mode {
        "paper" | "retype" => unit_options(&f, "Sem unidade"),
        "online" if !f.identified && link_unit.is_none() && f.purpose == "mobilization" => {
            unit_options(&f, "Prefiro não informar")
        }
        _ => Vec::new(),
    };
    respond::page(
        !errors.is_empty(),
        AnswerPage {
            slug: slug.to_owned(),
            f,
            action,
            mode,
            given,
            errors,
            notice,
            link_unit,
            unit_options,
            print,
        },
    )
}

/// The answering form shown again with the refusal of what was sent (`given`).
fn answer_again(
    slug: &str,
    f: qs::Form,
    action: String,
    mode: &'static str,
    given: HashMap<String, Vec<String>>,
    errors: Invalid,
) -> std::future::Ready<Result<Response, WebError>> {
    std::future::ready(answer_page(slug, f, action, mode, given, errors, None))
}

/// The thanks page after an answer (`back`: the link back, if any).
fn thanks(slug: &str, title: String, back: Option<String>) -> Response {
    let page = ThanksPage {
        slug: slug.to_owned(),
        title,
        back,
    };
    respond::html(page).unwrap_or_else(IntoResponse::into_response)
}

#[derive(serde::Deserialize, Default)]
pub struct LinkQuery {
    #[serde(default)]
    unidade: String,
}

pub async fn public_form(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    Query(lq): Query<LinkQuery>,
) -> Result<Response, WebError> {
    let f = qs::public_form(&st.db, &slug, &id).await?;
    let action = format!("/c/{slug}/questionarios/{id}");
    let mut given = HashMap::new();
    if f.units.iter().any(|u| u.id == lq.unidade.trim()) {
        given.insert("unidade".to_owned(), vec![lq.unidade.trim().to_owned()]);
    }
    answer_page(&slug, f, action, "online", given, Invalid::default(), None)
}

/// `/c/{slug}/questionario/{id}` (singular, as links may be typed or printed): the same form
/// at its one address, with the unit kept.
pub async fn public_form_alias(
    Path((slug, id)): Path<(String, String)>,
    Query(lq): Query<LinkQuery>,
) -> Response {
    let unit = uuid::Uuid::parse_str(lq.unidade.trim())
        .map(|u| format!("?unidade={u}"))
        .unwrap_or_default();
    let id = uuid::Uuid::parse_str(id.trim())
        .map(|u| u.to_string())
        .unwrap_or_default();
    let slug: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    Redirect::permanent(&format!("/c/{slug}/questionarios/{id}{unit}")).into_response()
}

pub async fn public_answer(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = qs::public_form(&st.db, &slug, &id).await?;
    let g = pairs(&body);
    let (code, unit) = (first(&g, "code"), first(&g, "unidade"));
    let r = qs::answer_online(&st.db, &slug, &id, &raw_answers(&f, &g), &code, &unit).await;
    let title = f.title.clone();
    let action = format!("/c/{slug}/questionarios/{id}");
    respond::form(
        r,
        |_| thanks(&slug, title, None),
        |e| answer_again(&slug, f, action, "online", g, e),
    )
    .await
}

/// The delegate's phone: the evaluation, once per person.
async fn phone_delegate(
    st: &AppState,
    h: &HeaderMap,
    slug: &str,
) -> Result<(store::entities::conference::Model, uuid::Uuid), Fail> {
    let (c, _) = app::platform::auth::conference_scope(&st.db, slug).await?;
    let r = app::participants::devices::delegate(&st.db, &c, device_token(h).as_deref())
        .await?
        .ok_or(Fail::Forbidden)?;
    Ok((c, r.id))
}

pub async fn phone_form(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    phone_delegate(&st, &h, &slug).await?;
    let f = qs::public_form(&st.db, &slug, &id).await?;
    let action = format!("/c/{slug}/meu-celular/avaliacao/{id}");
    let given = HashMap::new();
    // A delegate's phone page: never cached.
    answer_page(&slug, f, action, "phone", given, Invalid::default(), None)
        .map(crate::plenary::voting::no_store)
}

pub async fn phone_answer(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let (c, rid) = phone_delegate(&st, &h, &slug).await?;
    let f = qs::public_form(&st.db, &slug, &id).await?;
    let g = pairs(&body);
    let r = qs::answer_phone(&st.db, &c, rid, &id, &raw_answers(&f, &g)).await;
    let title = f.title.clone();
    let action = format!("/c/{slug}/meu-celular/avaliacao/{id}");
    respond::form(
        r,
        |_| thanks(&slug, title, Some(format!("/c/{slug}/meu-celular"))),
        |e| answer_again(&slug, f, action, "phone", g, e),
    )
    .await
    .map(crate::plenary::voting::no_store)
}

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

pub async fn paper_answer(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let f = qs::paper_form(&st.db, v.me(), &slug, &id).await?;
    let g = pairs(&body);
    let (number, unit) = (first(&g, "form_number"), first(&g, "unidade"));
    let r = qs::answer_paper(
        &st.db,
        v.me(),
        &slug,
        &id,
        &number,
        &unit,
        &raw_answers(&f, &g),
    )
    .await;
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
        |e| answer_again(&slug, f, action.clone(), "paper", g, e),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct ResultsQuery {
    #[serde(default)]
    territorio: String,
    #[serde(default)]
    unidade: String,
}

impl ResultsQuery {
    fn filter(&self) -> qs::ResultsFilter {
        qs::ResultsFilter {
            territory: self.territorio.chars().take(64).collect(),
            unit: self.unidade.chars().take(64).collect(),
        }
    }
}

/// The results of the filter; a filter naming no territory or unit of the conference gives
/// every response's results with the error (422).
async fn filtered(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    q: &ResultsQuery,
) -> Result<(qs::Results, Invalid), WebError> {
    match qs::results(&st.db, v.me(), slug, id, &q.filter()).await {
        Ok(r) => Ok((r, Invalid::default())),
        Err(Fail::Invalid(e)) => {
            let r = qs::results(&st.db, v.me(), slug, id, &qs::ResultsFilter::default()).await?;
            Ok((r, e))
        }
        Err(f) => Err(f.into()),
    }
}

fn filter_query(f: &qs::ResultsFilter) -> String {
    let mut parts = Vec::new();
    if !f.territory.is_empty() {
        parts.push(format!("territorio={}", f.territory));
    }
    if !f.unit.is_empty() {
        parts.push(format!("unidade={}", f.unit));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

pub async fn results(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let (r, errors) = filtered(&st, &v, (&slug, &id), &q).await?;
    let mut territory_options = vec![(String::new(), "Todos os territórios".to_owned())];
    territory_options.extend(r.territories.iter().cloned());
    let unit_options = unit_options(&r.form, "Todas as unidades");
    respond::page(
        !errors.is_empty(),
        ResultsPage {
            slug,
            query: filter_query(&r.filter),
            r,
            errors,
            territory_options,
            unit_options,
        },
    )
}

fn csv(bytes: Vec<u8>, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub async fn results_csv(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let r = qs::results(&st.db, v.me(), &slug, &id, &q.filter()).await?;
    Ok(csv(qs::results_csv(&r), "resultados-questionario.csv"))
}

pub async fn units_csv(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let all = qs::ResultsFilter::default();
    let r = qs::results(&st.db, v.me(), &slug, &id, &all).await?;
    Ok(csv(qs::units_csv(&r), "respostas-por-unidade.csv"))
}

// ---------------------------------------------------------------------------------------------
// Printed forms, second typing and its differences

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
    let f = qs::paper_form(&st.db, v.me(), &slug, &id).await?;
    let g = pairs(&body);
    let r = paper::retype(
        &st.db,
        v.me(),
        &slug,
        &id,
        &first(&g, "form_number"),
        &first(&g, "unidade"),
        &raw_answers(&f, &g),
    )
    .await;
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
        |e| answer_again(&slug, f, action.clone(), "retype", g, e),
    )
    .await
}

#[derive(Template)]
#[template(path = "mobilization/questionnaires/differences.html")]
struct DifferencesPage {
    slug: String,
    d: paper::Differences,
    errors: Invalid,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct ResolvedNotice {
    #[serde(default)]
    ok: Option<i32>,
    #[serde(default)]
    escolha: Option<String>,
}

/// The differences between the two typings (422 when it shows a refused choice again).
async fn differences_page(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let d = paper::differences(&st.db, v.me(), slug, id).await?;
    respond::page(
        !errors.is_empty(),
        DifferencesPage {
            slug: slug.to_owned(),
            d,
            errors,
            notice,
        },
    )
}

pub async fn differences(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<ResolvedNotice>,
) -> Result<Response, WebError> {
    let notice = n.ok.map(|x| {
        if n.escolha.as_deref() == Some("second") {
            format!(
                "Formulário nº {x}: ficou a segunda digitação; as respostas foram substituídas."
            )
        } else {
            format!("Formulário nº {x}: ficou a primeira digitação.")
        }
    });
    differences_page(&st, &v, (&slug, &id), Invalid::default(), notice).await
}

pub async fn resolve(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id, rid)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let choice = first(&pairs(&body), "escolha");
    respond::form(
        paper::resolve(&st.db, v.me(), &slug, &id, &rid, &choice).await,
        |n| {
            Redirect::to(&format!(
                "{}?ok={n}&escolha={}",
                manage_path(&slug, &id, "/diferencas"),
                if choice == "second" {
                    "second"
                } else {
                    "first"
                }
            ))
            .into_response()
        },
        |e| differences_page(&st, &v, (&slug, &id), e, None),
    )
    .await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/questionarios", get(list).post(create))
        .route("/c/{slug}/gestao/questionarios/{id}", get(editor))
        .route(
            "/c/{slug}/gestao/questionarios/{id}/perguntas",
            post(add_question),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/perguntas/{qid}/remover",
            post(remove_question),
        )
        .route("/c/{slug}/gestao/questionarios/{id}/abrir", post(open))
        .route("/c/{slug}/gestao/questionarios/{id}/encerrar", post(close))
        .route(
            "/c/{slug}/gestao/questionarios/{id}/papel",
            get(paper_form).post(paper_answer),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados",
            get(results),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados/csv",
            get(results_csv),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/resultados/unidades.csv",
            get(units_csv),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/formularios.pdf",
            get(forms_pdf),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/conferencia",
            get(retype_form).post(retype_answer),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/diferencas",
            get(differences),
        )
        .route(
            "/c/{slug}/gestao/questionarios/{id}/diferencas/{retype}",
            post(resolve),
        )
        .route(
            "/c/{slug}/questionarios/{id}",
            get(public_form).post(public_answer),
        )
        .route("/c/{slug}/questionario/{id}", get(public_form_alias))
        .route(
            "/c/{slug}/meu-celular/avaliacao/{id}",
            get(phone_form).post(phone_answer),
        )
}
