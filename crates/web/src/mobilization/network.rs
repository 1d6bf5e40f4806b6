//! The council's social-assistance network at `/c/{slug}/gestao/rede` ("Rede
//! socioassistencial", `app::mobilization::network`): territories and units with their kind,
//! address and phone, which units take part in this conference, forms to add and edit them,
//! archive and bring back, and the spreadsheet import with each rejected row's line and reason.

use crate::respond::{self, Notice, Viewer, opts};
use crate::{AppState, WebError};
use app::mobilization::network as net;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    response::Response,
};
use domain::Invalid;
use domain::values::UnitKind;

/// Body limit of the import route: the file limit plus room for the form fields.
pub const BODY_LIMIT: usize = app::participants::import::MAX_BYTES + 64 * 1024;

#[derive(Template)]
#[template(path = "mobilization/network.html")]
struct NetworkPage {
    slug: String,
    v: net::NetworkView,
    territory: net::TerritoryInput,
    unit: net::UnitInput,
    kinds: Vec<(String, String)>,
    territories: Vec<(String, String)>,
    errors: Invalid,
    notice: Option<&'static str>,
    report: Option<net::ImportReport>,
    max_mb: usize,
}

/// What a page reached after a redirect says (`?ok=…`).
fn notice(code: &str) -> Option<&'static str> {
    Some(match code {
        "territorio" => "Território salvo.",
        "unidade" => "Unidade salva.",
        "arquivado" => "Arquivado: sai das listas e das escolhas novas; o histórico continua.",
        "reativado" => "Reativado: volta às listas.",
        "participa" => "A unidade agora participa desta conferência.",
        "nao-participa" => "A unidade não participa mais desta conferência.",
        _ => return None,
    })
}

/// The page with the forms as typed, the problems of a refused one and an import's report.
async fn network_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    forms: (net::TerritoryInput, net::UnitInput),
    errors: Invalid,
    (notice, report): (Option<&'static str>, Option<net::ImportReport>),
) -> Result<Response, WebError> {
    let view = net::network(&st.db, v.me(), slug).await?;
    let territories = respond::blank_first("Escolha o território", &view.territory_options);
    respond::page(
        !errors.is_empty(),
        NetworkPage {
            slug: view.slug.clone(),
            v: view,
            territory: forms.0,
            unit: forms.1,
            kinds: respond::blank_first("Escolha o tipo", &kinds()),
            territories,
            errors,
            notice,
            report,
            max_mb: app::participants::import::MAX_BYTES / (1024 * 1024),
        },
    )
}

fn kinds() -> Vec<(String, String)> {
    opts(UnitKind::ALL, |k| k.code(), |k| k.label())
}

fn page_of(slug: &str) -> String {
    format!("/c/{slug}/gestao/rede")
}

pub async fn show(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = notice(n.code().unwrap_or_default());
    network_page(
        &st,
        &v,
        &slug,
        Default::default(),
        Invalid::default(),
        (notice, None),
    )
    .await
}

pub async fn add_territory(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<net::TerritoryInput>,
) -> Result<Response, WebError> {
    respond::form(
        net::add_territory(&st.db, v.me(), &slug, &f).await,
        |_| respond::back(&page_of(&slug), "territorio"),
        |e| {
            network_page(
                &st,
                &v,
                &slug,
                (f.clone(), Default::default()),
                e,
                (None, None),
            )
        },
    )
    .await
}

pub async fn add_unit(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<net::UnitInput>,
) -> Result<Response, WebError> {
    respond::form(
        net::add_unit(&st.db, v.me(), &slug, &f).await,
        |_| respond::back(&page_of(&slug), "unidade"),
        |e| {
            network_page(
                &st,
                &v,
                &slug,
                (Default::default(), f.clone()),
                e,
                (None, None),
            )
        },
    )
    .await
}

/// The edit form of one territory or one unit.
#[derive(Template)]
#[template(path = "mobilization/network_edit.html")]
struct EditPage {
    slug: String,
    /// "territorio" or "unidade".
    what: &'static str,
    heading: String,
    territory: net::TerritoryInput,
    unit: net::UnitInput,
    kinds: Vec<(String, String)>,
    territories: Vec<(String, String)>,
    errors: Invalid,
}

async fn edit_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    what: &'static str,
    typed: Option<(net::TerritoryInput, net::UnitInput)>,
    errors: Invalid,
) -> Result<Response, WebError> {
    let (heading, stored) = if what == "territorio" {
        let (t, i) = net::territory_form(&st.db, v.me(), slug, id).await?;
        (
            format!("Editar o território {}", t.name),
            (i, net::UnitInput::default()),
        )
    } else {
        let (u, i) = net::unit_form(&st.db, v.me(), slug, id).await?;
        (
            format!("Editar a unidade {}", u.name),
            (net::TerritoryInput::default(), i),
        )
    };
    let (territory, unit) = typed.unwrap_or(stored);
    let view = net::network(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        EditPage {
            slug: slug.to_owned(),
            what,
            heading,
            territory,
            unit,
            kinds: kinds(),
            territories: view.territory_options,
            errors,
        },
    )
}

