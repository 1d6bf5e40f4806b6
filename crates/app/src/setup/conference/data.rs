//! Conference data.

use super::cycles::{THEME_TO_BE_DEFINED, cycle_choices};
use crate::Fail;
use crate::platform::auth::{Me, allow, authorize};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use domain::calendar::{ConferenceDates, check_stage_times, parse_date};
use domain::policy::Action;
use domain::values::{BodyKind, ConferenceFormat, Level, Slug, optional, required, time_zone};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{
    body, conference, eixo, federative_entity as fe, region, region_member, stage,
};
use uuid::Uuid;

/// The conference form as typed (strings), so that a refused form comes back as it was sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConferenceInput {
    pub body_id: String,
    pub cycle: String,
    pub slug: String,
    pub title: String,
    pub edition: String,
    pub theme: String,
    pub lema: String,
    pub process_starts_on: String,
    pub process_ends_on: String,
    pub starts_on: String,
    pub ends_on: String,
    pub venue: String,
    pub venue_address: String,
    pub format: String,
    pub time_zone: String,
    pub parent_slug: String,
}

/// A body the person may create conferences for.
#[derive(Debug, Clone, Serialize)]
pub struct BodyChoice {
    pub id: Uuid,
    pub label: String,
}

/// Bodies `me` may create a conference for.
pub async fn creatable_bodies(db: &Db, me: Option<&Me>) -> Result<Vec<BodyChoice>, Fail> {
    let all = body::Entity::find()
        .order_by_asc(body::Column::Name)
        .all(&db.conn)
        .await?;
    Ok(all
        .into_iter()
        .filter(|b| allow(me, Action::CreateConference(b.id.into())).is_ok())
        .map(|b| BodyChoice {
            id: b.id,
            label: b.name,
        })
        .collect())
}

/// Conferences one level up that a new conference may report to.
#[derive(Debug, Clone, Serialize)]
pub struct ParentChoice {
    pub slug: String,
    pub label: String,
}

/// Where a council sits, for choosing the conference above it: its state and, for a
/// municipality, the regions it belongs to.
struct Seat {
    uf: Option<String>,
    regions: Vec<Uuid>,
}

async fn seat_of(db: &Db, b: &body::Model) -> Result<Seat, Fail> {
    if let Some(eid) = b.entity_id {
        let uf = fe::Entity::find_by_id(eid)
            .one(&db.conn)
            .await?
            .and_then(|e| e.uf);
        let regions = region_member::Entity::find()
            .filter(region_member::Column::EntityId.eq(eid))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|m| m.region_id)
            .collect();
        return Ok(Seat { uf, regions });
    }
    if let Some(rid) = b.region_id {
        let uf = region::Entity::find_by_id(rid)
            .one(&db.conn)
            .await?
            .map(|r| r.uf);
        return Ok(Seat {
            uf,
            regions: Vec::new(),
        });
    }
    Ok(Seat {
        uf: None,
        regions: Vec::new(),
    })
}

/// Why a conference above does not fit a council's place (none when it fits): the national
/// conference fits every council, a state conference the councils of that state, a regional one
/// the municipalities of that region.
async fn misfit(db: &Db, child: &Seat, parent: &conference::Model) -> Result<Option<String>, Fail> {
    let Some(pb) = body::Entity::find_by_id(parent.body_id)
        .one(&db.conn)
        .await?
    else {
        return Ok(Some("Conferência de nível superior sem conselho".into()));
    };
    let ps = seat_of(db, &pb).await?;
    Ok(match Level::parse(&parent.level) {
        Ok(Level::Nacional) => None,
        Ok(Level::Regional) => match pb.region_id {
            Some(r) if child.regions.contains(&r) => None,
            _ => Some(
                "A conferência regional escolhida é de uma região da qual este município não faz parte"
                    .into(),
            ),
        },
        _ if ps.uf.is_some() && ps.uf == child.uf => None,
        _ => Some(format!(
            "A conferência escolhida é de outro estado ({}); escolha a do seu estado{} ou a nacional",
            ps.uf.as_deref().unwrap_or("?"),
            child.uf.as_deref().map(|u| format!(" ({u})")).unwrap_or_default()
        )),
    })
}

