//! The organizing commission's setup pages under `/c/{slug}/gestao/…` and the creation of a
//! conference at `/gestao/nova-conferencia`. Handlers parse the request, call `app::setup::conference` (which
//! checks the permission and validates) and render; a refused form comes back with 422, its
//! values kept and every problem next to its field.

use crate::respond::{self, Notice, Viewer, blank_first, opts};
use crate::{AppState, WebError};
use app::Fail;
use app::platform::auth::Me;
use app::setup::conference as s;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use std::collections::HashMap;
use std::future::Future;
use uuid::Uuid;

/// A setup page's own path: `/c/{slug}/gestao/{page}`.
fn here(slug: &str, page: &str) -> String {
    format!("/c/{slug}/gestao/{page}")
}

// ---------------------------------------------------------------------------------------------
// Overview

#[derive(Template)]
#[template(path = "setup/overview.html")]
struct OverviewPage {
    o: s::Overview,
    /// The parent's published orientation (ADR 0036).
    orientation: Option<app::setup::orientation::ChildView>,
}

pub async fn overview(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (o, _) = s::overview(&st.db, v.me(), &slug).await?;
    let orientation = app::setup::orientation::for_child(&st.db, v.me(), &slug).await?;
    respond::html(OverviewPage { o, orientation })
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

/// The conference form: a new one (`creating`, empty `slug`) or the data of `slug`.
async fn conference_form_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: s::ConferenceInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let bodies = s::creatable_bodies(&st.db, v.me())
        .await?
        .into_iter()
        .map(|b| (b.id.to_string(), b.label))
        .collect();
    // The conference above: chosen among those of the council's state and regions.
    let body_id = match slug {
        "" => f.body_id.parse().ok(),
        s => s::body_of(&st.db, s).await?,
    };
    let parents: Vec<_> = match body_id {
        Some(b) => s::parent_choices(&st.db, b).await?,
        None => Vec::new(),
    }
    .into_iter()
    .map(|p| (p.slug, p.label))
    .collect();
    let parents = blank_first("Nenhuma por enquanto", &parents);
    respond::page(
        !errors.is_empty(),
        ConferenceFormPage {
            creating: slug.is_empty(),
            slug: slug.to_owned(),
            f,
            errors,
            saved,
            bodies,
            cycles: s::cycle_choices()
                .into_iter()
                .map(|c| {
                    let label = if c.theme.is_empty() {
                        format!(
                            "{} – {}: próximo ciclo (tema e eixos a preencher quando o CNAS publicar)",
                            c.year, c.edition
                        )
                    } else {
                        format!("{} – {} ({})", c.year, c.theme, c.edition)
                    };
                    (c.year.to_string(), label)
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
        },
    )
}

pub async fn new_conference_form(
    State(st): State<AppState>,
    v: Viewer,
) -> Result<Response, WebError> {
    let bodies = s::creatable_bodies(&st.db, v.me()).await?;
    if v.me().is_none() {
        return Err(Fail::NeedsLogin.into());
    }
    if bodies.is_empty() {
        return Err(Fail::Forbidden.into());
    }
    // The cycle of this year or the next; its theme is copied when the conference is created.
    let t = s::likely_cycle(chrono::Utc::now().date_naive());
    let f = s::ConferenceInput {
        body_id: bodies[0].id.to_string(),
        cycle: t.year.to_string(),
        edition: s::edition_of_year(t.year).to_string(),
        format: "presencial".into(),
        time_zone: "America/Sao_Paulo".into(),
        ..Default::default()
    };
    conference_form_page(&st, &v, "", f, Invalid::default(), false).await
}

pub async fn create_conference(
    State(st): State<AppState>,
    v: Viewer,
    Form(f): Form<s::ConferenceInput>,
) -> Result<Response, WebError> {
    respond::form(
        s::create_conference(&st.db, v.me(), &f).await,
        |slug| respond::saved(&format!("/c/{slug}/gestao")),
        |e| conference_form_page(&st, &v, "", f, e, false),
    )
    .await
}

pub async fn edit_conference_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let f = s::conference_input(&st.db, v.me(), &slug).await?;
    conference_form_page(&st, &v, &slug, f, Invalid::default(), n.is_saved()).await
}

pub async fn edit_conference(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<s::ConferenceInput>,
) -> Result<Response, WebError> {
    respond::form(
        s::update_conference(&st.db, v.me(), &slug, &f).await,
        |()| respond::saved(&here(&slug, "dados")),
        |e| conference_form_page(&st, &v, &slug, f, e, false),
    )
    .await
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
    /// "Eixos adotados" after `…/eixos/adotar`.
    adopted: bool,
    /// The parent's orientation, with its eixos to adopt (ADR 0036).
    orientation: Option<app::setup::orientation::ChildView>,
}

struct EixoRow {
    n: usize,
    title_name: String,
    description_name: String,
    questions_name: String,
    input: s::EixoInput,
}

/// The eixos form with one row per eixo in `eixos`.
async fn eixos_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    eixos: Vec<s::EixoInput>,
    errors: Invalid,
    saved: bool,
    adopted: bool,
) -> Result<Response, WebError> {
    let orientation = app::setup::orientation::for_child(&st.db, v.me(), slug).await?;
    let rows = eixos
        .into_iter()
        .enumerate()
        .map(|(i, input)| EixoRow {
            n: i + 1,
            title_name: format!("eixo_{}_title", i + 1),
            description_name: format!("eixo_{}_description", i + 1),
            questions_name: format!("eixo_{}_questions", i + 1),
            input,
        })
        .collect();
    respond::page(
        !errors.is_empty(),
        EixosPage {
            slug: slug.to_owned(),
            rows,
            errors,
            saved,
            adopted,
            orientation,
        },
    )
}

