//! Platform administration under `/admin` (porte, regions, bodies, body secretariats), the
//! conference roles page `/c/{slug}/gestao/papeis` (body secretariat and commission), and the
//! password change forced after a staff-issued temporary password (`/senha/trocar`).
//!
//! Handlers call `app::platform::admin`, which checks the permission and validates. A page that shows a
//! temporary password is answered with `Cache-Control: no-store` and never redirected to, so the
//! password is on screen once and in no URL or log.

use crate::respond::{self, Notice, Viewer, opts};
use crate::{AppState, WebError};
use app::Fail;
use app::platform::admin as a;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use uuid::Uuid;

/// Marks a page `Cache-Control: no-store` (it may show a temporary password).
fn no_store(page: Result<Response, WebError>) -> Result<Response, WebError> {
    let mut res = page?;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[derive(serde::Deserialize, Default)]
pub struct HomeQuery {
    #[serde(default)]
    q: String,
}

fn encode(q: &str) -> String {
    serde_urlencoded::to_string([("q", q)]).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// Municipalities and porte

#[derive(Template)]
#[template(path = "platform/admin/home.html")]
struct HomePage {
    q: String,
    rows: Vec<a::MunicipalityRow>,
    portes: Vec<(String, String)>,
    /// The porte form that was refused, shown again on its row.
    tried: a::PorteInput,
    errors: Invalid,
    saved: bool,
}

/// The municipalities found for `q`, each with its porte form.
async fn home_page(
    st: &AppState,
    v: &Viewer,
    q: String,
    tried: a::PorteInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let rows = a::search_municipalities(&st.db, v.me(), &q).await?;
    respond::page(
        !errors.is_empty(),
        HomePage {
            q,
            rows,
            portes: opts(domain::values::Porte::ALL, |x| x.code(), |x| x.label()),
            tried,
            errors,
            saved,
        },
    )
}

pub async fn home(
    State(st): State<AppState>,
    v: Viewer,
    Query(q): Query<HomeQuery>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    home_page(
        &st,
        &v,
        q.q,
        Default::default(),
        Invalid::default(),
        n.is_saved(),
    )
    .await
}

/// Each result row has its own fields, named by its IBGE code: `motivo-…` for the reason,
/// `porte-…` for the rest.
fn on_row(mut e: Invalid, code: &str) -> Invalid {
    for x in e.0.iter_mut() {
        let prefix = if x.field == "reason" {
            "motivo"
        } else {
            "porte"
        };
        x.field = format!("{prefix}-{}", code.trim());
    }
    e
}

pub async fn set_porte(
    State(st): State<AppState>,
    v: Viewer,
    Form(f): Form<a::PorteInput>,
) -> Result<Response, WebError> {
    let done = format!("/admin?{}&salvo=1", encode(&f.q));
    respond::form(
        a::set_porte(&st.db, v.me(), &f).await,
        |()| Redirect::to(&done).into_response(),
        |e| {
            let e = on_row(e, &f.ibge_code);
            home_page(&st, &v, f.q.clone(), f.clone(), e, false)
        },
    )
    .await
}

pub async fn reset_porte(
    State(st): State<AppState>,
    v: Viewer,
    Form(f): Form<a::ResetPorteInput>,
) -> Result<Response, WebError> {
    let done = format!("/admin?{}&salvo=1", encode(&f.q));
    respond::form(
        a::reset_porte(&st.db, v.me(), &f).await,
        |()| Redirect::to(&done).into_response(),
        |e| {
            let e = on_row(e, &f.ibge_code);
            home_page(&st, &v, f.q.clone(), Default::default(), e, false)
        },
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Regions

#[derive(Template)]
#[template(path = "platform/admin/regions.html")]
struct RegionsPage {
    regions: Vec<a::RegionRow>,
    f: a::RegionInput,
    ufs: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    errors: Invalid,
}

fn ufs() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = domain::values::UFS
        .iter()
        .map(|(_, u)| ((*u).to_owned(), (*u).to_owned()))
        .collect();
    v.sort();
    v.insert(0, (String::new(), "Escolha a UF".into()));
    v
}

/// The regions and the new-region form `f`.
async fn regions_page(
    st: &AppState,
    v: &Viewer,
    f: a::RegionInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let regions = a::regions(&st.db, v.me()).await?;
    respond::page(
        !errors.is_empty(),
        RegionsPage {
            regions,
            f,
            ufs: ufs(),
            kinds: opts(domain::values::RegionKind::ALL, |x| x.code(), |x| x.label()),
            errors,
        },
    )
}

pub async fn regions(State(st): State<AppState>, v: Viewer) -> Result<Response, WebError> {
    let f = a::RegionInput {
        kind: "consorcio".into(),
        ..Default::default()
    };
    regions_page(&st, &v, f, Invalid::default()).await
}

pub async fn create_region(
    State(st): State<AppState>,
    v: Viewer,
    Form(f): Form<a::RegionInput>,
) -> Result<Response, WebError> {
    respond::form(
        a::create_region(&st.db, v.me(), &f).await,
        |id| respond::saved(&format!("/admin/regioes/{id}")),
        |e| regions_page(&st, &v, f, e),
    )
    .await
}

#[derive(Template)]
#[template(path = "platform/admin/region.html")]
struct RegionPage {
    r: a::RegionView,
    f: a::MembersInput,
    errors: Invalid,
    saved: bool,
}

/// One region: its members and the add-members form `f`.
async fn region_page(
    st: &AppState,
    v: &Viewer,
    id: Uuid,
    f: a::MembersInput,
    errors: Invalid,
    saved: bool,
) -> Result<Response, WebError> {
    let r = a::region(&st.db, v.me(), id).await?;
    respond::page(
        !errors.is_empty(),
        RegionPage {
            r,
            f,
            errors,
            saved,
        },
    )
}

pub async fn region(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    region_page(
        &st,
        &v,
        id,
        Default::default(),
        Invalid::default(),
        n.is_saved(),
    )
    .await
}

pub async fn add_members(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<Uuid>,
    Form(f): Form<a::MembersInput>,
) -> Result<Response, WebError> {
    respond::form(
        a::add_members(&st.db, v.me(), id, &f).await,
        |_| respond::saved(&format!("/admin/regioes/{id}")),
        |e| region_page(&st, &v, id, f, e, false),
    )
    .await
}

// ---------------------------------------------------------------------------------------------
// Bodies

#[derive(Template)]
#[template(path = "platform/admin/bodies.html")]
struct BodiesPage {
    bodies: Vec<a::BodyRow>,
    f: a::BodyInput,
    kinds: Vec<(String, String)>,
    regions: Vec<(String, String)>,
    /// The municipality search by name (`municipio`) and what it found.
    municipio: String,
    /// The states to choose for a CEAS: (IBGE code, "Name (UF)").
    states: Vec<(String, String)>,
    found: Vec<a::MunicipalityRow>,
    /// The entity whose IBGE code is in the form, when it is one.
    chosen: Option<app::platform::tenancy::EntityView>,
    errors: Invalid,
}

/// The bodies, the municipality search `municipio` and the new-body form `f`.
async fn bodies_page(
    st: &AppState,
    v: &Viewer,
    municipio: String,
    f: a::BodyInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let mut regions = a::region_choices(&st.db, v.me()).await?;
    regions.insert(0, (String::new(), "Nenhuma (não é câmara técnica)".into()));
    let found = a::search_municipalities(&st.db, v.me(), &municipio).await?;
    let states = a::state_choices(&st.db, v.me()).await?;
    let chosen = match app::platform::tenancy::entity(&st.db, f.ibge_code.trim()).await {
        Ok(e) => Some(e),
        Err(Fail::Invalid(_) | Fail::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    respond::page(
        !errors.is_empty(),
        BodiesPage {
            bodies: a::bodies(&st.db, v.me()).await?,
            f,
            kinds: opts(domain::values::BodyKind::ALL, |x| x.code(), |x| x.label()),
            regions,
            municipio,
            found,
            states,
            chosen,
            errors,
        },
    )
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct BodiesQuery {
    /// A municipality's name (or code) to search.
    municipio: String,
    /// A municipality chosen from the search: its code and the kind of body (CMAS).
    ibge_code: String,
    kind: String,
}

pub async fn bodies(
    State(st): State<AppState>,
    v: Viewer,
    Query(q): Query<BodiesQuery>,
) -> Result<Response, WebError> {
    let f = a::BodyInput {
        kind: if q.kind.is_empty() {
            "cmas".into()
        } else {
            q.kind
        },
        ibge_code: q.ibge_code,
        ..Default::default()
    };
    bodies_page(&st, &v, q.municipio, f, Invalid::default()).await
}

pub async fn create_body(
    State(st): State<AppState>,
    v: Viewer,
    Form(f): Form<a::BodyInput>,
) -> Result<Response, WebError> {
    respond::form(
        a::create_body(&st.db, v.me(), &f).await,
        |id| respond::saved(&format!("/admin/orgaos/{id}")),
        |e| bodies_page(&st, &v, String::new(), f, e),
    )
    .await
}

/// What the page says after a role was given.
pub struct GrantedView {
    pub name: String,
    pub role: String,
    pub invited: bool,
    /// (username, temporary password), shown this once.
    pub temporary: Option<(String, String)>,
}

impl From<a::Granted> for GrantedView {
    fn from(g: a::Granted) -> Self {
        GrantedView {
            invited: g.account == a::AccountOutcome::Invited,
            temporary: match g.account {
                a::AccountOutcome::TemporaryPassword { username, password } => {
                    Some((username, password.expose().to_owned()))
                }
                _ => None,
            },
            name: g.display_name,
            role: g.role_label,
        }
    }
}

/// A grant form as its page shows it: the form, its problems, and what was given.
type GrantForm = (a::PersonInput, Invalid, Option<GrantedView>);

/// The outcome of a grant: on success the `cleared` form and what was given; on invalid input
/// the form `f` again with its problems.
fn grant_outcome(
    r: Result<a::Granted, Fail>,
    f: a::PersonInput,
    cleared: a::PersonInput,
) -> Result<GrantForm, WebError> {
    match r {
        Ok(g) => Ok((cleared, Invalid::default(), Some(g.into()))),
        Err(Fail::Invalid(errors)) => Ok((f, errors, None)),
        Err(other) => Err(other.into()),
    }
}

#[derive(Template)]
#[template(path = "platform/admin/body.html")]
struct BodyPage {
    v: a::BodyView,
    f: a::PersonInput,
    errors: Invalid,
    saved: bool,
    granted: Option<GrantedView>,
}

/// One body: its secretariat, the grant form `f` and, after a grant, what was given.
async fn body_page(
    st: &AppState,
    v: &Viewer,
    id: Uuid,
    (f, errors, granted): GrantForm,
    saved: bool,
) -> Result<Response, WebError> {
    let body = a::body_view(&st.db, v.me(), id).await?;
    no_store(respond::page(
        !errors.is_empty(),
        BodyPage {
            v: body,
            f,
            errors,
            saved,
            granted,
        },
    ))
}

pub async fn body(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<Uuid>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let form = (a::PersonInput::default(), Invalid::default(), None);
    body_page(&st, &v, id, form, n.is_saved()).await
}

pub async fn grant_secretariat(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<Uuid>,
    Form(f): Form<a::PersonInput>,
) -> Result<Response, WebError> {
    let r = a::grant_secretariat(&st.db, v.me(), &st.settings.public_url, id, &f).await;
    let form = grant_outcome(r, f, a::PersonInput::default())?;
    body_page(&st, &v, id, form, false).await
}

pub async fn revoke_secretariat(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, grant)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    a::revoke_secretariat(&st.db, v.me(), id, grant).await?;
    Ok(respond::saved(&format!("/admin/orgaos/{id}")))
}

// ---------------------------------------------------------------------------------------------
// Conference roles

#[derive(Template)]
#[template(path = "platform/admin/roles.html")]
struct RolesPage {
    slug: String,
    v: a::RolesView,
    f: a::PersonInput,
    roles: Vec<(String, String)>,
    units: Vec<(String, String)>,
    errors: Invalid,
    saved: bool,
    granted: Option<GrantedView>,
}

/// A conference's roles: who has which, the grant form `f` and, after a grant, what was given.
async fn roles_page(
    st: &AppState,
    v: &Viewer,
    slug: &str,
    (f, errors, granted): GrantForm,
    saved: bool,
) -> Result<Response, WebError> {
    let roles = a::conference_roles(&st.db, v.me(), slug).await?;
    let units = respond::blank_first("Nenhuma (só para articulador)", &roles.units);
    no_store(respond::page(
        !errors.is_empty(),
        RolesPage {
            slug: roles.slug.clone(),
            roles: opts(a::CONFERENCE_ROLES, |x| x.code(), |x| x.label()),
            units,
            v: roles,
            f,
            errors,
            saved,
            granted,
        },
    ))
}

pub async fn roles(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    let f = a::PersonInput {
        role: "territorial_articulator".into(),
        ..Default::default()
    };
    roles_page(&st, &v, &slug, (f, Invalid::default(), None), n.is_saved()).await
}

pub async fn grant_role(
    State(st): State<AppState>,
    v: Viewer,
    Path(slug): Path<String>,
    Form(f): Form<a::PersonInput>,
) -> Result<Response, WebError> {
    let r = a::grant_conference_role(&st.db, v.me(), &st.settings.public_url, &slug, &f).await;
    let cleared = a::PersonInput {
        role: f.role.clone(),
        ..Default::default()
    };
    let form = grant_outcome(r, f, cleared)?;
    roles_page(&st, &v, &slug, form, false).await
}

pub async fn revoke_role(
    State(st): State<AppState>,
    v: Viewer,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    a::revoke_conference_role(&st.db, v.me(), &slug, id).await?;
    Ok(respond::saved(&format!("/c/{slug}/gestao/papeis")))
}

// ---------------------------------------------------------------------------------------------
// Password change (forced after a temporary password)

#[derive(Template)]
#[template(path = "platform/password_change.html")]
struct ChangePage {
    forced: bool,
    errors: Invalid,
}

/// The password change form, answered with `status`.
fn change_page(
    status: StatusCode,
    me: &app::platform::auth::Me,
    errors: Invalid,
) -> Result<Response, WebError> {
    let t = ChangePage {
        forced: me.account.must_change_password,
        errors,
    };
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(t.render()?),
    )
        .into_response())
}

/// The logged-in person, even one who still has to change a temporary password.
async fn session(
    st: &AppState,
    h: &HeaderMap,
) -> Result<(app::platform::auth::Me, String), WebError> {
    let token = crate::platform::accounts::session_token(h);
    match app::platform::auth::me(&st.db, token.as_deref()).await? {
        Some(m) => Ok((m, token.unwrap_or_default())),
        None => Err(WebError::NeedsLogin("/senha/trocar".into())),
    }
}

pub async fn change_form(State(st): State<AppState>, h: HeaderMap) -> Result<Response, WebError> {
    let (me, _) = session(&st, &h).await?;
    change_page(StatusCode::OK, &me, Invalid::default())
}

#[derive(serde::Deserialize)]
pub struct ChangeForm {
    /// The current password (after a staff-issued one, that temporary password).
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change(
    State(st): State<AppState>,
    h: HeaderMap,
    Form(f): Form<ChangeForm>,
) -> Result<Response, WebError> {
    let (me, token) = session(&st, &h).await?;
    let mut errors = Invalid::default();
    let current_label = if me.account.must_change_password {
        "Informe a senha provisória que você recebeu"
    } else {
        "Informe a sua senha atual"
    };
    if f.current.is_empty() {
        errors.push(domain::FieldError::new("current", current_label));
    }
    let password = errors.take(domain::values::NewPassword::parse(&f.password));
    if f.confirm != f.password {
        errors.push(domain::FieldError::new(
            "confirm",
            "As duas senhas não são iguais: digite a mesma senha nos dois campos",
        ));
    }
    let Some(password) = password.filter(|_| errors.is_empty()) else {
        return change_page(StatusCode::UNPROCESSABLE_ENTITY, &me, errors);
    };
    use app::platform::accounts::ChangeOutcome;
    let refused = match app::platform::accounts::change_own_password(
        &st.db,
        me.account.id,
        &token,
        &f.current,
        &password,
    )
    .await?
    {
        // The first password in place of a temporary one: on to where the person's work is.
        ChangeOutcome::Done if me.account.must_change_password => {
            let to = app::platform::menu::home_of(&st.db, &me)
                .await
                .map_err(WebError::internal)?;
            return Ok(Redirect::to(&to).into_response());
        }
        ChangeOutcome::Done => return Ok(Redirect::to("/painel").into_response()),
        ChangeOutcome::WrongCurrent => (
            StatusCode::UNPROCESSABLE_ENTITY,
            if me.account.must_change_password {
                "A senha provisória não confere: digite a senha que você recebeu da secretaria"
            } else {
                "A senha atual não confere: digite a senha que você usa hoje para entrar"
            },
        ),
        ChangeOutcome::TooManyAttempts => (
            StatusCode::TOO_MANY_REQUESTS,
            "Muitas tentativas com a senha atual errada. A senha não foi trocada: espere até 15 minutos e tente de novo",
        ),
    };
    let mut errors = Invalid::default();
    errors.push(domain::FieldError::new("current", refused.1));
    change_page(refused.0, &me, errors)
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // Platform administration and conference roles; every handler asks app::platform::auth / domain::policy.
        .route("/admin", get(home))
        .route("/admin/porte", post(set_porte))
        .route("/admin/porte/ibge", post(reset_porte))
        .route("/admin/regioes", get(regions).post(create_region))
        .route("/admin/regioes/{id}", get(region).post(add_members))
        .route("/admin/orgaos", get(bodies).post(create_body))
        .route("/admin/orgaos/{id}", get(body).post(grant_secretariat))
        .route(
            "/admin/orgaos/{id}/secretaria/{grant}/revogar",
            post(revoke_secretariat),
        )
        .route("/c/{slug}/gestao/papeis", get(roles).post(grant_role))
        .route("/c/{slug}/gestao/papeis/{id}/revogar", post(revoke_role))
        .route("/senha/trocar", get(change_form).post(change))
}