/// Conferences above the council `body_id` may report to: of its state, of its regions, and the
/// national ones, newest cycle first.
pub async fn parent_choices(db: &Db, body_id: Uuid) -> Result<Vec<ParentChoice>, Fail> {
    let Some(b) = body::Entity::find_by_id(body_id).one(&db.conn).await? else {
        return Ok(Vec::new());
    };
    let level = BodyKind::parse(&b.kind).map(level_of).ok();
    let child = seat_of(db, &b).await?;
    let all = conference::Entity::find()
        .filter(conference::Column::Level.is_in(["regional", "estadual", "nacional"]))
        .order_by_desc(conference::Column::CycleYear)
        .order_by_asc(conference::Column::Title)
        .all(&db.conn)
        .await?;
    let mut out = Vec::new();
    for c in all {
        let above = match (level, Level::parse(&c.level)) {
            (Some(l), Ok(pl)) => l.parent().is_some_and(|ps| ps.contains(&pl)),
            _ => false,
        };
        if above && misfit(db, &child, &c).await?.is_none() {
            out.push(ParentChoice {
                label: format!("{} ({})", c.title, c.cycle_year),
                slug: c.slug,
            });
        }
    }
    Ok(out)
}

/// The council that convokes the conference `slug`.
pub async fn body_of(db: &Db, slug: &str) -> Result<Option<Uuid>, Fail> {
    Ok(conference::Entity::find()
        .filter(conference::Column::Slug.eq(slug))
        .one(&db.conn)
        .await?
        .map(|c| c.body_id))
}

fn level_of(kind: BodyKind) -> Level {
    match kind {
        BodyKind::Cmas => Level::Municipal,
        BodyKind::Ceas => Level::Estadual,
        BodyKind::Cnas => Level::Nacional,
        BodyKind::CamaraTecnica => Level::Regional,
    }
}

async fn place_of(db: &Db, b: &body::Model) -> Result<String, Fail> {
    if let Some(eid) = b.entity_id {
        let e = fe::Entity::find_by_id(eid)
            .one(&db.conn)
            .await?
            .ok_or(Fail::NotFound)?;
        return Ok(match (e.kind.as_str(), e.uf) {
            ("municipality", Some(uf)) => format!("{}/{}", e.name, uf),
            _ => e.name,
        });
    }
    if let Some(rid) = b.region_id {
        let r = region::Entity::find_by_id(rid)
            .one(&db.conn)
            .await?
            .ok_or(Fail::NotFound)?;
        return Ok(format!("{}/{}", r.name, r.uf));
    }
    Ok(String::new())
}

struct ConferenceData {
    title: String,
    edition: i32,
    theme: String,
    lema: Option<String>,
    dates: ConferenceDates,
    venue: Option<String>,
    venue_address: Option<String>,
    format: ConferenceFormat,
    tz: Tz,
    parent: Option<conference::Model>,
}

/// Validates the fields shared by creating and editing; pushes every problem into `inv`.
async fn read_conference_data(
    db: &Db,
    i: &ConferenceInput,
    b: &body::Model,
    inv: &mut Invalid,
) -> Result<Option<ConferenceData>, Fail> {
    let level = BodyKind::parse(&b.kind).map(level_of).ok();
    let title = inv.take(required("title", "o nome da conferência", &i.title, 200));
    let edition = match i.edition.trim().parse::<i32>() {
        Ok(n) if (1..=99).contains(&n) => Some(n),
        _ => {
            inv.push(FieldError::new(
                "edition",
                "Informe o número da edição (por exemplo, 14 para a XIV conferência)",
            ));
            None
        }
    };
    let theme = inv.take(required("theme", "o tema", &i.theme, 300));
    let lema = inv.take(optional("lema", "O lema", &i.lema, 300));
    let ps = inv.take(parse_date(
        "process_starts_on",
        "o início do processo",
        &i.process_starts_on,
    ));
    let pe = inv.take(parse_date(
        "process_ends_on",
        "o fim do processo",
        &i.process_ends_on,
    ));
    let s = inv.take(parse_date("starts_on", "o primeiro dia", &i.starts_on));
    let e = inv.take(parse_date("ends_on", "o último dia", &i.ends_on));
    let mut dates = None;
    if let (Some(ps), Some(pe), Some(s), Some(e)) = (ps, pe, s, e) {
        match (ConferenceDates {
            process_starts_on: ps,
            process_ends_on: pe,
            starts_on: s,
            ends_on: e,
        })
        .check()
        {
            Ok(d) => dates = Some(d),
            Err(errs) => errs.0.into_iter().for_each(|x| inv.push(x)),
        }
    }
    let venue = inv.take(optional("venue", "O local", &i.venue, 200));
    let venue_address = inv.take(optional(
        "venue_address",
        "O endereço",
        &i.venue_address,
        300,
    ));
    let format = inv.take(ConferenceFormat::parse(&i.format));
    let tz = inv.take(time_zone(&i.time_zone));
    let mut parent = None;
    if !i.parent_slug.trim().is_empty() {
        match conference::Entity::find()
            .filter(conference::Column::Slug.eq(i.parent_slug.trim()))
            .one(&db.conn)
            .await?
        {
            None => inv.push(FieldError::new(
                "parent_slug",
                "Conferência de nível superior não encontrada",
            )),
            Some(p) => {
                let ok = match (level, Level::parse(&p.level)) {
                    (Some(l), Ok(pl)) => l.parent().is_some_and(|ps| ps.contains(&pl)),
                    _ => false,
                };
                if !ok {
                    inv.push(FieldError::new(
                        "parent_slug",
                        "A conferência escolhida não é do nível imediatamente superior",
                    ));
                } else if let Some(why) = misfit(db, &seat_of(db, b).await?, &p).await? {
                    inv.push(FieldError::new("parent_slug", why));
                } else {
                    parent = Some(p);
                }
            }
        }
    }
    if !inv.is_empty() {
        return Ok(None);
    }
    let all = || {
        Some(ConferenceData {
            title: title?,
            edition: edition?,
            theme: theme?,
            lema: lema?,
            dates: dates?,
            venue: venue?,
            venue_address: venue_address?,
            format: format?,
            tz: tz?,
            parent,
        })
    };
    Ok(all())
}

