//! A body's meetings: the annual calendar of ordinary meetings from a monthly rule, with the
//! months left out and each meeting moved or cancelled on its own; extraordinary meetings; the
//! pauta with its documents; the convocation by e-mail to the members, sent at once or on the day
//! its notice begins. Meetings, pautas and documents are public (a council's meetings are open
//! to anyone); the members' e-mails are not.

use crate::Fail;
use crate::bodies::members::{body_for_staff, is_current};
use crate::platform::auth::{Me, parse_id};
use crate::setup::conference::Upload;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use domain::bodies::{
    MONTHS, MeetingFormat, MeetingKind, MonthlyRule, Ordinal, Quorum, hour_label, parse_time,
    parse_weekday, weekday_code, weekday_label,
};
use domain::calendar::parse_local_datetime;
use domain::values::{optional, optional_multiline, optional_url, required};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use store::Db;
use store::entities::{
    body, body_agenda_item, body_calendar, body_document, body_meeting, body_rules, body_seat,
};
use uuid::Uuid;

/// Days of notice of an ordinary meeting's convocation when the body has not set its own.
pub const DEFAULT_ORDINARY_NOTICE_DAYS: i32 = 7;
/// Days of notice of an extraordinary meeting's convocation when the body has not set its own.
pub const DEFAULT_EXTRAORDINARY_NOTICE_DAYS: i32 = 2;
/// The longest notice a body may ask for.
pub const MAX_NOTICE_DAYS: i32 = 30;

const SCHEDULED: &str = "scheduled";
const HELD: &str = "held";
const CANCELLED: &str = "cancelled";

// ---------------------------------------------------------------------------------------------
// The body's rules

/// A body's rules for its meetings.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub ordinary_notice_days: i32,
    pub extraordinary_notice_days: i32,
    pub tz: Tz,
    pub quorum: Quorum,
}

impl Rules {
    fn notice_days(&self, kind: MeetingKind) -> i32 {
        match kind {
            MeetingKind::Ordinary => self.ordinary_notice_days,
            MeetingKind::Extraordinary => self.extraordinary_notice_days,
        }
    }
}

/// The rules' form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RulesInput {
    pub ordinary_notice_days: String,
    pub extraordinary_notice_days: String,
    pub time_zone: String,
    pub quorum: String,
}

/// The rules of body `body_id` (the defaults when it set none).
pub async fn rules_of(db: &impl ConnectionTrait, body_id: Uuid) -> store::Result<Rules> {
    let r = body_rules::Entity::find_by_id(body_id).one(db).await?;
    Ok(match r {
        Some(r) => Rules {
            ordinary_notice_days: r.ordinary_notice_days,
            extraordinary_notice_days: r.extraordinary_notice_days,
            tz: r.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo),
            quorum: Quorum::parse(&r.quorum).unwrap_or(Quorum::AbsoluteMajority),
        },
        None => Rules {
            ordinary_notice_days: DEFAULT_ORDINARY_NOTICE_DAYS,
            extraordinary_notice_days: DEFAULT_EXTRAORDINARY_NOTICE_DAYS,
            tz: chrono_tz::America::Sao_Paulo,
            quorum: Quorum::AbsoluteMajority,
        },
    })
}

fn days_field(field: &str, label: &str, typed: &str, inv: &mut Invalid) -> Option<i32> {
    match typed.trim().parse::<i32>() {
        Ok(n) if (0..=MAX_NOTICE_DAYS).contains(&n) => Some(n),
        _ => {
            inv.push(FieldError::new(
                field,
                format!("{label}: um número de dias de 0 a {MAX_NOTICE_DAYS}"),
            ));
            None
        }
    }
}

/// Sets the rules of body `body_id`.
pub async fn set_rules(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    i: &RulesInput,
) -> Result<(), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let mut inv = Invalid::default();
    let ordinary = days_field(
        "ordinary_notice_days",
        "Antecedência da reunião ordinária",
        &i.ordinary_notice_days,
        &mut inv,
    );
    let extraordinary = days_field(
        "extraordinary_notice_days",
        "Antecedência da reunião extraordinária",
        &i.extraordinary_notice_days,
        &mut inv,
    );
    let tz = domain::values::time_zone(&i.time_zone)
        .map_err(|e| inv.push(e))
        .ok();
    let quorum = Quorum::parse(&i.quorum).map_err(|e| inv.push(e)).ok();
    inv.into_result()?;
    let row = body_rules::ActiveModel {
        body_id: Set(b.id),
        ordinary_notice_days: Set(ordinary.expect("checked")),
        extraordinary_notice_days: Set(extraordinary.expect("checked")),
        time_zone: Set(tz.expect("checked").name().to_owned()),
        quorum: Set(quorum.expect("checked").code().to_owned()),
        updated_at: Set(Utc::now()),
    };
    let tx = db.write().await?;
    if body_rules::Entity::find_by_id(b.id)
        .one(&tx)
        .await?
        .is_some()
    {
        body_rules::Entity::update(row).exec(&tx).await?;
    } else {
        body_rules::Entity::insert(row).exec(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The annual calendar

/// The annual calendar's form. `skipped` holds the months (1–12) without an ordinary meeting.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CalendarInput {
    pub year: String,
    pub ordinal: String,
    pub weekday: String,
    pub time: String,
    pub duration_hours: String,
    pub format: String,
    pub place: String,
    pub online_url: String,
    pub note: String,
    pub skipped: Vec<String>,
}

/// Where and how: checked together for a calendar and for a meeting.
struct Venue {
    format: MeetingFormat,
    place: Option<String>,
    online_url: Option<String>,
}

fn venue(format: &str, place: &str, url: &str, inv: &mut Invalid) -> Option<Venue> {
    let format = MeetingFormat::parse(format).map_err(|e| inv.push(e)).ok();
    let place = optional("place", "O local", place, 200)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let online_url = optional_url("online_url", url)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let format = format?;
    let mut ok = true;
    if format.in_person() && place.is_none() {
        inv.push(FieldError::new(
            "place",
            "Informe o local da reunião presencial (endereço ou sala)",
        ));
        ok = false;
    }
    if format.online() && online_url.is_none() {
        inv.push(FieldError::new(
            "online_url",
            "Informe o link da sala on-line, começando com https://",
        ));
        ok = false;
    }
    ok.then_some(Venue {
        format,
        place: if format.in_person() { place } else { None },
        online_url: if format.online() { online_url } else { None },
    })
}

fn duration_field(typed: &str, inv: &mut Invalid) -> Option<i64> {
    let t = typed.trim();
    if t.is_empty() {
        return Some(120);
    }
    match t.parse::<i64>() {
        Ok(h) if (1..=12).contains(&h) => Some(h * 60),
        _ => {
            inv.push(FieldError::new(
                "duration_hours",
                "Duração prevista: um número de horas de 1 a 12",
            ));
            None
        }
    }
}

fn local_to_utc(tz: Tz, day: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|d| d.with_timezone(&Utc))
}

