//! Registration pages: the public form `/c/{slug}/inscricao`, the staff list and the assisted
//! registration under `/c/{slug}/gestao/inscricoes`.

use crate::respond::{self, Viewer, blank_first, opts};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::credentialing as cr;
use app::participants::registration as p;
use app::platform::auth::Me;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::policy::Action;
use domain::values::{AccessNeed, DelegateOrigin, QuotaGroup, Seat, Segment};

#[derive(Template)]
#[template(path = "participants/registration_form.html")]
struct FormPage {
    ctx: p::FormContext,
    assisted: bool,
    /// At the desk on the day: register and check in at once.
    walk_in: bool,
    f: p::RegistrationInput,
    errors: Invalid,
    categories: Vec<(String, String)>,
    segments: Vec<(String, String)>,
    seats: Vec<(String, String)>,
    origins: Vec<(String, String)>,
    territories: Vec<(String, String)>,
    units: Vec<(String, String)>,
    eixos: Vec<(String, String)>,
    needs: Vec<(String, String)>,
    quotas: Vec<(String, String)>,
    privacy_version: &'static str,
    /// Correcting the registration with this code (staff).
    editing: Option<String>,
    /// The CPF on file, masked (correction form).
    current_cpf: Option<String>,
}

impl FormPage {
    fn new(ctx: p::FormContext, assisted: bool, f: p::RegistrationInput, errors: Invalid) -> Self {
        Self {
            assisted,
            walk_in: false,
            f,
            errors,
            categories: blank_first("Escolha", &ctx.categories),
            segments: blank_first(
                "Escolha (obrigatório para delegados)",
                &opts(Segment::ALL, |x| x.code(), |x| x.label()),
            ),
            seats: blank_first(
                "Não se aplica",
                &opts(Seat::ALL, |x| x.code(), |x| x.label()),
            ),
            origins: blank_first(
                "Não se aplica",
                &opts(DelegateOrigin::ALL, |x| x.code(), |x| x.label()),
            ),
            territories: blank_first("Não se aplica / não sei", &ctx.territories),
            units: blank_first("Não se aplica / não sei", &ctx.units),
            eixos: blank_first("Tanto faz", &ctx.eixos),
            needs: opts(AccessNeed::ALL, |x| x.code(), |x| x.label()),
            quotas: opts(QuotaGroup::ALL, |x| x.code(), |x| x.label()),
            privacy_version: domain::participants::PRIVACY_NOTICE_VERSION,
            editing: None,
            current_cpf: None,
            ctx,
        }
    }
    fn cpf_hint(&self) -> String {
        match (&self.editing, &self.current_cpf) {
            (Some(_), Some(c)) => format!(
                "CPF atual: {c}. Deixe em branco para manter; digite outro só para corrigir."
            ),
            (Some(_), None) => {
                "A inscrição está sem CPF; digite se a pessoa quiser incluir.".into()
            }
            _ => "Quem não tem CPF pode se inscrever sem ele.".into(),
        }
    }
    fn checked_need(&self, code: &str) -> bool {
        self.f.needs.iter().any(|n| n == code)
    }
    fn checked_quota(&self, code: &str) -> bool {
        self.f.quotas.iter().any(|n| n == code)
    }
}

/// A new form: no category chosen (the person must choose one), and, on the public form, a fresh
/// key so that the same form sent twice registers once.
fn blank_input(public: bool) -> p::RegistrationInput {
    p::RegistrationInput {
        form_key: if public {
            p::new_form_key()
        } else {
            String::new()
        },
        ..Default::default()
    }
}

/// The registration form (public or `assisted` at the desk), with what was typed and its
/// problems.
async fn form_page(
    st: &AppState,
    slug: &str,
    assisted: bool,
    walk_in: bool,
    f: p::RegistrationInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let ctx = p::form_context(&st.db, slug).await?;
    respond::page(
        !errors.is_empty(),
        FormPage {
            walk_in,
            ..FormPage::new(ctx, assisted, f, errors)
        },
    )
}

