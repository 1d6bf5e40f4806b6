//! The organizing commission's setup pages under `/c/{slug}/gestao/…` and the creation of a
//! conference at `/gestao/nova-conferencia`. Handlers parse the request, call `app::setup::conference` (which
//! checks the permission and validates) and render; a refused form comes back with 422, its
//! values kept and every problem next to its field.

use crate::{AppState, WebError};
use app::Fail;
use app::platform::auth::Me;
use app::setup::conference as s;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::collections::HashMap;
use uuid::Uuid;

/// The logged-in person, if any.
pub(crate) async fn me(st: &AppState, h: &HeaderMap) -> Result<Option<Me>, WebError> {
    let token = crate::platform::accounts::session_token(h);
    let me = app::platform::auth::me(&st.db, token.as_deref()).await?;
    if me.as_ref().is_some_and(|m| m.account.must_change_password) {
        return Err(WebError::MustChangePassword);
    }
    Ok(me)
}

/// Maps a refusal to a response (the path asked for is kept for "log in first").
pub(crate) fn refuse(f: Fail, uri: &Uri) -> WebError {
    match f {
        Fail::NeedsLogin => WebError::NeedsLogin(uri.path().to_owned()),
        other => other.into(),
    }
}

/// The "saved" confirmation after a redirect (`?salvo=1`).
pub type Flash = crate::respond::Notice;

fn back(path: String) -> Response {
    crate::respond::saved(&path)
}

fn render(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

fn opts<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (code(*x).to_owned(), label(*x).to_owned()))
        .collect()
}

fn with_blank(mut v: Vec<(String, String)>, blank: &str) -> Vec<(String, String)> {
    v.insert(0, (String::new(), blank.to_owned()));
    v
}

// ---------------------------------------------------------------------------------------------
// Overview

#[derive(Template)]
#[template(path = "setup/overview.html")]
struct OverviewPage {
    o: s::Overview,
}

pub async fn overview(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (o, _) = s::overview(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    crate::respond::html(OverviewPage { o })
}

// ---------------------------------------------------------------------------------------------
// Creating and editing a conference

#[derive(Template)]
#[template(path = "setup/conference_form.html")]
struct ConferenceFormPage {
    creating: bool,
    slug: String,
    f: s::ConferenceInput,
    errors: Invalid,
    saved: bool,
    bodies: Vec<(String, String)>,
    cycles: Vec<(String, String)>,
    formats: Vec<(String, String)>,
    zones: Vec<(String, String)>,
    parents: Vec<(String, String)>,
}

async fn conference_form_page(
    st: &AppState,
    me: Option<&Me>,
    creating: bool,
    slug: String,
    f: s::ConferenceInput,
    errors: Invalid,
    saved: bool,
) -> Result<ConferenceFormPage, Fail> {
    let bodies = s::creatable_bodies(&st.db, me)
        .await?
        .into_iter()
        .map(|b| (b.id.to_string(), b.label))
        .collect();
    let parents = with_blank(
        s::parent_choices(&st.db)
            .await?
            .into_iter()
            .map(|p| (p.slug, p.label))
            .collect(),
        "Nenhuma por enquanto",
    );
    Ok(ConferenceFormPage {
        creating,
        slug,
        f,
        errors,
        saved,
        bodies,
        cycles: s::cycle_templates()
            .into_iter()
            .map(|c| {
                (
                    c.year.to_string(),
                    format!("{} – {} ({})", c.year, c.theme, c.edition),
                )
            })
            .collect(),
        formats: opts(
            domain::values::ConferenceFormat::ALL,
            |x| x.code(),
            |x| x.label(),
        ),
        zones: domain::values::BRAZIL_TIME_ZONES
            .iter()
            .map(|(z, l)| ((*z).to_owned(), (*l).to_owned()))
            .collect(),
        parents,
    })
}

pub async fn new_conference_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let bodies = s::creatable_bodies(&st.db, me.as_ref())
        .await
        .map_err(|f| refuse(f, &uri))?;
    if me.is_none() {
        return Err(WebError::NeedsLogin(uri.path().to_owned()));
    }
    if bodies.is_empty() {
        return Err(refuse(Fail::Forbidden, &uri));
    }
    let year = s::cycle_templates().first().map(|c| c.year).unwrap_or(2025);
    let t = s::cycle_templates().into_iter().next();
    let f = s::ConferenceInput {
        body_id: bodies[0].id.to_string(),
        cycle: year.to_string(),
        edition: s::edition_of_year(year).to_string(),
        theme: t.as_ref().map(|t| t.theme.clone()).unwrap_or_default(),
        lema: t.and_then(|t| t.lema).unwrap_or_default(),
        format: "presencial".into(),
        time_zone: "America/Sao_Paulo".into(),
        ..Default::default()
    };
    let p = conference_form_page(
        &st,
        me.as_ref(),
        true,
        String::new(),
        f,
        Invalid::default(),
        false,
    )
    .await
    .map_err(|f| refuse(f, &uri))?;
    render(StatusCode::OK, p)
}

