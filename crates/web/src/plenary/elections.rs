//! Delegate elections on the web (ADR 0013): the table's pages under `/c/{slug}/plenaria/eleicao…`
//! (seats, candidates, each segment's poll, the result and the carry to the parent conference),
//! the phone's vote (`POST /c/{slug}/meu-celular/eleger/confirmar` shows the choice, writing
//! nothing; `POST /c/{slug}/meu-celular/eleger` casts it, answered with the receipt), the public
//! result (`/c/{slug}/eleicao`: names, segments and seats; the quota only as counts), the receipt
//! check (`/c/{slug}/eleicao/votacoes/{poll}/comprovante`) and each poll's hash chain
//! (`/c/{slug}/eleicao/votacoes/{poll}/registro.json`).

use super::console::{self, answer, console};
use crate::participants::devices::{device_token, on_phone};
use crate::plenary::voting::{ReceiptForm, checked};
use crate::respond::{self, Notice, Viewer, fresh, no_store};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::elections as el;
use askama::Template;
use axum::{
    Form, Json,
    extract::{Path, Query, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "plenary/elections/console.html")]
struct ConsolePage {
    slug: String,
    s: el::Setup,
    c: el::Console,
    errors: Invalid,
    input: el::SetupInput,
    code: String,
    notice: Option<&'static str>,
    /// The appointment form as typed: the act and each person's seat by registration id.
    act: String,
    appointed_seats: std::collections::HashMap<String, String>,
    /// The parent's published orientation (ADR 0036).
    orientation: Option<app::setup::orientation::ChildView>,
}

impl ConsolePage {
    /// The seat chosen for a government delegate on the appointment form.
    fn seat_of(&self, id: &str) -> &str {
        self.appointed_seats
            .get(id)
            .map(String::as_str)
            .unwrap_or("")
    }
}

fn notice_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "vagas" => "Vagas e regra de desempate salvas.",
        "candidatura" => "Candidatura registrada.",
        "retirada" => "Candidatura retirada.",
        "aberta" => {
            "Votação do segmento aberta: os(as) delegados(as) presentes do segmento já podem votar pelo celular."
        }
        "encerrada" => "Votação do segmento encerrada.",
        "indicacao" => {
            "Indicação do governo registrada. Se o resultado já tinha sido apurado, apure de novo."
        }
        "turno" => {
            "Novo turno aberto: os(as) delegados(as) presentes do segmento já podem votar pelo celular."
        }
        "apurado" => "Resultado apurado.",
        "levado" => "Eleitos(as) inscritos(as) na conferência da etapa seguinte.",
        _ => return None,
    })
}

#[derive(Default)]
pub(crate) struct Shown {
    errors: Invalid,
    input: Option<el::SetupInput>,
    code: String,
    notice: Option<&'static str>,
    /// The appointment form as sent (on an error).
    appoint: Option<el::AppointInput>,
}

async fn page(st: &AppState, v: &Viewer, slug: &str, shown: Shown) -> Result<Response, WebError> {
    let s = el::setup(&st.db, v.me(), slug).await?;
    let c = el::console(&st.db, v.me(), slug).await?;
    let orientation = app::setup::orientation::for_child(&st.db, v.me(), slug).await?;
    let input = shown.input.unwrap_or_else(|| el::SetupInput {
        titulares: if s.sample || s.state_label.is_some() {
            String::new()
        } else {
            s.titulares.to_string()
        },
        tie_rule: s.tie_rule.to_owned(),
        seed: if s.saved {
            s.seed.clone()
        } else {
            String::new()
        },
        government: s.government.to_owned(),
    });
    let (act, appointed_seats) = match shown.appoint {
        Some(a) => (a.act, a.seats.into_iter().collect()),
        None => (
            s.government_act.clone().unwrap_or_default(),
            s.government_delegates
                .iter()
                .map(|d| (d.id.clone(), d.seat.clone()))
                .collect(),
        ),
    };
    respond::page(
        !shown.errors.is_empty(),
        ConsolePage {
            slug: slug.to_owned(),
            s,
            c,
            errors: shown.errors,
            input,
            code: shown.code,
            notice: shown.notice,
            act,
            appointed_seats,
            orientation,
        },
    )
}

console::declare!(Elections, "plenaria/eleicao", Shown, page, notice_text);

pub async fn save_setup(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(i): Form<el::SetupInput>,
) -> Result<Response, WebError> {
    let r = el::save_setup(&st.db, v.me(), &slug, &i).await;
    let shown = Shown {
        input: Some(i),
        ..Default::default()
    };
    answer::<Elections, _>(&st, &v, &slug, r, |_| "vagas", shown).await
}

