//! Working groups (`/c/{slug}/plenaria/grupos…`) and the final plenary over their proposals
//! (`/c/{slug}/plenaria/final…`), for the table staff; the public deliberations
//! (`/c/{slug}/deliberacoes`).

use super::console::{self, answer, console};
use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::final_plenary as fp;
use app::plenary::groups as g;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::Response,
};
use domain::Invalid;

/// After a distribution: how many were placed and how many chose an eixo without a group.
#[derive(serde::Deserialize, Default)]
pub struct Distributed {
    #[serde(default)]
    n: Option<usize>,
    #[serde(default)]
    sem_grupo: Option<usize>,
}

/// The notice after "Distribuir quem está sem grupo".
fn distributed_text(n: usize, without: usize) -> String {
    let mut t = match n {
        0 => "Pessoas distribuídas nos grupos: nenhuma, todas já estavam em um grupo.".to_owned(),
        n => format!("Pessoas distribuídas nos grupos: {n}."),
    };
    match without {
        0 => {}
        1 => t.push_str(
            " 1 pessoa escolheu um eixo que não tem grupo: foi para o grupo com menos gente.",
        ),
        w => t.push_str(&format!(
            " {w} pessoas escolheram um eixo que não tem grupo: foram para os grupos com menos gente."
        )),
    }
    t
}

fn notice_text(code: &str) -> Option<String> {
    Some(
        match code {
            "grupo" => "Grupo criado.",
            "distribuidos" => "Pessoas distribuídas nos grupos.",
            "config" => "Configuração salva.",
            "membro" => "Pessoa incluída no grupo.",
            "papeis" => "Facilitação e relatoria registradas.",
            "proposta" => "Proposta registrada.",
            "editada" => "Proposta alterada.",
            "trazida" => "Proposta da pré-conferência trazida para o grupo, com a sua origem.",
            "trazidas" => {
                "Propostas das pré-conferências trazidas para o grupo, com as suas origens."
            }
            "trazida-digital" => {
                "Proposta da etapa digital trazida para o grupo, com a sua origem e os seus apoios."
            }
            "trazidas-digital" => {
                "Propostas da etapa digital trazidas para o grupo, com as suas origens e os seus apoios."
            }
            "juntada" => "Propostas juntadas: as origens das duas ficam registradas.",
            "ordem" => "Ordem alterada.",
            "group_approved" => "Votação do grupo: aprovada, vai à plenária.",
            "group_minority" => {
                "Votação do grupo: minoritária, vai à plenária como proposta minoritária."
            }
            "group_rejected" => "Votação do grupo: rejeitada.",
            "destaque" => "Destaque registrado.",
            "retirado" => "Destaque retirado.",
            "fala" => "Inscrição de fala registrada.",
            code if code.starts_with("ordem") => return crate::plenary::floor::notice(code),
            "tempo" => "Tempo de fala atualizado.",
            "aprovado" => "Votação registrada: aprovado.",
            "rejeitado" => "Votação registrada: rejeitado.",
            "aberta" => {
                "Votação aberta: os(as) delegados(as) presentes já podem votar pelo celular."
            }
            _ => return None,
        }
        .to_owned(),
    )
}

// ---- overview ----------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "plenary/groups.html")]
struct GroupsPage {
    o: g::Overview,
    slug: String,
    errors: Invalid,
    notice: Option<String>,
    group_name: String,
    minority: String,
}

async fn groups_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    notice: Option<String>,
    name: String,
) -> Result<Response, WebError> {
    let o = g::overview(&st.db, v.me(), slug).await?;
    respond::page(
        !errors.is_empty(),
        GroupsPage {
            minority: o.minority_pct.map(|p| p.to_string()).unwrap_or_default(),
            slug: o.slug.clone(),
            o,
            errors,
            notice,
            group_name: name,
        },
    )
}

