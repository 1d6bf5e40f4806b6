//! Platform administration under `/admin` (porte, regions, bodies, body secretariats), the
//! conference roles page `/c/{slug}/gestao/papeis` (body secretariat and commission), and the
//! password change forced after a staff-issued temporary password (`/senha/trocar`).
//!
//! Handlers call `app::platform::admin`, which checks the permission and validates. A page that shows a
//! temporary password is answered with `Cache-Control: no-store` and never redirected to, so the
//! password is on screen once and in no URL or log.

use crate::setup::conference::{me, refuse};
use crate::{AppState, WebError};
use app::Fail;
use app::platform::admin as a;
use askama::Template;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, Uri, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use domain::Invalid;
use uuid::Uuid;

fn render(status: StatusCode, t: impl Template) -> Result<Response, WebError> {
    Ok((
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Html(t.render()?),
    )
        .into_response())
}

#[derive(serde::Deserialize, Default)]
pub struct HomeQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    salvo: Option<String>,
}

fn portes() -> Vec<(String, String)> {
    domain::values::Porte::ALL
        .iter()
        .map(|p| (p.code().to_owned(), p.label().to_owned()))
        .collect()
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
    errors: Invalid,
    saved: bool,
}

pub async fn home(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let rows = a::search_municipalities(&st.db, me.as_ref(), &q.q)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        HomePage {
            q: q.q,
            rows,
            portes: portes(),
            errors: Invalid::default(),
            saved: q.salvo.is_some(),
        },
    )
}