/// The correction form of the registration `code`: the data on file, or `typed` when a correction
/// was refused.
async fn correction_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    code: &str,
    typed: Option<p::RegistrationInput>,
    errors: Invalid,
) -> Result<Response, WebError> {
    let (ctx, f, cpf) = p::correction_input(&st.db, v.me(), slug, code).await?;
    respond::page(
        !errors.is_empty(),
        FormPage {
            editing: domain::participants::normalize_code(code),
            current_cpf: cpf,
            ..FormPage::new(ctx, true, typed.unwrap_or(f), errors)
        },
    )
}

#[derive(Template)]
#[template(path = "participants/receipt.html")]
struct ReceiptPage {
    r: p::Receipt,
    assisted: bool,
    /// Checked in at once (walk-in at the desk), or why not.
    checked_in: Option<Result<(), String>>,
}

/// The receipt of a new assisted or walk-in registration (201).
fn receipt(r: p::Receipt, checked_in: Option<Result<(), String>>) -> Response {
    let page = ReceiptPage {
        r,
        assisted: true,
        checked_in,
    };
    match page.render() {
        Ok(body) => (StatusCode::CREATED, Html(body)).into_response(),
        Err(e) => WebError::from(e).into_response(),
    }
}

pub async fn public_form(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    form_page(
        &st,
        &slug,
        false,
        false,
        blank_input(true),
        Invalid::default(),
    )
    .await
}

/// The public form sent: registered (or the same form already was), then a redirect to its
/// receipt (303, Post/Redirect/Get), so reloading the receipt sends nothing again.
pub async fn public_register(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = p::RegistrationInput::from_pairs(&pairs);
    respond::form(
        p::register_public(&st.db, &slug, &f).await,
        |token| Redirect::to(&format!("/c/{slug}/inscricao/recibo/{token}")).into_response(),
        |errors| form_page(&st, &slug, false, false, f, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "participants/receipt_gone.html")]
struct ReceiptGone {
    slug: String,
    hours: i64,
}

/// The receipt of a public registration, from the token in its address: never cached, never
/// sent on as a referrer. Unknown or older than `p::RECEIPT_HOURS`: a page that says where the
/// code is (404).
pub async fn public_receipt(
    State(st): State<AppState>,
    Path((slug, token)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let mut res = match p::public_receipt(&st.db, &slug, &token).await? {
        Some(r) => respond::html(ReceiptPage {
            r,
            assisted: false,
            checked_in: None,
        })?,
        None => {
            let page = ReceiptGone {
                slug,
                hours: p::RECEIPT_HOURS,
            };
            (StatusCode::NOT_FOUND, Html(page.render()?)).into_response()
        }
    };
    res.headers_mut().insert(
        axum::http::header::REFERRER_POLICY,
        axum::http::HeaderValue::from_static("no-referrer"),
    );
    Ok(respond::no_store(res))
}

#[derive(serde::Deserialize, Default)]
pub struct AssistedQuery {
    /// From the credentialing desk: register and check in at once.
    #[serde(default)]
    no_local: Option<String>,
}

pub async fn assisted_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(aq): Query<AssistedQuery>,
) -> Result<Response, WebError> {
    app::platform::auth::authorize(&st.db, v.me(), &slug, Action::RegisterParticipants).await?;
    form_page(
        &st,
        &slug,
        true,
        aq.no_local.is_some(),
        blank_input(false),
        Invalid::default(),
    )
    .await
}

/// Checks in, at once, a walk-in just registered: done, or why not.
async fn check_in_now(
    st: &AppState,
    me: Option<&Me>,
    slug: &str,
    code: &str,
) -> Result<(), String> {
    match cr::check_in(&st.db, me, slug, code, None, cr::Method::WalkIn).await {
        Ok(_) => Ok(()),
        Err(Fail::Invalid(i)) => Err(i
            .0
            .iter()
            .map(|e| e.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")),
        Err(_) => Err("sua conta não pode credenciar nesta conferência".to_owned()),
    }
}

pub async fn assisted_register(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = p::RegistrationInput::from_pairs(&pairs);
    let walk_in = pairs.iter().any(|(k, v)| k == "walk_in" && !v.is_empty());
    let source = if walk_in {
        p::Source::WalkIn
    } else {
        p::Source::Assisted
    };
    let result = p::register(&st.db, v.me(), &slug, &f, source).await;
    let checked_in = match &result {
        Ok(r) if walk_in => Some(check_in_now(&st, v.me(), &slug, &r.code).await),
        _ => None,
    };
    respond::form(
        result,
        |r| receipt(r, checked_in),
        |errors| form_page(&st, &slug, true, walk_in, f, errors),
    )
    .await
}

#[derive(Template)]
#[template(path = "participants/registrations.html")]
struct ListPage {
    l: p::Listing,
    q: String,
    slug: String,
}

#[derive(serde::Deserialize, Default)]
pub struct Search {
    #[serde(default)]
    q: String,
}

pub async fn listing(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(s): Query<Search>,
) -> Result<Response, WebError> {
    let q: String = s.q.trim().chars().take(100).collect();
    let l = p::listing(&st.db, v.me(), &slug, &q).await?;
    respond::html(ListPage { l, q, slug })
}

/// Marks a public registration with a CPF already registered as resolved.
pub async fn resolve_attempt(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    p::resolve_attempt(&st.db, v.me(), &slug, &id).await?;
    Ok(Redirect::to(&format!("/c/{slug}/gestao/inscricoes")).into_response())
}

#[derive(Template)]
#[template(path = "participants/needs.html")]
struct NeedsPage {
    slug: String,
    r: p::NeedsReport,
}

/// Who asked for what (interpreter, companion…), with who is present today: to plan each day.
#[derive(serde::Deserialize, Default)]
pub struct DayQuery {
    dia: Option<String>,
}

pub async fn needs(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<DayQuery>,
) -> Result<Response, WebError> {
    let r = p::needs_report(&st.db, v.me(), &slug, q.dia.as_deref().unwrap_or("")).await?;
    respond::html(NeedsPage { slug, r })
}

pub async fn correction_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, code)): Path<(String, String)>,
) -> Result<Response, WebError> {
    correction_page(&st, &v, &slug, &code, None, Invalid::default()).await
}