pub async fn territory_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    edit_page(&st, &v, &slug, &id, "territorio", None, Invalid::default()).await
}

pub async fn edit_territory(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<net::TerritoryInput>,
) -> Result<Response, WebError> {
    respond::form(
        net::edit_territory(&st.db, v.me(), &slug, &id, &f).await,
        |_| respond::back(&page_of(&slug), "territorio"),
        |e| {
            let typed = Some((f.clone(), net::UnitInput::default()));
            edit_page(&st, &v, &slug, &id, "territorio", typed, e)
        },
    )
    .await
}

pub async fn unit_form(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    edit_page(&st, &v, &slug, &id, "unidade", None, Invalid::default()).await
}

pub async fn edit_unit(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<net::UnitInput>,
) -> Result<Response, WebError> {
    respond::form(
        net::edit_unit(&st.db, v.me(), &slug, &id, &f).await,
        |_| respond::back(&page_of(&slug), "unidade"),
        |e| {
            let typed = Some((net::TerritoryInput::default(), f.clone()));
            edit_page(&st, &v, &slug, &id, "unidade", typed, e)
        },
    )
    .await
}

/// A yes/no button's form: `sim` = 1.
#[derive(serde::Deserialize, Default)]
pub struct Switch {
    #[serde(default)]
    sim: String,
}

impl Switch {
    fn on(&self) -> bool {
        self.sim == "1"
    }
}

/// After an archive, participation or import button: back to the page, or the page with the
/// refusal in its summary (422).
async fn after_switch(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    result: Result<(), app::Fail>,
    code: &'static str,
) -> Result<Response, WebError> {
    respond::form(
        result,
        |_| respond::back(&page_of(slug), code),
        |e| network_page(st, v, slug, Default::default(), e, (None, None)),
    )
    .await
}

pub async fn archive_territory(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Switch>,
) -> Result<Response, WebError> {
    let r = net::archive_territory(&st.db, v.me(), &slug, &id, f.on()).await;
    after_switch(&st, &v, &slug, r, archived_code(f.on())).await
}

pub async fn archive_unit(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Switch>,
) -> Result<Response, WebError> {
    let r = net::archive_unit(&st.db, v.me(), &slug, &id, f.on()).await;
    after_switch(&st, &v, &slug, r, archived_code(f.on())).await
}

fn archived_code(on: bool) -> &'static str {
    if on { "arquivado" } else { "reativado" }
}

pub async fn participation(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Switch>,
) -> Result<Response, WebError> {
    let r = net::set_participation(&st.db, v.me(), &slug, &id, f.on()).await;
    let code = if f.on() { "participa" } else { "nao-participa" };
    after_switch(&st, &v, &slug, r, code).await
}

pub async fn import(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // Permission before reading the body.
    net::network(&st.db, v.me(), &slug).await?;
    let too_big = || {
        WebError::TooLarge(format!(
            "A planilha passa do limite de {} MB. Divida a lista em arquivos menores e envie um de cada vez.",
            app::participants::import::MAX_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let bytes = form.file.map(|f| f.bytes).unwrap_or_default();
    match net::import_units(&st.db, v.me(), &slug, &bytes).await {
        Ok(report) => {
            network_page(
                &st,
                &v,
                &slug,
                Default::default(),
                Invalid::default(),
                (None, Some(report)),
            )
            .await
        }
        Err(app::Fail::Invalid(e)) => {
            network_page(&st, &v, &slug, Default::default(), e, (None, None)).await
        }
        Err(other) => Err(other.into()),
    }
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/rede", get(show))
        .route("/c/{slug}/gestao/rede/territorios", post(add_territory))
        .route(
            "/c/{slug}/gestao/rede/territorios/{id}",
            get(territory_form).post(edit_territory),
        )
        .route(
            "/c/{slug}/gestao/rede/territorios/{id}/arquivo",
            post(archive_territory),
        )
        .route("/c/{slug}/gestao/rede/unidades", post(add_unit))
        .route(
            "/c/{slug}/gestao/rede/unidades/{id}",
            get(unit_form).post(edit_unit),
        )
        .route(
            "/c/{slug}/gestao/rede/unidades/{id}/arquivo",
            post(archive_unit),
        )
        .route(
            "/c/{slug}/gestao/rede/unidades/{id}/participacao",
            post(participation),
        )
        .route(
            "/c/{slug}/gestao/rede/importar",
            post(import).layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT)),
        )
}