pub async fn create_conference(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Form(f): Form<s::ConferenceInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::create_conference(&st.db, me.as_ref(), &f).await {
        Ok(slug) => Ok(Redirect::to(&format!("/c/{slug}/gestao?salvo=1")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let p = conference_form_page(&st, me.as_ref(), true, String::new(), f, errors, false)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(StatusCode::UNPROCESSABLE_ENTITY, p)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn edit_conference_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let f = s::conference_input(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let p = conference_form_page(
        &st,
        me.as_ref(),
        false,
        slug,
        f,
        Invalid::default(),
        fl.is_saved(),
    )
    .await
    .map_err(|f| refuse(f, &uri))?;
    render(StatusCode::OK, p)
}

pub async fn edit_conference(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<s::ConferenceInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::update_conference(&st.db, me.as_ref(), &slug, &f).await {
        Ok(()) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => {
            let p = conference_form_page(&st, me.as_ref(), false, slug, f, errors, false)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(StatusCode::UNPROCESSABLE_ENTITY, p)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

// ---------------------------------------------------------------------------------------------
// Eixos

#[derive(Template)]
#[template(path = "setup/eixos.html")]
struct EixosPage {
    slug: String,
    rows: Vec<EixoRow>,
    errors: Invalid,
    saved: bool,
}

struct EixoRow {
    n: usize,
    title_name: String,
    description_name: String,
    questions_name: String,
    input: s::EixoInput,
}

fn eixo_rows(eixos: Vec<s::EixoInput>) -> Vec<EixoRow> {
    eixos
        .into_iter()
        .enumerate()
        .map(|(i, input)| EixoRow {
            n: i + 1,
            title_name: format!("eixo_{}_title", i + 1),
            description_name: format!("eixo_{}_description", i + 1),
            questions_name: format!("eixo_{}_questions", i + 1),
            input,
        })
        .collect()
}

pub async fn eixos_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let mut eixos = s::eixos_input(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    eixos.push(s::EixoInput::default());
    render(
        StatusCode::OK,
        EixosPage {
            slug,
            rows: eixo_rows(eixos),
            errors: Invalid::default(),
            saved: fl.is_saved(),
        },
    )
}

pub async fn save_eixos(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let mut eixos = Vec::new();
    for n in 1..=13 {
        let get = |k: &str| form.get(&format!("eixo_{n}_{k}")).cloned();
        match (get("title"), get("description"), get("questions")) {
            (None, None, None) => break,
            (t, d, q) => eixos.push(s::EixoInput {
                title: t.unwrap_or_default(),
                description: d.unwrap_or_default(),
                questions: q.unwrap_or_default(),
            }),
        }
    }
    match s::save_eixos(&st.db, me.as_ref(), &slug, &eixos).await {
        Ok(()) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            EixosPage {
                slug,
                rows: eixo_rows(eixos),
                errors,
                saved: false,
            },
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

// ---------------------------------------------------------------------------------------------
// Calendar

#[derive(Template)]
#[template(path = "setup/calendar.html")]
struct CalendarPage {
    slug: String,
    progress: Vec<app::mobilization::units::StageProgress>,
    stages: Vec<s::StageRow>,
    f: s::StageInput,
    kinds: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
    /// E-mails queued by the "Lembrar" button.
    reminded: Option<u32>,
}

fn stage_kinds() -> Vec<(String, String)> {
    opts(domain::values::StageKind::ALL, |x| x.code(), |x| x.label())
}

/// The calendar page: the stages, the units' situation, the new-stage form `f` with `errors`.
async fn calendar_page(
    st: &AppState,
    me: Option<&Me>,
    uri: &Uri,
    slug: String,
    f: s::StageInput,
    errors: Invalid,
    (saved, reminded): (bool, Option<u32>),
) -> Result<Response, WebError> {
    let stages = s::stages(&st.db, me, &slug)
        .await
        .map_err(|x| refuse(x, uri))?;
    let progress = app::mobilization::units::progress(&st.db, me, &slug)
        .await
        .map_err(|x| refuse(x, uri))?;
    render(
        if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        },
        CalendarPage {
            progress,
            slug,
            stages,
            f,
            kinds: stage_kinds(),
            errors,
            saved,
            reminded,
        },
    )
}

fn new_stage() -> s::StageInput {
    s::StageInput {
        kind: "other".into(),
        ..Default::default()
    }
}

pub async fn calendar(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
    Query(rq): Query<Reminded>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    calendar_page(
        &st,
        me.as_ref(),
        &uri,
        slug,
        new_stage(),
        Invalid::default(),
        (fl.is_saved(), rq.lembrados),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct Reminded {
    #[serde(default)]
    lembrados: Option<u32>,
}

#[derive(serde::Deserialize, Default)]
pub struct RemindForm {
    #[serde(default)]
    unit: String,
}

/// The commission reminds one unit of what it is missing (e-mail to its articulators).
pub async fn remind_unit(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<RemindForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::platform::reminders::remind_unit(
        &st.db,
        me.as_ref(),
        &slug,
        &f.unit,
        &st.settings.public_url,
    )
    .await
    {
        Ok(n) => {
            Ok(Redirect::to(&format!("/c/{slug}/gestao/calendario?lembrados={n}")).into_response())
        }
        Err(Fail::Invalid(errors)) => {
            calendar_page(
                &st,
                me.as_ref(),
                &uri,
                slug,
                new_stage(),
                errors,
                (false, None),
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn add_stage(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<s::StageInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::add_stage(&st.db, me.as_ref(), &slug, &f).await {
        Ok(_) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => {
            calendar_page(&st, me.as_ref(), &uri, slug, f, errors, (false, None)).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "setup/stage.html")]
struct StagePage {
    slug: String,
    id: Uuid,
    f: s::StageInput,
    kinds: Vec<(String, String)>,
    errors: Invalid,
}

pub async fn stage_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let f = s::stage_input(&st.db, me.as_ref(), &slug, id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        StagePage {
            slug,
            id,
            f,
            kinds: stage_kinds(),
            errors: Invalid::default(),
        },
    )
}

pub async fn update_stage(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(f): Form<s::StageInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::update_stage(&st.db, me.as_ref(), &slug, id, &f).await {
        Ok(()) => Ok(back(format!("/c/{slug}/gestao/calendario"))),
        Err(Fail::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            StagePage {
                slug,
                id,
                f,
                kinds: stage_kinds(),
                errors,
            },
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn cancel_stage(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(r): Form<ReasonForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::cancel_stage(&st.db, me.as_ref(), &slug, id, &r.reason).await {
        Ok(()) => Ok(back(format!("/c/{slug}/gestao/calendario"))),
        Err(Fail::Invalid(mut errors)) => {
            // The cancel form lives on the stage page: show it there, with the edit form intact.
            let f = s::stage_input(&st.db, me.as_ref(), &slug, id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            for e in errors.0.iter_mut() {
                e.field = "cancel_reason".into();
            }
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                StagePage {
                    slug,
                    id,
                    f,
                    kinds: stage_kinds(),
                    errors,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

// ---------------------------------------------------------------------------------------------
// Convocation act

#[derive(Template)]
#[template(path = "setup/convocation.html")]
struct ConvocationPage {
    slug: String,
    f: s::ConvocationInput,
    current: Option<s::ConvocationView>,
    types: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
    max_mb: usize,
}

fn act_types() -> Vec<(String, String)> {
    with_blank(
        opts(domain::values::ActType::ALL, |x| x.code(), |x| x.label()),
        "Escolha o tipo de ato",
    )
}

pub async fn convocation_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (f, current) = s::convocation_input(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        ConvocationPage {
            slug,
            f,
            current,
            types: act_types(),
            errors: Invalid::default(),
            saved: fl.is_saved(),
            max_mb: domain::setup::MAX_PDF_BYTES / (1024 * 1024),
        },
    )
}

/// Upload limit of the convocation form: above the PDF limit, so that a file a little too big
/// gets the clear field message rather than a bare 413.
pub const CONVOCATION_BODY_LIMIT: usize = domain::setup::MAX_PDF_BYTES + 2 * 1024 * 1024;

pub async fn save_convocation(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    // Permission before reading a possibly large body.
    let (_, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(me.as_ref(), domain::policy::Action::EditConference(scope))
        .map_err(|f| refuse(f, &uri))?;
    let too_big = || {
        WebError::TooLarge(format!(
            "O arquivo passa do limite de {} MB. Reduza a resolução da digitalização e envie de novo.",
            domain::setup::MAX_PDF_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let f = s::ConvocationInput {
        act_type: form.text("act_type"),
        number: form.text("number"),
        signed_on: form.text("signed_on"),
        signatories: form.text("signatories"),
        published_in: form.text("published_in"),
    };
    let upload = form.file;
    match s::save_convocation(&st.db, me.as_ref(), &slug, &f, upload).await {
        Ok(()) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => {
            let (_, current) = s::convocation_input(&st.db, me.as_ref(), &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                ConvocationPage {
                    slug,
                    f,
                    current,
                    types: act_types(),
                    errors,
                    saved: false,
                    max_mb: domain::setup::MAX_PDF_BYTES / (1024 * 1024),
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The convocation PDF, public.
pub async fn convocation_pdf(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (name, bytes) = s::convocation_file(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let ascii = crate::ascii_file_name(&name);
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{ascii}\""),
            ),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

// ---------------------------------------------------------------------------------------------
// Commission

#[derive(Template)]
#[template(path = "setup/commission.html")]
struct CommissionPage {
    slug: String,
    c: s::CommissionView,
    f: s::MemberInput,
    sides: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
}

fn sides() -> Vec<(String, String)> {
    with_blank(
        opts(
            domain::values::CommissionSide::ALL,
            |x| x.code(),
            |x| x.label(),
        ),
        "Escolha",
    )
}

pub async fn commission(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let c = s::commission_for_staff(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        CommissionPage {
            slug,
            c,
            f: Default::default(),
            sides: sides(),
            errors: Invalid::default(),
            saved: fl.is_saved(),
        },
    )
}

pub async fn add_member(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<s::MemberInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::add_member(&st.db, me.as_ref(), &slug, &f).await {
        Ok(()) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => {
            let c = s::commission_for_staff(&st.db, me.as_ref(), &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                CommissionPage {
                    slug,
                    c,
                    f,
                    sides: sides(),
                    errors,
                    saved: false,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_member(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    s::remove_member(&st.db, me.as_ref(), &slug, id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(back(format!("/c/{slug}/gestao/comissao")))
}

// ---------------------------------------------------------------------------------------------
// Documents

#[derive(Template)]
#[template(path = "setup/documents.html")]
struct DocumentsPage {
    slug: String,
    docs: Vec<s::DocumentView>,
    f: s::DocumentInput,
    kinds: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
}

fn doc_kinds() -> Vec<(String, String)> {
    with_blank(
        opts(
            domain::values::DocumentKind::ALL,
            |x| x.code(),
            |x| x.label(),
        ),
        "Escolha o tipo",
    )
}

pub async fn documents(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let docs = s::documents_for_staff(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        DocumentsPage {
            slug,
            docs,
            f: Default::default(),
            kinds: doc_kinds(),
            errors: Invalid::default(),
            saved: fl.is_saved(),
        },
    )
}

pub async fn add_document(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<s::DocumentInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::add_document(&st.db, me.as_ref(), &slug, &f).await {
        Ok(()) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => {
            let docs = s::documents_for_staff(&st.db, me.as_ref(), &slug)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                DocumentsPage {
                    slug,
                    docs,
                    f,
                    kinds: doc_kinds(),
                    errors,
                    saved: false,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn remove_document(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    s::remove_document(&st.db, me.as_ref(), &slug, id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(back(format!("/c/{slug}/gestao/documentos")))
}

// ---------------------------------------------------------------------------------------------
// Regimento

#[derive(Template)]
#[template(path = "setup/regimento.html")]
struct RegimentoPage {
    slug: String,
    text: String,
    count: usize,
    errors: Invalid,
    saved: bool,
}

pub async fn regimento_form(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(fl): Query<Flash>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let arts = s::regimento_for_staff(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        RegimentoPage {
            slug,
            count: arts.len(),
            text: domain::setup::regimento_text(&arts),
            errors: Invalid::default(),
            saved: fl.is_saved(),
        },
    )
}

#[derive(serde::Deserialize)]
pub struct RegimentoForm {
    #[serde(default)]
    regimento: String,
}

pub async fn save_regimento(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<RegimentoForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match s::save_regimento(&st.db, me.as_ref(), &slug, &f.regimento).await {
        Ok(_) => Ok(back(uri.path().to_owned())),
        Err(Fail::Invalid(errors)) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            RegimentoPage {
                slug,
                count: 0,
                text: f.regimento,
                errors,
                saved: false,
            },
        ),
        Err(other) => Err(refuse(other, &uri)),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // Conference setup (organizing commission); every handler asks app::platform::auth / domain::policy.
        .route(
            "/gestao/nova-conferencia",
            get(new_conference_form).post(create_conference),
        )
        .route("/c/{slug}/gestao", get(overview))
        .route(
            "/c/{slug}/gestao/dados",
            get(edit_conference_form).post(edit_conference),
        )
        .route("/c/{slug}/gestao/eixos", get(eixos_form).post(save_eixos))
        .route("/c/{slug}/gestao/calendario", get(calendar).post(add_stage))
        .route("/c/{slug}/gestao/calendario/lembrar", post(remind_unit))
        .route(
            "/c/{slug}/gestao/calendario/{id}",
            get(stage_form).post(update_stage),
        )
        .route(
            "/c/{slug}/gestao/calendario/{id}/cancelar",
            post(cancel_stage),
        )
        .route(
            "/c/{slug}/gestao/convocacao",
            get(convocation_form)
                .post(save_convocation)
                .layer(axum::extract::DefaultBodyLimit::max(CONVOCATION_BODY_LIMIT)),
        )
        .route(
            "/c/{slug}/gestao/comissao",
            get(commission).post(add_member),
        )
        .route(
            "/c/{slug}/gestao/comissao/{id}/remover",
            post(remove_member),
        )
        .route(
            "/c/{slug}/gestao/documentos",
            get(documents).post(add_document),
        )
        .route(
            "/c/{slug}/gestao/documentos/{id}/remover",
            post(remove_document),
        )
        .route(
            "/c/{slug}/gestao/regimento",
            get(regimento_form).post(save_regimento),
        )
        .route("/c/{slug}/convocacao.pdf", get(convocation_pdf))
}