pub async fn overview(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
    Query(d): Query<Distributed>,
) -> Result<Response, WebError> {
    let notice = match (n.code(), d.n) {
        (Some("distribuidos"), Some(placed)) => {
            Some(distributed_text(placed, d.sem_grupo.unwrap_or(0)))
        }
        (ok, _) => ok.and_then(notice_text),
    };
    groups_page(&st, &v, &slug, Invalid::default(), notice, String::new()).await
}

#[derive(serde::Deserialize, Default)]
pub struct NewGroup {
    #[serde(default)]
    eixo: String,
    #[serde(default)]
    name: String,
}

fn to_groups(slug: &str, ok: &str) -> Response {
    respond::back(&format!("/c/{slug}/plenaria/grupos"), ok)
}

pub async fn create(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<NewGroup>,
) -> Result<Response, WebError> {
    respond::form(
        g::create_group(&st.db, v.me(), &slug, &f.eixo, &f.name).await,
        |_| to_groups(&slug, "grupo"),
        |e| groups_page(&st, &v, &slug, e, None, f.name),
    )
    .await
}

pub async fn assign(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    respond::form(
        g::assign_balanced(&st.db, v.me(), &slug).await,
        |a| {
            let ok = format!(
                "distribuidos&n={}&sem_grupo={}",
                a.placed, a.eixo_without_group
            );
            to_groups(&slug, &ok)
        },
        |e| groups_page(&st, &v, &slug, e, None, String::new()),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct Settings {
    #[serde(default)]
    minority_pct: String,
}

pub async fn settings(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<Settings>,
) -> Result<Response, WebError> {
    respond::form(
        g::save_settings(&st.db, v.me(), &slug, &f.minority_pct).await,
        |()| to_groups(&slug, "config"),
        |e| groups_page(&st, &v, &slug, e, None, String::new()),
    )
    .await
}

// ---- one group ---------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "plenary/group.html")]
struct GroupPage {
    gp: g::GroupPage,
    slug: String,
    errors: Invalid,
    /// Which form the errors belong to ("nova", a proposal id, "membro", "papeis").
    error_for: String,
    notice: Option<String>,
    input: g::ProposalInput,
    counts: app::plenary::regimento::CountInput,
}

/// What the group's page shows besides the group: errors of one form with its typed values, a
/// notice.
#[derive(Default)]
struct Shown {
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    input: g::ProposalInput,
    counts: app::plenary::regimento::CountInput,
}

async fn group_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    id: &str,
    s: Shown,
) -> Result<Response, WebError> {
    let gp = g::group(&st.db, v.me(), slug, id).await?;
    respond::page(
        !s.errors.is_empty(),
        GroupPage {
            slug: gp.slug.clone(),
            gp,
            errors: s.errors,
            error_for: s.error_for,
            notice: s.notice,
            input: s.input,
            counts: s.counts,
        },
    )
}

pub async fn group(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let s = Shown {
        notice: n.code().and_then(notice_text),
        ..Default::default()
    };
    group_page(&st, &v, &slug, &id, s).await
}

fn to_group(slug: &str, id: &str, ok: &str) -> Response {
    respond::back(&format!("/c/{slug}/plenaria/grupos/{id}"), ok)
}

/// Answers a use case on the group `id`: back to it with the code `ok` makes of the value, or its
/// page again with the errors (`shown` names the form and keeps what was typed).
async fn on_group<T>(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    r: Result<T, Fail>,
    ok: impl FnOnce(T) -> &'static str,
    shown: Shown,
) -> Result<Response, WebError> {
    respond::form(
        r,
        |x| to_group(slug, id, ok(x)),
        |errors| group_page(st, v, slug, id, Shown { errors, ..shown }),
    )
    .await
}

/// The group a proposal belongs to (for redirects and re-rendering).
async fn group_of_proposal(st: &AppState, id: &str) -> Result<String, WebError> {
    use sea_orm::EntityTrait;
    let pid = uuid::Uuid::parse_str(id).map_err(|_| WebError::NotFound)?;
    let p = store::entities::proposal::Entity::find_by_id(pid)
        .one(&st.db.conn)
        .await
        .map_err(|e| WebError::from(store::Error::from(e)))?
        .ok_or(WebError::NotFound)?;
    p.group_id.map(|g| g.to_string()).ok_or(WebError::NotFound)
}

/// Answers a use case on the proposal `id` like [`on_group`], for the proposal's group, with the
/// errors next to the proposal. A refusal (no permission, no such proposal) ends here, before the
/// group is looked up.
async fn on_proposal<T>(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    r: Result<T, Fail>,
    ok: impl FnOnce(T) -> &'static str,
    shown: Shown,
) -> Result<Response, WebError> {
    if let Err(f @ (Fail::Forbidden | Fail::NeedsLogin | Fail::NotFound)) = r {
        return Err(f.into());
    }
    let group = group_of_proposal(st, id).await?;
    let shown = Shown {
        error_for: id.to_owned(),
        ..shown
    };
    on_group(st, v, (slug, &group), r, ok, shown).await
}

#[derive(serde::Deserialize, Default)]
pub struct Code {
    #[serde(default)]
    code: String,
}

pub async fn add_member(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Code>,
) -> Result<Response, WebError> {
    let r = g::add_member(&st.db, v.me(), &slug, &id, &f.code).await;
    let shown = Shown {
        error_for: "membro".into(),
        ..Default::default()
    };
    on_group(&st, &v, (&slug, &id), r, |()| "membro", shown).await
}

#[derive(serde::Deserialize, Default)]
pub struct Roles {
    #[serde(default)]
    facilitator: String,
    #[serde(default)]
    rapporteur: String,
}

pub async fn roles(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Roles>,
) -> Result<Response, WebError> {
    let r = g::set_roles(&st.db, v.me(), &slug, &id, &f.facilitator, &f.rapporteur).await;
    let shown = Shown {
        error_for: "papeis".into(),
        ..Default::default()
    };
    on_group(&st, &v, (&slug, &id), r, |()| "papeis", shown).await
}

pub async fn add_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(input): Form<g::ProposalInput>,
) -> Result<Response, WebError> {
    let r = g::add_proposal(&st.db, v.me(), &slug, &id, &input).await;
    let shown = Shown {
        error_for: "nova".into(),
        input,
        ..Default::default()
    };
    on_group(&st, &v, (&slug, &id), r, |_| "proposta", shown).await
}

