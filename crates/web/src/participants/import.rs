//! Spreadsheet import pages under `/c/{slug}/gestao/importar`: upload, preview with each row's
//! problems and the column mapping, commit, and the rejected rows as CSV.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::import as imp;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::import::Field;
use domain::values::Category;

/// Body limit of the upload route: the file limit plus room for the form fields.
pub const BODY_LIMIT: usize = imp::MAX_BYTES + 64 * 1024;

fn render(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

fn categories() -> Vec<(String, String)> {
    let mut v = vec![(
        String::new(),
        "Nenhuma: linhas sem categoria são rejeitadas".to_owned(),
    )];
    v.extend(
        Category::ALL
            .iter()
            .map(|c| (c.code().to_owned(), c.label().to_owned())),
    );
    v
}

fn origins() -> Vec<(String, String)> {
    let mut v = vec![(String::new(), "Nenhuma".to_owned())];
    v.extend(
        domain::values::DelegateOrigin::ALL
            .iter()
            .map(|c| (c.code().to_owned(), c.label().to_owned())),
    );
    v
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
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (slug, title) = imp::page_context(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(StatusCode::OK, UploadPage::new(slug, title))
}

pub async fn upload(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    // Permission before reading the body.
    let (slug, title) = imp::page_context(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
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
    match imp::upload(
        &st.db,
        me.as_ref(),
        &slug,
        &file_name,
        &bytes,
        &imp::DefaultsInput {
            category: page.default_category.clone(),
            origin: page.default_origin.clone(),
        },
        page.consent,
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/c/{slug}/gestao/importar/{id}")).into_response()),
        Err(Fail::Invalid(errors)) => {
            page.errors = errors;
            render(StatusCode::UNPROCESSABLE_ENTITY, page)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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

pub async fn preview(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(d): Query<Done>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let p = imp::preview(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let done = match (d.importadas, d.inalteradas, d.rejeitadas) {
        (Some(imported), Some(unchanged), Some(rejected)) => Some(imp::Counts {
            imported,
            unchanged,
            rejected,
        }),
        _ => None,
    };
    render(
        StatusCode::OK,
        PreviewPage::new(p, Invalid::default(), done),
    )
}

pub async fn remap(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match imp::set_mapping(&st.db, me.as_ref(), &slug, &id, &pairs).await {
        Ok(()) => Ok(Redirect::to(uri.path()).into_response()),
        Err(Fail::Invalid(errors)) => {
            let p = imp::preview(&st.db, me.as_ref(), &slug, &id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                PreviewPage::new(p, errors, None),
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn confirm(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match imp::commit(&st.db, me.as_ref(), &slug, &id).await {
        Ok(c) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/importar/{id}?importadas={}&inalteradas={}&rejeitadas={}",
            c.imported, c.unchanged, c.rejected
        ))
        .into_response()),
        Err(Fail::Invalid(errors)) => {
            let p = imp::preview(&st.db, me.as_ref(), &slug, &id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                PreviewPage::new(p, errors, None),
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn rejected_csv(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (name, bytes) = imp::rejected_csv(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let ascii = crate::ascii_file_name(&name);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{ascii}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
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
