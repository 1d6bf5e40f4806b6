//! The final report on the web (issue 5; ADR 0016): the commission's page
//! `/c/{slug}/gestao/relatorio` (preview, what the commission types, confirmations, submission,
//! downloads at `…/relatorio/baixar/{format}`), and the parent conference's inbox
//! `/c/{slug}/gestao/relatorios-recebidos[/{id}[/devolver|/aceitar]]`.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::reporting::report as rp;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::report::Audience;

#[derive(Template)]
#[template(path = "reporting/report/status.html")]
struct StatusPage {
    slug: String,
    s: rp::Status,
    /// This installation's package key: (hex, fingerprint).
    key: (String, String),
    destination: String,
    input: rp::DraftInput,
    errors: Invalid,
    notice: Option<&'static str>,
    formats: Vec<(&'static str, &'static str)>,
    photo: app::reporting::photos::PhotoInput,
    photo_base: String,
    max_photos: usize,
}

/// The accepted report, public.
#[derive(Template)]
#[template(path = "reporting/report/public.html")]
struct PublicPage {
    slug: String,
    r: domain::report::Report,
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

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
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

async fn status_page(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    uri: &Uri,
    input: Option<rp::DraftInput>,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    status_page_with(
        st,
        me,
        slug,
        uri,
        input,
        errors,
        notice,
        app::reporting::photos::PhotoInput::default(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn status_page_with(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    uri: &Uri,
    input: Option<rp::DraftInput>,
    errors: Invalid,
    notice: Option<&'static str>,
    photo: app::reporting::photos::PhotoInput,
) -> Result<Response, WebError> {
    let s = rp::status(&st.db, me, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let input = match input {
        Some(i) => i,
        None => rp::draft(&st.db, me, slug)
            .await
            .map_err(|f| refuse(f, uri))?,
    };
    let code = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let key = app::reporting::package::own_key(&st.db).await?;
    let destination = s.parent_slug.clone().unwrap_or_default();
    let page = StatusPage {
        slug: slug.to_owned(),
        key,
        destination,
        s,
        input,
        errors,
        notice,
        formats: FORMATS.to_vec(),
        photo,
        photo_base: format!("/c/{slug}/gestao/relatorio/fotos/"),
        max_photos: app::reporting::photos::MAX_PHOTOS,
    };
    Ok((code, Html(page.render()?)).into_response())
}

pub async fn status(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let notice = n.ok.as_deref().and_then(notice_text);
    status_page(
        &st,
        me.as_ref(),
        &slug,
        &uri,
        None,
        Invalid::default(),
        notice,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct DraftForm {
    #[serde(default)]
    total_hours: String,
    #[serde(default)]
    accessibility: String,
    #[serde(default)]
    notes: String,
}

pub async fn save_draft(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<DraftForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let input = rp::DraftInput {
        total_hours: f.total_hours,
        accessibility: f.accessibility,
        notes: f.notes,
    };
    match rp::save_draft(&st.db, me.as_ref(), &slug, &input).await {
        Ok(()) => Ok(Redirect::to(&format!("/c/{slug}/gestao/relatorio?ok=dados")).into_response()),
        Err(Fail::Invalid(e)) => {
            status_page(&st, me.as_ref(), &slug, &uri, Some(input), e, None).await
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct HashForm {
    #[serde(default)]
    hash: String,
}

pub async fn sign_off(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<HashForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match rp::sign_off(&st.db, me.as_ref(), &slug, &f.hash).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/c/{slug}/gestao/relatorio?ok=conferido")).into_response())
        }
        Err(Fail::Invalid(e)) => status_page(&st, me.as_ref(), &slug, &uri, None, e, None).await,
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn submit(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<HashForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match rp::submit(&st.db, me.as_ref(), &slug, &f.hash).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/c/{slug}/gestao/relatorio?ok=enviado")).into_response())
        }
        Err(Fail::Invalid(e)) => status_page(&st, me.as_ref(), &slug, &uri, None, e, None).await,
        Err(f) => Err(refuse(f, &uri)),
    }
}

/// The report as a file (public audience: no contacts, quota only as counts).
pub async fn download(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, format)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let Some(fmt) = reports::Format::parse(&format) else {
        return Err(refuse(Fail::NotFound, &uri));
    };
    let r = rp::for_staff(&st.db, me.as_ref(), &slug, Audience::Public)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let bytes = tokio::task::spawn_blocking(move || reports::render(&r, fmt))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?
        .map_err(|e| WebError::Internal(e.to_string()))?;
    let disposition = format!(
        "attachment; filename=\"relatorio-{slug}.{}\"",
        fmt.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, fmt.media_type().to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// `/c/{slug}/relatorio`: the report the parent conference accepted, for anyone (public
/// audience: no contacts, no one's quota groups).
pub async fn public_report(
    State(st): State<AppState>,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (r, accepted_on) = rp::published_with_date(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?
        .ok_or_else(|| refuse(Fail::NotFound, &uri))?;
    Ok(Html(
        PublicPage {
            photo_base: format!("/c/{slug}/relatorio/fotos/"),
            slug,
            r,
            accepted_on,
            formats: FORMATS.to_vec(),
        }
        .render()?,
    )
    .into_response())
}

/// `/c/{slug}/relatorio/baixar/{format}`: the accepted report as a file, for anyone.
pub async fn public_download(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, format)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let Some(fmt) = reports::Format::parse(&format) else {
        return Err(refuse(Fail::NotFound, &uri));
    };
    let (r, _) = rp::published_with_date(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?
        .ok_or_else(|| refuse(Fail::NotFound, &uri))?;
    // An accepted report never changes: its files are rendered once per version and format
    // (a public address must not cost a PDF rendering per request).
    let key = (rp::content_hash(&r), fmt.extension());
    let bytes = match public_files().get(&key) {
        Some(b) => b,
        None => {
            let b: std::sync::Arc<Vec<u8>> =
                tokio::task::spawn_blocking(move || reports::render(&r, fmt))
                    .await
                    .map_err(|e| WebError::Internal(e.to_string()))?
                    .map_err(|e| WebError::Internal(e.to_string()))?
                    .into();
            public_files().put(key, b.clone());
            b
        }
    };
    let bytes = bytes.as_ref().clone();
    Ok((
        [
            (header::CONTENT_TYPE, fmt.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"relatorio-{}.{}\"",
                    crate::ascii_file_name(&slug),
                    fmt.extension()
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The last rendered files of accepted reports, by (version, extension): a few entries, the
/// oldest dropped first.
/// (report version, extension).
type FileKey = (String, &'static str);

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

pub async fn inbox(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let i = rp::inbox(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Html(InboxPage { slug, i }.render()?).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct ReviewNotice {
    #[serde(default)]
    ok: Option<String>,
    #[serde(default)]
    novas: Option<u32>,
    #[serde(default)]
    ja: Option<u32>,
    #[serde(default)]
    propostas: Option<u32>,
}

#[allow(clippy::too_many_arguments)]
async fn review_page(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    id: &str,
    uri: &Uri,
    comment: String,
    errors: Invalid,
    notice: Option<String>,
) -> Result<Response, WebError> {
    let v = rp::review(&st.db, me, slug, id)
        .await
        .map_err(|f| refuse(f, uri))?;
    let code = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ReviewPage {
        photo_base: format!("/c/{slug}/gestao/relatorios-recebidos/{id}/fotos/"),
        slug: slug.to_owned(),
        v,
        comment,
        errors,
        notice,
    };
    Ok((code, Html(page.render()?)).into_response())
}

pub async fn review(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<ReviewNotice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let notice = match n.ok.as_deref() {
        Some("devolvido") => Some("Relatório devolvido com o comentário.".to_owned()),
        Some("aceito") => Some(format!(
            "Relatório aceito: {} inscrição(ões) nova(s) de delegados(as) eleitos(as) ({} já estava(m) inscrita(s)) e {} deliberação(ões) recebida(s).",
            n.novas.unwrap_or(0),
            n.ja.unwrap_or(0),
            n.propostas.unwrap_or(0)
        )),
        _ => None,
    };
    review_page(
        &st,
        me.as_ref(),
        &slug,
        &id,
        &uri,
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
    h: HeaderMap,
    uri: Uri,
    slug: String,
    id: String,
    comment: String,
    d: rp::Decision,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match rp::decide(&st.db, me.as_ref(), &slug, &id, d, &comment).await {
        Ok(a) => Ok(Redirect::to(&match d {
            rp::Decision::Return => {
                format!("/c/{slug}/gestao/relatorios-recebidos/{id}?ok=devolvido")
            }
            rp::Decision::Accept => format!(
                "/c/{slug}/gestao/relatorios-recebidos/{id}?ok=aceito&novas={}&ja={}&propostas={}",
                a.registrations_created, a.registrations_existing, a.proposals_received
            ),
        })
        .into_response()),
        Err(Fail::Invalid(e)) => {
            review_page(&st, me.as_ref(), &slug, &id, &uri, comment, e, None).await
        }
        Err(f) => Err(refuse(f, &uri)),
    }
}

pub async fn return_round(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    decide(st, h, uri, slug, id, f.comment, rp::Decision::Return).await
}

pub async fn accept(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    decide(st, h, uri, slug, id, String::new(), rp::Decision::Accept).await
}

#[derive(Template)]
#[template(path = "reporting/report/dashboard.html")]
struct DashboardPage {
    slug: String,
    d: app::reporting::dashboard::Dashboard,
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
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<RemindNotice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let d = app::reporting::dashboard::dashboard(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let notice = n.lembretes.map(|k| {
        format!("{k} lembrete(s) enviado(s) por e-mail às secretarias dos conselhos em atraso.")
    });
    Ok(Html(DashboardPage { slug, d, notice }.render()?).into_response())
}

pub async fn remind(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let n =
        app::reporting::dashboard::remind_late(&st.db, me.as_ref(), &slug, &st.settings.public_url)
            .await
            .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!("/c/{slug}/gestao/etapa-anterior?lembretes={n}")).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct PackageForm {
    #[serde(default)]
    destino: String,
}

/// The signed package for a state on another installation (a file download).
pub async fn export_package(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<PackageForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = app::reporting::package::export(&st.db, me.as_ref(), &slug, &f.destino, |r| {
        reports::render(r, reports::Format::Pdf).map_err(|e| e.to_string())
    })
    .await;
    match r {
        Ok(bytes) => Ok((
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"pacote-relatorio-{slug}.json\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response()),
        Err(Fail::Invalid(e)) => status_page(&st, me.as_ref(), &slug, &uri, None, e, None).await,
        Err(x) => Err(refuse(x, &uri)),
    }
}

#[derive(Template)]
#[template(path = "reporting/report/keys.html")]
struct KeysPage {
    slug: String,
    title: String,
    keys: Vec<app::reporting::package::KeyView>,
    key_label: String,
    public_key: String,
    errors: Invalid,
    notice: Option<&'static str>,
}

#[allow(clippy::too_many_arguments)]
async fn keys_page(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    slug: &str,
    uri: &Uri,
    label: String,
    public_key: String,
    errors: Invalid,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let keys = app::reporting::package::trusted_keys(&st.db, me, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let i = rp::inbox(&st.db, me, slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    let page = KeysPage {
        slug: slug.to_owned(),
        title: i.title,
        keys,
        key_label: label,
        public_key,
        errors,
        notice,
    };
    let code = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((code, Html(page.render()?)).into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct KeysNotice {
    #[serde(default)]
    ok: Option<String>,
}

/// The packages page of a receiving conference: import a package; the keys it trusts.
pub async fn keys(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<KeysNotice>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let notice = match n.ok.as_deref() {
        Some("chave") => Some("Chave cadastrada como confiável."),
        Some("chave-removida") => Some(
            "A chave deixou de ser confiável: os próximos pacotes assinados com ela serão recusados.",
        ),
        _ => None,
    };
    keys_page(
        &st,
        me.as_ref(),
        &slug,
        &uri,
        String::new(),
        String::new(),
        Invalid::default(),
        notice,
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct KeyForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    public_key: String,
}

pub async fn trust_key(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<KeyForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match app::reporting::package::trust_key(&st.db, me.as_ref(), &slug, &f.label, &f.public_key)
        .await
    {
        Ok(()) => Ok(Redirect::to(&format!(
            "/c/{slug}/gestao/relatorios-recebidos/pacotes?ok=chave"
        ))
        .into_response()),
        Err(Fail::Invalid(e)) => {
            keys_page(
                &st,
                me.as_ref(),
                &slug,
                &uri,
                f.label,
                f.public_key,
                e,
                None,
            )
            .await
        }
        Err(x) => Err(refuse(x, &uri)),
    }
}

pub async fn revoke_key(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::reporting::package::revoke_key(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/gestao/relatorios-recebidos/pacotes?ok=chave-removida#chaves-t"
    ))
    .into_response())
}

/// The body limit of a package upload (the package's own limit plus the form's overhead).
pub const PACKAGE_BODY_LIMIT: usize = app::reporting::package::MAX_BYTES + 64 * 1024;

pub async fn import_package(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    // Permission before reading the body.
    rp::inbox(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let bytes = crate::upload::read(&mut mp, "file", || {
        WebError::TooLarge("O pacote passa de 64 MB: não é um pacote de relatório.".into())
    })
    .await?
    .file
    .map(|f| f.bytes)
    .unwrap_or_default();
    if bytes.is_empty() {
        let e = Invalid::one(
            "pacote",
            "Escolha o arquivo do pacote (.json) para importar",
        );
        return keys_page(
            &st,
            me.as_ref(),
            &slug,
            &uri,
            String::new(),
            String::new(),
            e,
            None,
        )
        .await;
    }
    match app::reporting::package::import(&st.db, me.as_ref(), &slug, &bytes).await {
        Ok(id) => Ok(
            Redirect::to(&format!("/c/{slug}/gestao/relatorios-recebidos/{id}")).into_response(),
        ),
        Err(Fail::Invalid(e)) => {
            keys_page(
                &st,
                me.as_ref(),
                &slug,
                &uri,
                String::new(),
                String::new(),
                e,
                None,
            )
            .await
        }
        Err(x) => Err(refuse(x, &uri)),
    }
}

fn image(media_type: String, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "private, max-age=300".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// The upload limit of the photo form (the photo's own limit plus the form's overhead).
pub const PHOTO_BODY_LIMIT: usize = app::platform::media::MAX_PHOTO_BYTES + 64 * 1024;

pub async fn add_photo(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    mut mp: axum::extract::Multipart,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    // Permission before reading a possibly large body.
    let (_, scope) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    app::platform::auth::allow(me.as_ref(), domain::policy::Action::ManageReport(scope))
        .map_err(|f| refuse(f, &uri))?;
    let too_big = || {
        WebError::TooLarge(format!(
            "A foto passa do limite de {} MB. Envie uma foto menor.",
            app::platform::media::MAX_PHOTO_BYTES / (1024 * 1024)
        ))
    };
    let form = crate::upload::read(&mut mp, "foto", too_big).await?;
    let f = app::reporting::photos::PhotoInput {
        caption: form.text("caption"),
        consent: form.text("consent"),
    };
    let upload = form.file;
    match app::reporting::photos::add(&st.db, me.as_ref(), &slug, &f, upload).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/c/{slug}/gestao/relatorio?ok=foto#fotos-t")).into_response(),
        ),
        Err(Fail::Invalid(e)) => {
            status_page_with(&st, me.as_ref(), &slug, &uri, None, e, None, f).await
        }
        Err(x) => Err(refuse(x, &uri)),
    }
}

pub async fn remove_photo(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    app::reporting::photos::remove(&st.db, me.as_ref(), &slug, &id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!(
        "/c/{slug}/gestao/relatorio?ok=foto-removida#fotos-t"
    ))
    .into_response())
}

pub async fn staff_photo(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, n)): Path<(String, usize)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (t, b) = app::reporting::photos::staff_photo(&st.db, me.as_ref(), &slug, n)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(image(t, b))
}

pub async fn round_photo(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id, n)): Path<(String, String, usize)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let (t, b) = rp::round_photo(&st.db, me.as_ref(), &slug, &id, n)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(image(t, b))
}

pub async fn public_photo(
    State(st): State<AppState>,
    uri: Uri,
    Path((slug, n)): Path<(String, usize)>,
) -> Result<Response, WebError> {
    let (t, b) = rp::published_photo(&st.db, &slug, n)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(image(t, b))
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