#[derive(serde::Deserialize)]
pub struct BringInput {
    #[serde(default)]
    item: String,
}

/// Brings proposals of the units' meetings (one, or all of the eixo) into the group.
pub async fn bring_from_units(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<BringInput>,
) -> Result<Response, WebError> {
    let r =
        app::mobilization::proposals::bring_into_group(&st.db, v.me(), &slug, &id, &f.item).await;
    let code = |n: usize| if n == 1 { "trazida" } else { "trazidas" };
    on_group(&st, &v, (&slug, &id), r, code, Shown::default()).await
}

/// Brings proposals of the etapa digital (one, or all of the eixo) into the group.
pub async fn bring_from_online(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<BringInput>,
) -> Result<Response, WebError> {
    let r = app::mobilization::online::bring_into_group(&st.db, v.me(), &slug, &id, &f.item).await;
    let code = |n: usize| {
        if n == 1 {
            "trazida-digital"
        } else {
            "trazidas-digital"
        }
    };
    on_group(&st, &v, (&slug, &id), r, code, Shown::default()).await
}

pub async fn edit_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(input): Form<g::ProposalInput>,
) -> Result<Response, WebError> {
    let r = g::edit_proposal(&st.db, v.me(), &slug, &id, &input).await;
    let shown = Shown {
        input,
        ..Default::default()
    };
    on_proposal(&st, &v, (&slug, &id), r, |()| "editada", shown).await
}

#[derive(serde::Deserialize, Default)]
pub struct Other {
    #[serde(default)]
    other: String,
}

pub async fn merge(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Other>,
) -> Result<Response, WebError> {
    let r = g::merge(&st.db, v.me(), &slug, &id, &f.other).await;
    on_proposal(&st, &v, (&slug, &id), r, |()| "juntada", Shown::default()).await
}