pub async fn eixos_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let mut eixos = s::eixos_input(&st.db, v.me(), &slug).await?;
    eixos.push(s::EixoInput::default());
    let adopted = n.code() == Some("adotados");
    eixos_page(
        &st,
        &v,
        &slug,
        eixos,
        Invalid::default(),
        n.is_saved(),
        adopted,
    )
    .await
}

/// The eixos page with the saved eixos and the errors of a refused adoption.
pub(crate) async fn eixos_refused(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
) -> Result<Response, WebError> {
    let mut eixos = s::eixos_input(&st.db, v.me(), slug).await?;
    eixos.push(s::EixoInput::default());
    eixos_page(st, v, slug, eixos, errors, false, false).await
}

pub async fn save_eixos(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, WebError> {
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
    respond::form(
        s::save_eixos(&st.db, v.me(), &slug, &eixos).await,
        |()| respond::saved(&here(&slug, "eixos")),
        |e| eixos_page(&st, &v, &slug, eixos, e, false, false),
    )
    .await
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
    /// The parent's published orientation (its report deadline; ADR 0036).
    orientation: Option<app::setup::orientation::ChildView>,
}

fn stage_kinds() -> Vec<(String, String)> {
    opts(domain::values::StageKind::ALL, |x| x.code(), |x| x.label())
}

/// The calendar page: the stages, the units' situation, the new-stage form `f` with `errors`;
/// `saved` and `reminded` (e-mails queued) say what the last form did.
async fn calendar_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: s::StageInput,
    errors: Invalid,
    saved: bool,
    reminded: Option<u32>,
) -> Result<Response, WebError> {
    let stages = s::stages(&st.db, v.me(), slug).await?;
    let progress = app::mobilization::units::progress(&st.db, v.me(), slug).await?;
    let orientation = app::setup::orientation::for_child(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        CalendarPage {
            orientation,
            progress,
            slug: slug.to_owned(),
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
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
    Query(rq): Query<Reminded>,
) -> Result<Response, WebError> {
    calendar_page(
        &st,
        &v,
        &slug,
        new_stage(),
        Invalid::default(),
        n.is_saved(),
        rq.lembrados,
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
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<RemindForm>,
) -> Result<Response, WebError> {
    let public_url = &st.settings.public_url;
    respond::form(
        app::platform::reminders::remind_unit(&st.db, v.me(), &slug, &f.unit, public_url).await,
        |n| Redirect::to(&format!("/c/{slug}/gestao/calendario?lembrados={n}")).into_response(),
        |e| calendar_page(&st, &v, &slug, new_stage(), e, false, None),
    )
    .await
}

pub async fn add_stage(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<s::StageInput>,
) -> Result<Response, WebError> {
    respond::form(
        s::add_stage(&st.db, v.me(), &slug, &f).await,
        |_| respond::saved(&here(&slug, "calendario")),
        |e| calendar_page(&st, &v, &slug, f, e, false, None),
    )
    .await
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

/// The stage's page: its edit form with `f`, or with the stage as saved when `f` is `None`.
async fn stage_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: Uuid,
    f: Option<s::StageInput>,
    errors: Invalid,
) -> Result<Response, WebError> {
    let f = match f {
        Some(f) => f,
        None => s::stage_input(&st.db, v.me(), slug, id).await?,
    };
    respond::page(
        !errors.is_empty(),
        StagePage {
            slug: slug.to_owned(),
            id,
            f,
            kinds: stage_kinds(),
            errors,
        },
    )
}

pub async fn stage_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    stage_page(&st, &v, &slug, id, None, Invalid::default()).await
}

pub async fn update_stage(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(f): Form<s::StageInput>,
) -> Result<Response, WebError> {
    respond::form(
        s::update_stage(&st.db, v.me(), &slug, id, &f).await,
        |()| respond::saved(&here(&slug, "calendario")),
        |e| stage_page(&st, &v, &slug, id, Some(f), e),
    )
    .await
}

#[derive(serde::Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

pub async fn cancel_stage(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(r): Form<ReasonForm>,
) -> Result<Response, WebError> {
    respond::form(
        s::cancel_stage(&st.db, v.me(), &slug, id, &r.reason).await,
        |()| respond::saved(&here(&slug, "calendario")),
        |mut e| {
            // The cancel form lives on the stage page: show it there, with the edit form intact.
            for x in e.0.iter_mut() {
                x.field = "cancel_reason".into();
            }
            stage_page(&st, &v, &slug, id, None, e)
        },
    )
    .await
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
    blank_first(
        "Escolha o tipo de ato",
        &opts(domain::values::ActType::ALL, |x| x.code(), |x| x.label()),
    )
}

/// The convocation page: the current act and the form, with `f` or the act as saved.
async fn convocation_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: Option<s::ConvocationInput>,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let (stored, current) = s::convocation_input(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        ConvocationPage {
            slug: slug.to_owned(),
            f: f.unwrap_or(stored),
            current,
            types: act_types(),
            errors,
            saved,
            max_mb: domain::setup::MAX_PDF_BYTES / (1024 * 1024),
        },
    )
}

pub async fn convocation_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    convocation_page(&st, &v, &slug, None, Invalid::default(), n.is_saved()).await
}

