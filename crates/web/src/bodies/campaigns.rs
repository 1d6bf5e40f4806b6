//! A consortium's regional campaigns: the technical chamber's secretariat's pages under
//! `/orgaos/{id}/gestao/campanhas` (create a campaign, share materials), where a member
//! municipality's council secretariat also records its actions, and the public ones:
//! `/orgaos/{id}/campanhas`, `/orgaos/{id}/campanhas/{c}` (results per municipality), the
//! materials and the photos.

use crate::respond::{self, Notice, Viewer};
use crate::{AppState, WebError};
use app::bodies::campaigns as cp;
use askama::Template;
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    response::Response,
    routing::{get, post},
};
use domain::Invalid;

#[derive(Template)]
#[template(path = "bodies/campaigns.html")]
struct ListTpl {
    l: cp::CampaignList,
    input: cp::CampaignInput,
    errors: Invalid,
}

/// `/orgaos/{id}/campanhas`.
pub async fn public_list(
    State(st): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let l = cp::list_public(&st.db, &id).await?;
    respond::html(ListTpl {
        l,
        input: cp::CampaignInput::default(),
        errors: Invalid::default(),
    })
}

async fn staff_list(
    st: &AppState,
    v: &Viewer,
    id: &str,
    input: cp::CampaignInput,
    errors: Invalid,
) -> Result<Response, WebError> {
    let l = cp::list_staff(&st.db, v.me(), id).await?;
    respond::page(!errors.is_empty(), ListTpl { l, input, errors })
}

/// `/orgaos/{id}/gestao/campanhas`.
pub async fn list(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    staff_list(
        &st,
        &v,
        &id,
        cp::CampaignInput::default(),
        Invalid::default(),
    )
    .await
}

/// Creates a campaign.
pub async fn create(
    State(st): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<cp::CampaignInput>,
) -> Result<Response, WebError> {
    let r = cp::create(&st.db, v.me(), &id, &f).await;
    respond::form(
        r,
        |c| respond::back(&format!("/orgaos/{id}/gestao/campanhas/{c}"), "criada"),
        |e| staff_list(&st, &v, &id, f.clone(), e),
    )
    .await
}

#[derive(Template)]
#[template(path = "bodies/campaign.html")]
struct PageTpl {
    p: cp::CampaignPage,
    staff: bool,
    material: cp::MaterialInput,
    action: cp::ActionInput,
    /// The form the errors belong to: `material`, `action` or `foto-{action}`.
    form: String,
    photo_alt: String,
    /// Every error, for the summary at the top.
    errors: Invalid,
    /// The same, for the one form they belong to (the others show none).
    material_errors: Invalid,
    action_errors: Invalid,
    photo_errors: Invalid,
    notice: Option<&'static str>,
    municipalities: Vec<(String, String)>,
}

fn notice(n: &Notice) -> Option<&'static str> {
    Some(match n.code()? {
        "criada" => "Campanha criada. Compartilhe os materiais e registre as ações dos municípios.",
        "material" => "Material incluído: já aparece na página pública da campanha.",
        "acao" => "Ação registrada: já aparece nos resultados da campanha.",
        "foto" => "Foto incluída na ação.",
        "removida" => "Ação removida, com suas fotos.",
        _ => return None,
    })
}

/// `/orgaos/{id}/campanhas/{c}`.
pub async fn public_page(
    State(st): State<AppState>,
    Path((id, c)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let p = cp::page_public(&st.db, &id, &c).await?;
    respond::html(PageTpl {
        p,
        staff: false,
        material: cp::MaterialInput::default(),
        action: cp::ActionInput::default(),
        form: String::new(),
        photo_alt: String::new(),
        errors: Invalid::default(),
        notice: None,
        municipalities: Vec::new(),
        material_errors: Invalid::default(),
        action_errors: Invalid::default(),
        photo_errors: Invalid::default(),
    })
}

/// What was typed in the page's forms, kept when one is refused.
#[derive(Default)]
struct Typed {
    material: cp::MaterialInput,
    action: cp::ActionInput,
    photo_alt: String,
}

async fn staff_page(
    st: &AppState,
    v: &Viewer,
    (id, c): (&str, &str),
    t: Typed,
    errors: Invalid,
    form: &str,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let p = cp::page_staff(&st.db, v.me(), id, c).await?;
    let mut municipalities = Vec::new();
    if p.reportable.len() != 1 {
        municipalities.push((String::new(), "Escolha".to_owned()));
    }
    municipalities.extend(p.reportable.iter().cloned());
    let only = |name: &str| {
        if form == name || (name == "foto" && form.starts_with("foto-")) {
            errors.clone()
        } else {
            Invalid::default()
        }
    };
    let (material_errors, action_errors, photo_errors) =
        (only("material"), only("action"), only("foto"));
    respond::page(
        !errors.is_empty(),
        PageTpl {
            p,
            staff: true,
            material: t.material,
            action: t.action,
            form: form.to_owned(),
            photo_alt: t.photo_alt,
            errors,
            notice,
            municipalities,
            material_errors,
            action_errors,
            photo_errors,
        },
    )
}

fn here(id: &str, c: &str) -> String {
    format!("/orgaos/{id}/gestao/campanhas/{c}")
}

/// `/orgaos/{id}/gestao/campanhas/{c}`.
pub async fn page(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, c)): Path<(String, String)>,
    Query(n): Query<Notice>,
) -> Result<Response, WebError> {
    staff_page(
        &st,
        &v,
        (&id, &c),
        Typed::default(),
        Invalid::default(),
        "",
        notice(&n),
    )
    .await
}