fn today_in(tz: Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

/// Approves the annual calendar of body `body_id` for a year: one ordinary meeting a month by
/// the rule, leaving out the skipped months and the days already past. Returns the meetings
/// created. One calendar per body and year: later changes are made meeting by meeting.
pub async fn add_calendar(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    i: &CalendarInput,
) -> Result<usize, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let rules = rules_of(&db.conn, b.id).await?;
    let today = today_in(rules.tz);
    let mut inv = Invalid::default();
    let year = match i.year.trim().parse::<i32>() {
        Ok(y) if (today.year()..=today.year() + 1).contains(&y) => Some(y),
        _ => {
            inv.push(FieldError::new(
                "year",
                format!(
                    "Escolha o ano do calendário: {} ou {}",
                    today.year(),
                    today.year() + 1
                ),
            ));
            None
        }
    };
    let ordinal = Ordinal::parse(&i.ordinal).map_err(|e| inv.push(e)).ok();
    let weekday = parse_weekday(&i.weekday).map_err(|e| inv.push(e)).ok();
    let time = parse_time("time", "a hora", &i.time)
        .map_err(|e| inv.push(e))
        .ok();
    let minutes = duration_field(&i.duration_hours, &mut inv);
    let v = venue(&i.format, &i.place, &i.online_url, &mut inv);
    let note = optional_multiline("note", "A observação", &i.note, 500)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let mut skipped: Vec<u32> = Vec::new();
    for s in &i.skipped {
        match s.trim().parse::<u32>() {
            Ok(m) if (1..=12).contains(&m) => skipped.push(m),
            _ => inv.push(FieldError::new(
                "skipped",
                "Escolha os meses sem reunião ordinária na lista",
            )),
        }
    }
    skipped.sort_unstable();
    skipped.dedup();
    inv.into_result()?;
    let (year, ordinal, weekday, time, minutes, v) = (
        year.expect("checked"),
        ordinal.expect("checked"),
        weekday.expect("checked"),
        time.expect("checked"),
        minutes.expect("checked"),
        v.expect("checked"),
    );
    let rule = MonthlyRule {
        ordinal,
        weekday,
        time,
    };
    let days: Vec<NaiveDate> = rule
        .dates(year, &skipped)
        .into_iter()
        .filter(|d| *d >= today)
        .collect();
    if days.is_empty() {
        return Err(Invalid::one(
            "skipped",
            format!("Nenhuma reunião de {year} ficaria no calendário: as datas da regra já passaram ou todos os meses foram deixados de fora"),
        )
        .into());
    }
    let now = Utc::now();
    let tx = db.write().await?;
    let exists = body_calendar::Entity::find()
        .filter(body_calendar::Column::BodyId.eq(b.id))
        .filter(body_calendar::Column::Year.eq(year))
        .one(&tx)
        .await?;
    if exists.is_some() {
        return Err(Invalid::one(
            "year",
            format!("O calendário de {year} já foi aprovado: remarque ou cancele cada reunião na lista abaixo"),
        )
        .into());
    }
    let inserted = body_calendar::Entity::insert(body_calendar::ActiveModel {
        id: Set(Uuid::now_v7()),
        body_id: Set(b.id),
        year: Set(year),
        ordinal: Set(ordinal.code().into()),
        weekday: Set(weekday_code(weekday).into()),
        time: Set(time.format("%H:%M").to_string()),
        duration_minutes: Set(minutes as i32),
        format: Set(v.format.code().into()),
        place: Set(v.place.clone()),
        online_url: Set(v.online_url.clone()),
        skipped_months: Set(skipped
            .iter()
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(",")),
        note: Set(note),
        created_at: Set(now),
    })
    .exec(&tx)
    .await
    .map_err(store::Error::from_db);
    match inserted {
        Ok(_) => {}
        // The same calendar approved twice at once: the second is told, nothing doubled.
        Err(e) if e.is_conflict_on("body_calendar") => {
            return Err(Invalid::one(
                "year",
                format!("O calendário de {year} já foi aprovado: remarque ou cancele cada reunião na lista abaixo"),
            )
            .into());
        }
        Err(e) => return Err(e.into()),
    }
    let mut created = 0;
    for d in days {
        let Some(starts) = local_to_utc(rules.tz, d, time) else {
            continue;
        };
        insert_meeting(
            &tx,
            b.id,
            MeetingKind::Ordinary,
            starts,
            minutes,
            &v,
            Some(year),
            me,
        )
        .await?;
        created += 1;
    }
    tx.commit().await?;
    tracing::info!(body = %b.id, year, created, "body calendar approved");
    Ok(created)
}

