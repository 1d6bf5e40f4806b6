//! The final report on the web (ADR 0016): the commission's page
//! `/c/{slug}/gestao/relatorio` (preview, what the commission types, confirmations, submission,
//! downloads at `…/relatorio/baixar/{format}`), and the parent conference's inbox
//! `/c/{slug}/gestao/relatorios-recebidos[/{id}[/devolver|/aceitar]]`.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::reporting::{dashboard as dash, package, photos, report as rp};
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::policy::Action;
use domain::report::{Audience, Report};

#[derive(Template)]
#[template(path = "reporting/report/status.html")]
struct StatusPage {
    slug: String,
    s: rp::Status,
    /// This installation's package key: (hex, fingerprint).
    key: (String, String),
    destination: String,
    input: rp::DraftInput,
    /// The state's extra questions with their answers (ADR 0036).
    extra: Vec<rp::ExtraField>,
    /// The parent's published orientation.
    orientation: Option<app::setup::orientation::ChildView>,
    errors: Invalid,
    notice: Option<&'static str>,
    formats: Vec<(&'static str, &'static str)>,
    photo: photos::PhotoInput,
    photo_base: String,
    max_photos: usize,
}

/// The accepted report, public.
#[derive(Template)]
#[template(path = "reporting/report/public.html")]
struct PublicPage {
    slug: String,
    r: Report,
    photo_base: String,
    accepted_on: String,
    formats: Vec<(&'static str, &'static str)>,
}

#[derive(Template)]
#[template(path = "reporting/report/inbox.html")]
struct InboxPage {
    slug: String,
    i: rp::Inbox,
}

#[derive(Template)]
#[template(path = "reporting/report/review.html")]
struct ReviewPage {
    slug: String,
    v: rp::Review,
    comment: String,
    errors: Invalid,
    notice: Option<String>,
    photo_base: String,
}

fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "dados" => "Dados do relatório salvos.",
        "conferido" => "Você confirmou esta versão do relatório.",
        "enviado" => "Relatório enviado à conferência da etapa seguinte.",
        "foto" => {
            "Foto incluída no relatório. Como o relatório mudou, ele precisa ser conferido de novo."
        }
        "foto-removida" => {
            "Foto removida do relatório. Como o relatório mudou, ele precisa ser conferido de novo."
        }
        _ => return None,
    })
}

/// Formats offered for download, with their labels.
pub const FORMATS: [(&str, &str); 5] = [
    ("pdf", "PDF (para imprimir e publicar)"),
    ("docx", "DOCX (editável no Word)"),
    ("odt", "ODT (editável no LibreOffice)"),
    ("csv", "CSV (dados abertos, planilha)"),
    ("json", "JSON (dados abertos)"),
];

// ----- The commission's page -------------------------------------------------------------------

/// What the commission typed, kept when the status page comes back with errors.
#[derive(Default)]
struct Kept {
    /// The draft form; the saved draft when `None`.
    draft: Option<rp::DraftInput>,
    photo: photos::PhotoInput,
}

/// The commission's page, with what was typed in a refused form and its errors.
async fn status_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    kept: Kept,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let s = rp::status(&st.db, v.me(), slug).await?;
    let input = match kept.draft {
        Some(i) => i,
        None => rp::draft(&st.db, v.me(), slug).await?,
    };
    let key = package::own_key(&st.db).await?;
    let destination = s.parent_slug.clone().unwrap_or_default();
    let extra = rp::extra_fields(&st.db, v.me(), slug, &input).await?;
    let orientation = app::setup::orientation::for_child(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        StatusPage {
            slug: slug.to_owned(),
            key,
            destination,
            s,
            input,
            extra,
            orientation,
            errors,
            notice,
            formats: FORMATS.to_vec(),
            photo: kept.photo,
            photo_base: format!("/c/{slug}/gestao/relatorio/fotos/"),
            max_photos: photos::MAX_PHOTOS,
        },
    )
}

/// The answer to a form of the commission's page: back to it with the confirmation `ok` when
/// done, the page again with what was typed and the errors when not.
async fn status_form<T>(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    r: Result<T, Fail>,
    kept: Kept,
    ok: &str,
) -> Result<Response, WebError> {
    respond::form(
        r,
        |_| respond::back(&format!("/c/{slug}/gestao/relatorio"), ok),
        |e| status_page(st, v, slug, kept, e, None),
    )
    .await
}

