//! A consortium's regional campaigns (issue 24, ADR 0046). The technical chamber of a
//! consortium (a body of kind `camara_tecnica` with a region) runs campaigns across its member
//! municipalities ("Maio Laranja, integrada entre os sete municípios"): the chamber's
//! secretariat creates a campaign with its period and shares materials (a PDF, a poster, a
//! link); each municipality's actions (what, when, people reached, materials handed out, photos
//! with their descriptions) are recorded by the chamber's secretariat or by the secretariat of
//! the municipality's own council (`Action::ReportRegionalAction`). The campaign's page is
//! public, with the results per municipality, those without an action yet included.

use crate::Fail;
use crate::bodies::members::{Municipality, body_for_staff, chamber_members};
use crate::platform::auth::{Me, allow, parse_id};
use crate::platform::media;
use crate::setup::conference::Upload;
use chrono::{NaiveDate, Utc};
use domain::calendar::parse_date;
use domain::policy::Action;
use domain::values::{optional, optional_url, required, required_multiline};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::Db;
use store::entities::{
    body, federative_entity, region, region_campaign, region_campaign_action,
    region_campaign_material, region_campaign_photo,
};
use uuid::Uuid;

/// Longest campaign, in days.
pub const MAX_DAYS: i64 = 366;
/// Most photos of one action.
pub const MAX_PHOTOS: u64 = 6;
/// Most people one action may say it reached.
pub const MAX_PEOPLE: i32 = 1_000_000;

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&chrono_tz::America::Sao_Paulo)
        .date_naive()
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A chamber, its consortium's name and municipalities; `NotFound` for any other body.
async fn chamber(db: &Db, body_id: Uuid) -> Result<(body::Model, String, Vec<Municipality>), Fail> {
    let b = body::Entity::find_by_id(body_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let Some(members) = chamber_members(db, &b).await? else {
        return Err(Fail::NotFound);
    };
    let region = match b.region_id {
        Some(r) => region::Entity::find_by_id(r)
            .one(&db.conn)
            .await?
            .map(|r| r.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok((b, region, members))
}

async fn campaign_of(
    db: &Db,
    body_id: Uuid,
    campaign_id: &str,
) -> Result<region_campaign::Model, Fail> {
    region_campaign::Entity::find_by_id(parse_id(campaign_id)?)
        .filter(region_campaign::Column::BodyId.eq(body_id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

fn may_report(me: Option<&Me>, chamber: Uuid, m: &Municipality) -> bool {
    allow(
        me,
        Action::ReportRegionalAction(chamber.into(), m.council.map(Into::into)),
    )
    .is_ok()
}

/// The member municipalities whose actions `me` may record in chamber `chamber`.
fn reportable(me: Option<&Me>, chamber: Uuid, members: &[Municipality]) -> Vec<Municipality> {
    members
        .iter()
        .filter(|m| may_report(me, chamber, m))
        .cloned()
        .collect()
}

/// Whether `me` may record actions for at least one municipality of chamber `body_id` (checked
/// before an upload is read): `NeedsLogin`, `Forbidden` or `NotFound` otherwise.
pub async fn may_report_any(db: &Db, me: Option<&Me>, body_id: &str) -> Result<(), Fail> {
    let id = parse_id(body_id)?;
    if me.is_none() {
        return Err(Fail::NeedsLogin);
    }
    // Not a chamber: refused like any body the person may not report in.
    let (b, _, members) = chamber(db, id).await.map_err(|e| match e {
        Fail::NotFound => Fail::Forbidden,
        e => e,
    })?;
    if reportable(me, b.id, &members).is_empty() {
        return Err(Fail::Forbidden);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The campaign and its materials (the chamber's secretariat)

/// A campaign as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CampaignInput {
    pub title: String,
    pub summary: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// Creates a campaign of chamber `body_id`.
pub async fn create(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    i: &CampaignInput,
) -> Result<Uuid, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    if chamber_members(db, &b).await?.is_none() {
        return Err(Invalid::one(
            "form",
            "Campanhas regionais são da câmara técnica de um consórcio: este órgão não tem região",
        )
        .into());
    }
    let mut inv = Invalid::default();
    let title = required("title", "o nome da campanha", &i.title, 160)
        .map_err(|e| inv.push(e))
        .ok();
    let summary = required_multiline(
        "summary",
        "o que a campanha quer e como os municípios participam",
        &i.summary,
        3000,
    )
    .map_err(|e| inv.push(e))
    .ok();
    let start = parse_date("starts_on", "o início da campanha", &i.starts_on)
        .map_err(|e| inv.push(e))
        .ok();
    let end = parse_date("ends_on", "o fim da campanha", &i.ends_on)
        .map_err(|e| inv.push(e))
        .ok();
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            inv.push(FieldError::new(
                "ends_on",
                "O fim da campanha deve ser no dia do início ou depois",
            ));
        } else if (e - s).num_days() > MAX_DAYS {
            inv.push(FieldError::new(
                "ends_on",
                "Uma campanha dura no máximo um ano: confira as datas",
            ));
        }
    }
    inv.into_result()?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    region_campaign::Entity::insert(region_campaign::ActiveModel {
        id: Set(id),
        body_id: Set(b.id),
        title: Set(title.expect("checked")),
        summary: Set(summary.expect("checked")),
        starts_on: Set(start.expect("checked")),
        ends_on: Set(end.expect("checked")),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    tracing::info!(body = %b.id, campaign = %id, "regional campaign created");
    Ok(id)
}

/// A shared material as typed: a file (the upload) or a link.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MaterialInput {
    pub material_title: String,
    pub url: String,
}

/// Adds a material to campaign `campaign_id`: a PDF, a JPEG or PNG poster (re-encoded, without
/// metadata), or a link; one of them.
pub async fn add_material(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
    i: &MaterialInput,
    file: Option<Upload>,
) -> Result<(), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let c = campaign_of(db, b.id, campaign_id).await?;
    let mut inv = Invalid::default();
    let title = required(
        "material_title",
        "o título do material",
        &i.material_title,
        200,
    )
    .map_err(|e| inv.push(e))
    .ok();
    let url = optional_url("url", &i.url)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let file = file.filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty());
    let mut stored: Option<(&'static str, String, Vec<u8>)> = None;
    match (file, &url) {
        (Some(_), Some(_)) => inv.push(FieldError::new(
            "url",
            "Envie o arquivo ou informe um link, não os dois",
        )),
        (None, None) if inv.message_for("url").is_none() => inv.push(FieldError::new(
            "material_file",
            "Escolha o arquivo do material (PDF, JPEG ou PNG) ou informe o seu link",
        )),
        (Some(f), None) => match media::sniff_kind(&f.bytes) {
            "pdf" => match domain::setup::check_pdf("material_file", &f.bytes) {
                Ok(()) => {
                    let name = if f.file_name.trim().is_empty() {
                        "material.pdf".to_owned()
                    } else {
                        f.file_name.chars().take(120).collect()
                    };
                    stored = Some(("pdf", name, f.bytes));
                }
                Err(e) => inv.push(e),
            },
            "photo" => {
                match media::off_thread("material_file", f.bytes, media::reencode_photo).await {
                    Ok(p) => stored = Some(("photo", "material.jpg".to_owned(), p.jpeg)),
                    Err(e) => inv.push(e),
                }
            }
            _ => inv.push(FieldError::new(
                "material_file",
                "Este arquivo não é um PDF nem uma imagem JPEG ou PNG",
            )),
        },
        _ => {}
    }
    inv.into_result()?;
    let (kind, file_name, size, sha, bytes) = match stored {
        Some((kind, name, bytes)) => (
            kind,
            Some(name),
            bytes.len() as i32,
            Some(hex::encode(Sha256::digest(&bytes))),
            Some(bytes),
        ),
        None => ("link", None, 0, None, None),
    };
    let tx = db.write().await?;
    region_campaign_material::Entity::insert(region_campaign_material::ActiveModel {
        id: Set(Uuid::now_v7()),
        campaign_id: Set(c.id),
        title: Set(title.expect("checked")),
        kind: Set(kind.into()),
        url: Set(url),
        file_name: Set(file_name),
        size_bytes: Set(size),
        sha256: Set(sha),
        bytes: Set(bytes),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A material's file (name, content type, bytes). Public, as the campaign is.
pub async fn material_file(
    db: &Db,
    body_id: &str,
    campaign_id: &str,
    material_id: &str,
) -> Result<(String, &'static str, Vec<u8>), Fail> {
    let c = campaign_of(db, parse_id(body_id)?, campaign_id).await?;
    let m = region_campaign_material::Entity::find_by_id(parse_id(material_id)?)
        .filter(region_campaign_material::Column::CampaignId.eq(c.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let kind = if m.kind == "photo" {
        "image/jpeg"
    } else {
        "application/pdf"
    };
    match (m.file_name, m.bytes) {
        (Some(n), Some(b)) => Ok((n, kind, b)),
        _ => Err(Fail::NotFound),
    }
}

// ---------------------------------------------------------------------------------------------
// The municipalities' actions

/// An action as typed; the photo (optional) comes as the upload.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ActionInput {
    pub municipality: String,
    pub action_title: String,
    pub happened_on: String,
    pub description: String,
    pub people_reached: String,
    pub materials_given: String,
    pub photo_alt: String,
}

fn count(field: &str, label: &str, input: &str, max: i32) -> Result<Option<i32>, FieldError> {
    let t: String = input.trim().chars().filter(|c| *c != '.').collect();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i32>() {
        Ok(n) if (0..=max).contains(&n) => Ok(Some(n)),
        _ => Err(FieldError::new(
            field,
            format!("{label}: informe um número inteiro de 0 a {max}"),
        )),
    }
}

fn alt_text(input: &str) -> Result<String, FieldError> {
    let alt = required(
        "photo_alt",
        "a descrição da foto, para quem não a vê (por exemplo: equipe do CRAS entrega folhetos na feira)",
        input,
        300,
    )?;
    if alt.chars().count() < 10 {
        return Err(FieldError::new(
            "photo_alt",
            "Descreva a foto em uma frase (pelo menos 10 letras): quem aparece e o que fazem",
        ));
    }
    Ok(alt)
}

async fn photo_row(
    action_id: Uuid,
    alt: String,
    bytes: Vec<u8>,
) -> Result<region_campaign_photo::ActiveModel, FieldError> {
    let (photo, thumb) = media::off_thread("file", bytes, media::photo_and_thumb).await?;
    Ok(region_campaign_photo::ActiveModel {
        id: Set(Uuid::now_v7()),
        action_id: Set(action_id),
        alt: Set(alt),
        width: Set(photo.width as i32),
        height: Set(photo.height as i32),
        jpeg: Set(photo.jpeg),
        thumb: Set(thumb.jpeg),
        created_at: Set(Utc::now()),
    })
}

/// Records what a member municipality did for campaign `campaign_id`, with an optional photo
/// and its description. The day must fall in the campaign and not after today; nothing is
/// written unless every field is right.
pub async fn add_action(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
    i: &ActionInput,
    photo: Option<Upload>,
) -> Result<Uuid, Fail> {
    may_report_any(db, me, body_id).await?;
    let (b, _, members) = chamber(db, parse_id(body_id)?).await?;
    let c = campaign_of(db, b.id, campaign_id).await?;
    let mut inv = Invalid::default();
    let municipality = Uuid::parse_str(i.municipality.trim())
        .ok()
        .and_then(|id| members.iter().find(|m| m.id == id));
    match municipality {
        None => inv.push(FieldError::new(
            "municipality",
            "Escolha o município do consórcio que fez a ação",
        )),
        Some(m) if !may_report(me, b.id, m) => return Err(Fail::Forbidden),
        Some(_) => {}
    }
    let title = required("action_title", "o nome da ação", &i.action_title, 160)
        .map_err(|e| inv.push(e))
        .ok();
    let day = parse_date("happened_on", "o dia da ação", &i.happened_on)
        .map_err(|e| inv.push(e))
        .ok();
    if let Some(d) = day {
        if d < c.starts_on || d > c.ends_on {
            inv.push(FieldError::new(
                "happened_on",
                format!(
                    "O dia deve estar no período da campanha, de {} a {}",
                    dmy(c.starts_on),
                    dmy(c.ends_on)
                ),
            ));
        } else if d > today() {
            inv.push(FieldError::new(
                "happened_on",
                "Registre a ação depois que ela acontecer: o dia ainda não chegou",
            ));
        }
    }
    let description = required_multiline(
        "description",
        "o que foi feito, onde e com quem",
        &i.description,
        2000,
    )
    .map_err(|e| inv.push(e))
    .ok();
    let people = match count(
        "people_reached",
        "Pessoas alcançadas",
        &i.people_reached,
        MAX_PEOPLE,
    ) {
        Ok(Some(n)) => Some(n),
        Ok(None) => {
            inv.push(FieldError::new(
                "people_reached",
                "Informe quantas pessoas a ação alcançou (0 se não foi contado)",
            ));
            None
        }
        Err(e) => {
            inv.push(e);
            None
        }
    };
    let materials = count(
        "materials_given",
        "Materiais distribuídos",
        &i.materials_given,
        MAX_PEOPLE,
    )
    .map_err(|e| inv.push(e))
    .ok()
    .flatten();
    let photo = photo.filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty());
    let alt = optional("photo_alt", "A descrição da foto", &i.photo_alt, 300)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let id = Uuid::now_v7();
    let new_photo = match photo {
        Some(f) => {
            let alt = alt_text(&i.photo_alt).map_err(|e| inv.push(e)).ok();
            match photo_row(id, alt.unwrap_or_default(), f.bytes).await {
                Ok(r) => Some(r),
                Err(e) => {
                    inv.push(e);
                    None
                }
            }
        }
        None => {
            if alt.is_some() {
                inv.push(FieldError::new(
                    "file",
                    "Escolha a foto que a descrição acompanha, ou apague a descrição",
                ));
            }
            None
        }
    };
    inv.into_result()?;
    let tx = db.write().await?;
    region_campaign_action::Entity::insert(region_campaign_action::ActiveModel {
        id: Set(id),
        campaign_id: Set(c.id),
        entity_id: Set(municipality.expect("checked").id),
        title: Set(title.expect("checked")),
        happened_on: Set(day.expect("checked")),
        description: Set(description.expect("checked")),
        people_reached: Set(people.expect("checked")),
        materials_given: Set(materials),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    if let Some(p) = new_photo {
        region_campaign_photo::Entity::insert(p).exec(&tx).await?;
    }
    tx.commit().await?;
    tracing::info!(campaign = %c.id, action = %id, "regional campaign action recorded");
    Ok(id)
}

/// The action `action_id` of campaign `c`, if `me` may change it (its municipality's reporters).
async fn own_action(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
    action_id: &str,
) -> Result<region_campaign_action::Model, Fail> {
    may_report_any(db, me, body_id).await?;
    let (b, _, members) = chamber(db, parse_id(body_id)?).await?;
    let c = campaign_of(db, b.id, campaign_id).await?;
    let a = region_campaign_action::Entity::find_by_id(parse_id(action_id)?)
        .filter(region_campaign_action::Column::CampaignId.eq(c.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    match members.iter().find(|m| m.id == a.entity_id) {
        Some(m) if may_report(me, b.id, m) => Ok(a),
        _ => Err(Fail::Forbidden),
    }
}

/// Adds a photo (with its description) to an action; at most [`MAX_PHOTOS`].
pub async fn add_photo(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
    action_id: &str,
    alt: &str,
    photo: Option<Upload>,
) -> Result<(), Fail> {
    let a = own_action(db, me, body_id, campaign_id, action_id).await?;
    let mut inv = Invalid::default();
    let alt = alt_text(alt).map_err(|e| inv.push(e)).ok();
    let r = add_photo_checked(db, &a, alt, photo, inv).await;
    // This form's fields have their own names: the page also has the action form's.
    r.map_err(|f| match f {
        Fail::Invalid(mut inv) => {
            for e in &mut inv.0 {
                e.field = if e.field == "photo_alt" {
                    "photo_file_alt".into()
                } else {
                    "photo_file".into()
                };
            }
            Fail::Invalid(inv)
        }
        other => other,
    })
}

async fn photo_count<C: ConnectionTrait>(c: &C, action: Uuid) -> Result<u64, sea_orm::DbErr> {
    region_campaign_photo::Entity::find()
        .filter(region_campaign_photo::Column::ActionId.eq(action))
        .count(c)
        .await
}

async fn add_photo_checked(
    db: &Db,
    a: &region_campaign_action::Model,
    alt: Option<String>,
    photo: Option<Upload>,
    mut inv: Invalid,
) -> Result<(), Fail> {
    let photo = photo.filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty());
    let full = || Invalid::one("file", format!("Uma ação tem no máximo {MAX_PHOTOS} fotos"));
    if photo_count(&db.conn, a.id).await? >= MAX_PHOTOS {
        return Err(full().into());
    }
    let row = match photo {
        None => {
            inv.push(FieldError::new("file", "Escolha a foto (JPEG ou PNG)"));
            None
        }
        Some(f) if inv.is_empty() => {
            match photo_row(a.id, alt.clone().unwrap_or_default(), f.bytes).await {
                Ok(r) => Some(r),
                Err(e) => {
                    inv.push(e);
                    None
                }
            }
        }
        Some(_) => None,
    };
    inv.into_result()?;
    let tx = db.write().await?;
    // Counted again where it is written: two photos sent at once do not pass the limit.
    if photo_count(&tx, a.id).await? >= MAX_PHOTOS {
        return Err(full().into());
    }
    region_campaign_photo::Entity::insert(row.expect("checked"))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes an action recorded by mistake, with its photos.
pub async fn remove_action(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
    action_id: &str,
) -> Result<(), Fail> {
    let a = own_action(db, me, body_id, campaign_id, action_id).await?;
    let tx = db.write().await?;
    region_campaign_photo::Entity::delete_many()
        .filter(region_campaign_photo::Column::ActionId.eq(a.id))
        .exec(&tx)
        .await?;
    region_campaign_action::Entity::delete_by_id(a.id)
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A photo of an action (the thumbnail when `thumb`). Public, as the campaign is.
pub async fn photo(
    db: &Db,
    body_id: &str,
    campaign_id: &str,
    photo_id: &str,
    thumb: bool,
) -> Result<Vec<u8>, Fail> {
    let c = campaign_of(db, parse_id(body_id)?, campaign_id).await?;
    let p = region_campaign_photo::Entity::find_by_id(parse_id(photo_id)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let belongs = region_campaign_action::Entity::find_by_id(p.action_id)
        .filter(region_campaign_action::Column::CampaignId.eq(c.id))
        .one(&db.conn)
        .await?
        .is_some();
    if !belongs {
        return Err(Fail::NotFound);
    }
    Ok(if thumb { p.thumb } else { p.jpeg })
}

// ---------------------------------------------------------------------------------------------
// The pages

/// "em andamento até 30/06/2027", "encerrada em 31/05/2027", "começa em 01/05/2027".
fn status(c: &region_campaign::Model, today: NaiveDate) -> String {
    if today < c.starts_on {
        format!("começa em {}", dmy(c.starts_on))
    } else if today > c.ends_on {
        format!("encerrada em {}", dmy(c.ends_on))
    } else {
        format!("em andamento até {}", dmy(c.ends_on))
    }
}

/// One campaign in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignRow {
    pub id: String,
    pub title: String,
    pub period: String,
    pub status: String,
    pub actions: usize,
    /// Municipalities with at least one action.
    pub municipalities: usize,
    pub people: i64,
}

/// A chamber's campaigns.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignList {
    pub body_id: String,
    pub body_name: String,
    pub region: String,
    pub members: usize,
    pub campaigns: Vec<CampaignRow>,
    /// The secretariat's view (the form).
    pub staff: bool,
}

async fn list_of(
    db: &Db,
    b: body::Model,
    region: String,
    members: usize,
    staff: bool,
) -> Result<CampaignList, Fail> {
    let cs = region_campaign::Entity::find()
        .filter(region_campaign::Column::BodyId.eq(b.id))
        .order_by_desc(region_campaign::Column::StartsOn)
        .all(&db.conn)
        .await?;
    let actions = region_campaign_action::Entity::find()
        .filter(region_campaign_action::Column::CampaignId.is_in(cs.iter().map(|c| c.id)))
        .all(&db.conn)
        .await?;
    let today = today();
    Ok(CampaignList {
        campaigns: cs
            .iter()
            .map(|c| {
                let mine: Vec<_> = actions.iter().filter(|a| a.campaign_id == c.id).collect();
                let mut ents: Vec<Uuid> = mine.iter().map(|a| a.entity_id).collect();
                ents.sort();
                ents.dedup();
                CampaignRow {
                    id: c.id.to_string(),
                    title: c.title.clone(),
                    period: format!("{} a {}", dmy(c.starts_on), dmy(c.ends_on)),
                    status: status(c, today),
                    actions: mine.len(),
                    municipalities: ents.len(),
                    people: mine.iter().map(|a| i64::from(a.people_reached)).sum(),
                }
            })
            .collect(),
        body_id: b.id.to_string(),
        body_name: b.name,
        region,
        members,
        staff,
    })
}

/// The public list of a chamber's campaigns.
pub async fn list_public(db: &Db, body_id: &str) -> Result<CampaignList, Fail> {
    let (b, region, members) = chamber(db, parse_id(body_id)?).await?;
    list_of(db, b, region, members.len(), false).await
}

/// The secretariat's list (with the form to create one).
pub async fn list_staff(db: &Db, me: Option<&Me>, body_id: &str) -> Result<CampaignList, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let (b, region, members) = chamber(db, b.id).await?;
    list_of(db, b, region, members.len(), true).await
}

/// A shared material.
#[derive(Debug, Clone, Serialize)]
pub struct MaterialView {
    pub id: String,
    pub title: String,
    /// `pdf`, `photo` or `link`.
    pub kind: String,
    pub url: Option<String>,
    /// "PDF, 120 KB".
    pub what: String,
}

/// A photo of an action.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoView {
    pub id: String,
    pub alt: String,
}

/// One action.
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub id: String,
    pub municipality: String,
    pub title: String,
    pub day: String,
    pub description: String,
    pub people: i32,
    pub materials: Option<i32>,
    pub photos: Vec<PhotoView>,
    /// Whether the viewer may add photos to it or remove it.
    pub editable: bool,
}

/// The results of one member municipality.
#[derive(Debug, Clone, Serialize)]
pub struct MunicipalityResult {
    pub name: String,
    pub actions: usize,
    pub people: i64,
    pub materials: i64,
    /// Whether any of its actions said how many materials it handed out.
    pub materials_known: bool,
}

/// A campaign's page.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignPage {
    pub body_id: String,
    pub body_name: String,
    pub region: String,
    pub id: String,
    pub title: String,
    pub summary: String,
    pub period: String,
    pub status: String,
    pub materials: Vec<MaterialView>,
    /// Every member municipality, those without an action included.
    pub results: Vec<MunicipalityResult>,
    pub with_actions: usize,
    pub total_actions: usize,
    pub total_people: i64,
    pub total_materials: i64,
    pub actions: Vec<ActionView>,
    /// The municipalities the viewer may record actions for (id, name); empty on the public page.
    pub reportable: Vec<(String, String)>,
    /// The chamber's secretariat (materials).
    pub manages: bool,
}

fn size_label(bytes: i32) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", f64::from(bytes) / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

async fn page_of(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
) -> Result<CampaignPage, Fail> {
    let (b, region, members) = chamber(db, parse_id(body_id)?).await?;
    let c = campaign_of(db, b.id, campaign_id).await?;
    let materials = region_campaign_material::Entity::find()
        .filter(region_campaign_material::Column::CampaignId.eq(c.id))
        .order_by_asc(region_campaign_material::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let actions = region_campaign_action::Entity::find()
        .filter(region_campaign_action::Column::CampaignId.eq(c.id))
        .order_by_desc(region_campaign_action::Column::HappenedOn)
        .order_by_desc(region_campaign_action::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let photos = region_campaign_photo::Entity::find()
        .filter(region_campaign_photo::Column::ActionId.is_in(actions.iter().map(|a| a.id)))
        .order_by_asc(region_campaign_photo::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let reportable = if me.is_some() {
        reportable(me, b.id, &members)
    } else {
        Vec::new()
    };
    // A municipality that left the consortium keeps its past actions, under its name.
    let names = federative_entity::Entity::find()
        .filter(federative_entity::Column::Id.is_in(actions.iter().map(|a| a.entity_id)))
        .all(&db.conn)
        .await?;
    let name_of = |e: Uuid| {
        names
            .iter()
            .find(|m| m.id == e)
            .map(|m| m.name.clone())
            .unwrap_or_default()
    };
    let mut results: Vec<MunicipalityResult> = members
        .iter()
        .map(|m| {
            let mine: Vec<_> = actions.iter().filter(|a| a.entity_id == m.id).collect();
            MunicipalityResult {
                name: m.name.clone(),
                actions: mine.len(),
                people: mine.iter().map(|a| i64::from(a.people_reached)).sum(),
                materials: mine
                    .iter()
                    .map(|a| i64::from(a.materials_given.unwrap_or(0)))
                    .sum(),
                materials_known: mine.iter().any(|a| a.materials_given.is_some()),
            }
        })
        .collect();
    // Those with actions first, by people reached; then the others, by name.
    results.sort_by(|a, b| {
        (b.actions > 0)
            .cmp(&(a.actions > 0))
            .then(b.people.cmp(&a.people))
            .then(a.name.cmp(&b.name))
    });
    let manages = me.is_some() && allow(me, Action::ManageBody(b.id.into())).is_ok();
    Ok(CampaignPage {
        with_actions: results.iter().filter(|r| r.actions > 0).count(),
        total_actions: actions.len(),
        total_people: results.iter().map(|r| r.people).sum(),
        total_materials: results.iter().map(|r| r.materials).sum(),
        results,
        materials: materials
            .into_iter()
            .map(|m| MaterialView {
                id: m.id.to_string(),
                what: match m.kind.as_str() {
                    "pdf" => format!("PDF, {}", size_label(m.size_bytes)),
                    "photo" => format!("imagem JPEG, {}", size_label(m.size_bytes)),
                    _ => "link".into(),
                },
                title: m.title,
                kind: m.kind,
                url: m.url,
            })
            .collect(),
        actions: actions
            .iter()
            .map(|a| ActionView {
                id: a.id.to_string(),
                municipality: name_of(a.entity_id),
                title: a.title.clone(),
                day: dmy(a.happened_on),
                description: a.description.clone(),
                people: a.people_reached,
                materials: a.materials_given,
                photos: photos
                    .iter()
                    .filter(|p| p.action_id == a.id)
                    .map(|p| PhotoView {
                        id: p.id.to_string(),
                        alt: p.alt.clone(),
                    })
                    .collect(),
                editable: reportable.iter().any(|m| m.id == a.entity_id),
            })
            .collect(),
        reportable: reportable
            .iter()
            .map(|m| (m.id_text.clone(), m.name.clone()))
            .collect(),
        manages,
        status: status(&c, today()),
        period: format!("{} a {}", dmy(c.starts_on), dmy(c.ends_on)),
        body_id: b.id.to_string(),
        body_name: b.name,
        region,
        id: c.id.to_string(),
        title: c.title,
        summary: c.summary,
    })
}

/// The public page of a campaign.
pub async fn page_public(db: &Db, body_id: &str, campaign_id: &str) -> Result<CampaignPage, Fail> {
    page_of(db, None, body_id, campaign_id).await
}

/// The page of those who record actions (the chamber's secretariat, a member council's).
pub async fn page_staff(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    campaign_id: &str,
) -> Result<CampaignPage, Fail> {
    may_report_any(db, me, body_id).await?;
    page_of(db, me, body_id, campaign_id).await
}

/// A campaign `me` may record actions in, for the panel.
#[derive(Debug, Clone, Serialize)]
pub struct PanelCampaign {
    pub body_id: String,
    pub campaign_id: String,
    pub title: String,
    pub status: String,
    /// "Pará de Minas".
    pub for_municipalities: String,
}

/// The campaigns, not ended more than 30 days ago, of the chambers where `me` records actions
/// for a municipality as its council's secretariat (the chamber's own secretariat finds them on
/// the chamber's page). Not for the platform's administration.
pub async fn my_campaigns(db: &Db, me: &Me) -> Result<Vec<PanelCampaign>, Fail> {
    if me.actor.is_admin() {
        return Ok(Vec::new());
    }
    let chambers = body::Entity::find()
        .filter(body::Column::Kind.eq("camara_tecnica"))
        .all(&db.conn)
        .await?;
    let since = today() - chrono::Duration::days(30);
    let mut out = Vec::new();
    for b in chambers {
        let Some(members) = chamber_members(db, &b).await? else {
            continue;
        };
        let mine: Vec<String> = members
            .iter()
            .filter(|m| {
                m.council
                    .is_some_and(|c| allow(Some(me), Action::ManageBody(c.into())).is_ok())
                    && may_report(Some(me), b.id, m)
            })
            .map(|m| m.name.clone())
            .collect();
        if mine.is_empty() {
            continue;
        }
        let cs = region_campaign::Entity::find()
            .filter(region_campaign::Column::BodyId.eq(b.id))
            .filter(region_campaign::Column::EndsOn.gte(since))
            .order_by_asc(region_campaign::Column::StartsOn)
            .all(&db.conn)
            .await?;
        out.extend(cs.into_iter().map(|c| PanelCampaign {
            body_id: b.id.to_string(),
            campaign_id: c.id.to_string(),
            status: status(&c, today()),
            title: format!("{} ({})", c.title, b.name),
            for_municipalities: mine.join(", "),
        }));
    }
    Ok(out)
}