#[derive(serde::Deserialize, Default)]
pub struct Direction {
    #[serde(default)]
    to: String,
}

pub async fn move_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Direction>,
) -> Result<Response, WebError> {
    g::move_proposal(&st.db, v.me(), &slug, &id, f.to == "up").await?;
    let group = group_of_proposal(&st, &id).await?;
    Ok(to_group(&slug, &group, "ordem"))
}

pub async fn group_vote(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let r = g::group_vote(&st.db, v.me(), &slug, &id, &counts).await;
    let shown = Shown {
        counts,
        ..Default::default()
    };
    on_proposal(&st, &v, (&slug, &id), r, |o| o.code(), shown).await
}

// ---- final plenary -----------------------------------------------------------------------

#[derive(Template)]
#[template(path = "plenary/final.html")]
struct FinalPage {
    c: fp::Console,
    slug: String,
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    d: fp::DestaqueInput,
    counts: app::plenary::regimento::CountInput,
    /// The table's point-of-order form as typed (kept on 422).
    order: fp::OrderInput,
}

/// What the final plenary's page shows besides the console: errors of one form with its typed
/// values, a notice.
#[derive(Default)]
pub(crate) struct FShown {
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    d: fp::DestaqueInput,
    counts: app::plenary::regimento::CountInput,
    order: fp::OrderInput,
}

impl FShown {
    /// The page with the table's point-of-order form as typed.
    pub(crate) fn with_order(order: fp::OrderInput) -> Self {
        FShown {
            order,
            ..Default::default()
        }
    }
}

async fn final_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    s: FShown,
) -> Result<Response, WebError> {
    let c = fp::console(&st.db, v.me(), slug).await?;
    respond::page(
        !s.errors.is_empty(),
        FinalPage {
            slug: c.slug.clone(),
            c,
            errors: s.errors,
            error_for: s.error_for,
            notice: s.notice,
            d: s.d,
            counts: s.counts,
            order: s.order,
        },
    )
}

/// The final plenary's page with the errors of the form `error_for` and the counts typed in it.
pub(crate) async fn final_with_errors(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    errors: Invalid,
    error_for: String,
    counts: app::plenary::regimento::CountInput,
) -> Result<Response, WebError> {
    let s = FShown {
        errors,
        error_for,
        counts,
        ..Default::default()
    };
    final_page(st, v, slug, s).await
}

console::declare!(
    FinalPlenary,
    "plenaria/final",
    FShown,
    final_page,
    notice_text
);

pub async fn final_destaque(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(d): Form<fp::DestaqueInput>,
) -> Result<Response, WebError> {
    let r = fp::add_destaque(&st.db, v.me(), &slug, &d).await;
    let shown = FShown {
        error_for: format!("d-{}", d.proposal),
        d,
        ..Default::default()
    };
    answer::<FinalPlenary, _>(&st, &v, &slug, r, |()| "destaque", shown).await
}

pub async fn final_withdraw(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let r = fp::withdraw_destaque(&st.db, v.me(), &slug, &id).await;
    answer::<FinalPlenary, _>(&st, &v, &slug, r, |()| "retirado", FShown::default()).await
}

#[derive(serde::Deserialize, Default)]
pub struct SpeakerForm {
    #[serde(default)]
    side: String,
    #[serde(default)]
    name: String,
}

pub async fn add_speaker(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<SpeakerForm>,
) -> Result<Response, WebError> {
    let r = fp::add_speaker(&st.db, v.me(), &slug, &id, &f.side, &f.name).await;
    let shown = FShown {
        error_for: format!("s-{id}"),
        ..Default::default()
    };
    answer::<FinalPlenary, _>(&st, &v, &slug, r, |()| "fala", shown).await
}

/// Starts (`start`) or ends the speech of the speaker `id`.
async fn speech(
    st: AppState,
    v: Viewer,
    (slug, id): (String, String),
    start: bool,
) -> Result<Response, WebError> {
    let r = fp::speech(&st.db, v.me(), &slug, &id, start).await;
    answer::<FinalPlenary, _>(&st, &v, &slug, r, |()| "tempo", FShown::default()).await
}