pub async fn status(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = n.code().and_then(notice_text);
    status_page(&st, &v, &slug, Kept::default(), Invalid::default(), notice).await
}

pub async fn save_draft(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(mut f): Form<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let mut take = |k: &str| f.remove(k).unwrap_or_default();
    let input = rp::DraftInput {
        total_hours: take("total_hours"),
        accessibility: take("accessibility"),
        notes: take("notes"),
        extra: f
            .into_iter()
            .filter(|(k, _)| k.starts_with("extra_"))
            .collect(),
    };
    let r = rp::save_draft(&st.db, v.me(), &slug, &input).await;
    let kept = Kept {
        draft: Some(input),
        ..Kept::default()
    };
    status_form(&st, &v, &slug, r, kept, "dados").await
}

#[derive(serde::Deserialize, Default)]
pub struct HashForm {
    #[serde(default)]
    hash: String,
}

pub async fn sign_off(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<HashForm>,
) -> Result<Response, WebError> {
    let r = rp::sign_off(&st.db, v.me(), &slug, &f.hash).await;
    status_form(&st, &v, &slug, r, Kept::default(), "conferido").await
}

pub async fn submit(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<HashForm>,
) -> Result<Response, WebError> {
    let r = rp::submit(&st.db, v.me(), &slug, &f.hash).await;
    status_form(&st, &v, &slug, r, Kept::default(), "enviado").await
}

/// The upload limit of the photo form (the photo's own limit plus the form's overhead).
pub const PHOTO_BODY_LIMIT: usize = app::platform::media::MAX_PHOTO_BYTES + 64 * 1024;

pub async fn add_photo(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    // Permission before reading a possibly large body.
    app::platform::auth::authorize(&st.db, v.me(), &slug, Action::ManageReport).await?;
    let too_big = || {
        WebError::TooLarge(format!(
            "A foto passa do limite de {} MB. Envie uma foto menor.",
            app::platform::media::MAX_PHOTO_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "foto", too_big).await?;
    let f = photos::PhotoInput {
        caption: form.text("caption"),
        consent: form.text("consent"),
    };
    let r = photos::add(&st.db, v.me(), &slug, &f, form.file).await;
    let kept = Kept {
        draft: None,
        photo: f,
    };
    status_form(&st, &v, &slug, r, kept, "foto#fotos-t").await
}

pub async fn remove_photo(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    photos::remove(&st.db, v.me(), &slug, &id).await?;
    Ok(respond::back(
        &format!("/c/{slug}/gestao/relatorio"),
        "foto-removida#fotos-t",
    ))
}

// ----- Files -----------------------------------------------------------------------------------

/// The format asked for in the path; an unknown one is "not found".
fn parse_format(name: &str) -> Result<reports::Format, WebError> {
    reports::Format::parse(name).ok_or(WebError::NotFound)
}

/// The report as a file, rendered off the async workers.
async fn render(r: Report, fmt: reports::Format) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || reports::render(&r, fmt))
        .await?
        .map_err(WebError::internal)
}

/// The report as a file (public audience: no contacts, quota only as counts).
pub async fn download(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, format)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let fmt = parse_format(&format)?;
    let r = rp::for_staff(&st.db, v.me(), &slug, Audience::Public).await?;
    let bytes = render(r, fmt).await?;
    Ok(super::private_file(
        fmt.media_type(),
        format!(
            "attachment; filename=\"relatorio-{slug}.{}\"",
            fmt.extension()
        ),
        bytes,
    ))
}

#[derive(serde::Deserialize, Default)]
pub struct PackageForm {
    #[serde(default)]
    destino: String,
}

/// The signed package for a state on another installation (a file download).
pub async fn export_package(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<PackageForm>,
) -> Result<Response, WebError> {
    let r = package::export(&st.db, v.me(), &slug, &f.destino, |r| {
        reports::render(r, reports::Format::Pdf).map_err(|e| e.to_string())
    })
    .await;
    respond::form(
        r,
        |bytes| {
            super::private_file(
                "application/json",
                format!("attachment; filename=\"pacote-relatorio-{slug}.json\""),
                bytes,
            )
        },
        |e| status_page(&st, &v, &slug, Kept::default(), e, None),
    )
    .await
}