/// Creates a conference from a national cycle template; returns its slug.
pub async fn create_conference(
    db: &Db,
    me: Option<&Me>,
    i: &ConferenceInput,
) -> Result<String, Fail> {
    let mut inv = Invalid::default();
    let b = match Uuid::parse_str(i.body_id.trim()) {
        Ok(id) => body::Entity::find_by_id(id).one(&db.conn).await?,
        Err(_) => None,
    };
    let Some(b) = b else {
        // Nobody may create for an unknown body: check login first, then say what is wrong.
        if me.is_none() {
            return Err(Fail::NeedsLogin);
        }
        return Err(Invalid::one("body_id", "Escolha o conselho que convoca a conferência").into());
    };
    allow(me, Action::CreateConference(b.id.into()))?;
    let level = BodyKind::parse(&b.kind).map(level_of).ok();
    let choices = cycle_choices();
    let template = match i.cycle.trim().parse::<i32>() {
        Ok(y) => choices.iter().find(|c| c.year == y).cloned(),
        Err(_) => None,
    };
    if template.is_none() {
        let years: Vec<String> = choices.iter().map(|c| c.year.to_string()).collect();
        inv.push(FieldError::new(
            "cycle",
            format!(
                "Escolha o ciclo nacional ({}) que servirá de modelo",
                years.join(", ")
            ),
        ));
    }
    // A blank theme takes the cycle's; a cycle whose theme is not published yet says so.
    let mut i = i.clone();
    if i.theme.trim().is_empty()
        && let Some(t) = &template
    {
        i.theme = if t.theme.is_empty() {
            THEME_TO_BE_DEFINED.to_owned()
        } else {
            t.theme.clone()
        };
    }
    let i = &i;
    let place = place_of(db, &b).await?;
    // The address carries the conference's own year (its first day), not the template's.
    let year = parse_date("starts_on", "o primeiro dia", &i.starts_on)
        .map(|d| d.year().to_string())
        .unwrap_or_else(|_| i.cycle.trim().to_owned());
    let slug_src = if i.slug.trim().is_empty() {
        domain::text::slugify(&format!(
            "{} {year}",
            place.split('/').next().unwrap_or(&place)
        ))
    } else {
        i.slug.trim().to_lowercase()
    };
    let slug = inv.take(Slug::parse(&slug_src));
    if let Some(s) = &slug
        && conference::Entity::find()
            .filter(conference::Column::Slug.eq(s.as_str()))
            .count(&db.conn)
            .await?
            > 0
    {
        inv.push(FieldError::new(
            "slug",
            format!(
                "O endereço /c/{} já é usado por outra conferência. Escolha outro",
                s.as_str()
            ),
        ));
    }
    let data = read_conference_data(db, i, &b, &mut inv).await?;
    let (Some(template), Some(slug), Some(d), Some(level)) = (template, slug, data, level) else {
        return Err(inv.into());
    };
    inv.into_result()?;

    let now = Utc::now();
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    let ins = conference::Entity::insert(conference::ActiveModel {
        id: Set(id),
        body_id: Set(b.id),
        slug: Set(slug.as_str().to_owned()),
        level: Set(level.code().into()),
        edition: Set(d.edition),
        title: Set(d.title.clone()),
        cycle_year: Set(template.year),
        theme: Set(d.theme),
        lema: Set(d.lema),
        process_starts_on: Set(d.dates.process_starts_on),
        process_ends_on: Set(d.dates.process_ends_on),
        starts_on: Set(d.dates.starts_on),
        ends_on: Set(d.dates.ends_on),
        venue: Set(d.venue),
        venue_address: Set(d.venue_address),
        format: Set(d.format.code().into()),
        time_zone: Set(d.tz.name().into()),
        parent_id: Set(d.parent.map(|p| p.id)),
        place_name: Set(place.clone()),
        search_key: Set(domain::text::search_key(&format!("{place} {}", d.title))),
        ..conference_defaults(now)
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("slug") {
            return Err(Invalid::one(
                "slug",
                "Este endereço acabou de ser usado por outra conferência. Escolha outro",
            )
            .into());
        }
        return Err(e.into());
    }
    for e in &template.eixos {
        eixo::Entity::insert(eixo::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(id),
            number: Set(e.n),
            title: Set(e.title.clone()),
            description: Set(e.ementa.clone()),
        })
        .exec(&tx)
        .await?;
    }
    // The council's network carries over: the units of its latest earlier conference take part.
    let created = conference::Entity::find_by_id(id)
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    crate::mobilization::network::carry_over(&tx, b.id, &created).await?;
    tx.commit().await?;
    tracing::info!(conference = %slug.as_str(), "conference created");
    Ok(slug.as_str().to_owned())
}

