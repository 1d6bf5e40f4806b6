//! Conference setup by the organizing commission: creating a conference from a national cycle,
//! its data, eixos and guiding questions, the calendar of stages (every change kept), the
//! convocation act with its PDF, the organizing commission (parity checked), the document
//! library and the draft regimento.
//!
//! Every function here checks the permission first (`auth::allow`), validates every field, and
//! writes in one transaction, so bad input writes nothing.

use crate::Fail;
use crate::platform::auth::{Me, allow, conference_scope};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::calendar::{ConferenceDates, check_stage_times, parse_date, parse_local_datetime};
use domain::policy::{Action, ConferenceScope};
use domain::setup::{Article, Parity, check_pdf, parse_regimento};
use domain::values::{
    ActType, BodyKind, CommissionSide, ConferenceFormat, DocumentKind, Level, Slug, StageKind,
    optional, optional_url, required, time_zone,
};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{
    body, commission_member, conference, convocation_act, document, eixo, federative_entity as fe,
    guiding_question, regimento_article, region, stage, stage_change, stored_file,
};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------------
// Cycle templates

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TemplateEixo {
    pub n: i32,
    pub title: String,
    #[serde(default)]
    pub ementa: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CycleTemplate {
    pub edition: String,
    pub year: i32,
    pub theme: String,
    #[serde(default)]
    pub lema: Option<String>,
    pub eixos: Vec<TemplateEixo>,
}

#[derive(Deserialize)]
struct CycleFile {
    cycles: Vec<CycleTemplate>,
}

/// The national cycles shipped as templates (2025, 2023, 2021), newest first.
pub fn cycle_templates() -> Vec<CycleTemplate> {
    let f: CycleFile = serde_json::from_str(include_str!("../../../../data/cycles/eixos.json"))
        .expect("data/cycles/eixos.json is valid (checked by a test)");
    let mut c = f.cycles;
    c.sort_by_key(|c| -c.year);
    c
}

/// The national edition number of a cycle year (2025 → XIV): the conferences are every two years.
pub fn edition_of_year(year: i32) -> i32 {
    14 + (year - 2025) / 2
}

// ---------------------------------------------------------------------------------------------
// Conference data

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

/// Conferences one level up that a new conference may report to (same cycle).
#[derive(Debug, Clone, Serialize)]
pub struct ParentChoice {
    pub slug: String,
    pub label: String,
}

pub async fn parent_choices(db: &Db) -> Result<Vec<ParentChoice>, Fail> {
    let all = conference::Entity::find()
        .filter(conference::Column::Level.is_in(["regional", "estadual", "nacional"]))
        .order_by_desc(conference::Column::CycleYear)
        .all(&db.conn)
        .await?;
    Ok(all
        .into_iter()
        .map(|c| ParentChoice {
            label: format!("{} ({})", c.title, c.cycle_year),
            slug: c.slug,
        })
        .collect())
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
    level: Option<Level>,
    inv: &mut Invalid,
) -> Result<Option<ConferenceData>, Fail> {
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
                if ok {
                    parent = Some(p);
                } else {
                    inv.push(FieldError::new(
                        "parent_slug",
                        "A conferência escolhida não é do nível imediatamente superior",
                    ));
                }
            }
        }
    }
    Ok(
        match (
            title,
            edition,
            theme,
            lema,
            dates,
            venue,
            venue_address,
            format,
            tz,
        ) {
            (
                Some(title),
                Some(edition),
                Some(theme),
                Some(lema),
                Some(dates),
                Some(venue),
                Some(venue_address),
                Some(format),
                Some(tz),
            ) if inv.is_empty() => Some(ConferenceData {
                title,
                edition,
                theme,
                lema,
                dates,
                venue,
                venue_address,
                format,
                tz,
                parent,
            }),
            _ => None,
        },
    )
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
    let template = match i.cycle.trim().parse::<i32>() {
        Ok(y) => cycle_templates().into_iter().find(|c| c.year == y),
        Err(_) => None,
    };
    if template.is_none() {
        inv.push(FieldError::new(
            "cycle",
            "Escolha o ciclo nacional (2025, 2023 ou 2021) que servirá de modelo",
        ));
    }
    let place = place_of(db, &b).await?;
    let slug_src = if i.slug.trim().is_empty() {
        domain::text::slugify(&format!(
            "{} {}",
            place.split('/').next().unwrap_or(&place),
            i.cycle.trim()
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
    let data = read_conference_data(db, i, level, &mut inv).await?;
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
        group_minority_pct: Set(None),
        speech_seconds: Set(180),
        mocao_opens_at: Set(None),
        mocao_closes_at: Set(None),
        mocao_signature_pct: Set(20),
        priority_cap: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
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
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let mut inv = Invalid::default();
    let level = Level::parse(&c.level).ok();
    let d = read_conference_data(db, i, level, &mut inv).await?;
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

// ---------------------------------------------------------------------------------------------
// Eixos and guiding questions

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct EixoInput {
    pub title: String,
    pub description: String,
    /// One guiding question per line.
    pub questions: String,
}

pub async fn eixos_input(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<EixoInput>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .order_by_asc(eixo::Column::Number)
        .all(&db.conn)
        .await?;
    let qs = guiding_question::Entity::find()
        .filter(guiding_question::Column::ConferenceId.eq(c.id))
        .order_by_asc(guiding_question::Column::Position)
        .all(&db.conn)
        .await?;
    Ok(eixos
        .into_iter()
        .map(|e| EixoInput {
            questions: qs
                .iter()
                .filter(|q| q.eixo_id == e.id)
                .map(|q| q.text.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            title: e.title,
            description: e.description.unwrap_or_default(),
        })
        .collect())
}

/// Saves the eixos in order (eixo N keeps its identity; blank rows at the end are dropped).
pub async fn save_eixos(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    input: &[EixoInput],
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let mut inv = Invalid::default();
    let rows: Vec<&EixoInput> = {
        let mut v: Vec<&EixoInput> = input.iter().collect();
        while v.last().is_some_and(|e| {
            e.title.trim().is_empty()
                && e.description.trim().is_empty()
                && e.questions.trim().is_empty()
        }) {
            v.pop();
        }
        v
    };
    if rows.is_empty() {
        inv.push(FieldError::new(
            "eixo_1_title",
            "A conferência precisa de pelo menos um eixo",
        ));
    }
    if rows.len() > 12 {
        inv.push(FieldError::new("eixo_13_title", "No máximo 12 eixos"));
    }
    let mut clean = Vec::new();
    for (n, e) in rows.iter().enumerate() {
        let n = n + 1;
        let title = inv.take(required(
            &format!("eixo_{n}_title"),
            &format!("o título do eixo {n}"),
            &e.title,
            400,
        ));
        let desc = inv.take(domain::values::optional_multiline(
            &format!("eixo_{n}_description"),
            &format!("A ementa do eixo {n}"),
            &e.description,
            2000,
        ));
        let qs: Vec<String> = e
            .questions
            .lines()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned)
            .collect();
        if qs.len() > 20 || qs.iter().any(|q| q.chars().count() > 500) {
            inv.push(FieldError::new(
                format!("eixo_{n}_questions"),
                format!("Eixo {n}: até 20 perguntas, cada uma com até 500 caracteres"),
            ));
        }
        if let (Some(t), Some(d)) = (title, desc) {
            clean.push((n as i32, t, d, qs));
        }
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let existing = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?;
    for e in existing.iter().filter(|e| e.number > clean.len() as i32) {
        // Whoever chose this eixo for the working groups goes back to "tanto faz".
        store::entities::registration::Entity::update_many()
            .col_expr(
                store::entities::registration::Column::PreferredEixoId,
                sea_orm::sea_query::Expr::value(Option::<Uuid>::None),
            )
            .filter(store::entities::registration::Column::PreferredEixoId.eq(e.id))
            .exec(&tx)
            .await?;
        eixo::Entity::delete_by_id(e.id).exec(&tx).await?;
    }
    for (n, title, desc, qs) in clean {
        let id = match existing.iter().find(|e| e.number == n) {
            Some(e) => {
                let mut m: eixo::ActiveModel = e.clone().into();
                m.title = Set(title);
                m.description = Set(desc);
                m.update(&tx).await?;
                e.id
            }
            None => {
                let id = Uuid::now_v7();
                eixo::Entity::insert(eixo::ActiveModel {
                    id: Set(id),
                    conference_id: Set(c.id),
                    number: Set(n),
                    title: Set(title),
                    description: Set(desc),
                })
                .exec(&tx)
                .await?;
                id
            }
        };
        guiding_question::Entity::delete_many()
            .filter(guiding_question::Column::EixoId.eq(id))
            .exec(&tx)
            .await?;
        for (p, q) in qs.into_iter().enumerate() {
            guiding_question::Entity::insert(guiding_question::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                eixo_id: Set(id),
                position: Set(p as i32 + 1),
                text: Set(q),
            })
            .exec(&tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Calendar of stages

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct StageInput {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_url: String,
    /// Why the stage changed (asked when editing; shown publicly).
    pub reason: String,
}

/// A stage as the commission sees it.
#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    pub id: Uuid,
    pub kind_label: String,
    pub title: String,
    pub when: String,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub set_by_units: bool,
    pub cancelled: bool,
}

fn dates_of(c: &conference::Model) -> ConferenceDates {
    ConferenceDates {
        process_starts_on: c.process_starts_on,
        process_ends_on: c.process_ends_on,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
    }
}

fn tz_of(c: &conference::Model) -> Tz {
    c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo)
}

/// `dd/mm/aaaa hh:mm` in the conference zone.
pub fn local(d: DateTime<Utc>, tz: Tz) -> String {
    d.with_timezone(&tz).format("%d/%m/%Y %H:%M").to_string()
}

/// The value of a datetime-local input.
fn input_local(d: DateTime<Utc>, tz: Tz) -> String {
    d.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

pub fn when(starts: DateTime<Utc>, ends: Option<DateTime<Utc>>, tz: Tz) -> String {
    match ends {
        Some(e) => format!("{} a {}", local(starts, tz), local(e, tz)),
        None => local(starts, tz),
    }
}

struct StageData {
    kind: StageKind,
    title: String,
    description: Option<String>,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    place: Option<String>,
    online_url: Option<String>,
}

fn read_stage(c: &conference::Model, i: &StageInput, inv: &mut Invalid) -> Option<StageData> {
    let tz = tz_of(c);
    let kind = inv.take(StageKind::parse(&i.kind));
    let title = inv.take(required("title", "o nome da etapa", &i.title, 200));
    let description = inv.take(domain::values::optional_multiline(
        "description",
        "A descrição",
        &i.description,
        2000,
    ));
    let starts_at = inv.take(parse_local_datetime(
        "starts_at",
        "o início",
        &i.starts_at,
        tz,
    ));
    let ends_at = if i.ends_at.trim().is_empty() {
        Some(None)
    } else {
        inv.take(parse_local_datetime("ends_at", "o fim", &i.ends_at, tz))
            .map(Some)
    };
    let place = inv.take(optional("place", "O local", &i.place, 300));
    let online_url = inv.take(optional_url("online_url", &i.online_url));
    if let (Some(s), Some(e)) = (starts_at, ends_at)
        && let Err(errs) = check_stage_times(s, e, &dates_of(c), tz)
    {
        errs.0.into_iter().for_each(|x| inv.push(x));
    }
    if kind.is_some_and(|k| k.is_set_by_units()) && ends_at == Some(None) {
        inv.push(FieldError::new(
            "ends_at",
            "Nesta etapa cada unidade define a sua data: informe até quando as unidades podem realizá-la",
        ));
    }
    match (
        kind,
        title,
        description,
        starts_at,
        ends_at,
        place,
        online_url,
    ) {
        (
            Some(kind),
            Some(title),
            Some(description),
            Some(starts_at),
            Some(ends_at),
            Some(place),
            Some(online_url),
        ) if inv.is_empty() => Some(StageData {
            kind,
            title,
            description,
            starts_at,
            ends_at,
            place,
            online_url,
        }),
        _ => None,
    }
}

pub async fn stages(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<StageRow>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageCalendar(scope))?;
    let tz = tz_of(&c);
    Ok(stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|s| StageRow {
            id: s.id,
            kind_label: StageKind::parse(&s.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .into(),
            when: when(s.starts_at, s.ends_at, tz),
            title: s.title,
            place: s.place,
            online_url: s.online_url,
            set_by_units: s.set_by_units,
            cancelled: s.cancelled,
        })
        .collect())
}

fn change_row(
    c: &conference::Model,
    stage_id: Uuid,
    me: Option<&Me>,
    change: &str,
    summary: String,
    reason: Option<String>,
) -> stage_change::ActiveModel {
    stage_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        stage_id: Set(stage_id),
        changed_at: Set(Utc::now()),
        actor_id: Set(me.map(|m| m.account.id)),
        change: Set(change.into()),
        summary: Set(summary),
        reason: Set(reason),
    }
}

pub async fn add_stage(db: &Db, me: Option<&Me>, slug: &str, i: &StageInput) -> Result<Uuid, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageCalendar(scope))?;
    let mut inv = Invalid::default();
    let Some(d) = read_stage(&c, i, &mut inv) else {
        return Err(inv.into());
    };
    let now = Utc::now();
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    stage::Entity::insert(stage::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        kind: Set(d.kind.code().into()),
        title: Set(d.title.clone()),
        description: Set(d.description),
        starts_at: Set(d.starts_at),
        ends_at: Set(d.ends_at),
        place: Set(d.place),
        online_url: Set(d.online_url),
        set_by_units: Set(d.kind.is_set_by_units()),
        cancelled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let summary = format!(
        "Etapa incluída: {} ({})",
        d.title,
        when(d.starts_at, d.ends_at, tz_of(&c))
    );
    stage_change::Entity::insert(change_row(&c, id, me, "created", summary, None))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(id)
}

async fn stage_of(db: &Db, c: &conference::Model, id: Uuid) -> Result<stage::Model, Fail> {
    stage::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|s| s.conference_id == c.id)
        .ok_or(Fail::NotFound)
}

pub async fn stage_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
) -> Result<StageInput, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageCalendar(scope))?;
    let s = stage_of(db, &c, id).await?;
    let tz = tz_of(&c);
    Ok(StageInput {
        kind: s.kind,
        title: s.title,
        description: s.description.unwrap_or_default(),
        starts_at: input_local(s.starts_at, tz),
        ends_at: s.ends_at.map(|e| input_local(e, tz)).unwrap_or_default(),
        place: s.place.unwrap_or_default(),
        online_url: s.online_url.unwrap_or_default(),
        reason: String::new(),
    })
}