/// A setup form with a PDF (`file`): the permission checked before the possibly large body is
/// read; a file past the limit gets a clear message.
async fn pdf_form(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    mp: &mut Multipart,
) -> Result<crate::upload::Form, WebError> {
    app::platform::auth::authorize(&st.db, v.me(), slug, domain::policy::Action::EditConference)
        .await?;
    let too_big = || {
        WebError::TooLarge(format!(
            "O arquivo passa do limite de {} MB. Reduza o PDF (a resolução da digitalização) e envie de novo.",
            domain::setup::MAX_PDF_BYTES / (1024 * 1024)
        ))
    };
    crate::upload::read(mp, "file", too_big).await
}

/// Upload limit of the convocation form: above the PDF limit, so that a file a little too big
/// gets the clear field message rather than a bare 413.
pub const CONVOCATION_BODY_LIMIT: usize = domain::setup::MAX_PDF_BYTES + 2 * 1024 * 1024;

pub async fn save_convocation(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let form = pdf_form(&st, &v, &slug, &mut mp).await?;
    let f = s::ConvocationInput {
        act_type: form.text("act_type"),
        number: form.text("number"),
        signed_on: form.text("signed_on"),
        signatories: form.text("signatories"),
        published_in: form.text("published_in"),
    };
    respond::form(
        s::save_convocation(&st.db, v.me(), &slug, &f, form.file).await,
        |()| respond::saved(&here(&slug, "convocacao")),
        |e| convocation_page(&st, &v, &slug, Some(f), e, false),
    )
    .await
}

