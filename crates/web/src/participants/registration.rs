//! Registration pages: the public form `/c/{slug}/inscricao`, the staff list and the assisted
//! registration under `/c/{slug}/gestao/inscricoes`.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::registration as p;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Response},
};
use domain::Invalid;
use domain::values::{AccessNeed, DelegateOrigin, QuotaGroup, Seat, Segment};

fn opts<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    blank: &str,
) -> Vec<(String, String)> {
    let mut v = vec![(String::new(), blank.to_owned())];
    v.extend(
        all.iter()
            .map(|x| (code(*x).to_owned(), label(*x).to_owned())),
    );
    v
}

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
        let mut territories = vec![(String::new(), "Não se aplica / não sei".to_owned())];
        territories.extend(ctx.territories.iter().cloned());
        let mut units = vec![(String::new(), "Não se aplica / não sei".to_owned())];
        units.extend(ctx.units.iter().cloned());
        let mut eixos = vec![(String::new(), "Tanto faz".to_owned())];
        eixos.extend(ctx.eixos.iter().cloned());
        Self {
            assisted,
            walk_in: false,
            f,
            errors,
            categories: {
                let mut v = vec![(String::new(), "Escolha".to_owned())];
                v.extend(ctx.categories.iter().cloned());
                v
            },
            segments: opts(
                Segment::ALL,
                |x| x.code(),
                |x| x.label(),
                "Escolha (obrigatório para delegados)",
            ),
            seats: opts(Seat::ALL, |x| x.code(), |x| x.label(), "Não se aplica"),
            origins: opts(
                DelegateOrigin::ALL,
                |x| x.code(),
                |x| x.label(),
                "Não se aplica",
            ),
            territories,
            units,
            eixos,
            needs: AccessNeed::ALL
                .iter()
                .map(|x| (x.code().to_owned(), x.label().to_owned()))
                .collect(),
            quotas: QuotaGroup::ALL
                .iter()
                .map(|x| (x.code().to_owned(), x.label().to_owned()))
                .collect(),
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

#[derive(Template)]
#[template(path = "participants/receipt.html")]
struct ReceiptPage {
    r: p::Receipt,
    assisted: bool,
    /// Checked in at once (walk-in at the desk), or why not.
    checked_in: Option<Result<(), String>>,
}

fn html(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

pub async fn public_form(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let ctx = p::form_context(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let f = p::RegistrationInput {
        category: "delegado".into(),
        ..Default::default()
    };
    html(
        StatusCode::OK,
        FormPage::new(ctx, false, f, Invalid::default()),
    )
}

pub async fn public_register(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = p::RegistrationInput::from_pairs(&pairs);
    match p::register(&st.db, None, &slug, &f, p::Source::SelfService).await {
        Ok(r) => html(
            StatusCode::CREATED,
            ReceiptPage {
                r,
                assisted: false,
                checked_in: None,
            },
        ),
        Err(Fail::Invalid(errors)) => {
            let ctx = p::form_context(&st.db, &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            html(
                StatusCode::UNPROCESSABLE_ENTITY,
                FormPage::new(ctx, false, f, errors),
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct AssistedQuery {
    /// From the credentialing desk: register and check in at once.
    #[serde(default)]
    no_local: Option<String>,
}

pub async fn assisted_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(aq): Query<AssistedQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (_, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(
        me.as_ref(),
        domain::policy::Action::RegisterParticipants(scope),
    )
    .map_err(|f| refuse(f, &uri))?;
    let ctx = p::form_context(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let f = p::RegistrationInput {
        category: "delegado".into(),
        ..Default::default()
    };
    let mut page = FormPage::new(ctx, true, f, Invalid::default());
    page.walk_in = aq.no_local.is_some();
    html(StatusCode::OK, page)
}

pub async fn assisted_register(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let f = p::RegistrationInput::from_pairs(&pairs);
    let walk_in = pairs.iter().any(|(k, v)| k == "walk_in" && !v.is_empty());
    let source = if walk_in {
        p::Source::WalkIn
    } else {
        p::Source::Assisted
    };
    match p::register(&st.db, me.as_ref(), &slug, &f, source).await {
        Ok(r) => {
            let checked_in = if walk_in {
                Some(
                    match app::participants::credentialing::check_in(
                        &st.db,
                        me.as_ref(),
                        &slug,
                        &r.code,
                        None,
                        app::participants::credentialing::Method::WalkIn,
                    )
                    .await
                    {
                        Ok(_) => Ok(()),
                        Err(Fail::Invalid(i)) => Err(i
                            .0
                            .iter()
                            .map(|e| e.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")),
                        Err(_) => Err("sua conta não pode credenciar nesta conferência".to_owned()),
                    },
                )
            } else {
                None
            };
            html(
                StatusCode::CREATED,
                ReceiptPage {
                    r,
                    assisted: true,
                    checked_in,
                },
            )
        }
        Err(Fail::Invalid(errors)) => {
            let ctx = p::form_context(&st.db, &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            let mut page = FormPage::new(ctx, true, f, errors);
            page.walk_in = walk_in;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(s): Query<Search>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let q: String = s.q.trim().chars().take(100).collect();
    let l = p::listing(&st.db, me.as_ref(), &slug, &q)
        .await
        .map_err(|f| refuse(f, &uri))?;
    html(StatusCode::OK, ListPage { l, q, slug })
}

/// Marks a public registration with a CPF already registered as resolved (issue 19).
pub async fn resolve_attempt(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    p::resolve_attempt(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(axum::response::Redirect::to(&format!("/c/{slug}/gestao/inscricoes")).into_response())
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
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<DayQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = p::needs_report(&st.db, me.as_ref(), &slug, q.dia.as_deref().unwrap_or(""))
        .await
        .map_err(|f| refuse(f, &uri))?;
    html(StatusCode::OK, NeedsPage { slug, r })
}

pub async fn correction_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, code)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (ctx, f, cpf) = p::correction_input(&st.db, me.as_ref(), &slug, &code)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let mut page = FormPage::new(ctx, true, f, Invalid::default());
    page.editing = domain::participants::normalize_code(&code);
    page.current_cpf = cpf;
    html(StatusCode::OK, page)
}

pub async fn correction_save(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, code)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let f = p::RegistrationInput::from_pairs(&pairs);
    match p::correct(&st.db, me.as_ref(), &slug, &code, &f).await {
        Ok(_) => Ok(axum::response::Redirect::to(&format!(
            "/c/{slug}/gestao/inscricoes?q={}",
            domain::participants::normalize_code(&code).unwrap_or_default()
        ))
        .into_response()),
        Err(Fail::Invalid(errors)) => {
            let (ctx, _, cpf) = p::correction_input(&st.db, me.as_ref(), &slug, &code)
                .await
                .map_err(|f| refuse(f, &uri))?;
            let mut page = FormPage::new(ctx, true, f, errors);
            page.editing = domain::participants::normalize_code(&code);
            page.current_cpf = cpf;
            html(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
        .route(
            "/c/{slug}/gestao/inscricoes/nova",
            get(assisted_form).post(assisted_register),
        )
}
