//! The etapa digital's pages: `/c/{slug}/participe` (the proposals, the form, the debate rooms),
//! a proposal's page with its supports and comments, a working group's debate room, "Minhas
//! participações", the commission's moderation, and the public sign-up `/cadastro`.

use crate::respond::{self, Viewer};
use crate::{AppState, WebError};
use app::Fail;
use app::mobilization::online as o;
use app::mobilization::proposals::ProposalInput;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect, Response},
};
use domain::{FieldError, Invalid};
use uuid::Uuid;

/// The list's query string: filters, page (from 1) and the notice after a change.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListQ {
    eixo: String,
    nivel: String,
    ordem: String,
    pagina: Option<u64>,
    ok: String,
}

impl ListQ {
    fn to_app(&self) -> o::ListQuery {
        o::ListQuery {
            eixo: self.eixo.clone(),
            nivel: self.nivel.clone(),
            ordem: self.ordem.clone(),
            pagina: self.pagina.unwrap_or(1).max(1) - 1,
        }
    }
}

fn notice(ok: &str) -> Option<&'static str> {
    Some(match ok {
        "enviada" => "Proposta enviada. Ela já está na lista para receber apoios e comentários.",
        "apoio" => "Apoio registrado.",
        "sem-apoio" => "Apoio retirado.",
        "comentario" => "Comentário publicado.",
        "oculto" => "Ocultado. Quem escreveu vê o motivo.",
        "visivel" => "Visível de novo para todos.",
        "aberta" => {
            "A etapa digital está aberta: as pessoas já podem enviar propostas, apoiar e comentar."
        }
        "encerrada" => {
            "A etapa digital foi encerrada: as propostas continuam visíveis, sem novos envios."
        }
        "video" => "Link da videochamada salvo.",
        _ => return None,
    })
}

#[derive(Template)]
#[template(path = "mobilization/online/index.html")]
struct IndexTpl {
    p: o::Index,
    f: ProposalInput,
    errors: Invalid,
    notice: Option<&'static str>,
}

impl IndexTpl {
    /// The address of the list with the current filters and `page` (from 1).
    fn page_href(&self, page: impl std::borrow::Borrow<u64>) -> String {
        let page = *page.borrow();
        let q = &self.p.query;
        let pairs = [
            ("eixo", q.eixo.as_str()),
            ("nivel", q.nivel.as_str()),
            ("ordem", q.ordem.as_str()),
        ];
        let mut s = serde_urlencoded::to_string(
            pairs
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        if page > 1 {
            if !s.is_empty() {
                s.push('&');
            }
            s.push_str(&format!("pagina={page}"));
        }
        if s.is_empty() {
            format!("/c/{}/participe", self.p.slug)
        } else {
            format!("/c/{}/participe?{s}", self.p.slug)
        }
    }
}

/// The etapa digital's page (422 when it shows a refused proposal again).
async fn index_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    q: &ListQ,
    f: ProposalInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let p = o::index(&st.db, v.me(), slug, &q.to_app()).await?;
    respond::page(
        !errors.is_empty(),
        IndexTpl {
            p,
            f,
            errors,
            notice: notice(&q.ok),
        },
    )
}

/// `/c/{slug}/participe`: the etapa digital.
pub async fn index(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(q): Query<ListQ>,
) -> Result<Response, WebError> {
    let f = ProposalInput::default();
    index_page(&st, &v, &slug, &q, f, Invalid::default()).await
}

fn to(path: String, ok: &str, anchor: &str) -> Response {
    Redirect::to(&format!("{path}?ok={ok}#{anchor}")).into_response()
}

/// The result of something only a logged-in person does: "log in first" comes back to `back`,
/// the page the button was on (not the POST address); any other result is left as it is.
fn logged_in<T>(r: Result<T, Fail>, back: &str) -> Result<Result<T, Fail>, WebError> {
    match r {
        Err(Fail::NeedsLogin) => Err(WebError::NeedsLogin(back.to_owned())),
        other => Ok(other),
    }
}

/// Sends a proposal.
pub async fn propose(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<ProposalInput>,
) -> Result<Response, WebError> {
    let r = o::propose(&st.db, v.me(), &slug, &f).await;
    let q = ListQ::default();
    respond::form(
        logged_in(r, &format!("/c/{slug}/participe"))?,
        |id| to(format!("/c/{slug}/participe/{id}"), "enviada", "proposta"),
        |e| index_page(&st, &v, &slug, &q, f, e),
    )
    .await
}

/// The comment form of a thread.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CommentForm {
    text: String,
}

/// The moderation form.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ReasonForm {
    reason: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PageQ {
    pagina: Option<u64>,
    ok: String,
}

impl PageQ {
    fn page(&self) -> u64 {
        self.pagina.unwrap_or(1).max(1) - 1
    }
}