/// The convocation PDF, public.
pub async fn convocation_pdf(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (name, bytes) = s::convocation_file(&st.db, &slug).await?;
    Ok(pdf_inline(&name, bytes))
}

/// A public PDF shown in the browser, under its (ASCII) file name.
fn pdf_inline(name: &str, bytes: Vec<u8>) -> Response {
    respond::inline_file(name, "application/pdf", bytes)
}

// ---------------------------------------------------------------------------------------------
// Pages that list items, with a form to add one and a button to remove each

/// A setup page that lists items with a form to add one and a button to remove each: the
/// commission's members, the documents.
pub(crate) trait ItemsPage: 'static {
    /// The add form.
    type Input: Default + serde::de::DeserializeOwned + Send;
    /// The page's name under `/c/{slug}/gestao/`.
    const PAGE: &'static str;
    /// The page: the list and the add form `f` with its problems.
    fn render(
        st: &AppState,
        v: &Viewer,
        slug: &str,
        f: Self::Input,
        errors: Invalid,
        saved: bool,
    ) -> impl Future<Output = Result<Response, WebError>> + Send;
    /// Adds an item.
    fn add(
        db: &app::Db,
        me: Option<&Me>,
        slug: &str,
        f: &Self::Input,
    ) -> impl Future<Output = Result<(), Fail>> + Send;
    /// Removes the item `id`.
    fn remove(
        db: &app::Db,
        me: Option<&Me>,
        slug: &str,
        id: Uuid,
    ) -> impl Future<Output = Result<(), Fail>> + Send;
}

/// Implements [`ItemsPage`] for `$page` (the add form `$input`, at `$name`): `$render` shows it,
/// `$add` and `$remove` are its use cases.
macro_rules! items_page {
    ($page:ident, $input:ty, $name:literal, $render:path, $add:path, $remove:path) => {
        impl ItemsPage for $page {
            type Input = $input;
            const PAGE: &'static str = $name;
            fn render(
                st: &AppState,
                v: &Viewer,
                slug: &str,
                f: $input,
                errors: Invalid,
                saved: bool,
            ) -> impl Future<Output = Result<Response, WebError>> + Send {
                $render(st, v, slug, f, errors, saved)
            }
            fn add(
                db: &app::Db,
                me: Option<&Me>,
                slug: &str,
                f: &$input,
            ) -> impl Future<Output = Result<(), Fail>> + Send {
                $add(db, me, slug, f)
            }
            fn remove(
                db: &app::Db,
                me: Option<&Me>,
                slug: &str,
                id: Uuid,
            ) -> impl Future<Output = Result<(), Fail>> + Send {
                $remove(db, me, slug, id)
            }
        }
    };
}

/// The page, with `?salvo=1` confirmed.
pub async fn items<P: ItemsPage>(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let (f, errors) = (Default::default(), Invalid::default());
    P::render(&st, &v, &slug, f, errors, n.is_saved()).await
}

/// Adds an item: back to the page, or the page again with the form's problems.
pub async fn add_item<P: ItemsPage>(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<P::Input>,
) -> Result<Response, WebError> {
    respond::form(
        P::add(&st.db, v.me(), &slug, &f).await,
        |()| respond::saved(&here(&slug, P::PAGE)),
        |e| P::render(&st, &v, &slug, f, e, false),
    )
    .await
}

/// Removes an item and goes back to the page.
pub async fn remove_item<P: ItemsPage>(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    P::remove(&st.db, v.me(), &slug, id).await?;
    Ok(respond::saved(&here(&slug, P::PAGE)))
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

/// The commission page: its members and the new-member form `f`.
async fn commission_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: s::MemberInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let c = s::commission_for_staff(&st.db, v.me(), slug).await?;
    let sides = opts(
        domain::values::CommissionSide::ALL,
        |x| x.code(),
        |x| x.label(),
    );
    respond::page(
        !errors.is_empty(),
        CommissionPage {
            slug: slug.to_owned(),
            c,
            f,
            sides: blank_first("Escolha", &sides),
            errors,
            saved,
        },
    )
}