/// Changes a stage; the change (what moved, from what to what, and why) is kept and public.
pub async fn update_stage(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
    i: &StageInput,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageCalendar(scope))?;
    let old = stage_of(db, &c, id).await?;
    let mut inv = Invalid::default();
    let d = read_stage(&c, i, &mut inv);
    let reason = inv.take(optional("reason", "O motivo", &i.reason, 500));
    let (Some(d), Some(reason)) = (d, reason) else {
        return Err(inv.into());
    };
    let tz = tz_of(&c);
    let mut parts = Vec::new();
    if d.starts_at != old.starts_at || d.ends_at != old.ends_at {
        parts.push(format!(
            "de {} para {}",
            when(old.starts_at, old.ends_at, tz),
            when(d.starts_at, d.ends_at, tz)
        ));
    }
    if d.place != old.place {
        parts.push(format!(
            "local: {}",
            d.place.as_deref().unwrap_or("a definir")
        ));
    }
    if d.online_url != old.online_url {
        parts.push("link da reunião online alterado".into());
    }
    if d.title != old.title {
        parts.push(format!("novo nome: {}", d.title));
    }
    let change = if d.starts_at != old.starts_at || d.ends_at != old.ends_at {
        "rescheduled"
    } else {
        "edited"
    };
    let moved = change == "rescheduled";
    if moved && reason.is_none() {
        return Err(Invalid::one(
            "reason",
            "Informe o motivo da mudança de data: ele aparece publicamente no calendário",
        )
        .into());
    }
    let tx = db.write().await?;
    let mut m: stage::ActiveModel = old.clone().into();
    m.kind = Set(d.kind.code().into());
    m.title = Set(d.title);
    m.description = Set(d.description);
    m.starts_at = Set(d.starts_at);
    m.ends_at = Set(d.ends_at);
    m.place = Set(d.place);
    m.online_url = Set(d.online_url);
    m.set_by_units = Set(d.kind.is_set_by_units());
    m.updated_at = Set(Utc::now());
    m.update(&tx).await?;
    if !parts.is_empty() {
        let summary = format!("{}: {}", old.title, parts.join("; "));
        stage_change::Entity::insert(change_row(&c, id, me, change, summary, reason))
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Cancels a stage (kept, struck through, with the reason shown publicly).
pub async fn cancel_stage(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
    reason: &str,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ManageCalendar(scope))?;
    let old = stage_of(db, &c, id).await?;
    let reason = required("reason", "o motivo do cancelamento", reason, 500)?;
    if old.cancelled {
        return Err(Invalid::one("reason", "Esta etapa já está cancelada").into());
    }
    let tx = db.write().await?;
    let mut m: stage::ActiveModel = old.clone().into();
    m.cancelled = Set(true);
    m.updated_at = Set(Utc::now());
    m.update(&tx).await?;
    let summary = format!(
        "Etapa cancelada: {} ({})",
        old.title,
        when(old.starts_at, old.ends_at, tz_of(&c))
    );
    stage_change::Entity::insert(change_row(&c, id, me, "cancelled", summary, Some(reason)))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Convocation act

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ConvocationInput {
    pub act_type: String,
    pub number: String,
    pub signed_on: String,
    /// One per line: "Name — office".
    pub signatories: String,
    pub published_in: String,
}

/// A file as uploaded.
#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The convocation act as shown (public page and the commission's form).
#[derive(Debug, Clone, Serialize)]
pub struct ConvocationView {
    pub act_label: String,
    pub number: String,
    pub signed_on: NaiveDate,
    pub signatories: Vec<String>,
    pub published_in: Option<String>,
    pub has_file: bool,
    pub file_size_kb: Option<i32>,
}

pub async fn convocation(db: &Db, conference_id: Uuid) -> store::Result<Option<ConvocationView>> {
    let Some(a) = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(conference_id))
        .one(&db.conn)
        .await?
    else {
        return Ok(None);
    };
    let size = match a.file_id {
        Some(f) => stored_file::Entity::find_by_id(f)
            .one(&db.conn)
            .await?
            .map(|f| (f.size_bytes + 1023) / 1024),
        None => None,
    };
    Ok(Some(ConvocationView {
        act_label: ActType::parse(&a.act_type)
            .map(|t| t.label())
            .unwrap_or("")
            .into(),
        number: a.number,
        signed_on: a.signed_on,
        signatories: a.signatories.lines().map(str::to_owned).collect(),
        published_in: a.published_in,
        has_file: a.file_id.is_some(),
        file_size_kb: size,
    }))
}

