//! Calendar of stages.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use domain::calendar::{ConferenceDates, check_stage_times, parse_local_datetime};
use domain::policy::Action;
use domain::values::{StageKind, optional, optional_url, required};
use domain::{FieldError, Invalid};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::{conference, stage, stage_change};
use uuid::Uuid;

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
    /// "1" when the commission confirmed that saving opens something at once (see
    /// [`opens_at_once`]).
    pub confirm_open: String,
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

/// The conference's time zone (São Paulo when the stored name is unknown).
pub(crate) fn tz_of(c: &conference::Model) -> Tz {
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

/// When and where a stage or a unit's meeting happens, as read from its form (each field `None`
/// when invalid, the error kept in `inv`).
pub(crate) struct Schedule {
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<Option<DateTime<Utc>>>,
    pub place: Option<Option<String>>,
    pub online_url: Option<Option<String>>,
}

/// Reads the fields `starts_at`, `ends_at` (may be blank), `place` and `online_url` of a form, in
/// the conference's zone `tz`.
pub(crate) fn read_schedule(
    inv: &mut Invalid,
    tz: Tz,
    [starts_at, ends_at, place, online_url]: [&str; 4],
) -> Schedule {
    Schedule {
        starts_at: inv.take(parse_local_datetime("starts_at", "o início", starts_at, tz)),
        ends_at: if ends_at.trim().is_empty() {
            Some(None)
        } else {
            inv.take(parse_local_datetime("ends_at", "o fim", ends_at, tz))
                .map(Some)
        },
        place: inv.take(optional("place", "O local", place, 300)),
        online_url: inv.take(optional_url("online_url", online_url)),
    }
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
    let Schedule {
        starts_at,
        ends_at,
        place,
        online_url,
    } = read_schedule(inv, tz, [&i.starts_at, &i.ends_at, &i.place, &i.online_url]);
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
    if !inv.is_empty() {
        return None;
    }
    Some(StageData {
        kind: kind?,
        title: title?,
        description: description?,
        starts_at: starts_at?,
        ends_at: ends_at?,
        place: place?,
        online_url: online_url?,
    })
}

/// What saving a stage opens at once when its window already covers `now`: the public
/// registration form, the credentialing desk, or the engagement ranking. The same defaults as
/// the features that read these stages (registration one day, credentialing four hours, the
/// ranking for good once it starts).
fn opens_at_once(
    kind: StageKind,
    starts_at: DateTime<Utc>,
    ends_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<&'static str> {
    let (effect, default_length) = match kind {
        StageKind::Registration => (
            "o formulário público de inscrições abre agora para qualquer pessoa",
            Some(chrono::Duration::days(1)),
        ),
        StageKind::Credentialing => (
            "o credenciamento abre agora: a mesa já pode credenciar e parear celulares",
            Some(chrono::Duration::hours(4)),
        ),
        StageKind::EngagementResults => (
            "o resultado do engajamento das unidades fica público agora",
            None,
        ),
        _ => return None,
    };
    let ends = ends_at.or(default_length.map(|l| starts_at + l));
    (starts_at <= now && ends.is_none_or(|e| now < e)).then_some(effect)
}

/// Refuses to save, until the commission confirms, a stage that opens something the moment it
/// is saved (unless `already` it was open, as when editing only the title of an open stage).
fn confirm_opening(d: &StageData, i: &StageInput, already: bool) -> Result<(), Invalid> {
    let Some(effect) = opens_at_once(d.kind, d.starts_at, d.ends_at, Utc::now()) else {
        return Ok(());
    };
    if already || i.confirm_open.trim() == "1" {
        return Ok(());
    }
    Err(Invalid::one(
        "confirm_open",
        format!(
            "Esta etapa já começou e ainda não terminou: ao salvar, {effect}. Confirme abaixo para salvar assim, ou mude as datas"
        ),
    ))
}

/// The stages of a conference, in time order (cancelled ones included).
pub(crate) async fn stages_in(db: &Db, conference_id: Uuid) -> store::Result<Vec<stage::Model>> {
    Ok(stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(conference_id))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?)
}

pub async fn stages(db: &Db, me: Option<&Me>, slug: &str) -> Result<Vec<StageRow>, Fail> {
    let c = authorize(db, me, slug, Action::ManageCalendar).await?;
    let tz = tz_of(&c);
    Ok(stages_in(db, c.id)
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
    let c = authorize(db, me, slug, Action::ManageCalendar).await?;
    let mut inv = Invalid::default();
    let Some(d) = read_stage(&c, i, &mut inv) else {
        return Err(inv.into());
    };
    confirm_opening(&d, i, false)?;
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

/// The conference and one of its stages, for the calendar's editors (`ManageCalendar`).
async fn stage_of(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
) -> Result<(conference::Model, stage::Model), Fail> {
    let c = authorize(db, me, slug, Action::ManageCalendar).await?;
    let s = stage::Entity::find_by_id(id)
        .one(&db.conn)
        .await?
        .filter(|s| s.conference_id == c.id)
        .ok_or(Fail::NotFound)?;
    Ok((c, s))
}

pub async fn stage_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: Uuid,
) -> Result<StageInput, Fail> {
    let (c, s) = stage_of(db, me, slug, id).await?;
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
        confirm_open: String::new(),
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
    let (c, old) = stage_of(db, me, slug, id).await?;
    let mut inv = Invalid::default();
    let d = read_stage(&c, i, &mut inv);
    let reason = inv.take(optional("reason", "O motivo", &i.reason, 500));
    let (Some(d), Some(reason)) = (d, reason) else {
        return Err(inv.into());
    };
    let was_open = !old.cancelled
        && StageKind::parse(&old.kind).is_ok_and(|k| {
            k == d.kind && opens_at_once(k, old.starts_at, old.ends_at, Utc::now()).is_some()
        });
    confirm_opening(&d, i, was_open)?;
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
    let (c, old) = stage_of(db, me, slug, id).await?;
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