/// Upload limit of the campaign's forms: above the photo and PDF limits, so that a file a
/// little too big gets the field's message rather than a bare 413.
const BODY_LIMIT: usize = app::platform::media::MAX_PHOTO_BYTES + 2 * 1024 * 1024;

fn too_big() -> WebError {
    WebError::TooLarge(format!(
        "O arquivo passa do limite de {} MB. Reduza a foto ou o PDF e envie de novo.",
        app::platform::media::MAX_PHOTO_BYTES / (1024 * 1024)
    ))
}

/// Adds a shared material (multipart), with the permission checked before the body is read.
pub async fn add_material(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, c)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    app::bodies::members::body_for_staff(&st.db, v.me(), &id).await?;
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let f = cp::MaterialInput {
        material_title: form.text("material_title"),
        url: form.text("url"),
    };
    let r = cp::add_material(&st.db, v.me(), &id, &c, &f, form.file).await;
    respond::form(
        r,
        |()| respond::back(&here(&id, &c), "material"),
        |e| {
            let t = Typed {
                material: f.clone(),
                ..Default::default()
            };
            staff_page(&st, &v, (&id, &c), t, e, "material", None)
        },
    )
    .await
}

/// Records a municipality's action (multipart: an optional photo).
pub async fn add_action(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, c)): Path<(String, String)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    cp::may_report_any(&st.db, v.me(), &id).await?;
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let f = cp::ActionInput {
        municipality: form.text("municipality"),
        action_title: form.text("action_title"),
        happened_on: form.text("happened_on"),
        description: form.text("description"),
        people_reached: form.text("people_reached"),
        materials_given: form.text("materials_given"),
        photo_alt: form.text("photo_alt"),
    };
    let r = cp::add_action(&st.db, v.me(), &id, &c, &f, form.file).await;
    respond::form(
        r,
        |_| respond::back(&here(&id, &c), "acao"),
        |e| {
            let t = Typed {
                action: f.clone(),
                ..Default::default()
            };
            staff_page(&st, &v, (&id, &c), t, e, "action", None)
        },
    )
    .await
}

/// Adds a photo to an action (multipart).
pub async fn add_photo(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, c, a)): Path<(String, String, String)>,
    mut mp: Multipart,
) -> Result<Response, WebError> {
    cp::may_report_any(&st.db, v.me(), &id).await?;
    let form = crate::upload::read(&mut mp, "file", too_big).await?;
    let alt = form.text("photo_alt");
    let r = cp::add_photo(&st.db, v.me(), &id, &c, &a, &alt, form.file).await;
    let which = format!("foto-{a}");
    respond::form(
        r,
        |()| respond::back(&here(&id, &c), "foto"),
        |e| {
            let t = Typed {
                photo_alt: alt.clone(),
                ..Default::default()
            };
            staff_page(&st, &v, (&id, &c), t, e, &which, None)
        },
    )
    .await
}

/// Removes an action.
pub async fn remove_action(
    State(st): State<AppState>,
    v: Viewer,
    Path((id, c, a)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    cp::remove_action(&st.db, v.me(), &id, &c, &a).await?;
    Ok(respond::back(&here(&id, &c), "removida"))
}

/// A shared material's file.
pub async fn material(
    State(st): State<AppState>,
    Path((id, c, m)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    let (name, ctype, bytes) = cp::material_file(&st.db, &id, &c, &m).await?;
    Ok(respond::inline_file(&name, ctype, bytes))
}

async fn photo_response(
    st: &AppState,
    (id, c, p): (&str, &str, &str),
    thumb: bool,
) -> Result<Response, WebError> {
    let bytes = cp::photo(&st.db, id, c, p, thumb).await?;
    let name = if thumb { "miniatura.jpg" } else { "foto.jpg" };
    Ok(respond::inline_file(name, "image/jpeg", bytes))
}

/// A photo of an action.
pub async fn photo(
    State(st): State<AppState>,
    Path((id, c, p)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    photo_response(&st, (&id, &c, &p), false).await
}

/// Its thumbnail.
pub async fn thumb(
    State(st): State<AppState>,
    Path((id, c, p)): Path<(String, String, String)>,
) -> Result<Response, WebError> {
    photo_response(&st, (&id, &c, &p), true).await
}

pub(crate) fn routes() -> axum::Router<AppState> {
    let g = "/orgaos/{id}/gestao/campanhas";
    let limit = || axum::extract::DefaultBodyLimit::max(BODY_LIMIT);
    axum::Router::new()
        .route(g, get(list).post(create))
        .route(&format!("{g}/{{c}}"), get(page))
        .route(
            &format!("{g}/{{c}}/materiais"),
            post(add_material).layer(limit()),
        )
        .route(&format!("{g}/{{c}}/acoes"), post(add_action).layer(limit()))
        .route(
            &format!("{g}/{{c}}/acoes/{{a}}/fotos"),
            post(add_photo).layer(limit()),
        )
        .route(
            &format!("{g}/{{c}}/acoes/{{a}}/remover"),
            post(remove_action),
        )
        .route("/orgaos/{id}/campanhas", get(public_list))
        .route("/orgaos/{id}/campanhas/{c}", get(public_page))
        .route("/orgaos/{id}/campanhas/{c}/materiais/{m}", get(material))
        .route("/orgaos/{id}/campanhas/{c}/fotos/{p}", get(photo))
        .route("/orgaos/{id}/campanhas/{c}/fotos/{p}/miniatura", get(thumb))
}