pub async fn convocation_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<(ConvocationInput, Option<ConvocationView>), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let a = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await?;
    let input = a
        .map(|a| ConvocationInput {
            act_type: a.act_type,
            number: a.number,
            signed_on: a.signed_on.to_string(),
            signatories: a.signatories,
            published_in: a.published_in.unwrap_or_default(),
        })
        .unwrap_or_default();
    Ok((input, convocation(db, c.id).await?))
}

/// Saves the convocation act; `file` (optional when a PDF is already attached) must be a PDF.
pub async fn save_convocation(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &ConvocationInput,
    file: Option<Upload>,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let mut inv = Invalid::default();
    let act_type = inv.take(ActType::parse(&i.act_type));
    let number = inv.take(required("number", "o número do ato", &i.number, 40));
    let signed_on = inv.take(parse_date("signed_on", "a data do ato", &i.signed_on));
    if let Some(d) = signed_on
        && d > c.starts_on
    {
        inv.push(FieldError::new(
            "signed_on",
            "O ato de convocação deve ser anterior ao primeiro dia da conferência",
        ));
    }
    let signatories: Vec<String> = i
        .signatories
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if signatories.is_empty() {
        inv.push(FieldError::new(
            "signatories",
            "Informe quem assina o ato, um por linha (por exemplo, o(a) prefeito(a) e o(a) presidente do CMAS)",
        ));
    } else if signatories.len() > 10 || signatories.iter().any(|s| s.chars().count() > 200) {
        inv.push(FieldError::new(
            "signatories",
            "Até 10 signatários, cada um com até 200 caracteres",
        ));
    }
    let published_in = inv.take(optional(
        "published_in",
        "A publicação",
        &i.published_in,
        300,
    ));
    if let Some(f) = &file
        && let Err(e) = check_pdf("file", &f.bytes)
    {
        inv.push(e);
    }
    let (Some(act_type), Some(number), Some(signed_on), Some(published_in)) =
        (act_type, number, signed_on, published_in)
    else {
        return Err(inv.into());
    };
    inv.into_result()?;
    let now = Utc::now();
    let tx = db.write().await?;
    let existing = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?;
    let mut file_id = existing.as_ref().and_then(|e| e.file_id);
    if let Some(f) = file {
        let id = store_pdf(&tx, &c, "convocation", f, "convocacao.pdf", now).await?;
        if let Some(old) = file_id {
            // The act points to the new file below; the old one goes.
            let mut m: convocation_act::ActiveModel = existing
                .clone()
                .expect("file_id comes from an existing act")
                .into();
            m.file_id = Set(None);
            m.update(&tx).await?;
            stored_file::Entity::delete_by_id(old).exec(&tx).await?;
        }
        file_id = Some(id);
    }
    let model = convocation_act::ActiveModel {
        id: Set(existing.as_ref().map(|e| e.id).unwrap_or_else(Uuid::now_v7)),
        conference_id: Set(c.id),
        act_type: Set(act_type.code().into()),
        number: Set(number),
        signed_on: Set(signed_on),
        signatories: Set(signatories.join("\n")),
        published_in: Set(published_in),
        file_id: Set(file_id),
        updated_at: Set(now),
        updated_by: Set(me.map(|m| m.account.id)),
    };
    if existing.is_some() {
        model.update(&tx).await?;
    } else {
        convocation_act::Entity::insert(model).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Stores an uploaded PDF (already checked with `domain::setup::check_pdf`) for `c` inside the
/// caller's transaction; the file name is cleaned of control characters, slashes and quotes
/// (`fallback` when nothing is left). Returns the `stored_file` id.
pub(crate) async fn store_pdf(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    purpose: &str,
    f: Upload,
    fallback: &str,
    now: chrono::DateTime<Utc>,
) -> store::Result<Uuid> {
    use sha2::Digest;
    let id = Uuid::now_v7();
    let name: String = f
        .file_name
        .chars()
        .filter(|ch| !ch.is_control() && *ch != '/' && *ch != '\\' && *ch != '"')
        .take(120)
        .collect();
    stored_file::Entity::insert(stored_file::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        purpose: Set(purpose.into()),
        file_name: Set(if name.is_empty() {
            fallback.into()
        } else {
            name
        }),
        content_type: Set("application/pdf".into()),
        size_bytes: Set(f.bytes.len() as i32),
        sha256: Set(hex::encode(sha2::Sha256::digest(&f.bytes))),
        bytes: Set(f.bytes),
        created_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(id)
}

/// The convocation PDF of a conference (public): (file name, bytes).
pub async fn convocation_file(db: &Db, slug: &str) -> Result<(String, Vec<u8>), Fail> {
    let (c, _) = conference_scope(db, slug).await?;
    let a = convocation_act::Entity::find()
        .filter(convocation_act::Column::ConferenceId.eq(c.id))
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let f = stored_file::Entity::find_by_id(a.file_id.ok_or(Fail::NotFound)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    Ok((f.file_name, f.bytes))
}

// ---------------------------------------------------------------------------------------------
// Organizing commission

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub side: String,
    pub represents: String,
    pub duty: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub id: Uuid,
    pub name: String,
    pub side: String,
    pub side_label: String,
    pub represents: String,
    pub duty: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommissionView {
    pub members: Vec<MemberView>,
    pub parity_holds: bool,
    pub parity_text: String,
}

/// The commission (public) with its parity checked.
pub async fn commission(db: &Db, conference_id: Uuid) -> store::Result<CommissionView> {
    let ms = commission_member::Entity::find()
        .filter(commission_member::Column::ConferenceId.eq(conference_id))
        .order_by_asc(commission_member::Column::Position)
        .all(&db.conn)
        .await?;
    let p = Parity {
        government: ms.iter().filter(|m| m.side == "government").count(),
        civil_society: ms.iter().filter(|m| m.side == "civil_society").count(),
    };
    Ok(CommissionView {
        members: ms
            .into_iter()
            .map(|m| MemberView {
                id: m.id,
                side_label: CommissionSide::parse(&m.side)
                    .map(|s| s.label())
                    .unwrap_or("")
                    .into(),
                name: m.name,
                side: m.side,
                represents: m.represents,
                duty: m.duty,
            })
            .collect(),
        parity_holds: p.holds(),
        parity_text: p.explain(),
    })
}

pub async fn commission_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<CommissionView, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    Ok(commission(db, c.id).await?)
}

pub async fn add_member(db: &Db, me: Option<&Me>, slug: &str, i: &MemberInput) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let mut inv = Invalid::default();
    let name = inv.take(required("name", "o nome", &i.name, 150));
    let side = inv.take(CommissionSide::parse(&i.side));
    let represents = inv.take(required(
        "represents",
        "o órgão, a entidade ou o segmento que a pessoa representa",
        &i.represents,
        200,
    ));
    let duty = inv.take(optional("duty", "A função", &i.duty, 100));
    let (Some(name), Some(side), Some(represents), Some(duty)) = (name, side, represents, duty)
    else {
        return Err(inv.into());
    };
    let tx = db.write().await?;
    let n = commission_member::Entity::find()
        .filter(commission_member::Column::ConferenceId.eq(c.id))
        .count(&tx)
        .await?;
    if n >= 60 {
        return Err(Invalid::one("name", "A comissão já tem 60 membros, o máximo").into());
    }
    commission_member::Entity::insert(commission_member::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        name: Set(name),
        side: Set(side.code().into()),
        represents: Set(represents),
        duty: Set(duty),
        position: Set(n as i32 + 1),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_member(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let r = commission_member::Entity::delete_many()
        .filter(commission_member::Column::Id.eq(id))
        .filter(commission_member::Column::ConferenceId.eq(c.id))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Document library

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DocumentInput {
    pub title: String,
    pub kind: String,
    pub url: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub id: Uuid,
    pub title: String,
    pub kind_label: String,
    pub is_video: bool,
    pub url: String,
    pub description: Option<String>,
}

pub async fn documents(db: &Db, conference_id: Uuid) -> store::Result<Vec<DocumentView>> {
    Ok(document::Entity::find()
        .filter(document::Column::ConferenceId.eq(conference_id))
        .order_by_asc(document::Column::Position)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|d| DocumentView {
            id: d.id,
            kind_label: DocumentKind::parse(&d.kind)
                .map(|k| k.label())
                .unwrap_or("")
                .into(),
            is_video: d.kind == "video",
            title: d.title,
            url: d.url,
            description: d.description,
        })
        .collect())
}

pub async fn documents_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<Vec<DocumentView>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    Ok(documents(db, c.id).await?)
}

pub async fn add_document(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &DocumentInput,
) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let mut inv = Invalid::default();
    let title = inv.take(required("title", "o título", &i.title, 200));
    let kind = inv.take(DocumentKind::parse(&i.kind));
    let url = match optional_url("url", &i.url) {
        Ok(Some(u)) => Some(u),
        Ok(None) => {
            inv.push(FieldError::new(
                "url",
                "Informe o link do documento ou do vídeo, começando com https://",
            ));
            None
        }
        Err(e) => {
            inv.push(e);
            None
        }
    };
    let description = inv.take(optional("description", "A descrição", &i.description, 500));
    let (Some(title), Some(kind), Some(url), Some(description)) = (title, kind, url, description)
    else {
        return Err(inv.into());
    };
    let tx = db.write().await?;
    let n = document::Entity::find()
        .filter(document::Column::ConferenceId.eq(c.id))
        .count(&tx)
        .await?;
    if n >= 100 {
        return Err(Invalid::one("title", "A biblioteca já tem 100 itens, o máximo").into());
    }
    document::Entity::insert(document::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        title: Set(title),
        kind: Set(kind.code().into()),
        url: Set(url),
        description: Set(description),
        position: Set(n as i32 + 1),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_document(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<(), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let r = document::Entity::delete_many()
        .filter(document::Column::Id.eq(id))
        .filter(document::Column::ConferenceId.eq(c.id))
        .exec(&db.conn)
        .await?;
    if r.rows_affected == 0 {
        return Err(Fail::NotFound);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Draft regimento

/// The articles of the draft regimento (public).
pub async fn regimento(db: &Db, conference_id: Uuid) -> store::Result<Vec<Article>> {
    Ok(regimento_article::Entity::find()
        .filter(regimento_article::Column::ConferenceId.eq(conference_id))
        .order_by_asc(regimento_article::Column::Number)
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|a| Article {
            number: a.number,
            chapter: a.chapter,
            text: a.text,
        })
        .collect())
}

pub async fn regimento_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<Vec<Article>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    Ok(regimento(db, c.id).await?)
}

/// Replaces the draft regimento with the articles read from `text`; returns how many.
pub async fn save_regimento(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    text: &str,
) -> Result<usize, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::EditConference(scope))?;
    let articles = parse_regimento(text)?;
    let now = Utc::now();
    let tx = db.write().await?;
    if crate::plenary::regimento::is_approved(&tx, c.id).await? {
        return Err(Invalid::one(
            "text",
            "O regimento já foi aprovado em plenária: a minuta não pode mais ser trocada. O texto aprovado está na página pública do regimento",
        )
        .into());
    }
    regimento_article::Entity::delete_many()
        .filter(regimento_article::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    for a in &articles {
        regimento_article::Entity::insert(regimento_article::ActiveModel {
            id: Set(Uuid::now_v7()),
            conference_id: Set(c.id),
            number: Set(a.number),
            chapter: Set(a.chapter.clone()),
            text: Set(a.text.clone()),
            updated_at: Set(now),
        })
        .exec(&tx)
        .await?;
    }
    tx.commit().await?;
    Ok(articles.len())
}

/// What the staff overview of a conference shows.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub slug: String,
    pub title: String,
    pub stages: u64,
    pub eixos: u64,
    pub members: u64,
    pub parity_holds: bool,
    pub documents: u64,
    pub articles: u64,
    pub has_convocation: bool,
}

pub async fn overview(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<(Overview, ConferenceScope), Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::ViewConferenceAdmin(scope))?;
    let com = commission(db, c.id).await?;
    Ok((
        Overview {
            stages: stage::Entity::find()
                .filter(stage::Column::ConferenceId.eq(c.id))
                .filter(stage::Column::Cancelled.eq(false))
                .count(&db.conn)
                .await?,
            eixos: eixo::Entity::find()
                .filter(eixo::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            members: com.members.len() as u64,
            parity_holds: com.parity_holds,
            documents: document::Entity::find()
                .filter(document::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            articles: regimento_article::Entity::find()
                .filter(regimento_article::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?,
            has_convocation: convocation_act::Entity::find()
                .filter(convocation_act::Column::ConferenceId.eq(c.id))
                .count(&db.conn)
                .await?
                > 0,
            slug: c.slug,
            title: c.title,
        },
        scope,
    ))
}

/// Conferences the person can open the staff area of (for the panel).
pub async fn my_conferences(db: &Db, me: Option<&Me>) -> Result<Vec<(String, String)>, Fail> {
    let all = conference::Entity::find()
        .order_by_desc(conference::Column::StartsOn)
        .all(&db.conn)
        .await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            allow(
                me,
                Action::ViewConferenceAdmin(ConferenceScope {
                    body: c.body_id.into(),
                    conference: c.id.into(),
                }),
            )
            .is_ok()
        })
        .map(|c| (c.slug, c.title))
        .collect())
}