#[allow(clippy::too_many_arguments)]
async fn insert_meeting(
    tx: &impl ConnectionTrait,
    body_id: Uuid,
    kind: MeetingKind,
    starts: DateTime<Utc>,
    minutes: i64,
    v: &Venue,
    calendar_year: Option<i32>,
    me: Option<&Me>,
) -> store::Result<Uuid> {
    let id = Uuid::now_v7();
    let now = Utc::now();
    body_meeting::Entity::insert(body_meeting::ActiveModel {
        id: Set(id),
        body_id: Set(body_id),
        kind: Set(kind.code().into()),
        starts_at: Set(starts),
        ends_at: Set(Some(starts + Duration::minutes(minutes))),
        format: Set(v.format.code().into()),
        place: Set(v.place.clone()),
        online_url: Set(v.online_url.clone()),
        status: Set(SCHEDULED.into()),
        cancel_reason: Set(None),
        moved_from: Set(None),
        calendar_year: Set(calendar_year),
        convocation_requested_at: Set(None),
        convoked_at: Set(None),
        recipients: Set(0),
        changed_by: Set(me.map(|m| m.account.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec(tx)
    .await?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// One meeting

/// A meeting added by hand: an extraordinary one, or an ordinary one outside the calendar.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MeetingInput {
    pub kind: String,
    pub starts_at: String,
    pub duration_hours: String,
    pub format: String,
    pub place: String,
    pub online_url: String,
}

/// Adds a meeting to body `body_id`.
pub async fn add_meeting(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    i: &MeetingInput,
) -> Result<Uuid, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let rules = rules_of(&db.conn, b.id).await?;
    let mut inv = Invalid::default();
    let kind = match i.kind.trim() {
        "ordinaria" => Some(MeetingKind::Ordinary),
        "extraordinaria" => Some(MeetingKind::Extraordinary),
        _ => {
            inv.push(FieldError::new(
                "kind",
                "Escolha o tipo: ordinária ou extraordinária",
            ));
            None
        }
    };
    let starts = parse_local_datetime("starts_at", "a data e a hora", &i.starts_at, rules.tz)
        .map_err(|e| inv.push(e))
        .ok();
    if let Some(s) = starts
        && s < Utc::now()
    {
        inv.push(FieldError::new(
            "starts_at",
            "A reunião deve ser marcada para uma data e hora que ainda não passaram",
        ));
    }
    let minutes = duration_field(&i.duration_hours, &mut inv);
    let v = venue(&i.format, &i.place, &i.online_url, &mut inv);
    inv.into_result()?;
    let tx = db.write().await?;
    let id = insert_meeting(
        &tx,
        b.id,
        kind.expect("checked"),
        starts.expect("checked"),
        minutes.expect("checked"),
        &v.expect("checked"),
        None,
        me,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

async fn meeting_of(
    db: &impl ConnectionTrait,
    body_id: Uuid,
    meeting_id: &str,
) -> Result<body_meeting::Model, Fail> {
    let id = parse_id(meeting_id)?;
    body_meeting::Entity::find_by_id(id)
        .filter(body_meeting::Column::BodyId.eq(body_id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

fn still_open(m: &body_meeting::Model) -> Result<(), Fail> {
    match m.status.as_str() {
        CANCELLED => Err(Invalid::one("form", "Esta reunião foi cancelada").into()),
        HELD => Err(Invalid::one("form", "Esta reunião já foi realizada").into()),
        _ => Ok(()),
    }
}

/// Moving a meeting: the new start, and why.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MoveInput {
    pub starts_at: String,
}

/// Moves meeting `meeting_id` to another day or hour (an exception to the calendar). A meeting
/// already convoked must be convoked again for its new date: its convocation is cleared.
pub async fn reschedule(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    i: &MoveInput,
) -> Result<(), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let rules = rules_of(&db.conn, b.id).await?;
    let starts = parse_local_datetime("starts_at", "a nova data e hora", &i.starts_at, rules.tz)?;
    if starts < Utc::now() {
        return Err(Invalid::one("starts_at", "A nova data e hora devem ser futuras").into());
    }
    let tx = db.write().await?;
    let m = meeting_of(&tx, b.id, meeting_id).await?;
    still_open(&m)?;
    if m.starts_at == starts {
        return Err(Invalid::one("starts_at", "A reunião já está nesta data e hora").into());
    }
    let length = m.ends_at.map(|e| e - m.starts_at);
    let mut row: body_meeting::ActiveModel = m.clone().into();
    row.moved_from = Set(Some(m.moved_from.unwrap_or(m.starts_at)));
    row.starts_at = Set(starts);
    row.ends_at = Set(length.map(|l| starts + l));
    row.convocation_requested_at = Set(None);
    row.convoked_at = Set(None);
    row.recipients = Set(0);
    row.changed_by = Set(me.map(|x| x.account.id));
    row.updated_at = Set(Utc::now());
    body_meeting::Entity::update(row).exec(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Cancelling a meeting.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CancelInput {
    pub reason: String,
}

/// Cancels meeting `meeting_id`; when it was convoked, the members are told by e-mail.
pub async fn cancel(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    i: &CancelInput,
) -> Result<u32, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let rules = rules_of(&db.conn, b.id).await?;
    let reason = required(
        "reason",
        "o motivo (por exemplo, feriado, falta de pauta)",
        &i.reason,
        200,
    )?;
    let tx = db.write().await?;
    let m = meeting_of(&tx, b.id, meeting_id).await?;
    still_open(&m)?;
    let mut told = 0;
    if m.convoked_at.is_some() {
        let when = when_label(m.starts_at, rules.tz);
        for (name, to) in
            recipients(&tx, b.id, m.starts_at.with_timezone(&rules.tz).date_naive()).await?
        {
            crate::platform::mail::enqueue(
                &tx,
                &to,
                &format!("Cancelada: {} de {}", kind_of(&m).label(), b.name),
                &format!(
                    "Olá, {name}.\n\nA {} de {} marcada para {when} foi cancelada.\nMotivo: {reason}\n",
                    kind_of(&m).label().to_lowercase(),
                    b.name
                ),
            )
            .await?;
            told += 1;
        }
    }
    let mut row: body_meeting::ActiveModel = m.into();
    row.status = Set(CANCELLED.into());
    row.cancel_reason = Set(Some(reason));
    row.changed_by = Set(me.map(|x| x.account.id));
    row.updated_at = Set(Utc::now());
    body_meeting::Entity::update(row).exec(&tx).await?;
    tx.commit().await?;
    if told > 0 {
        crate::platform::mail::wake();
    }
    Ok(told)
}

// ---------------------------------------------------------------------------------------------
// The pauta and its documents

/// An item of the pauta.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ItemInput {
    pub title: String,
    pub description: String,
    /// "sim": for deliberation (voted).
    pub deliberative: String,
}

/// Adds an item at the end of meeting `meeting_id`'s pauta.
pub async fn add_item(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    i: &ItemInput,
) -> Result<(), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let mut inv = Invalid::default();
    let title = required("title", "o assunto do item", &i.title, 200)
        .map_err(|e| inv.push(e))
        .ok();
    let description = optional_multiline("description", "O detalhamento", &i.description, 2000)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    inv.into_result()?;
    let tx = db.write().await?;
    let m = meeting_of(&tx, b.id, meeting_id).await?;
    still_open(&m)?;
    let last = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .order_by_desc(body_agenda_item::Column::Position)
        .one(&tx)
        .await?
        .map(|x| x.position)
        .unwrap_or(0);
    body_agenda_item::Entity::insert(body_agenda_item::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(m.id),
        position: Set(last + 1),
        title: Set(title.expect("checked")),
        description: Set(description),
        deliberative: Set(i.deliberative.trim() == "sim"),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A document of the pauta: a PDF (the upload) or a link.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct DocumentInput {
    pub doc_title: String,
    pub url: String,
    /// The pauta item it belongs to (empty: the meeting's).
    pub item_id: String,
}

/// Adds a document to meeting `meeting_id`: a PDF of at most `domain::setup::MAX_PDF_BYTES`, or
/// a link; one of the two.
pub async fn add_document(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    i: &DocumentInput,
    file: Option<Upload>,
) -> Result<(), Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let mut inv = Invalid::default();
    let title = required("doc_title", "o título do documento", &i.doc_title, 200)
        .map_err(|e| inv.push(e))
        .ok();
    let url = optional_url("url", &i.url)
        .map_err(|e| inv.push(e))
        .ok()
        .flatten();
    let file = file.filter(|f| !f.bytes.is_empty() || !f.file_name.is_empty());
    match (&file, &url) {
        (Some(f), None) => {
            if let Err(e) = domain::setup::check_pdf("file", &f.bytes) {
                inv.push(e);
            }
        }
        (None, None) if inv.message_for("url").is_none() => inv.push(FieldError::new(
            "file",
            "Escolha o PDF do documento ou informe o seu link",
        )),
        (Some(_), Some(_)) => inv.push(FieldError::new(
            "url",
            "Envie o PDF ou informe um link, não os dois",
        )),
        _ => {}
    }
    let item_id = if i.item_id.trim().is_empty() {
        None
    } else {
        Some(parse_id(&i.item_id).map_err(|_| {
            Fail::Invalid(Invalid::one("item_id", "Escolha o item da pauta na lista"))
        })?)
    };
    inv.into_result()?;
    let tx = db.write().await?;
    let m = meeting_of(&tx, b.id, meeting_id).await?;
    if m.status == CANCELLED {
        return Err(Invalid::one("form", "Esta reunião foi cancelada").into());
    }
    if let Some(item) = item_id {
        let found = body_agenda_item::Entity::find_by_id(item)
            .filter(body_agenda_item::Column::MeetingId.eq(m.id))
            .one(&tx)
            .await?;
        if found.is_none() {
            return Err(Invalid::one("item_id", "Escolha o item da pauta na lista").into());
        }
    }
    let (file_name, size, sha, bytes) = match file {
        Some(f) => {
            let name = if f.file_name.trim().is_empty() {
                "documento.pdf".to_owned()
            } else {
                f.file_name.chars().take(120).collect()
            };
            let sha = hex::encode(Sha256::digest(&f.bytes));
            (Some(name), f.bytes.len() as i32, Some(sha), Some(f.bytes))
        }
        None => (None, 0, None, None),
    };
    body_document::Entity::insert(body_document::ActiveModel {
        id: Set(Uuid::now_v7()),
        meeting_id: Set(m.id),
        item_id: Set(item_id),
        title: Set(title.expect("checked")),
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

/// A PDF of a pauta: its file name and bytes. Public, as the pauta is.
pub async fn document_file(
    db: &Db,
    body_id: &str,
    doc_id: &str,
) -> Result<(String, Vec<u8>), Fail> {
    let body_id = parse_id(body_id)?;
    let d = body_document::Entity::find_by_id(parse_id(doc_id)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let m = body_meeting::Entity::find_by_id(d.meeting_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    if m.body_id != body_id {
        return Err(Fail::NotFound);
    }
    match (d.file_name, d.bytes) {
        (Some(n), Some(b)) => Ok((n, b)),
        _ => Err(Fail::NotFound),
    }
}

// ---------------------------------------------------------------------------------------------
// The convocation

/// When the convocation goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendAt {
    /// Now.
    Now,
    /// On the day its notice begins (the meeting's start minus the body's days of notice).
    OnNoticeDay,
}

/// What happened to a convocation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Convoked {
    /// Queued to this many e-mails.
    Sent(u32),
    /// It goes on this day (local).
    Scheduled(NaiveDate),
}

/// (name, e-mail) of the titulars and suplentes whose seats are current on `day`, each e-mail
/// once.
async fn recipients(
    db: &impl ConnectionTrait,
    body_id: Uuid,
    day: NaiveDate,
) -> store::Result<Vec<(String, String)>> {
    let seats = body_seat::Entity::find()
        .filter(body_seat::Column::BodyId.eq(body_id))
        .order_by_asc(body_seat::Column::Organization)
        .all(db)
        .await?;
    let mut out: Vec<(String, String)> = Vec::new();
    for s in seats.iter().filter(|s| is_current(s, day)) {
        let people = [
            (Some(s.titular_name.clone()), s.titular_email.clone()),
            (s.suplente_name.clone(), s.suplente_email.clone()),
        ];
        for (name, email) in people {
            if let (Some(n), Some(e)) = (name, email)
                && !out.iter().any(|(_, x)| x.eq_ignore_ascii_case(&e))
            {
                out.push((n, e));
            }
        }
    }
    Ok(out)
}

fn kind_of(m: &body_meeting::Model) -> MeetingKind {
    MeetingKind::from_code(&m.kind)
}

/// "terça-feira, 09/02/2027, às 14h".
pub fn when_label(t: DateTime<Utc>, tz: Tz) -> String {
    let l = t.with_timezone(&tz);
    format!(
        "{}, {}, às {}",
        weekday_label(l.weekday()),
        l.format("%d/%m/%Y"),
        hour_label(l.time())
    )
}

/// Queues the convocation of meeting `m` to the members, once: the meeting is marked convoked
/// only if it was not, in the same transaction as the e-mails. Returns the e-mails queued.
async fn send_convocation(
    db: &Db,
    b: &body::Model,
    m: &body_meeting::Model,
    rules: &Rules,
    public_url: &str,
) -> Result<u32, Fail> {
    let tx = db.write().await?;
    let items = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .order_by_asc(body_agenda_item::Column::Position)
        .all(&tx)
        .await?;
    let people = recipients(&tx, b.id, m.starts_at.with_timezone(&rules.tz).date_naive()).await?;
    let now = Utc::now();
    let claimed = body_meeting::Entity::update_many()
        .col_expr(body_meeting::Column::ConvokedAt, Expr::value(Some(now)))
        .col_expr(
            body_meeting::Column::Recipients,
            Expr::value(people.len() as i32),
        )
        .col_expr(body_meeting::Column::UpdatedAt, Expr::value(now))
        .filter(body_meeting::Column::Id.eq(m.id))
        .filter(body_meeting::Column::ConvokedAt.is_null())
        .filter(body_meeting::Column::Status.eq(SCHEDULED))
        .exec(&tx)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(0);
    }
    let kind = kind_of(m).label();
    let when = when_label(m.starts_at, rules.tz);
    let format = MeetingFormat::parse(&m.format)
        .map(|f| f.label())
        .unwrap_or("");
    let mut where_ = format!("Formato: {format}.");
    if let Some(p) = &m.place {
        where_.push_str(&format!("\nLocal: {p}"));
    }
    if let Some(u) = &m.online_url {
        where_.push_str(&format!("\nSala on-line: {u}"));
    }
    let mut pauta = String::new();
    for (n, it) in items.iter().enumerate() {
        pauta.push_str(&format!(
            "{}. {}{}\n",
            n + 1,
            it.title,
            if it.deliberative {
                " (para deliberação)"
            } else {
                " (informe)"
            }
        ));
        if let Some(d) = &it.description {
            pauta.push_str(&format!("   {}\n", d.replace('\n', "\n   ")));
        }
    }
    let page = format!(
        "{}/orgaos/{}/reunioes/{}",
        public_url.trim_end_matches('/'),
        b.id,
        m.id
    );
    for (name, to) in &people {
        crate::platform::mail::enqueue(
            &tx,
            to,
            &format!("Convocação: {kind} de {} em {when}", b.name),
            &format!(
                "Olá, {name}.\n\n{} convoca seus membros para a {} de {when}.\n{where_}\n\nPauta:\n{pauta}\nA pauta e os seus documentos: {page}\n\nSe o(a) titular não puder comparecer, o(a) suplente participa em seu lugar.\n",
                b.name,
                kind.to_lowercase()
            ),
        )
        .await?;
    }
    tx.commit().await?;
    crate::platform::mail::wake();
    tracing::info!(body = %b.id, meeting = %m.id, recipients = people.len(), "body meeting convoked");
    Ok(people.len() as u32)
}

/// Convokes meeting `meeting_id` with its pauta: by e-mail to the current members now, or on
/// the day the body's notice begins. Refused when the pauta is empty, when no member has an
/// e-mail, or when the notice the body asks for no longer fits before the meeting.
pub async fn convoke(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
    when: SendAt,
    public_url: &str,
) -> Result<Convoked, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    let rules = rules_of(&db.conn, b.id).await?;
    let m = meeting_of(&db.conn, b.id, meeting_id).await?;
    still_open(&m)?;
    if m.convoked_at.is_some() || m.convocation_requested_at.is_some() {
        return Err(Invalid::one(
            "form",
            "A convocação desta reunião já foi enviada ou agendada",
        )
        .into());
    }
    let now = Utc::now();
    let kind = kind_of(&m);
    let notice = rules.notice_days(kind);
    let notice_day = m.starts_at - Duration::days(notice as i64);
    if m.starts_at <= now {
        return Err(Invalid::one(
            "form",
            "Esta reunião já começou: não há mais o que convocar",
        )
        .into());
    }
    if now > notice_day {
        let left = match (m.starts_at - now).num_days() {
            0 => "Falta menos de um dia".to_owned(),
            1 => "Falta 1 dia".to_owned(),
            n => format!("Faltam {n} dias"),
        };
        return Err(Invalid::one(
            "form",
            format!(
                "{left} para a reunião, e a regra do órgão pede a convocação da {} com {notice} dias de antecedência. Remarque a reunião ou convoque uma reunião extraordinária.",
                kind.label().to_lowercase()
            ),
        )
        .into());
    }
    let items = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .all(&db.conn)
        .await?;
    if items.is_empty() {
        return Err(
            Invalid::one("form", "Inclua ao menos um item na pauta antes de convocar").into(),
        );
    }
    let people = recipients(
        &db.conn,
        b.id,
        m.starts_at.with_timezone(&rules.tz).date_naive(),
    )
    .await?;
    if people.is_empty() {
        return Err(Invalid::one(
            "form",
            "Nenhum membro com mandato na data da reunião tem e-mail: inclua os e-mails em Membros e mandatos",
        )
        .into());
    }
    let requested = body_meeting::Entity::update_many()
        .col_expr(
            body_meeting::Column::ConvocationRequestedAt,
            Expr::value(Some(now)),
        )
        .col_expr(
            body_meeting::Column::ChangedBy,
            Expr::value(me.map(|x| x.account.id)),
        )
        .filter(body_meeting::Column::Id.eq(m.id))
        .filter(body_meeting::Column::ConvocationRequestedAt.is_null())
        .exec(&db.conn)
        .await?;
    if requested.rows_affected != 1 {
        return Err(Invalid::one(
            "form",
            "A convocação desta reunião já foi enviada ou agendada",
        )
        .into());
    }
    match when {
        SendAt::Now => Ok(Convoked::Sent(
            send_convocation(db, &b, &m, &rules, public_url).await?,
        )),
        SendAt::OnNoticeDay => Ok(Convoked::Scheduled(
            notice_day.with_timezone(&rules.tz).date_naive(),
        )),
    }
}

/// Sends the convocations asked for whose notice day has come (run by the reminders' worker).
/// Returns the e-mails queued.
pub async fn send_due_convocations(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<u32, Fail> {
    let due = body_meeting::Entity::find()
        .filter(body_meeting::Column::ConvocationRequestedAt.is_not_null())
        .filter(body_meeting::Column::ConvokedAt.is_null())
        .filter(body_meeting::Column::Status.eq(SCHEDULED))
        .filter(body_meeting::Column::StartsAt.gt(now))
        .all(&db.conn)
        .await?;
    let mut queued = 0;
    for m in due {
        let Some(b) = body::Entity::find_by_id(m.body_id).one(&db.conn).await? else {
            continue;
        };
        let rules = rules_of(&db.conn, b.id).await?;
        if m.starts_at - Duration::days(rules.notice_days(kind_of(&m)) as i64) <= now {
            queued += send_convocation(db, &b, &m, &rules, public_url).await?;
        }
    }
    Ok(queued)
}

// ---------------------------------------------------------------------------------------------
// Views

/// The body a page is about.
#[derive(Debug, Clone, Serialize)]
pub struct BodyHead {
    pub id: String,
    pub name: String,
    pub acronym: String,
}

/// A meeting in a list.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRow {
    pub id: String,
    pub kind_label: &'static str,
    /// "terça-feira, 09/02/2027, às 14h".
    pub when: String,
    /// For a `datetime-local` input.
    pub starts_local: String,
    pub format_label: &'static str,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub cancelled: bool,
    /// Recorded as held (its ata is public).
    pub held: bool,
    pub cancel_reason: Option<String>,
    /// "Remarcada: antes em terça-feira, 14/07/2027, às 14h".
    pub moved: Option<String>,
    /// "Convocação enviada em 02/02/2027 a 16 e-mails", "Convocação agendada para 02/02/2027".
    pub convocation: Option<String>,
    pub convocation_open: bool,
    pub past: bool,
    pub items: usize,
}

/// An item of the pauta with its documents.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: String,
    pub position: i32,
    pub title: String,
    pub description: Option<String>,
    pub deliberative: bool,
    /// Added after the convocation went.
    pub late: bool,
    pub documents: Vec<DocumentView>,
}

/// A document of the pauta.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub title: String,
    /// The link, or the PDF's address here.
    pub href: String,
    /// "PDF, 120 KB" or "link".
    pub what: String,
}

/// A calendar as shown.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarView {
    pub year: i32,
    /// "segunda terça-feira do mês, às 14h".
    pub rule: String,
    /// "sem reunião ordinária em janeiro e julho".
    pub skipped: Option<String>,
    pub note: Option<String>,
}

/// A body's meetings.
#[derive(Debug, Clone, Serialize)]
pub struct Meetings {
    pub body: BodyHead,
    pub calendars: Vec<CalendarView>,
    pub upcoming: Vec<MeetingRow>,
    pub past: Vec<MeetingRow>,
    pub ordinary_notice_days: i32,
    pub extraordinary_notice_days: i32,
    pub time_zone: String,
    pub quorum: &'static str,
    /// Years a calendar may still be approved for.
    pub open_years: Vec<i32>,
    pub staff: bool,
}

/// One meeting with its pauta.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingDetail {
    pub body: BodyHead,
    pub m: MeetingRow,
    pub items: Vec<ItemView>,
    /// The meeting's own documents (not of an item).
    pub documents: Vec<DocumentView>,
    pub notice_days: i32,
    /// The day the notice begins, when still ahead ("02/02/2027").
    pub notice_day: Option<String>,
    pub staff: bool,
}

fn head(b: &body::Model) -> BodyHead {
    BodyHead {
        id: b.id.to_string(),
        name: b.name.clone(),
        acronym: b.acronym.clone(),
    }
}

fn months_label(skipped: &str) -> Option<String> {
    let names: Vec<&str> = skipped
        .split(',')
        .filter_map(|m| m.trim().parse::<usize>().ok())
        .filter(|m| (1..=12).contains(m))
        .map(|m| MONTHS[m - 1])
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(format!("sem reunião ordinária em {one}")),
        [rest @ .., last] => Some(format!(
            "sem reunião ordinária em {} e {last}",
            rest.join(", ")
        )),
    }
}

fn row(m: &body_meeting::Model, items: usize, rules: &Rules, now: DateTime<Utc>) -> MeetingRow {
    let tz = rules.tz;
    let convocation = match (m.convoked_at, m.convocation_requested_at) {
        (Some(t), _) => Some(format!(
            "Convocação enviada em {} a {} e-mail(s)",
            t.with_timezone(&tz).format("%d/%m/%Y"),
            m.recipients
        )),
        (None, Some(_)) if m.status == SCHEDULED => Some(format!(
            "Convocação agendada: sai por e-mail em {}",
            (m.starts_at - Duration::days(rules.notice_days(kind_of(m)) as i64))
                .with_timezone(&tz)
                .format("%d/%m/%Y")
        )),
        _ => None,
    };
    MeetingRow {
        id: m.id.to_string(),
        kind_label: kind_of(m).label(),
        when: when_label(m.starts_at, tz),
        starts_local: m
            .starts_at
            .with_timezone(&tz)
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
        format_label: MeetingFormat::parse(&m.format)
            .map(|f| f.label())
            .unwrap_or(""),
        place: m.place.clone(),
        online_url: m.online_url.clone(),
        cancelled: m.status == CANCELLED,
        held: m.status == HELD,
        cancel_reason: m.cancel_reason.clone(),
        moved: m
            .moved_from
            .map(|t| format!("Remarcada: antes em {}", when_label(t, tz))),
        convocation_open: m.status == SCHEDULED
            && m.convocation_requested_at.is_none()
            && m.starts_at > now,
        convocation,
        past: m.starts_at <= now,
        items,
    }
}

async fn meetings_of(db: &Db, b: body::Model, staff: bool) -> Result<Meetings, Fail> {
    let rules = rules_of(&db.conn, b.id).await?;
    let now = Utc::now();
    let all = body_meeting::Entity::find()
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .order_by_asc(body_meeting::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let ids: Vec<Uuid> = all.iter().map(|m| m.id).collect();
    let items = if ids.is_empty() {
        Vec::new()
    } else {
        body_agenda_item::Entity::find()
            .filter(body_agenda_item::Column::MeetingId.is_in(ids))
            .all(&db.conn)
            .await?
    };
    let count = |id: Uuid| items.iter().filter(|i| i.meeting_id == id).count();
    let (past, upcoming): (Vec<_>, Vec<_>) = all
        .iter()
        .map(|m| row(m, count(m.id), &rules, now))
        .partition(|r| r.past);
    let mut past = past;
    past.reverse();
    let calendars = body_calendar::Entity::find()
        .filter(body_calendar::Column::BodyId.eq(b.id))
        .order_by_desc(body_calendar::Column::Year)
        .all(&db.conn)
        .await?;
    let this_year = today_in(rules.tz).year();
    let open_years = (this_year..=this_year + 1)
        .filter(|y| !calendars.iter().any(|c| c.year == *y))
        .collect();
    Ok(Meetings {
        calendars: calendars
            .iter()
            .map(|c| CalendarView {
                year: c.year,
                rule: match (
                    Ordinal::parse(&c.ordinal),
                    parse_weekday(&c.weekday),
                    NaiveTime::parse_from_str(&c.time, "%H:%M"),
                ) {
                    (Ok(ordinal), Ok(weekday), Ok(time)) => MonthlyRule {
                        ordinal,
                        weekday,
                        time,
                    }
                    .label(),
                    _ => String::new(),
                },
                skipped: months_label(&c.skipped_months),
                note: c.note.clone(),
            })
            .collect(),
        upcoming,
        past,
        ordinary_notice_days: rules.ordinary_notice_days,
        extraordinary_notice_days: rules.extraordinary_notice_days,
        time_zone: rules.tz.name().to_owned(),
        quorum: rules.quorum.code(),
        open_years,
        staff,
        body: head(&b),
    })
}

async fn public_body(db: &Db, body_id: &str) -> Result<body::Model, Fail> {
    body::Entity::find_by_id(parse_id(body_id)?)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)
}

/// The meetings as the secretariat sees them (with the forms).
pub async fn for_staff(db: &Db, me: Option<&Me>, body_id: &str) -> Result<Meetings, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    meetings_of(db, b, true).await
}

/// The public calendar of a body's meetings.
pub async fn public(db: &Db, body_id: &str) -> Result<Meetings, Fail> {
    let b = public_body(db, body_id).await?;
    meetings_of(db, b, false).await
}

fn size_label(bytes: i32) -> String {
    if bytes >= 1024 * 1024 {
        format!("PDF, {:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("PDF, {} KB", (bytes as i64 + 1023) / 1024)
    }
}

async fn detail_of(
    db: &Db,
    b: body::Model,
    meeting_id: &str,
    staff: bool,
) -> Result<MeetingDetail, Fail> {
    let rules = rules_of(&db.conn, b.id).await?;
    let m = meeting_of(&db.conn, b.id, meeting_id).await?;
    let now = Utc::now();
    let items = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.eq(m.id))
        .order_by_asc(body_agenda_item::Column::Position)
        .all(&db.conn)
        .await?;
    let docs = body_document::Entity::find()
        .filter(body_document::Column::MeetingId.eq(m.id))
        .order_by_asc(body_document::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let doc_view = |d: &body_document::Model| DocumentView {
        title: d.title.clone(),
        href: match &d.url {
            Some(u) => u.clone(),
            None => format!("/orgaos/{}/documentos/{}", b.id, d.id),
        },
        what: if d.url.is_some() {
            "link".into()
        } else {
            size_label(d.size_bytes)
        },
    };
    let notice_days = rules.notice_days(kind_of(&m));
    let notice_at = m.starts_at - Duration::days(notice_days as i64);
    Ok(MeetingDetail {
        items: items
            .iter()
            .map(|it| ItemView {
                id: it.id.to_string(),
                position: it.position,
                title: it.title.clone(),
                description: it.description.clone(),
                deliberative: it.deliberative,
                late: m.convoked_at.is_some_and(|c| it.created_at > c),
                documents: docs
                    .iter()
                    .filter(|d| d.item_id == Some(it.id))
                    .map(doc_view)
                    .collect(),
            })
            .collect(),
        documents: docs
            .iter()
            .filter(|d| d.item_id.is_none())
            .map(doc_view)
            .collect(),
        notice_days,
        notice_day: (notice_at > now).then(|| {
            notice_at
                .with_timezone(&rules.tz)
                .format("%d/%m/%Y")
                .to_string()
        }),
        m: row(&m, items.len(), &rules, now),
        staff,
        body: head(&b),
    })
}

/// One meeting as the secretariat sees it (with the forms).
pub async fn meeting_for_staff(
    db: &Db,
    me: Option<&Me>,
    body_id: &str,
    meeting_id: &str,
) -> Result<MeetingDetail, Fail> {
    let b = body_for_staff(db, me, body_id).await?;
    detail_of(db, b, meeting_id, true).await
}

/// One meeting, public: when, where, the pauta and its documents.
pub async fn meeting_public(
    db: &Db,
    body_id: &str,
    meeting_id: &str,
) -> Result<MeetingDetail, Fail> {
    let b = public_body(db, body_id).await?;
    detail_of(db, b, meeting_id, false).await
}

/// The body's meetings as an iCalendar feed (RFC 5545), times in UTC; cancelled meetings stay
/// with `STATUS:CANCELLED` so that calendars that imported them drop them.
pub async fn ical(db: &Db, body_id: &str, public_url: &str) -> Result<String, Fail> {
    use domain::ical::{line, text, uri};
    let b = public_body(db, body_id).await?;
    let all = body_meeting::Entity::find()
        .filter(body_meeting::Column::BodyId.eq(b.id))
        .order_by_asc(body_meeting::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let items = body_agenda_item::Entity::find()
        .filter(body_agenda_item::Column::MeetingId.is_in(all.iter().map(|m| m.id)))
        .order_by_asc(body_agenda_item::Column::Position)
        .all(&db.conn)
        .await?;
    let utc = |t: &DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let base = public_url.trim_end_matches('/');
    let short = if b.acronym.is_empty() {
        b.name.clone()
    } else {
        b.acronym.clone()
    };
    let mut out = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//conferencia//pt-BR\r\nCALSCALE:GREGORIAN\r\n",
    );
    out.push_str(&line(
        "X-WR-CALNAME",
        &text(&format!("Reuniões: {}", b.name)),
    ));
    for m in &all {
        out.push_str("BEGIN:VEVENT\r\n");
        out.push_str(&line("UID", &format!("{}@conferencia", m.id)));
        out.push_str(&line("DTSTAMP", &utc(&m.updated_at)));
        out.push_str(&line("DTSTART", &utc(&m.starts_at)));
        if let Some(e) = m.ends_at {
            out.push_str(&line("DTEND", &utc(&e)));
        }
        out.push_str(&line(
            "SUMMARY",
            &text(&format!("{}: {short}", kind_of(m).label())),
        ));
        let pauta: Vec<String> = items
            .iter()
            .filter(|i| i.meeting_id == m.id)
            .enumerate()
            .map(|(n, i)| format!("{}. {}", n + 1, i.title))
            .collect();
        if !pauta.is_empty() {
            out.push_str(&line(
                "DESCRIPTION",
                &text(&format!("Pauta:\n{}", pauta.join("\n"))),
            ));
        }
        let mut location: Vec<String> = Vec::new();
        if let Some(p) = &m.place {
            location.push(p.clone());
        }
        if let Some(u) = &m.online_url {
            location.push(u.clone());
        }
        if !location.is_empty() {
            out.push_str(&line("LOCATION", &text(&location.join(" · "))));
        }
        if !base.is_empty() {
            out.push_str(&line(
                "URL",
                &uri(&format!("{base}/orgaos/{}/reunioes/{}", b.id, m.id)),
            ));
        }
        if m.status == CANCELLED {
            out.push_str("STATUS:CANCELLED\r\n");
        } else {
            out.push_str("STATUS:CONFIRMED\r\n");
        }
        out.push_str("END:VEVENT\r\n");
    }
    out.push_str("END:VCALENDAR\r\n");
    Ok(out)
}