#[derive(Template)]
#[template(path = "mobilization/online/proposal.html")]
struct ProposalTpl {
    p: o::ProposalPage,
    text: String,
    errors: Invalid,
    /// The item whose moderation form the errors belong to.
    reason_for: String,
    reason: String,
    notice: Option<&'static str>,
}

/// What the moderation and comment forms typed, kept when the page comes back with errors.
#[derive(Default)]
struct Typed {
    text: String,
    errors: Invalid,
    reason_for: String,
    reason: String,
}

/// Errors of a moderation form point at that item's own reason field (`reason-{id}`).
fn reason_errors(e: Invalid, id: &str) -> Invalid {
    Invalid(
        e.0.into_iter()
            .map(|x| {
                if x.field == "reason" {
                    FieldError::new(format!("reason-{id}"), x.message)
                } else {
                    x
                }
            })
            .collect(),
    )
}

/// A proposal's page (422 when it shows a refused form again).
async fn proposal_page(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    q: &PageQ,
    t: Typed,
) -> Result<Response, WebError> {
    let p = o::proposal_page(&st.db, v.me(), slug, id, q.page()).await?;
    respond::page(
        !t.errors.is_empty(),
        ProposalTpl {
            p,
            text: t.text,
            errors: t.errors,
            reason_for: t.reason_for,
            reason: t.reason,
            notice: notice(&q.ok),
        },
    )
}