/// The conference form filled with the stored data (for editing).
pub async fn conference_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<ConferenceInput, Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let parent_slug = match c.parent_id {
        Some(p) => conference::Entity::find_by_id(p)
            .one(&db.conn)
            .await?
            .map(|p| p.slug)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(ConferenceInput {
        body_id: c.body_id.to_string(),
        cycle: c.cycle_year.to_string(),
        slug: c.slug,
        title: c.title,
        edition: c.edition.to_string(),
        theme: c.theme,
        lema: c.lema.unwrap_or_default(),
        process_starts_on: c.process_starts_on.to_string(),
        process_ends_on: c.process_ends_on.to_string(),
        starts_on: c.starts_on.to_string(),
        ends_on: c.ends_on.to_string(),
        venue: c.venue.unwrap_or_default(),
        venue_address: c.venue_address.unwrap_or_default(),
        format: c.format,
        time_zone: c.time_zone,
        parent_slug,
    })
}

/// Edits the conference's data (not its slug, body or cycle). Stages must stay inside the window.
pub async fn update_conference(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &ConferenceInput,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let b = body::Entity::find_by_id(c.body_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let d = read_conference_data(db, i, &b, &mut inv).await?;
    let Some(d) = d else { return Err(inv.into()) };
    let stages = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::Cancelled.eq(false))
        .all(&db.conn)
        .await?;
    let outside: Vec<&str> = stages
        .iter()
        .filter(|s| check_stage_times(s.starts_at, s.ends_at, &d.dates, d.tz).is_err())
        .map(|s| s.title.as_str())
        .collect();
    if !outside.is_empty() {
        inv.push(FieldError::new(
            "process_starts_on",
            format!(
                "Estas etapas ficariam fora do novo período; mude ou cancele-as antes: {}",
                outside.join("; ")
            ),
        ));
        return Err(inv.into());
    }
    let tx = db.write().await?;
    let mut m: conference::ActiveModel = c.clone().into();
    m.title = Set(d.title.clone());
    m.edition = Set(d.edition);
    m.theme = Set(d.theme);
    m.lema = Set(d.lema);
    m.process_starts_on = Set(d.dates.process_starts_on);
    m.process_ends_on = Set(d.dates.process_ends_on);
    m.starts_on = Set(d.dates.starts_on);
    m.ends_on = Set(d.dates.ends_on);
    m.venue = Set(d.venue);
    m.venue_address = Set(d.venue_address);
    m.format = Set(d.format.code().into());
    m.time_zone = Set(d.tz.name().into());
    m.parent_id = Set(d.parent.map(|p| p.id));
    m.search_key = Set(domain::text::search_key(&format!(
        "{} {}",
        c.place_name, d.title
    )));
    m.updated_at = Set(Utc::now());
    m.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The fields a new conference starts with whoever creates it (no minority share for groups,
/// 3-minute speeches, moções without a window and with 20% of signatures, no priority cap);
/// the caller sets the rest.
pub fn conference_defaults(now: DateTime<Utc>) -> conference::ActiveModel {
    conference::ActiveModel {
        group_minority_pct: Set(None),
        speech_seconds: Set(180),
        mocao_opens_at: Set(None),
        mocao_closes_at: Set(None),
        mocao_signature_pct: Set(20),
        priority_cap: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}
