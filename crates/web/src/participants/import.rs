//! Spreadsheet import pages under `/c/{slug}/gestao/importar`: upload, preview with each row's
//! problems and the column mapping, commit, and the rejected rows as CSV.

use crate::respond::{self, Viewer, blank_first, opts};
use crate::{AppState, WebError};
use app::participants::import as imp;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    http::Uri,
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::import::Field;
use domain::values::Category;

/// Body limit of the upload route: the file limit plus room for the form fields.
pub const BODY_LIMIT: usize = imp::MAX_BYTES + 64 * 1024;

fn categories() -> Vec<(String, String)> {
    blank_first(
        "Nenhuma: linhas sem categoria são rejeitadas",
        &opts(Category::ALL, |c| c.code(), |c| c.label()),
    )
}

fn origins() -> Vec<(String, String)> {
    let origins = opts(
        domain::values::DelegateOrigin::ALL,
        |c| c.code(),
        |c| c.label(),
    );
    blank_first("Nenhuma", &origins)
}

#[derive(Template)]
#[template(path = "participants/import_upload.html")]
struct UploadPage {
    slug: String,
    title: String,
    errors: Invalid,
    default_category: String,
    default_origin: String,
    consent: bool,
    categories: Vec<(String, String)>,
    origins: Vec<(String, String)>,
    max_mb: usize,
    max_rows: String,
    fields: Vec<(&'static str, &'static str)>,
}

impl UploadPage {
    fn new(slug: String, title: String) -> Self {
        Self {
            slug,
            title,
            errors: Invalid::default(),
            default_category: String::new(),
            default_origin: String::new(),
            consent: false,
            categories: categories(),
            origins: origins(),
            max_mb: imp::MAX_BYTES / (1024 * 1024),
            max_rows: "10.000".into(),
            fields: vec![
                (Field::Name.label(), "Nome, Nome completo"),
                (Field::SocialName.label(), "Nome social"),
                (Field::Cpf.label(), "CPF"),
                (Field::Email.label(), "E-mail"),
                (Field::Phone.label(), "Telefone, Celular, WhatsApp"),
                (
                    Field::Category.label(),
                    "Categoria (Delegado, Convidado, Observador)",
                ),
                (
                    Field::Segment.label(),
                    "Segmento (Governo, Usuários, Trabalhadores, Entidades)",
                ),
                (Field::Seat.label(), "Titular/Suplente"),
                (
                    Field::Origin.label(),
                    "Origem, Forma de escolha (Nato, Eleito(a), Indicado(a))",
                ),
                (Field::Represents.label(), "Órgão, Entidade, Instituição"),
                (Field::Territory.label(), "Território, Região"),
                (Field::Unit.label(), "Unidade, Equipamento, CRAS"),
                (Field::BirthDate.label(), "Data de nascimento"),
            ],
        }
    }
}

pub async fn form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (slug, title) = imp::page_context(&st.db, v.me(), &slug).await?;
    respond::html(UploadPage::new(slug, title))
}

pub async fn upload(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    // Permission before reading the body.
    let (slug, title) = imp::page_context(&st.db, v.me(), &slug).await?;
    let too_big = || {
        WebError::TooLarge(format!(
            "A planilha passa do limite de {} MB. Divida a lista em arquivos menores e envie um de cada vez.",
            imp::MAX_BYTES / (1024 * 1024)
        ))
    };
    let mut page = UploadPage::new(slug.clone(), title);
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    page.default_category = form.text("default_category");
    page.default_origin = form.text("default_origin");
    page.consent = !form.text("consent").is_empty();
    let (file_name, bytes) = form
        .file
        .map(|f| (f.file_name, f.bytes))
        .unwrap_or_default();
    let defaults = imp::DefaultsInput {
        category: page.default_category.clone(),
        origin: page.default_origin.clone(),
    };
    respond::form(
        imp::upload(
            &st.db,
            v.me(),
            &slug,
            &file_name,
            &bytes,
            &defaults,
            page.consent,
        )
        .await,
        |id| Redirect::to(&format!("/c/{slug}/gestao/importar/{id}")).into_response(),
        |errors| async move { respond::page(true, UploadPage { errors, ..page }) },
    )
    .await
}

#[derive(Template)]
#[template(path = "participants/import_preview.html")]
struct PreviewPage {
    p: imp::Preview,
    slug: String,
    errors: Invalid,
    done: Option<imp::Counts>,
    /// Each column with its mapping error, if any.
    cols: Vec<(imp::ColumnView, Option<String>)>,
}

impl PreviewPage {
    fn new(p: imp::Preview, errors: Invalid, done: Option<imp::Counts>) -> Self {
        let cols = p
            .columns
            .iter()
            .map(|c| {
                let e = errors
                    .message_for(&format!("col_{}", c.index))
                    .map(str::to_owned);
                (c.clone(), e)
            })
            .collect();
        Self {
            slug: p.slug.clone(),
            p,
            errors,
            done,
            cols,
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Done {
    importadas: Option<usize>,
    inalteradas: Option<usize>,
    rejeitadas: Option<usize>,
}

/// The preview of import `id`, with the problems of a refused mapping or commit, or the counts
/// of a done one.
async fn preview_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    errors: Invalid,
    done: Option<imp::Counts>,
) -> Result<Response, WebError> {
    let p = imp::preview(&st.db, v.me(), slug, id).await?;
    respond::page(!errors.is_empty(), PreviewPage::new(p, errors, done))
}

pub async fn preview(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(d): Query<Done>,
) -> Result<Response, WebError> {
    let done = match (d.importadas, d.inalteradas, d.rejeitadas) {
        (Some(imported), Some(unchanged), Some(rejected)) => Some(imp::Counts {
            imported,
            unchanged,
            rejected,
        }),
        _ => None,
    };
    preview_page(&st, &v, &slug, &id, Invalid::default(), done).await
}

pub async fn remap(
    State(st): State<AppState>,
    v: Viewer,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    respond::form(
        imp::set_mapping(&st.db, v.me(), &slug, &id, &pairs).await,
        |()| Redirect::to(uri.path()).into_response(),
        |errors| preview_page(&st, &v, &slug, &id, errors, None),
    )
    .await
}

pub async fn confirm(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    respond::form(
        imp::commit(&st.db, v.me(), &slug, &id).await,
        |c| {
            Redirect::to(&format!(
                "/c/{slug}/gestao/importar/{id}?importadas={}&inalteradas={}&rejeitadas={}",
                c.imported, c.unchanged, c.rejected
            ))
            .into_response()
        },
        |errors| preview_page(&st, &v, &slug, &id, errors, None),
    )
    .await
}

pub async fn rejected_csv(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let (name, bytes) = imp::rejected_csv(&st.db, v.me(), &slug, &id).await?;
    let ascii = crate::ascii_file_name(&name);
    Ok(respond::no_store(respond::csv_file(bytes, &ascii)))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/c/{slug}/gestao/importar",
            get(form)
                .post(upload)
                .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT)),
        )
        .route("/c/{slug}/gestao/importar/{id}", get(preview).post(remap))
        .route("/c/{slug}/gestao/importar/{id}/confirmar", post(confirm))
        .route(
            "/c/{slug}/gestao/importar/{id}/rejeitadas.csv",
            get(rejected_csv),
        )
}