/// A proposal's page.
pub async fn proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<PageQ>,
) -> Result<Response, WebError> {
    proposal_page(&st, &v, (&slug, &id), &q, Typed::default()).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct SupportForm {
    /// "1" to support, "0" to withdraw.
    apoio: String,
}

/// Supports a proposal or withdraws the support.
pub async fn support(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<SupportForm>,
) -> Result<Response, WebError> {
    let on = f.apoio != "0";
    let back = format!("/c/{slug}/participe/{id}");
    let r = o::support(&st.db, v.me(), &slug, &id, on).await;
    let q = PageQ::default();
    respond::form(
        logged_in(r, &back)?,
        |()| to(back, if on { "apoio" } else { "sem-apoio" }, "apoios"),
        |errors| {
            let t = Typed {
                errors,
                ..Default::default()
            };
            proposal_page(&st, &v, (&slug, &id), &q, t)
        },
    )
    .await
}

/// Comments on a proposal.
pub async fn comment(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    comment_on(st, v, (slug, id), false, f.text).await
}

/// A comment on the proposal `id`, or in the debate room `id` (`room`): back to the thread's
/// page at the new comment, or the page again with the text as typed.
async fn comment_on(
    st: AppState,
    v: Viewer,
    (slug, id): (String, String),
    room: bool,
    text: String,
) -> Result<Response, WebError> {
    let back = if room {
        format!("/c/{slug}/participe/grupos/{id}")
    } else {
        format!("/c/{slug}/participe/{id}")
    };
    let tid: Uuid = id.parse().map_err(|_| WebError::NotFound)?;
    let thread = if room {
        o::Thread::Room(tid)
    } else {
        o::Thread::Proposal(tid)
    };
    let r = o::comment(&st.db, v.me(), &slug, thread, &text).await;
    let q = PageQ::default();
    respond::form(
        logged_in(r, &back)?,
        |k| to(back, "comentario", &format!("comentario-{k}")),
        |errors| async {
            let t = Typed {
                text,
                errors,
                ..Default::default()
            };
            if room {
                room_page(&st, &v, (&slug, &id), &q, t).await
            } else {
                proposal_page(&st, &v, (&slug, &id), &q, t).await
            }
        },
    )
    .await
}

/// Hides (`/ocultar`, with a reason) or shows again (`/mostrar`) a proposal or a comment.
async fn moderate(
    st: AppState,
    v: Viewer,
    slug: String,
    target: o::Target,
    reason: Option<String>,
) -> Result<Response, WebError> {
    let hiding = reason.is_some();
    let ok = if hiding { "oculto" } else { "visivel" };
    respond::form(
        o::moderate(&st.db, v.me(), &slug, target, reason.as_deref()).await,
        |place| match place {
            o::Place::Proposal(p) => to(format!("/c/{slug}/participe/{p}"), ok, "proposta"),
            o::Place::Room(g) => to(format!("/c/{slug}/participe/grupos/{g}"), ok, "debate"),
        },
        |errors| async {
            let (id, kind) = match target {
                o::Target::Proposal(id) => (id, "proposta"),
                o::Target::Comment(id) => (id, "comentario"),
            };
            let key = format!("{kind}-{id}");
            let t = Typed {
                errors: reason_errors(errors, &key),
                reason_for: key,
                reason: reason.unwrap_or_default(),
                ..Default::default()
            };
            // The page the form was on: the proposal, or the thread holding the comment.
            let q = PageQ::default();
            match o::place_of(&st.db, &slug, target).await? {
                o::Place::Proposal(p) => {
                    proposal_page(&st, &v, (&slug, &p.to_string()), &q, t).await
                }
                o::Place::Room(g) => room_page(&st, &v, (&slug, &g.to_string()), &q, t).await,
            }
        },
    )
    .await
}

pub async fn hide_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, WebError> {
    moderate(st, v, slug, o::Target::Proposal(id), Some(f.reason)).await
}

pub async fn show_proposal(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    moderate(st, v, slug, o::Target::Proposal(id), None).await
}

pub async fn hide_comment(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
    Form(f): Form<ReasonForm>,
) -> Result<Response, WebError> {
    moderate(st, v, slug, o::Target::Comment(id), Some(f.reason)).await
}

pub async fn show_comment(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    moderate(st, v, slug, o::Target::Comment(id), None).await
}

#[derive(Template)]
#[template(path = "mobilization/online/room.html")]
struct RoomTpl {
    p: o::RoomPage,
    text: String,
    video_url: String,
    errors: Invalid,
    reason_for: String,
    reason: String,
    notice: Option<&'static str>,
}

async fn room_page(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    q: &PageQ,
    t: Typed,
) -> Result<Response, WebError> {
    room_page_with(st, v, (slug, id), q, t, None).await
}

/// A debate room's page, with the video link as typed when `video_typed` (422 when it shows a
/// refused form again).
async fn room_page_with(
    st: &AppState,
    v: &Viewer,
    (slug, id): (&str, &str),
    q: &PageQ,
    t: Typed,
    video_typed: Option<String>,
) -> Result<Response, WebError> {
    let p = o::room(&st.db, v.me(), slug, id, q.page()).await?;
    respond::page(
        !t.errors.is_empty(),
        RoomTpl {
            video_url: video_typed.unwrap_or_else(|| p.video_url.clone().unwrap_or_default()),
            p,
            text: t.text,
            errors: t.errors,
            reason_for: t.reason_for,
            reason: t.reason,
            notice: notice(&q.ok),
        },
    )
}

/// A working group's debate room.
pub async fn room(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Query(q): Query<PageQ>,
) -> Result<Response, WebError> {
    room_page(&st, &v, (&slug, &id), &q, Typed::default()).await
}

/// Comments in a debate room.
pub async fn room_comment(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<CommentForm>,
) -> Result<Response, WebError> {
    comment_on(st, v, (slug, id), true, f.text).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VideoForm {
    video_url: String,
}

/// Sets the link of a group's video call.
pub async fn room_video(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, String)>,
    Form(f): Form<VideoForm>,
) -> Result<Response, WebError> {
    let q = PageQ::default();
    respond::form(
        o::set_video(&st.db, v.me(), &slug, &id, &f.video_url).await,
        |()| to(format!("/c/{slug}/participe/grupos/{id}"), "video", "video"),
        |errors| {
            let t = Typed {
                errors,
                ..Default::default()
            };
            room_page_with(&st, &v, (&slug, &id), &q, t, Some(f.video_url))
        },
    )
    .await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct OpenForm {
    /// "1" opens, "0" closes.
    aberta: String,
}

/// Opens or closes the etapa digital (the commission).
pub async fn set_open(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<OpenForm>,
) -> Result<Response, WebError> {
    let open = f.aberta == "1";
    o::set_open(&st.db, v.me(), &slug, open).await?;
    Ok(to(
        format!("/c/{slug}/participe"),
        if open { "aberta" } else { "encerrada" },
        "situacao",
    ))
}

#[derive(Template)]
#[template(path = "mobilization/online/mine.html")]
struct MineTpl {
    p: o::Mine,
}

/// "Minhas participações".
pub async fn mine(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let p = o::mine(&st.db, v.me(), &slug).await?;
    respond::html(MineTpl { p })
}

#[derive(Template)]
#[template(path = "mobilization/signup.html")]
struct SignUpTpl {
    f: app::platform::accounts::SignUpInput,
    errors: Invalid,
    sent: bool,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VoltaQ {
    volta: String,
}

/// `/cadastro`: the sign-up form of the etapa digital.
pub async fn signup_form(Query(q): Query<VoltaQ>) -> Result<Response, WebError> {
    respond::html(SignUpTpl {
        f: app::platform::accounts::SignUpInput {
            volta: app::platform::accounts::local_path(&q.volta).to_owned(),
            ..Default::default()
        },
        errors: Invalid::default(),
        sent: false,
    })
}

/// Creates the account (without a password) and e-mails the link that confirms the address.
pub async fn signup(
    State(st): State<AppState>,
    Form(f): Form<app::platform::accounts::SignUpInput>,
) -> Result<Response, WebError> {
    let (errors, sent) =
        match app::platform::accounts::sign_up(&st.db, &st.settings.public_url, &f).await {
            Ok(()) => (Invalid::default(), true),
            Err(Fail::Invalid(errors)) => (errors, false),
            Err(Fail::Store(e)) => return Err(WebError::from(e)),
            Err(_) => return Err(WebError::NotFound),
        };
    respond::page(!errors.is_empty(), SignUpTpl { f, errors, sent })
}

#[derive(Template)]
#[template(path = "mobilization/signup_code.html")]
struct CodeSignUpTpl {
    f: app::platform::accounts::CodeSignUpInput,
    errors: Invalid,
    created: Option<app::platform::accounts::Created>,
}

/// `/cadastro/codigo`: an account without e-mail, with a code handed out by the staff.
pub async fn code_signup_form() -> Result<Response, WebError> {
    respond::html(CodeSignUpTpl {
        f: Default::default(),
        errors: Invalid::default(),
        created: None,
    })
}

/// Creates the account with the code; the form again with its problems (passwords not kept).
pub async fn code_signup(
    State(st): State<AppState>,
    Form(f): Form<app::platform::accounts::CodeSignUpInput>,
) -> Result<Response, WebError> {
    let (errors, created) = match app::platform::accounts::sign_up_with_code(&st.db, &f).await {
        Ok(c) => (Invalid::default(), Some(c)),
        Err(Fail::Invalid(errors)) => (errors, None),
        Err(Fail::Store(e)) => return Err(WebError::from(e)),
        Err(_) => return Err(WebError::NotFound),
    };
    let f = app::platform::accounts::CodeSignUpInput {
        password: String::new(),
        password2: String::new(),
        ..f
    };
    respond::page(!errors.is_empty(), CodeSignUpTpl { f, errors, created })
}

#[derive(Template)]
#[template(path = "mobilization/signup_codes.html")]
struct SignUpCodesTpl {
    s: app::platform::accounts::CodesSummary,
    issued: Option<app::platform::accounts::Issued>,
    quantidade: String,
    errors: Invalid,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CodesForm {
    quantidade: String,
}

/// The staff's page of sign-up codes: how many were handed out and used, and the form.
pub async fn signup_codes(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, WebError> {
    let s = app::platform::accounts::codes_summary(&st.db, v.me(), &slug).await?;
    respond::html(SignUpCodesTpl {
        s,
        issued: None,
        quantidade: "10".into(),
        errors: Invalid::default(),
    })
}

/// Issues codes and shows them once (the page is not cached: `no-store`).
pub async fn issue_signup_codes(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<CodesForm>,
) -> Result<Response, WebError> {
    let r = app::platform::accounts::issue_codes(&st.db, v.me(), &slug, &f.quantidade).await;
    let (issued, errors) = match r {
        Ok(i) => (Some(i), Invalid::default()),
        Err(Fail::Invalid(e)) => (None, e),
        Err(e) => return Err(e.into()),
    };
    let s = app::platform::accounts::codes_summary(&st.db, v.me(), &slug).await?;
    let page = respond::page(
        !errors.is_empty(),
        SignUpCodesTpl {
            s,
            issued,
            quantidade: f.quantidade,
            errors,
        },
    )?;
    Ok(respond::no_store(page))
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    let public_writes =
        || axum::middleware::from_fn_with_state(st.clone(), crate::client_limit::public_writes);
    axum::Router::new()
        .route(
            "/cadastro",
            get(signup_form).post(signup).layer(public_writes()),
        )
        .route(
            "/cadastro/codigo",
            get(code_signup_form)
                .post(code_signup)
                .layer(public_writes()),
        )
        .route(
            "/c/{slug}/gestao/codigos-de-cadastro",
            get(signup_codes).post(issue_signup_codes),
        )
        .route("/c/{slug}/participe", get(index).post(propose))
        .route("/c/{slug}/participe/abrir", post(set_open))
        .route("/c/{slug}/participe/minhas", get(mine))
        .route("/c/{slug}/participe/{id}", get(proposal))
        .route("/c/{slug}/participe/{id}/apoio", post(support))
        .route("/c/{slug}/participe/{id}/comentarios", post(comment))
        .route("/c/{slug}/participe/{id}/ocultar", post(hide_proposal))
        .route("/c/{slug}/participe/{id}/mostrar", post(show_proposal))
        .route(
            "/c/{slug}/participe/comentarios/{id}/ocultar",
            post(hide_comment),
        )
        .route(
            "/c/{slug}/participe/comentarios/{id}/mostrar",
            post(show_comment),
        )
        .route("/c/{slug}/participe/grupos/{id}", get(room))
        .route(
            "/c/{slug}/participe/grupos/{id}/comentarios",
            post(room_comment),
        )
        .route("/c/{slug}/participe/grupos/{id}/video", post(room_video))
}