#[derive(serde::Deserialize, Default)]
pub struct CandidateForm {
    #[serde(default)]
    code: String,
}

pub async fn add_candidate(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CandidateForm>,
) -> Result<Response, WebError> {
    let r = el::add_candidate(&st.db, v.me(), &slug, &f.code).await;
    let shown = Shown {
        code: f.code,
        ..Default::default()
    };
    answer::<Elections, _>(&st, &v, &slug, r, |_| "candidatura", shown).await
}

pub async fn remove_candidate(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = el::remove_candidate(&st.db, v.me(), &slug, &id).await;
    answer::<Elections, _>(&st, &v, &slug, r, |_| "retirada", Shown::default()).await
}

pub async fn open_poll(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, segment)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = el::open_poll(&st.db, v.me(), &slug, &segment).await;
    answer::<Elections, _>(&st, &v, &slug, r, |_| "aberta", Shown::default()).await
}

/// Records the government's delegates appointed by the manager: the form's `ato` is the act,
/// each `ind-{registration}` field is `titular`, `suplente` or blank.
pub async fn appoint(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let mut i = el::AppointInput::default();
    for (k, value) in pairs {
        if k == "ato" {
            i.act = value;
        } else if let Some(id) = k.strip_prefix("ind-") {
            i.seats.push((id.to_owned(), value));
        }
    }
    let r = el::appoint(&st.db, v.me(), &slug, &i).await;
    let shown = Shown {
        appoint: Some(i),
        ..Default::default()
    };
    answer::<Elections, _>(&st, &v, &slug, r, |_| "indicacao", shown).await
}

/// Opens a new round of a segment's poll for the candidates checked (`candidato` fields).
pub async fn open_round(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, segment)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let ids: Vec<String> = pairs
        .into_iter()
        .filter(|(k, _)| k == "candidato")
        .map(|(_, v)| v)
        .collect();
    let r = el::open_round(&st.db, v.me(), &slug, &segment, &ids).await;
    answer::<Elections, _>(&st, &v, &slug, r, |_| "turno", Shown::default()).await
}

/// Closes a segment's poll; the form's `sala-{candidate}` fields are the room's counts.
pub async fn close_poll(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let room: el::RoomCounts = pairs
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("sala-").map(|k| (k.to_owned(), v)))
        .collect();
    let r = el::close_poll(&st.db, v.me(), &slug, &id, &room).await;
    answer::<Elections, _>(&st, &v, &slug, r, |_| "encerrada", Shown::default()).await
}