pub async fn set_porte(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Form(f): Form<a::PorteInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match a::set_porte(&st.db, me.as_ref(), &f).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin?{}&salvo=1", encode(&f.q))).into_response()),
        Err(Fail::Invalid(mut errors)) => {
            // Each result row has its own select, named by its IBGE code.
            for e in errors.0.iter_mut() {
                e.field = format!("porte-{}", f.ibge_code.trim());
            }
            let rows = a::search_municipalities(&st.db, me.as_ref(), &f.q)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                HomePage {
                    q: f.q,
                    rows,
                    portes: portes(),
                    errors,
                    saved: false,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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

fn region_kinds() -> Vec<(String, String)> {
    domain::values::RegionKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect()
}

pub async fn regions(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let regions = a::regions(&st.db, me.as_ref())
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        RegionsPage {
            regions,
            f: a::RegionInput {
                kind: "consorcio".into(),
                ..Default::default()
            },
            ufs: ufs(),
            kinds: region_kinds(),
            errors: Invalid::default(),
        },
    )
}

pub async fn create_region(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Form(f): Form<a::RegionInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match a::create_region(&st.db, me.as_ref(), &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/regioes/{id}?salvo=1")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let regions = a::regions(&st.db, me.as_ref())
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                RegionsPage {
                    regions,
                    f,
                    ufs: ufs(),
                    kinds: region_kinds(),
                    errors,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
}

#[derive(Template)]
#[template(path = "platform/admin/region.html")]
struct RegionPage {
    r: a::RegionView,
    f: a::MembersInput,
    errors: Invalid,
    saved: bool,
}

pub async fn region(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(id): Path<Uuid>,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = a::region(&st.db, me.as_ref(), id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        RegionPage {
            r,
            f: a::MembersInput::default(),
            errors: Invalid::default(),
            saved: q.salvo.is_some(),
        },
    )
}

pub async fn add_members(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(id): Path<Uuid>,
    Form(f): Form<a::MembersInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match a::add_members(&st.db, me.as_ref(), id, &f).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/regioes/{id}?salvo=1")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let r = a::region(&st.db, me.as_ref(), id)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                RegionPage {
                    r,
                    f,
                    errors,
                    saved: false,
                },
            )
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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
    errors: Invalid,
}

fn body_kinds() -> Vec<(String, String)> {
    domain::values::BodyKind::ALL
        .iter()
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect()
}

async fn bodies_page(
    st: &AppState,
    me: Option<&app::platform::auth::Me>,
    f: a::BodyInput,
    errors: Invalid,
) -> Result<BodiesPage, Fail> {
    let mut regions = a::region_choices(&st.db, me).await?;
    regions.insert(0, (String::new(), "Nenhuma (não é câmara técnica)".into()));
    Ok(BodiesPage {
        bodies: a::bodies(&st.db, me).await?,
        f,
        kinds: body_kinds(),
        regions,
        errors,
    })
}

pub async fn bodies(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let p = bodies_page(
        &st,
        me.as_ref(),
        a::BodyInput {
            kind: "cmas".into(),
            ..Default::default()
        },
        Invalid::default(),
    )
    .await
    .map_err(|f| refuse(f, &uri))?;
    render(StatusCode::OK, p)
}

pub async fn create_body(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Form(f): Form<a::BodyInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    match a::create_body(&st.db, me.as_ref(), &f).await {
        Ok(id) => Ok(Redirect::to(&format!("/admin/orgaos/{id}?salvo=1")).into_response()),
        Err(Fail::Invalid(errors)) => {
            let p = bodies_page(&st, me.as_ref(), f, errors)
                .await
                .map_err(|f| refuse(f, &uri))?;
            render(StatusCode::UNPROCESSABLE_ENTITY, p)
        }
        Err(other) => Err(refuse(other, &uri)),
    }
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

#[derive(Template)]
#[template(path = "platform/admin/body.html")]
struct BodyPage {
    v: a::BodyView,
    f: a::PersonInput,
    errors: Invalid,
    saved: bool,
    granted: Option<GrantedView>,
}

pub async fn body(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(id): Path<Uuid>,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let v = a::body_view(&st.db, me.as_ref(), id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        StatusCode::OK,
        BodyPage {
            v,
            f: a::PersonInput::default(),
            errors: Invalid::default(),
            saved: q.salvo.is_some(),
            granted: None,
        },
    )
}

pub async fn grant_secretariat(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(id): Path<Uuid>,
    Form(f): Form<a::PersonInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = a::grant_secretariat(&st.db, me.as_ref(), &st.settings.public_url, id, &f).await;
    let (status, f, errors, granted) = match r {
        Ok(g) => (
            StatusCode::OK,
            a::PersonInput::default(),
            Invalid::default(),
            Some(g.into()),
        ),
        Err(Fail::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, f, errors, None),
        Err(other) => return Err(refuse(other, &uri)),
    };
    let v = a::body_view(&st.db, me.as_ref(), id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(
        status,
        BodyPage {
            v,
            f,
            errors,
            saved: false,
            granted,
        },
    )
}

pub async fn revoke_secretariat(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((id, grant)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    a::revoke_secretariat(&st.db, me.as_ref(), id, grant)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!("/admin/orgaos/{id}?salvo=1")).into_response())
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

fn roles_page(
    v: a::RolesView,
    f: a::PersonInput,
    errors: Invalid,
    saved: bool,
    granted: Option<GrantedView>,
) -> RolesPage {
    let mut units = v.units.clone();
    units.insert(0, (String::new(), "Nenhuma (só para articulador)".into()));
    RolesPage {
        slug: v.slug.clone(),
        roles: a::CONFERENCE_ROLES
            .iter()
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect(),
        units,
        v,
        f,
        errors,
        saved,
        granted,
    }
}

pub async fn roles(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Query(q): Query<HomeQuery>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let v = a::conference_roles(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    let f = a::PersonInput {
        role: "territorial_articulator".into(),
        ..Default::default()
    };
    render(
        StatusCode::OK,
        roles_page(v, f, Invalid::default(), q.salvo.is_some(), None),
    )
}

pub async fn grant_role(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path(slug): Path<String>,
    Form(f): Form<a::PersonInput>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    let r = a::grant_conference_role(&st.db, me.as_ref(), &st.settings.public_url, &slug, &f).await;
    let (status, f, errors, granted) = match r {
        Ok(g) => (
            StatusCode::OK,
            a::PersonInput {
                role: f.role,
                ..Default::default()
            },
            Invalid::default(),
            Some(g.into()),
        ),
        Err(Fail::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, f, errors, None),
        Err(other) => return Err(refuse(other, &uri)),
    };
    let v = a::conference_roles(&st.db, me.as_ref(), &slug)
        .await
        .map_err(|f| refuse(f, &uri))?;
    render(status, roles_page(v, f, errors, false, granted))
}

pub async fn revoke_role(
    State(st): State<AppState>,
    h: HeaderMap,
    uri: Uri,
    Path((slug, id)): Path<(String, Uuid)>,
) -> Result<Response, WebError> {
    let me = me(&st, &h).await?;
    a::revoke_conference_role(&st.db, me.as_ref(), &slug, id)
        .await
        .map_err(|f| refuse(f, &uri))?;
    Ok(Redirect::to(&format!("/c/{slug}/gestao/papeis?salvo=1")).into_response())
}

// ---------------------------------------------------------------------------------------------
// Password change (forced after a temporary password)

#[derive(Template)]
#[template(path = "platform/password_change.html")]
struct ChangePage {
    forced: bool,
    errors: Invalid,
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
    render(
        StatusCode::OK,
        ChangePage {
            forced: me.account.must_change_password,
            errors: Invalid::default(),
        },
    )
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
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            ChangePage {
                forced: me.account.must_change_password,
                errors,
            },
        );
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
    render(
        refused.0,
        ChangePage {
            forced: me.account.must_change_password,
            errors,
        },
    )
}

/// The routes of this page group, merged by `crate::router_with`.
pub(crate) fn routes(_st: &crate::AppState) -> axum::Router<crate::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        // Platform administration and conference roles; every handler asks app::platform::auth / domain::policy.
        .route("/admin", get(home))
        .route("/admin/porte", post(set_porte))
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