// ----- The public report -----------------------------------------------------------------------

/// The report the parent conference accepted, with the date; "not found" while there is none.
async fn published(st: &AppState, slug: &str) -> Result<(Report, String), WebError> {
    rp::published_with_date(&st.db, slug)
        .await?
        .ok_or(WebError::NotFound)
}

/// `/c/{slug}/relatorio`: the report the parent conference accepted, for anyone (public
/// audience: no contacts, no one's quota groups).
pub async fn public_report(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (r, accepted_on) = published(&st, &slug).await?;
    respond::html(PublicPage {
        photo_base: format!("/c/{slug}/relatorio/fotos/"),
        slug,
        r,
        accepted_on,
        formats: FORMATS.to_vec(),
    })
}

/// `/c/{slug}/relatorio/baixar/{format}`: the accepted report as a file, for anyone.
pub async fn public_download(
    State(st): State<AppState>,
    Path((slug, format)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let fmt = parse_format(&format)?;
    let (r, _) = published(&st, &slug).await?;
    // An accepted report never changes: its files are rendered once per version and format
    // (a public address must not cost a PDF rendering per request).
    let key = (rp::content_hash(&r), fmt.extension());
    let bytes = match public_files().get(&key) {
        Some(b) => b,
        None => {
            let b: std::sync::Arc<Vec<u8>> = render(r, fmt).await?.into();
            public_files().put(key, b.clone());
            b
        }
    };
    Ok(super::file(
        fmt.media_type(),
        format!(
            "attachment; filename=\"relatorio-{}.{}\"",
            crate::ascii_file_name(&slug),
            fmt.extension()
        ),
        bytes.as_ref().clone(),
    ))
}

/// (report version, extension).
type FileKey = (String, &'static str);

/// The last rendered files of accepted reports, by (version, extension): a few entries, the
/// oldest dropped first.
struct FileCache {
    entries: std::sync::Mutex<std::collections::VecDeque<(FileKey, std::sync::Arc<Vec<u8>>)>>,
}

impl FileCache {
    const CAPACITY: usize = 24;

    fn get(&self, key: &FileKey) -> Option<std::sync::Arc<Vec<u8>>> {
        let e = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        e.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }

    fn put(&self, key: FileKey, value: std::sync::Arc<Vec<u8>>) {
        let mut e = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if e.iter().any(|(k, _)| *k == key) {
            return;
        }
        if e.len() >= Self::CAPACITY {
            e.pop_front();
        }
        e.push_back((key, value));
    }
}

fn public_files() -> &'static FileCache {
    static CACHE: std::sync::OnceLock<FileCache> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| FileCache {
        entries: std::sync::Mutex::new(std::collections::VecDeque::new()),
    })
}

// ----- The receiving conference ----------------------------------------------------------------

pub async fn inbox(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let i = rp::inbox(&st.db, v.me(), &slug).await?;
    respond::html(InboxPage { slug, i })
}

/// The counts after an acceptance (`?ok=aceito&novas=…&ja=…&propostas=…`).
#[derive(serde::Deserialize, Default)]
pub struct Accepted {
    #[serde(default)]
    novas: Option<u32>,
    #[serde(default)]
    ja: Option<u32>,
    #[serde(default)]
    propostas: Option<u32>,
}

/// The review of one received report, with the comment typed in a refused form and its errors.
async fn review_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    comment: String,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let r = rp::review(&st.db, v.me(), slug, id).await?;
    respond::page(
        !errors.is_empty(),
        ReviewPage {
            photo_base: format!("/c/{slug}/gestao/relatorios-recebidos/{id}/fotos/"),
            slug: slug.to_owned(),
            v: r,
            comment,
            errors,
            notice,
        },
    )
}