pub async fn compute(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    respond::form(
        el::compute(&st.db, v.me(), &slug).await,
        |()| respond::back(&format!("/c/{slug}/plenaria/eleicao/resultado"), "apurado"),
        |errors| {
            let shown = Shown {
                errors,
                ..Default::default()
            };
            page(&st, &v, &slug, shown)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "plenary/elections/result.html")]
struct ResultPage {
    slug: String,
    r: el::ResultView,
    staff: bool,
    errors: Invalid,
    notice: Option<&'static str>,
    carried: Option<el::Carried>,
}

/// The staff's result page, with the errors of the carry or what it did.
async fn result_page(
    st: &AppState,
    v: &Viewer,
    slug: String,
    errors: Invalid,
    notice: Option<&'static str>,
    carried: Option<el::Carried>,
) -> Result<Response, WebError> {
    let r = el::result(&st.db, v.me(), &slug).await?;
    respond::page(
        !errors.is_empty(),
        ResultPage {
            slug,
            r,
            staff: true,
            errors,
            notice,
            carried,
        },
    )
}

pub async fn result(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = n.code().and_then(notice_text);
    result_page(&st, &v, slug, Invalid::default(), notice, None).await
}

/// Carries the elected to the parent conference (idempotent) and shows what it did.
pub async fn carry(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (errors, carried) = match el::carry(&st.db, v.me(), &slug).await {
        Ok(c) => (Invalid::default(), Some(c)),
        Err(Fail::Invalid(e)) => (e, None),
        Err(other) => return Err(other.into()),
    };
    let notice = carried
        .as_ref()
        .map(|_| "Eleitos(as) levados(as) à conferência da etapa seguinte.");
    result_page(&st, &v, slug, errors, notice, carried).await
}

/// The public result: names, segments and seats; the quota only as counts.
pub async fn public_result(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let r = el::public_result(&st.db, &slug).await?;
    respond::html(ResultPage {
        slug,
        r,
        staff: false,
        errors: Invalid::default(),
        notice: None,
        carried: None,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct CastForm {
    #[serde(default)]
    poll: String,
    #[serde(default)]
    candidate: String,
}

#[derive(Template)]
#[template(path = "plenary/elections/voted.html")]
struct VotedPage {
    slug: String,
    r: el::Receipt,
}

#[derive(Template)]
#[template(path = "plenary/elections/confirm_vote.html")]
struct ConfirmPage {
    slug: String,
    c: app::participants::devices::PollChoice,
}

/// The phone's candidate, shown for confirmation before the vote is cast ("Você escolheu:
/// <nome>. Confirmar / Mudar"). Nothing is written: "Confirmar" posts to `cast`.
pub async fn choose(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<CastForm>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let r = app::participants::devices::poll_choice(
        &st.db,
        &slug,
        token.as_deref(),
        &f.poll,
        &f.candidate,
    )
    .await;
    on_phone(&st, &h, slug, r, |slug, c| fresh(ConfirmPage { slug, c })).await
}

/// A phone's vote in its segment's election. The answer is the receipt page itself (not a
/// redirect): the receipt code is shown once and never travels in a URL. A refusal shows the
/// phone's page with the reason.
pub async fn cast(
    State(st): State<AppState>,
    h: HeaderMap,
    Path(slug): Path<String>,
    Form(f): Form<CastForm>,
) -> Result<Response, WebError> {
    let token = device_token(&h);
    let r = el::cast(&st.db, &slug, token.as_deref(), &f.poll, &f.candidate).await;
    on_phone(&st, &h, slug, r, |slug, r| fresh(VotedPage { slug, r })).await
}

#[derive(Template)]
#[template(path = "plenary/elections/receipt.html")]
struct ReceiptPage {
    slug: String,
    id: String,
    segment: &'static str,
    codigo: String,
    errors: Invalid,
    check: Option<el::ReceiptCheck>,
}

/// The receipt check's page (the poll must have a chain, else 404): the form, and what the code
/// typed in it (`codigo`, when one was sent) was found to be, or 422 with what is wrong with it.
async fn receipt_page(
    st: &AppState,
    slug: String,
    id: String,
    codigo: Option<String>,
) -> Result<Response, WebError> {
    let r = el::record(&st.db, &slug, &id).await?;
    let (errors, check) = match &codigo {
        Some(c) => checked(el::check_receipt(&st.db, &slug, &id, c).await)?,
        None => (Invalid::default(), None),
    };
    respond::page(
        !errors.is_empty(),
        ReceiptPage {
            slug,
            id,
            segment: r.segment,
            codigo: codigo.unwrap_or_default(),
            errors,
            check,
        },
    )
}

/// The receipt check's form (public).
pub async fn receipt_form(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    receipt_page(&st, slug, id, None).await
}

/// Checks a receipt code typed in the form (the code goes in the body, never in the URL).
pub async fn receipt_check(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<ReceiptForm>,
) -> Result<Response, WebError> {
    receipt_page(&st, slug, id, Some(f.codigo))
        .await
        .map(no_store)
}

/// A poll's hash chain and whether it holds (public: receipts' hashes and candidates, no voter).
pub async fn record(
    State(st): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = el::record(&st.db, &slug, &id).await?;
    Ok(Json(r).into_response())
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // Delegate elections to the next level (ADR 0013).
        .route("/c/{slug}/plenaria/eleicao", get(console::<Elections>))
        .route("/c/{slug}/plenaria/eleicao/vagas", post(save_setup))
        .route(
            "/c/{slug}/plenaria/eleicao/candidaturas",
            post(add_candidate),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/candidaturas/{id}/retirar",
            post(remove_candidate),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/segmentos/{segment}/abrir",
            post(open_poll),
        )
        .route(
            "/c/{slug}/plenaria/eleicao/segmentos/{segment}/novo-turno",
            post(open_round),
        )
        .route("/c/{slug}/plenaria/eleicao/governo", post(appoint))
        .route(
            "/c/{slug}/plenaria/eleicao/votacoes/{id}/encerrar",
            post(close_poll),
        )
        .route("/c/{slug}/plenaria/eleicao/apurar", post(compute))
        .route("/c/{slug}/plenaria/eleicao/resultado", get(result))
        .route("/c/{slug}/plenaria/eleicao/levar", post(carry))
        .route("/c/{slug}/meu-celular/eleger", post(cast))
        .route("/c/{slug}/meu-celular/eleger/confirmar", post(choose))
        .route("/c/{slug}/eleicao", get(public_result))
        .route(
            "/c/{slug}/eleicao/votacoes/{id}/comprovante",
            get(receipt_form).post(receipt_check),
        )
        .route("/c/{slug}/eleicao/votacoes/{id}/registro.json", get(record))
}