pub async fn correction_save(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, code)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = p::RegistrationInput::from_pairs(&pairs);
    respond::form(
        p::correct(&st.db, v.me(), &slug, &code, &f).await,
        |_| {
            Redirect::to(&format!(
                "/c/{slug}/gestao/inscricoes?q={}",
                domain::participants::normalize_code(&code).unwrap_or_default()
            ))
            .into_response()
        },
        |errors| correction_page(&st, &v, &slug, &code, Some(f), errors),
    )
    .await
}

/// A participant's kit (PDF), printed by the desk, the commission or the secretariat.
pub async fn kit(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, code)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (bytes, name) = app::participants::kit::kit_for_staff(&st.db, v.me(), &slug, &code).await?;
    Ok(crate::setup::documents::pdf(bytes, &name, false))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    let public_writes =
        || axum::middleware::from_fn_with_state(st.clone(), crate::client_limit::public_writes);
    axum::Router::new()
        .route(
            "/c/{slug}/inscricao",
            get(public_form)
                .post(public_register)
                .layer(public_writes()),
        )
        .route("/c/{slug}/inscricao/recibo/{token}", get(public_receipt))
        .route("/c/{slug}/gestao/inscricoes", get(listing))
        .route(
            "/c/{slug}/gestao/inscricoes/tentativas/{id}/resolver",
            post(resolve_attempt),
        )
        .route("/c/{slug}/gestao/necessidades", get(needs))
        .route(
            "/c/{slug}/gestao/inscricoes/{code}/corrigir",
            get(correction_form).post(correction_save),
        )
        .route("/c/{slug}/gestao/inscricoes/{code}/kit.pdf", get(kit))
        .route(
            "/c/{slug}/gestao/inscricoes/nova",
            get(assisted_form).post(assisted_register),
        )
}
