//! Working groups (`/c/{slug}/plenaria/grupos…`) and the final plenary over their proposals
//! (`/c/{slug}/plenaria/final…`), for the table staff; the public deliberations
//! (`/c/{slug}/deliberacoes`).

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::plenary::final_plenary as fp;
use app::plenary::groups as g;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;

#[derive(serde::Deserialize, Default)]
pub struct Notice {
    #[serde(default)]
    ok: Option<String>,
    /// After a distribution: how many were placed.
    #[serde(default)]
    n: Option<usize>,
    /// After a distribution: how many chose an eixo without a group.
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

fn render(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((status, Html(t.render()?)).into_response())
}

fn status_of(errors: &Invalid) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
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
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    errors: Invalid,
    notice: Option<String>,
    name: String,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let o = g::overview(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    render(
        status_of(&errors),
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
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let notice = match (n.ok.as_deref(), n.n) {
        (Some("distribuidos"), Some(placed)) => {
            Some(distributed_text(placed, n.sem_grupo.unwrap_or(0)))
        }
        (ok, _) => ok.and_then(notice_text),
    };
    groups_page(
        &st,
        &h,
        &uri,
        &slug,
        Invalid::default(),
        notice,
        String::new(),
    )
    .await
}

#[derive(serde::Deserialize, Default)]
pub struct NewGroup {
    #[serde(default)]
    eixo: String,
    #[serde(default)]
    name: String,
}

fn to_groups(slug: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/plenaria/grupos?ok={ok}")).into_response()
}

pub async fn create(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<NewGroup>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match g::create_group(&st.db, me.as_ref(), &slug, &f.eixo, &f.name).await {
        Ok(_) => Ok(to_groups(&slug, "grupo")),
        Err(Fail::Invalid(e)) => groups_page(&st, &h, &uri, &slug, e, None, f.name).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn assign(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match g::assign_balanced(&st.db, me.as_ref(), &slug).await {
        Ok(a) => Ok(to_groups(
            &slug,
            &format!(
                "distribuidos&n={}&sem_grupo={}",
                a.placed, a.eixo_without_group
            ),
        )),
        Err(Fail::Invalid(e)) => groups_page(&st, &h, &uri, &slug, e, None, String::new()).await,
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Settings {
    #[serde(default)]
    minority_pct: String,
}

pub async fn settings(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<Settings>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match g::save_settings(&st.db, me.as_ref(), &slug, &f.minority_pct).await {
        Ok(()) => Ok(to_groups(&slug, "config")),
        Err(Fail::Invalid(e)) => groups_page(&st, &h, &uri, &slug, e, None, String::new()).await,
        Err(other) => Err(refuse(other, &uri)),
    }
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
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    id: &str,
    s: Shown,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let gp = g::group(&st.db, me.as_ref(), slug, id)
        .await
        .map_err(|f| refuse(f, uri))?;
    render(
        status_of(&s.errors),
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let s = Shown {
        notice: n.ok.as_deref().and_then(notice_text),
        ..Default::default()
    };
    group_page(&st, &h, &uri, &slug, &id, s).await
}

fn to_group(slug: &str, id: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/plenaria/grupos/{id}?ok={ok}")).into_response()
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

#[derive(serde::Deserialize, Default)]
pub struct Code {
    #[serde(default)]
    code: String,
}

pub async fn add_member(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Code>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match g::add_member(&st.db, me.as_ref(), &slug, &id, &f.code).await {
        Ok(()) => Ok(to_group(&slug, &id, "membro")),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                error_for: "membro".into(),
                ..Default::default()
            };
            group_page(&st, &h, &uri, &slug, &id, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Roles>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match g::set_roles(
        &st.db,
        me.as_ref(),
        &slug,
        &id,
        &f.facilitator,
        &f.rapporteur,
    )
    .await
    {
        Ok(()) => Ok(to_group(&slug, &id, "papeis")),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                error_for: "papeis".into(),
                ..Default::default()
            };
            group_page(&st, &h, &uri, &slug, &id, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn add_proposal(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(input): Form<g::ProposalInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match g::add_proposal(&st.db, me.as_ref(), &slug, &id, &input).await {
        Ok(_) => Ok(to_group(&slug, &id, "proposta")),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                error_for: "nova".into(),
                input,
                ..Default::default()
            };
            group_page(&st, &h, &uri, &slug, &id, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize)]
pub struct BringInput {
    #[serde(default)]
    item: String,
}

/// Brings proposals of the units' meetings (one, or all of the eixo) into the group.
pub async fn bring_from_units(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<BringInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r =
        app::mobilization::proposals::bring_into_group(&st.db, me.as_ref(), &slug, &id, &f.item)
            .await;
    brought(&st, &h, &uri, (&slug, &id), r, ("trazida", "trazidas")).await
}

/// Brings proposals of the etapa digital (one, or all of the eixo) into the group.
pub async fn bring_from_online(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<BringInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r =
        app::mobilization::online::bring_into_group(&st.db, me.as_ref(), &slug, &id, &f.item).await;
    brought(
        &st,
        &h,
        &uri,
        (&slug, &id),
        r,
        ("trazida-digital", "trazidas-digital"),
    )
    .await
}

async fn brought(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    (slug, id): (&str, &str),
    r: Result<usize, Fail>,
    (one, many): (&str, &str),
) -> Result<Response, WebError> {
    match r {
        Ok(n) => Ok(to_group(slug, id, if n == 1 { one } else { many })),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                ..Default::default()
            };
            group_page(st, h, uri, slug, id, s).await
        }
        Err(other) => Err(refuse(other, uri)),
    }
}

pub async fn edit_proposal(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(input): Form<g::ProposalInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = g::edit_proposal(&st.db, me.as_ref(), &slug, &id, &input).await;
    if let Err(f @ (Fail::Forbidden | Fail::NeedsLogin | Fail::NotFound)) = r {
        return Err(refuse(f, &uri));
    }
    let group = group_of_proposal(&st, &id).await?;
    match r {
        Ok(()) => Ok(to_group(&slug, &group, "editada")),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                error_for: id.clone(),
                input,
                ..Default::default()
            };
            group_page(&st, &h, &uri, &slug, &group, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Other {
    #[serde(default)]
    other: String,
}

pub async fn merge(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Other>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = g::merge(&st.db, me.as_ref(), &slug, &id, &f.other).await;
    if let Err(f @ (Fail::Forbidden | Fail::NeedsLogin | Fail::NotFound)) = r {
        return Err(refuse(f, &uri));
    }
    let group = group_of_proposal(&st, &id).await?;
    match r {
        Ok(()) => Ok(to_group(&slug, &group, "juntada")),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                error_for: id.clone(),
                ..Default::default()
            };
            group_page(&st, &h, &uri, &slug, &group, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(serde::Deserialize, Default)]
pub struct Direction {
    #[serde(default)]
    to: String,
}

pub async fn move_proposal(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<Direction>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    g::move_proposal(&st.db, me.as_ref(), &slug, &id, f.to == "up")
        .await
        .map_err(|f| refuse(f, &uri))?;
    let group = group_of_proposal(&st, &id).await?;
    Ok(to_group(&slug, &group, "ordem"))
}

pub async fn group_vote(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = g::group_vote(&st.db, me.as_ref(), &slug, &id, &counts).await;
    if let Err(f @ (Fail::Forbidden | Fail::NeedsLogin | Fail::NotFound)) = r {
        return Err(refuse(f, &uri));
    }
    let group = group_of_proposal(&st, &id).await?;
    match r {
        Ok(o) => Ok(to_group(&slug, &group, o.code())),
        Err(Fail::Invalid(errors)) => {
            let s = Shown {
                errors,
                error_for: id.clone(),
                counts,
                ..Default::default()
            };
            group_page(&st, &h, &uri, &slug, &group, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
}

#[derive(Default)]
struct FShown {
    errors: Invalid,
    error_for: String,
    notice: Option<String>,
    d: fp::DestaqueInput,
    counts: app::plenary::regimento::CountInput,
}

async fn final_page(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
    slug: &str,
    s: FShown,
) -> Result<Response, WebError> {
    let me = me(st, h).await?;
    let c = fp::console(&st.db, me.as_ref(), slug)
        .await
        .map_err(|f| refuse(f, uri))?;
    render(
        status_of(&s.errors),
        FinalPage {
            slug: c.slug.clone(),
            c,
            errors: s.errors,
            error_for: s.error_for,
            notice: s.notice,
            d: s.d,
            counts: s.counts,
        },
    )
}

pub(crate) async fn final_with_errors(
    st: &AppState,
    h: &HeaderMap,
    uri: &Uri,
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
    final_page(st, h, uri, slug, s).await
}

pub async fn final_console(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let s = FShown {
        notice: n.ok.as_deref().and_then(notice_text),
        ..Default::default()
    };
    final_page(&st, &h, &uri, &slug, s).await
}

pub(crate) fn to_final(slug: &str, ok: &str) -> Response {
    Redirect::to(&format!("/c/{slug}/plenaria/final?ok={ok}")).into_response()
}

pub async fn final_destaque(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(d): Form<fp::DestaqueInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fp::add_destaque(&st.db, me.as_ref(), &slug, &d).await {
        Ok(()) => Ok(to_final(&slug, "destaque")),
        Err(Fail::Invalid(errors)) => {
            let s = FShown {
                errors,
                error_for: format!("d-{}", d.proposal),
                d,
                ..Default::default()
            };
            final_page(&st, &h, &uri, &slug, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn final_withdraw(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fp::withdraw_destaque(&st.db, me.as_ref(), &slug, &id).await {
        Ok(()) => Ok(to_final(&slug, "retirado")),
        Err(Fail::Invalid(errors)) => {
            final_page(
                &st,
                &h,
                &uri,
                &slug,
                FShown {
                    errors,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<SpeakerForm>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fp::add_speaker(&st.db, me.as_ref(), &slug, &id, &f.side, &f.name).await {
        Ok(()) => Ok(to_final(&slug, "fala")),
        Err(Fail::Invalid(errors)) => {
            let s = FShown {
                errors,
                error_for: format!("s-{id}"),
                ..Default::default()
            };
            final_page(&st, &h, &uri, &slug, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn start_speech(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    speech(st, h, uri, slug, id, true).await
}

pub async fn end_speech(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Response, WebError> {
    speech(st, h, uri, slug, id, false).await
}

async fn speech(
    st: AppState,
    h: HeaderMap,
    uri: Uri,
    slug: String,
    id: String,
    start: bool,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fp::speech(&st.db, me.as_ref(), &slug, &id, start).await {
        Ok(()) => Ok(to_final(&slug, "tempo")),
        Err(Fail::Invalid(errors)) => {
            final_page(
                &st,
                &h,
                &uri,
                &slug,
                FShown {
                    errors,
                    ..Default::default()
                },
            )
            .await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn final_vote_destaque(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fp::vote_destaque(&st.db, me.as_ref(), &slug, &id, &counts).await {
        Ok(o) => Ok(to_final(&slug, o.label())),
        Err(Fail::Invalid(errors)) => {
            let s = FShown {
                errors,
                error_for: id.clone(),
                counts,
                ..Default::default()
            };
            final_page(&st, &h, &uri, &slug, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

pub async fn final_vote_block(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, String)>,
    Form(counts): Form<app::plenary::regimento::CountInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match fp::vote_block(&st.db, me.as_ref(), &slug, &id, &counts).await {
        Ok(o) => Ok(to_final(&slug, o.label())),
        Err(Fail::Invalid(errors)) => {
            let s = FShown {
                errors,
                error_for: format!("b-{id}"),
                counts,
                ..Default::default()
            };
            final_page(&st, &h, &uri, &slug, s).await
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    uri: Uri,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let (title, eixos) = fp::deliberations(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let (c, _) = app::platform::auth::conference_scope(&st.db, &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let mocoes = app::plenary::mocoes::approved(&st.db, c.id)
        .await
        .map_err(WebError::from)?;
    render(
        StatusCode::OK,
        DeliberationsPage {
            slug,
            title,
            eixos,
            mocoes,
        },
    )
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
        .route("/c/{slug}/plenaria/final", get(final_console))
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