/// The commission page.
pub(crate) struct Commission;
items_page!(
    Commission,
    s::MemberInput,
    "comissao",
    commission_page,
    s::add_member,
    s::remove_member
);

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

/// The documents page: the list and the new-document form `f`.
async fn documents_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    f: s::DocumentInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let docs = s::documents_for_staff(&st.db, v.me(), slug).await?;
    let kinds = opts(
        domain::values::DocumentKind::ALL,
        |x| x.code(),
        |x| x.label(),
    );
    respond::page(
        !errors.is_empty(),
        DocumentsPage {
            slug: slug.to_owned(),
            docs,
            f,
            kinds: blank_first("Escolha o tipo", &kinds),
            errors,
            saved,
        },
    )
}

/// A library item without a file (the list's generic form; the page's own form is multipart,
/// `add_document`).
async fn add_link(
    db: &app::Db,
    me: Option<&Me>,
    slug: &str,
    i: &s::DocumentInput,
) -> Result<(), Fail> {
    s::add_document(db, me, slug, i, None).await
}

/// The documents page.
pub(crate) struct Documents;
items_page!(
    Documents,
    s::DocumentInput,
    "documentos",
    documents_page,
    add_link,
    s::remove_document
);

/// Adds a library item: a link, or an uploaded PDF (multipart), with the permission checked
/// before the body is read.
pub async fn add_document(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let form = pdf_form(&st, &v, &slug, &mut mp).await?;
    let f = s::DocumentInput {
        title: form.text("title"),
        kind: form.text("kind"),
        url: form.text("url"),
        description: form.text("description"),
        shared: form.text("shared"),
    };
    respond::form(
        s::add_document(&st.db, v.me(), &slug, &f, form.file).await,
        |()| respond::saved(&here(&slug, "documentos")),
        |e| documents_page(&st, &v, &slug, f, e, false),
    )
    .await
}

/// A PDF of the library, public where the item is shown.
pub async fn document_pdf(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = s::document_file(&st.db, &slug, &id).await?;
    Ok(pdf_inline(&name, bytes))
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

/// The regimento form with `text`, which holds `count` articles as saved (0 for a refused text).
async fn regimento_page(
    slug: &str,
    text: String,
    count: usize,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    respond::page(
        !errors.is_empty(),
        RegimentoPage {
            slug: slug.to_owned(),
            text,
            count,
            errors,
            saved,
        },
    )
}

pub async fn regimento_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let arts = s::regimento_for_staff(&st.db, v.me(), &slug).await?;
    let text = domain::setup::regimento_text(&arts);
    regimento_page(&slug, text, arts.len(), Invalid::default(), n.is_saved()).await
}

#[derive(serde::Deserialize)]
pub struct RegimentoForm {
    #[serde(default)]
    regimento: String,
}

pub async fn save_regimento(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<RegimentoForm>,
) -> Result<Response, WebError> {
    respond::form(
        s::save_regimento(&st.db, v.me(), &slug, &f.regimento).await,
        |_| respond::saved(&here(&slug, "regimento")),
        |e| regimento_page(&slug, f.regimento, 0, e, false),
    )
    .await
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
            get(items::<Commission>).post(add_item::<Commission>),
        )
        .route(
            "/c/{slug}/gestao/comissao/{id}/remover",
            post(remove_item::<Commission>),
        )
        .route(
            "/c/{slug}/gestao/documentos",
            get(items::<Documents>)
                .post(add_document)
                .layer(axum::extract::DefaultBodyLimit::max(CONVOCATION_BODY_LIMIT)),
        )
        .route("/c/{slug}/documentos/{id}", get(document_pdf))
        .route(
            "/c/{slug}/gestao/documentos/{id}/remover",
            post(remove_item::<Documents>),
        )
        .route(
            "/c/{slug}/gestao/regimento",
            get(regimento_form).post(save_regimento),
        )
        .route("/c/{slug}/convocacao.pdf", get(convocation_pdf))
}