pub async fn review(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
    Query(a): Query<Accepted>,
) -> Result<Response, WebError> {
    let notice = match n.code() {
        Some("devolvido") => Some("Relatório devolvido com o comentário.".to_owned()),
        Some("aceito") => Some(format!(
            "Relatório aceito: {} inscrição(ões) nova(s) de delegados(as) eleitos(as) ({} já estava(m) inscrita(s)) e {} deliberação(ões) recebida(s).",
            a.novas.unwrap_or(0),
            a.ja.unwrap_or(0),
            a.propostas.unwrap_or(0)
        )),
        _ => None,
    };
    review_page(
        &st,
        &v,
        &slug,
        &id,
        String::new(),
        Invalid::default(),
        notice,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct CommentForm {
    #[serde(default)]
    comment: String,
}

async fn decide(
    st: AppState,
    v: Viewer,
    slug: String,
    id: String,
    comment: String,
    d: rp::Decision,
) -> Result<Response, WebError> {
    respond::form(
        rp::decide(&st.db, v.me(), &slug, &id, d, &comment).await,
        |a| {
            Redirect::to(&match d {
                rp::Decision::Return => {
                    format!("/c/{slug}/gestao/relatorios-recebidos/{id}?ok=devolvido")
                }
                rp::Decision::Accept => format!(
                    "/c/{slug}/gestao/relatorios-recebidos/{id}?ok=aceito&novas={}&ja={}&propostas={}",
                    a.registrations_created, a.registrations_existing, a.proposals_received
                ),
            })
            .into_response()
        },
        |e| review_page(&st, &v, &slug, &id, comment, e, None),
    )
    .await
}

pub async fn return_round(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    decide(st, v, slug, id, f.comment, rp::Decision::Return).await
}

pub async fn accept(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    decide(st, v, slug, id, String::new(), rp::Decision::Accept).await
}

#[derive(Template)]
#[template(path = "reporting/report/dashboard.html")]
struct DashboardPage {
    slug: String,
    d: dash::Dashboard,
    notice: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub struct RemindNotice {
    #[serde(default)]
    lembretes: Option<u32>,
}

/// The conferences below this one: who held, reported, is late; what was received.
pub async fn dashboard(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<RemindNotice>,
) -> Result<Response, WebError> {
    let d = dash::dashboard(&st.db, v.me(), &slug).await?;
    let notice = n.lembretes.map(|k| {
        format!("{k} lembrete(s) enviado(s) por e-mail às secretarias dos conselhos em atraso.")
    });
    respond::html(DashboardPage { slug, d, notice })
}

pub async fn remind(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let n = dash::remind_late(&st.db, v.me(), &slug, &st.settings.public_url).await?;
    Ok(Redirect::to(&format!("/c/{slug}/gestao/etapa-anterior?lembretes={n}")).into_response())
}

// ----- Packages from other installations -------------------------------------------------------

#[derive(Template)]
#[template(path = "reporting/report/keys.html")]
struct KeysPage {
    slug: String,
    title: String,
    keys: Vec<package::KeyView>,
    key_label: String,
    public_key: String,
    errors: Invalid,
    notice: Option<&'static str>,
}

#[derive(serde::Deserialize, Default)]
pub struct KeyForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    public_key: String,
}

/// The packages page, with the key form as typed and the errors of a refused form.
async fn keys_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    typed: KeyForm,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let keys = package::trusted_keys(&st.db, v.me(), slug).await?;
    let i = rp::inbox(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        KeysPage {
            slug: slug.to_owned(),
            title: i.title,
            keys,
            key_label: typed.label,
            public_key: typed.public_key,
            errors,
            notice,
        },
    )
}

/// Back to the packages page with the confirmation `ok`.
fn keys_back(slug: &str, ok: &str) -> Response {
    respond::back(
        &format!("/c/{slug}/gestao/relatorios-recebidos/pacotes"),
        ok,
    )
}

/// The packages page of a receiving conference: import a package; the keys it trusts.
pub async fn keys(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = match n.code() {
        Some("chave") => Some("Chave cadastrada como confiável."),
        Some("chave-removida") => Some(
            "A chave deixou de ser confiável: os próximos pacotes assinados com ela serão recusados.",
        ),
        _ => None,
    };
    keys_page(
        &st,
        &v,
        &slug,
        KeyForm::default(),
        Invalid::default(),
        notice,
    )
    .await
}

pub async fn trust_key(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<KeyForm>,
) -> Result<Response, WebError> {
    respond::form(
        package::trust_key(&st.db, v.me(), &slug, &f.label, &f.public_key).await,
        |()| keys_back(&slug, "chave"),
        |e| keys_page(&st, &v, &slug, f, e, None),
    )
    .await
}

pub async fn revoke_key(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    package::revoke_key(&st.db, v.me(), &slug, &id).await?;
    Ok(keys_back(&slug, "chave-removida#chaves-t"))
}

/// The body limit of a package upload (the package's own limit plus the form's overhead).
pub const PACKAGE_BODY_LIMIT: usize = package::MAX_BYTES + 64 * 1024;

pub async fn import_package(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    // Permission before reading the body.
    rp::inbox(&st.db, v.me(), &slug).await?;
    let bytes = crate::upload::read(&mut mp, "file", || {
        WebError::TooLarge("O pacote passa de 64 MB: não é um pacote de relatório.".into())
    })
    .await?
    .file
    .map(|f| f.bytes)
    .unwrap_or_default();
    let r = if bytes.is_empty() {
        Err(Fail::Invalid(Invalid::one(
            "pacote",
            "Escolha o arquivo do pacote (.json) para importar",
        )))
    } else {
        package::import(&st.db, v.me(), &slug, &bytes).await
    };
    respond::form(
        r,
        |id| Redirect::to(&format!("/c/{slug}/gestao/relatorios-recebidos/{id}")).into_response(),
        |e| keys_page(&st, &v, &slug, KeyForm::default(), e, None),
    )
    .await
}

// ----- Photos ----------------------------------------------------------------------------------

/// A photo of a report: its media type and bytes, kept a few minutes by the browser.
fn image((media_type, bytes): (String, Vec<u8>)) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

pub async fn staff_photo(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, n)): Path<(String, usize)>,
) -> Result<Response, WebError> {
    Ok(image(photos::staff_photo(&st.db, v.me(), &slug, n).await?))
}