pub async fn start_speech(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    speech(st, v, at, true).await
}

pub async fn end_speech(
    State(st): State<AppState>,
    v: Viewer,
    Path(at): Path<(String, String)>,
) -> Result<Response, WebError> {
    speech(st, v, at, false).await
}

pub async fn final_vote_destaque(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let r = fp::vote_destaque(&st.db, v.me(), &slug, &id, &counts).await;
    let shown = FShown {
        error_for: id,
        counts,
        ..Default::default()
    };
    answer::<FinalPlenary, _>(&st, &v, &slug, r, |o| o.label(), shown).await
}

pub async fn final_vote_block(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let r = fp::vote_block(&st.db, v.me(), &slug, &id, &counts).await;
    let shown = FShown {
        error_for: format!("b-{id}"),
        counts,
        ..Default::default()
    };
    answer::<FinalPlenary, _>(&st, &v, &slug, r, |o| o.label(), shown).await
}

// ---- public ------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "plenary/deliberations.html")]
struct DeliberationsPage {
    slug: String,
    title: String,
    eixos: Vec<fp::EixoDeliberations>,
    /// Approved moções: (kind, addressee, text).
    mocoes: Vec<(String, String, String)>,
}

pub async fn deliberations(
    State(st): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (title, eixos) = fp::deliberations(&st.db, &slug).await?;
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug).await?;
    let mocoes = app::plenary::mocoes::approved(&st.db, c.id)
        .await
        .map_err(WebError::from)?;
    respond::html(DeliberationsPage {
        slug,
        title,
        eixos,
        mocoes,
    })
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/c/{slug}/plenaria/grupos", get(overview).post(create))
        .route("/c/{slug}/plenaria/grupos/distribuir", post(assign))
        .route("/c/{slug}/plenaria/grupos/config", post(settings))
        .route("/c/{slug}/plenaria/grupos/{id}", get(group))
        .route("/c/{slug}/plenaria/grupos/{id}/membros", post(add_member))
        .route("/c/{slug}/plenaria/grupos/{id}/papeis", post(roles))
        .route(
            "/c/{slug}/plenaria/grupos/{id}/propostas",
            post(add_proposal),
        )
        .route(
            "/c/{slug}/plenaria/grupos/{id}/pre-conferencias",
            post(bring_from_units),
        )
        .route(
            "/c/{slug}/plenaria/grupos/{id}/etapa-digital",
            post(bring_from_online),
        )
        .route(
            "/c/{slug}/plenaria/propostas/{id}/editar",
            post(edit_proposal),
        )
        .route("/c/{slug}/plenaria/propostas/{id}/juntar", post(merge))
        .route(
            "/c/{slug}/plenaria/propostas/{id}/ordem",
            post(move_proposal),
        )
        .route(
            "/c/{slug}/plenaria/propostas/{id}/votacao",
            post(group_vote),
        )
        .route("/c/{slug}/plenaria/final", get(console::<FinalPlenary>))
        .route("/c/{slug}/plenaria/final/destaques", post(final_destaque))
        .route(
            "/c/{slug}/plenaria/final/destaques/{id}/falas",
            post(add_speaker),
        )
        .route(
            "/c/{slug}/plenaria/final/destaques/{id}/votacao",
            post(final_vote_destaque),
        )
        .route(
            "/c/{slug}/plenaria/final/destaques/{id}/retirar",
            post(final_withdraw),
        )
        .route(
            "/c/{slug}/plenaria/final/falas/{id}/iniciar",
            post(start_speech),
        )
        .route(
            "/c/{slug}/plenaria/final/falas/{id}/encerrar",
            post(end_speech),
        )
        .route(
            "/c/{slug}/plenaria/final/eixos/{id}/bloco",
            post(final_vote_block),
        )
        .route("/c/{slug}/deliberacoes", get(deliberations))
}
