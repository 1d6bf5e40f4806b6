//! Questionnaires on the web (issue 5 item 1; issue 6 item 3 for mobilization): the
//! commission's pages under `/c/{slug}/gestao/questionarios[/{id}[/perguntas|/abrir|/encerrar|
//! /papel|/conferencia|/diferencas[/{retype}]|/formularios.pdf|/resultados[/csv|/unidades.csv]]]`,
//! the public form `/c/{slug}/questionarios/{id}[?unidade=<unit id>]` and the delegate's phone
//! `/c/{slug}/meu-celular/avaliacao/{id}`. Answers arrive as form fields `q0`, `q1`, … (a
//! checkbox question repeats its field), read with `serde_urlencoded` into pairs.

use crate::participants::devices::device_token;
use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::questionnaire_paper as paper;
use app::mobilization::questionnaires as qs;
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
        self.given
            .get(name)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
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
    me: Option<&app::platform::auth::Me>,
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
    me: Option<&app::platform::auth::Me>,
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
    let mut eixos = vec![(String::new(), "Sem eixo (Geral)".to_owned())];
    eixos.extend(f.eixos.iter().cloned());
    let page = EditorPage {
        slug: slug.to_owned(),
        f,
        input,
        errors,
        notice,
        kinds: kinds(),
        eixos,
        public_url: st.settings.public_url.clone(),
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
        eixo: one("eixo"),
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
    answer_page_with(
        slug,
        f,
        action,
        mode,
        given,
        errors,
        notice,
        paper::PrintInput {
            start: "1".into(),
            quantity: "50".into(),
            unit: String::new(),
        },
    )
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
    let wanted = given
        .get("unidade")
        .and_then(|v| v.first())
        .cloned()
        .unwrap_or_default();
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
    let page = AnswerPage {
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
    };
    Ok((status_of(&page.errors), Html(page.render()?)).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct LinkQuery {
    #[serde(default)]
    unidade: String,
}

pub async fn public_form(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(lq): Query<LinkQuery>,
) -> Result<Response, WebError> {
    let f = qs::public_form(&st.db, &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
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
    let unit = g
        .get("unidade")
        .and_then(|v| v.first().cloned())
        .unwrap_or_default();
    match qs::answer_online(&st.db, &slug, &id, &raw_answers(&f, &g), &code, &unit).await {
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
    let (c, _) = app::platform::auth::conference_scope(&st.db, slug).await?;
    let r = app::participants::devices::delegate(&st.db, &c, device_token(h).as_deref())
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
    // A delegate's phone page: never cached.
    answer_page(
        &slug,
        f,
        action,
        "phone",
        HashMap::new(),
        Invalid::default(),
        None,
    )
    .map(crate::plenary::voting::no_store)
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
    let res = match qs::answer_phone(&st.db, &c, rid, &id, &raw_answers(&f, &g)).await {
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
    };
    res.map(crate::plenary::voting::no_store)
}

#[derive(serde::Deserialize, Default)]
pub struct PaperNotice {
    #[serde(default)]
    ok: Option<String>,
    /// The unit of the form typed last: a batch of one unit keeps it selected.
    #[serde(default)]
    unidade: Option<String>,
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
    let mut given = HashMap::new();
    if let Some(u) = n.unidade.filter(|u| uuid::Uuid::parse_str(u).is_ok()) {
        given.insert("unidade".to_owned(), vec![u]);
    }
    match qs::paper_form(&st.db, me.as_ref(), &slug, &id).await {
        Ok(f) => answer_page(
            &slug,
            f,
            action,
            "paper",
            given,
            Invalid::default(),
            n.ok.map(|x| format!("Formulário nº {x} digitado. Digite o próximo.")),
        ),
        Err(Fail::Invalid(e)) => {
            let f = qs::paper_view(&st.db, me.as_ref(), &slug, &id)
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
    let unit = g
        .get("unidade")
        .and_then(|v| v.first().cloned())
        .unwrap_or_default();
    match qs::answer_paper(
        &st.db,
        me.as_ref(),
        &slug,
        &id,
        &number,
        &unit,
        &raw_answers(&f, &g),
    )
    .await
    {
        Ok(_) => {
            let keep = uuid::Uuid::parse_str(unit.trim())
                .map(|u| format!("&unidade={u}"))
                .unwrap_or_default();
            Ok(Redirect::to(&format!(
                "/c/{slug}/gestao/questionarios/{id}/papel?ok={}{keep}",
                number.trim().parse::<i32>().unwrap_or(0)
            ))
            .into_response())
        }
        Err(Fail::Invalid(e)) => {
            let action = format!("/c/{slug}/gestao/questionarios/{id}/papel");
            answer_page(&slug, f, action, "paper", g, e, None)
        }
        Err(x) => Err(refuse(x, &uri)),
    }
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
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    id: &str,
    uri: &Uri,
    q: &ResultsQuery,
) -> Result<(qs::Results, Invalid), WebError> {
    match qs::results(&st.db, me, slug, id, &q.filter()).await {
        Ok(r) => Ok((r, Invalid::default())),
        Err(Fail::Invalid(e)) => {
            let r = qs::results(&st.db, me, slug, id, &qs::ResultsFilter::default())
                .await
                .map_err(|f| refuse(f, uri))?;
            Ok((r, e))
        }
        Err(f) => Err(refuse(f, uri)),
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (r, errors) = filtered(&st, me.as_ref(), &slug, &id, &uri, &q).await?;
    let mut territory_options = vec![(String::new(), "Todos os territórios".to_owned())];
    territory_options.extend(r.territories.iter().cloned());
    let unit_options = unit_options(&r.form, "Todas as unidades");
    let page = ResultsPage {
        slug,
        query: filter_query(&r.filter),
        r,
        errors,
        territory_options,
        unit_options,
    };
    Ok((status_of(&page.errors), Html(page.render()?)).into_response())
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<ResultsQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = qs::results(&st.db, me.as_ref(), &slug, &id, &q.filter())
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(csv(qs::results_csv(&r), "resultados-questionario.csv"))
}

pub async fn units_csv(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = qs::results(
        &st.db,
        me.as_ref(),
        &slug,
        &id,
        &qs::ResultsFilter::default(),
    )
    .await
    .map_err(|f| refuse(f, &uri))?;
    Ok(csv(qs::units_csv(&r), "respostas-por-unidade.csv"))
}

// ---------------------------------------------------------------------------------------------
// Printed forms, second typing and its differences (issue 6 item 3)

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
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<PrintQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let input = paper::PrintInput {
        start: q.inicio.chars().take(20).collect(),
        quantity: q.quantidade.chars().take(20).collect(),
        unit: q.unidade.chars().take(64).collect(),
    };
    match paper::forms_pdf(&st.db, me.as_ref(), &slug, &id, &input).await {
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
        Err(Fail::Invalid(e)) => {
            // Back on the paper page (the form that links here), the values kept.
            let f = qs::paper_view(&st.db, me.as_ref(), &slug, &id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            let action = format!("/c/{slug}/gestao/questionarios/{id}/papel");
            answer_page_with(&slug, f, action, "paper", HashMap::new(), e, None, input)
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn retype_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<RetypeNotice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let action = format!("/c/{slug}/gestao/questionarios/{id}/conferencia");
    let notice = n.ok.map(|x| match n.dif {
        Some(0) | None => format!("Formulário nº {x} conferido: as duas digitações são iguais."),
        Some(d) => format!(
            "Formulário nº {x} conferido: {d} diferença(s) com a primeira digitação, listadas em “Diferenças entre digitações”."
        ),
    });
    match qs::paper_form(&st.db, me.as_ref(), &slug, &id).await {
        Ok(f) => answer_page(
            &slug,
            f,
            action,
            "retype",
            HashMap::new(),
            Invalid::default(),
            notice,
        ),
        Err(Fail::Invalid(e)) => {
            let f = qs::paper_view(&st.db, me.as_ref(), &slug, &id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            answer_page(&slug, f, action, "retype", HashMap::new(), e, None)
        }
        Err(f) => Err(refuse(f, &uri)),
    }
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
    let one = |k: &str| {
        g.get(k)
            .and_then(|v| v.first().cloned())
            .unwrap_or_default()
    };
    match paper::retype(
        &st.db,
        me.as_ref(),
        &slug,
        &id,
        &one("form_number"),
        &one("unidade"),
        &raw_answers(&f, &g),
    )
    .await
    {
        Ok(o) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/questionarios/{id}/conferencia?ok={}&dif={}",
            o.form_number, o.differences
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            let action = format!("/c/{slug}/gestao/questionarios/{id}/conferencia");
            answer_page(&slug, f, action, "retype", g, e, None)
        }
        Err(x) => Err(refuse(x, &uri)),
    }
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

async fn differences_page(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    id: &str,
    uri: &Uri,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let d = paper::differences(&st.db, me, slug, id)
        .await
        .map_err(|f| refuse(f, uri))?;
    let page = DifferencesPage {
        slug: slug.to_owned(),
        d,
        errors,
        notice,
    };
    Ok((status_of(&page.errors), Html(page.render()?)).into_response())
}

pub async fn differences(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<ResolvedNotice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let notice = n.ok.map(|x| {
        if n.escolha.as_deref() == Some("second") {
            format!(
                "Formulário nº {x}: ficou a segunda digitação; as respostas foram substituídas."
            )
        } else {
            format!("Formulário nº {x}: ficou a primeira digitação.")
        }
    });
    differences_page(
        &st,
        me.as_ref(),
        &slug,
        &id,
        &uri,
        Invalid::default(),
        notice,
    )
    .await
}

pub async fn resolve(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id, rid)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let g = pairs(&body);
    let choice = g
        .get("escolha")
        .and_then(|v| v.first().cloned())
        .unwrap_or_default();
    match paper::resolve(&st.db, me.as_ref(), &slug, &id, &rid, &choice).await {
        Ok(n) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/questionarios/{id}/diferencas?ok={n}&escolha={}",
            if choice == "second" {
                "second"
            } else {
                "first"
            }
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            differences_page(&st, me.as_ref(), &slug, &id, &uri, e, None).await
        }
        Err(x) => Err(refuse(x, &uri)),
    }
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