pub async fn round_photo(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id, n)): Path<(String, String, usize)>,
) -> Result<Response, WebError> {
    Ok(image(rp::round_photo(&st.db, v.me(), &slug, &id, n).await?))
}

pub async fn public_photo(
    State(st): State<AppState>,
    Path((slug, n)): Path<(String, usize)>,
) -> Result<Response, WebError> {
    Ok(image(rp::published_photo(&st.db, &slug, n).await?))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/gestao/relatorio", get(status))
        .route("/c/{slug}/gestao/relatorio/dados", post(save_draft))
        .route("/c/{slug}/gestao/relatorio/conferir", post(sign_off))
        .route("/c/{slug}/gestao/relatorio/enviar", post(submit))
        .route(
            "/c/{slug}/gestao/relatorio/fotos",
            post(add_photo).layer(axum::extract::DefaultBodyLimit::max(PHOTO_BODY_LIMIT)),
        )
        .route("/c/{slug}/gestao/relatorio/fotos/{n}", get(staff_photo))
        .route(
            "/c/{slug}/gestao/relatorio/fotos/{id}/remover",
            post(remove_photo),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}/fotos/{n}",
            get(round_photo),
        )
        .route("/c/{slug}/relatorio/fotos/{n}", get(public_photo))
        .route("/c/{slug}/gestao/relatorio/baixar/{format}", get(download))
        .route("/c/{slug}/gestao/relatorios-recebidos", get(inbox))
        .route("/c/{slug}/gestao/relatorio/pacote", post(export_package))
        .route("/c/{slug}/gestao/relatorios-recebidos/pacotes", get(keys))
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes/chaves",
            post(trust_key),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes/chaves/{id}/remover",
            post(revoke_key),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes/importar",
            post(import_package).layer(axum::extract::DefaultBodyLimit::max(PACKAGE_BODY_LIMIT)),
        )
        .route("/c/{slug}/gestao/etapa-anterior", get(dashboard))
        .route("/c/{slug}/relatorio", get(public_report))
        .route("/c/{slug}/relatorio/baixar/{format}", get(public_download))
        .route("/c/{slug}/gestao/etapa-anterior/lembrar", post(remind))
        .route("/c/{slug}/gestao/relatorios-recebidos/{id}", get(review))
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}/devolver",
            post(return_round),
        )
        .route(
            "/c/{slug}/gestao/relatorios-recebidos/{id}/aceitar",
            post(accept),
        )
}
