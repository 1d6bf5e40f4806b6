//! The answering form (public link, delegate's phone, paper typing, second typing) and the
//! answers sent from the public link and the phone.

use super::{first, pairs, raw_answers, unit_options};
use crate::participants::devices::device_token;
use crate::respond;
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::questionnaire_paper as paper;
use app::mobilization::questionnaires as qs;
use askama::Template;
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::collections::HashMap;

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

#[derive(Template)]
#[template(path = "mobilization/questionnaires/thanks.html")]
struct ThanksPage {
    slug: String,
    title: String,
    back: Option<String>,
}

pub(super) fn answer_page(
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
pub(super) fn default_print() -> paper::PrintInput {
    paper::PrintInput {
        start: "1".into(),
        quantity: "50".into(),
        unit: String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn answer_page_with(
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
pub(super) fn answer_again(
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
    answer_page(&slug, f, action, "phone", given, Invalid::default(), None).map(respond::no_store)
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
    .map(respond::no_store)
}
