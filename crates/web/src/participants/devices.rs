//! Delegates' phones: the desk opens a pairing code (`/c/{slug}/credenciamento/celular`), the
//! delegate's phone confirms it (`/c/{slug}/celular`: the QR's link, or the code typed in the
//! page's field) and then asks for destaques
//! (`/c/{slug}/meu-celular`). The phone's cookie holds only a random token, scoped to the
//! conference's path.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::participants::devices as dv;
use app::plenary::regimento::DestaqueInput;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use domain::policy::Action;

pub(crate) const COOKIE: &str = "dlg";

pub(crate) fn device_token(h: &HeaderMap) -> Option<String> {
    h.get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

#[derive(Template)]
#[template(path = "participants/pairing_desk.html")]
struct DeskPage {
    slug: String,
    code: String,
    errors: Invalid,
    pairing: Option<dv::Pairing>,
    url: String,
    /// The pairing page without the code, to open and type the code in.
    pair_url: String,
    qr: String,
}

impl DeskPage {
    /// The desk's form, with the code typed and its problems.
    fn form(slug: String, code: String, errors: Invalid) -> Self {
        DeskPage {
            slug,
            code,
            errors,
            pairing: None,
            url: String::new(),
            pair_url: String::new(),
            qr: String::new(),
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn desk_form(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    app::platform::auth::authorize(&st.db, v.me(), &slug, Action::Credential).await?;
    respond::html(DeskPage::form(slug, String::new(), Invalid::default()))
}

/// The pairing just opened: its QR, the link and the page to type the code in. Not cached.
fn pairing_page(st: &AppState, slug: String, p: dv::Pairing) -> Response {
    let url = format!("{}{}", st.settings.public_url, p.path);
    let pair_url = format!("{}/c/{slug}/celular", st.settings.public_url);
    let qr = dv::qr_svg(&url);
    let page = DeskPage {
        pairing: Some(p),
        url,
        pair_url,
        qr,
        ..DeskPage::form(slug, String::new(), Invalid::default())
    };
    match respond::html(page) {
        Ok(res) => respond::no_store(res),
        Err(e) => e.into_response(),
    }
}

pub async fn desk_open(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CodeForm>,
) -> Result<Response, WebError> {
    respond::form(
        dv::start_pairing(&st.db, v.me(), &slug, &f.code).await,
        |p| pairing_page(&st, slug.clone(), p),
        |errors| async { respond::page(true, DeskPage::form(slug.clone(), f.code, errors)) },
    )
    .await
}

#[derive(Template)]
#[template(path = "participants/pairing_phone.html")]
struct PhonePairPage {
    slug: String,
    /// The valid code, sent again by "Sou eu" (only with `name`).
    codigo: String,
    /// What was typed in "Código do celular" (kept when refused).
    typed: String,
    title: String,
    name: Option<String>,
    error: Option<String>,
}

impl PhonePairPage {
    /// The form to type the code, with the reason the code was refused and the text as typed.
    fn refused(slug: String, typed: String, e: Invalid) -> Self {
        PhonePairPage {
            slug,
            codigo: String::new(),
            typed,
            title: String::new(),
            name: None,
            error: e.0.first().map(|x| x.message.clone()),
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Codigo {
    #[serde(default)]
    codigo: String,
}

#[derive(serde::Deserialize, Default)]
pub struct CodigoQuery {
    /// Absent: the page only asks for the code; present (from the QR or typed): checked.
    #[serde(default)]
    codigo: Option<String>,
}

/// The pairing page is personal (a name) and carries a code: kept out of caches and of other
/// sites' logs. 422 when it shows a refused code.
fn pair_page(refused: bool, t: PhonePairPage) -> Result<Response, WebError> {
    let mut res = respond::page(refused, t)?;
    res.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(respond::no_store(res))
}

/// `/c/{slug}/celular`: without a code, the field to type it; with one (the QR's link or the
/// typed field), whose phone it would pair, to confirm.
pub async fn phone_confirm(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<CodigoQuery>,
) -> Result<Response, WebError> {
    let Some(codigo) = q.codigo else {
        app::platform::auth::conference_scope(&st.db, &slug).await?;
        return pair_page(
            false,
            PhonePairPage::refused(slug, String::new(), Invalid::default()),
        );
    };
    match dv::pairing_name(&st.db, &slug, &codigo).await {
        Ok((title, name)) => pair_page(
            false,
            PhonePairPage {
                slug,
                codigo: codigo.trim().to_owned(),
                typed: String::new(),
                title,
                name: Some(name),
                error: None,
            },
        ),
        Err(Fail::Invalid(e)) => pair_page(true, PhonePairPage::refused(slug, codigo, e)),
        Err(other) => Err(other.into()),
    }
}

/// To the phone's page, with the cookie that holds the device's token.
pub(crate) fn paired(slug: &str, token: &str) -> Response {
    let cookie =
        format!("{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/c/{slug}; Max-Age=259200");
    match header::HeaderValue::from_str(&cookie) {
        Ok(v) => {
            let mut res = Redirect::to(&format!("/c/{slug}/meu-celular")).into_response();
            res.headers_mut().insert(header::SET_COOKIE, v);
            res
        }
        Err(_) => WebError::NotFound.into_response(),
    }
}

pub async fn phone_pair(
    State(st): State<AppState>,
    Path(slug): Path<String>,
    Form(f): Form<Codigo>,
) -> Result<Response, WebError> {
    respond::form(
        dv::complete_pairing(&st.db, &slug, &f.codigo).await,
        |token| paired(&slug, &token),
        |e| async { pair_page(true, PhonePairPage::refused(slug.clone(), f.codigo, e)) },
    )
    .await
}

#[derive(Template)]
#[template(path = "participants/phone.html")]
struct PhonePage {
    p: Option<dv::PhoneHome>,
    slug: String,
    errors: Invalid,
    d: DestaqueInput,
    saved: Option<&'static str>,
}

impl PhonePage {
    /// The destaques one may ask the floor on, as the board's `discussing` lists them: when they
    /// change, `celular.js` reloads the page.
    fn floor_key(&self) -> String {
        self.p
            .as_ref()
            .map(|p| {
                p.floor
                    .destaques
                    .iter()
                    .map(|(id, _)| id.as_str())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .unwrap_or_default()
    }
}

/// The delegate's phone page (`/c/{slug}/meu-celular`), with a refused form's problems and the
/// destaque as typed, or the confirmation of what was just done. A phone not paired (or no
/// longer) gets the page without a delegate, 403.
async fn phone_screen(
    st: &AppState,
    h: &HeaderMap,
    slug: String,
    errors: Invalid,
    d: DestaqueInput,
    saved: Option<&'static str>,
) -> Result<Response, WebError> {
    let token = device_token(h);
    let res = match dv::home(&st.db, &slug, token.as_deref()).await {
        Ok(p) => respond::page(
            !errors.is_empty(),
            PhonePage {
                p: Some(p),
                slug,
                errors,
                d,
                saved,
            },
        ),
        Err(Fail::Forbidden) => Ok((
            StatusCode::FORBIDDEN,
            Html(
                PhonePage {
                    p: None,
                    slug,
                    errors: Invalid::default(),
                    d,
                    saved: None,
                }
                .render()?,
            ),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    };
    // The delegate's own page (name, what they asked for, the vote's buttons): never cached.
    res.map(respond::no_store)
}

/// The answer to a phone's form of another context (a vote, a moção, priorities): `ok` (given
/// the slug and the use case's value) when it went through; otherwise the phone's page again,
/// with the reason next to the form on `Invalid`, or as it is on `Forbidden` (the page itself
/// says why the phone can't act).
pub(crate) async fn on_phone<T>(
    st: &AppState,
    h: &HeaderMap,
    slug: String,
    result: Result<T, Fail>,
    ok: impl FnOnce(String, T) -> Result<Response, WebError>,
) -> Result<Response, WebError> {
    let errors = match result {
        Ok(v) => return ok(slug, v),
        Err(Fail::Invalid(e)) => e,
        Err(Fail::Forbidden) => Invalid::default(),
        Err(other) => return Err(other.into()),
    };
    phone_screen(st, h, slug, errors, Default::default(), None).await
}

/// The answer to a phone's form: back to `/c/{slug}/meu-celular?ok=<ok>`, or the phone's page
/// again with the problems and the destaque as typed.
async fn phone_form(
    st: &AppState,
    h: &HeaderMap,
    slug: String,
    result: Result<(), Fail>,
    ok: &str,
    d: DestaqueInput,
) -> Result<Response, WebError> {
    respond::form(
        result,
        |()| respond::back(&format!("/c/{slug}/meu-celular"), ok),
        |e| phone_screen(st, h, slug.clone(), e, d, None),
    )
    .await
}

/// A phone no longer paired sees its page (403, without a delegate) rather than an error.
fn forbidden_as_page(result: Result<(), Fail>) -> Result<(), Fail> {
    match result {
        Err(Fail::Forbidden) => Err(Fail::Invalid(Invalid::default())),
        other => other,
    }
}

pub async fn phone_home(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let saved = match n.code() {
        Some("mocao") => Some("Moção registrada: você é a primeira assinatura."),
        Some("assinada") => Some("Assinatura registrada."),
        Some("prioridades") => Some("Prioridades registradas."),
        Some("relatoria") => Some("Proposta do grupo alterada."),
        Some("relatoria-ordem") => Some("Ordem das propostas do grupo alterada."),
        Some("presente") => Some("Presença registrada: você está na plenária a distância."),
        Some("saiu") => Some(
            "Você saiu da plenária a distância. Para voltar, responda à próxima chamada da mesa.",
        ),
        Some("palavra") => {
            Some("Pedido de fala enviado: seu nome está na lista do destaque, na ordem de chegada.")
        }
        Some("palavra-retirada") => Some("Você saiu da lista de falas."),
        Some("ordem") => Some("Questão de ordem enviada: a mesa a vê antes das falas."),
        Some("ordem-retirada") => Some("Questão de ordem retirada."),
        Some("credenciado") => Some(
            "Credenciamento online feito: este aparelho é o seu na plenária. Responda à chamada quando a mesa abrir.",
        ),
        Some(_) => Some("Destaque enviado para a mesa."),
        None => None,
    };
    phone_screen(&st, &h, slug, Invalid::default(), Default::default(), saved).await
}

pub async fn phone_flag(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(d): Form<DestaqueInput>,
) -> Result<Response, WebError> {
    let result = dv::flag(&st.db, &slug, device_token(&h).as_deref(), &d).await;
    phone_form(&st, &h, slug, forbidden_as_page(result), "1", d).await
}

pub async fn phone_flag_proposal(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(d): Form<app::plenary::final_plenary::DestaqueInput>,
) -> Result<Response, WebError> {
    let result = dv::flag_proposal(&st.db, &slug, device_token(&h).as_deref(), &d).await;
    let result = forbidden_as_page(result);
    phone_form(&st, &h, slug, result, "1", Default::default()).await
}

/// "Estou presente": a remote delegate answers the table's roll call (ADR 0040).
pub async fn phone_present(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result = app::plenary::presence::answer(&st.db, &slug, token.as_deref()).await;
    phone_form(
        &st,
        &h,
        slug,
        forbidden_as_page(result),
        "presente",
        Default::default(),
    )
    .await
}

/// "Sair da plenária": a remote delegate stops being present until the next roll call.
pub async fn phone_leave(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result = app::plenary::presence::leave(&st.db, &slug, token.as_deref()).await;
    phone_form(
        &st,
        &h,
        slug,
        forbidden_as_page(result),
        "saiu",
        Default::default(),
    )
    .await
}

/// A remote phone's sign of life (every minute, from `celular.js`): 204, or 403 for a phone not
/// paired.
pub async fn phone_beat(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    app::plenary::presence::beat(&st.db, &slug, token.as_deref()).await?;
    Ok(respond::no_store(StatusCode::NO_CONTENT.into_response()))
}

/// "Pedir a palavra" on a destaque under discussion (ADR 0040).
pub async fn phone_floor(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(i): Form<app::plenary::final_plenary::FloorInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result = app::plenary::final_plenary::ask_floor(&st.db, &slug, token.as_deref(), &i).await;
    phone_form(
        &st,
        &h,
        slug,
        forbidden_as_page(result),
        "palavra",
        Default::default(),
    )
    .await
}

/// The delegate takes their name off a speakers' list.
pub async fn phone_floor_withdraw(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result =
        app::plenary::final_plenary::withdraw_floor(&st.db, &slug, token.as_deref(), &id).await;
    phone_form(
        &st,
        &h,
        slug,
        forbidden_as_page(result),
        "palavra-retirada",
        Default::default(),
    )
    .await
}

/// A point of order from the phone.
pub async fn phone_order(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(i): Form<app::plenary::final_plenary::OrderInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result = app::plenary::final_plenary::ask_order(&st.db, &slug, token.as_deref(), &i).await;
    phone_form(
        &st,
        &h,
        slug,
        forbidden_as_page(result),
        "ordem",
        Default::default(),
    )
    .await
}

/// The delegate withdraws their point of order.
pub async fn phone_order_withdraw(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result =
        app::plenary::final_plenary::withdraw_order(&st.db, &slug, token.as_deref(), &id).await;
    phone_form(
        &st,
        &h,
        slug,
        forbidden_as_page(result),
        "ordem-retirada",
        Default::default(),
    )
    .await
}

/// The order asked for a proposal: `up` or `down`.
#[derive(serde::Deserialize, Default)]
pub struct Direction {
    #[serde(default)]
    to: String,
}

/// The group's rapporteur corrects a proposal of their group from the phone; any other phone is
/// refused (403).
pub async fn report_edit(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    Form(input): Form<app::plenary::groups::ProposalInput>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result = dv::report_edit(&st.db, &slug, token.as_deref(), &id, &input).await;
    phone_form(&st, &h, slug, result, "relatoria", Default::default()).await
}

/// The group's rapporteur moves a proposal of their group up or down from the phone.
pub async fn report_move(
    State(st): State<AppState>,
    h: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    Form(d): Form<Direction>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let result = dv::report_move(&st.db, &slug, token.as_deref(), &id, d.to == "up").await;
    phone_form(&st, &h, slug, result, "relatoria-ordem", Default::default()).await
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(
            "/c/{slug}/credenciamento/celular",
            get(desk_form).post(desk_open),
        )
        .route("/c/{slug}/celular", get(phone_confirm).post(phone_pair))
        .route("/c/{slug}/meu-celular", get(phone_home))
        .route("/c/{slug}/meu-celular/destaques", post(phone_flag))
        .route("/c/{slug}/meu-celular/presente", post(phone_present))
        .route("/c/{slug}/meu-celular/sair", post(phone_leave))
        .route("/c/{slug}/meu-celular/sinal", post(phone_beat))
        .route("/c/{slug}/meu-celular/palavra", post(phone_floor))
        .route(
            "/c/{slug}/meu-celular/palavra/{id}/retirar",
            post(phone_floor_withdraw),
        )
        .route("/c/{slug}/meu-celular/ordem", post(phone_order))
        .route(
            "/c/{slug}/meu-celular/ordem/{id}/retirar",
            post(phone_order_withdraw),
        )
        .route(
            "/c/{slug}/meu-celular/relatoria/{id}/editar",
            post(report_edit),
        )
        .route(
            "/c/{slug}/meu-celular/relatoria/{id}/ordem",
            post(report_move),
        )
        .route(
            "/c/{slug}/meu-celular/destaques-propostas",
            post(phone_flag_proposal),
        )
}
