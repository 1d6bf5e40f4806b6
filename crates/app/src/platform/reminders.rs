//! Automatic reminders by e-mail, through the outbox (for reports and
//! for units), checked every hour by [`worker`] in `serve`:
//!
//! * report deadlines: `dashboard::send_deadline_alerts` (ADR 0022);
//! * standing bodies' convocations asked for "on the notice day"
//!   (`bodies::meetings::send_due_convocations`);
//! * units' meetings with their users ([`send_unit_reminders`]), to the unit's territorial
//!   articulators:
//!   - `unscheduled`: the window of a stage that each unit schedules closes within
//!     [`UNIT_SOON_DAYS`] days and the unit has no meeting in it;
//!   - `meeting`: a scheduled meeting starts within [`MEETING_HOURS`] hours (where, when, and to
//!     report it afterwards);
//!   - `report`: a meeting started more than a day ago and is not reported as held.
//!
//! Each reminder is sent once: a `unit_reminder` row, unique per (unit, stage or meeting, kind),
//! is inserted before the e-mails in the same transaction, so two instances never both send it.

use crate::mobilization::units::tz_of;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use store::Db;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{conference, role_grant, stage, unit_meeting, unit_reminder};
use uuid::Uuid;

/// Days before a unit-set stage's window closes when units without a meeting are reminded.
pub const UNIT_SOON_DAYS: i64 = 7;
/// Hours before a meeting when its unit is reminded.
pub const MEETING_HOURS: i64 = 48;

/// (name, e-mail) of the active articulators of a unit.
async fn articulators(
    tx: &impl ConnectionTrait,
    unit_id: Uuid,
) -> store::Result<Vec<(String, String)>> {
    crate::platform::mail::role_recipients(
        tx,
        "territorial_articulator",
        role_grant::Column::UnitId,
        unit_id,
    )
    .await
}

/// Sends one reminder once: records it, then queues its e-mails, in one transaction. Returns
/// the e-mails queued (0 when it was sent before or the unit has no articulator with e-mail).
async fn once(
    db: &Db,
    unit_id: Uuid,
    ref_id: Uuid,
    kind: &str,
    now: DateTime<Utc>,
    mail: impl Fn(&str) -> (String, String),
) -> store::Result<u32> {
    let tx = db.write().await?;
    let sent = unit_reminder::Entity::find()
        .filter(unit_reminder::Column::UnitId.eq(unit_id))
        .filter(unit_reminder::Column::RefId.eq(ref_id))
        .filter(unit_reminder::Column::Kind.eq(kind))
        .one(&tx)
        .await?;
    if sent.is_some() {
        return Ok(0);
    }
    let people = articulators(&tx, unit_id).await?;
    let inserted = unit_reminder::Entity::insert(unit_reminder::ActiveModel {
        id: Set(Uuid::now_v7()),
        unit_id: Set(unit_id),
        ref_id: Set(ref_id),
        kind: Set(kind.into()),
        recipients: Set(people.len() as i32),
        sent_at: Set(now),
    })
    .exec(&tx)
    .await;
    match inserted.map_err(store::Error::from_db) {
        Ok(_) => {}
        // Another instance sent it at the same moment.
        Err(e) if e.is_conflict_on("unit_reminder") => return Ok(0),
        Err(e) => return Err(e),
    }
    for (name, to) in &people {
        let (subject, text) = mail(name);
        crate::platform::mail::enqueue(&tx, to, &subject, &text).await?;
    }
    tx.commit().await?;
    Ok(people.len() as u32)
}

/// The units' reminders due at `now` (see the module's documentation). Returns the e-mails
/// queued.
pub async fn send_unit_reminders(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> store::Result<u32> {
    let base = public_url.trim_end_matches('/').to_owned();
    let stages = stage::Entity::find()
        .filter(stage::Column::SetByUnits.eq(true))
        .filter(stage::Column::Cancelled.eq(false))
        .filter(stage::Column::StartsAt.lte(now + Duration::days(UNIT_SOON_DAYS)))
        .all(&db.conn)
        .await?;
    let mut queued = 0;
    for s in stages {
        let closes = s.ends_at.unwrap_or(s.starts_at);
        // Reminders only while the stage matters: up to a week after its window (reports).
        if closes + Duration::days(7) < now {
            continue;
        }
        let Some(c) = conference::Entity::find_by_id(s.conference_id)
            .one(&db.conn)
            .await?
        else {
            continue;
        };
        let tz = tz_of(&c);
        let day = |t: DateTime<Utc>| t.with_timezone(&tz).format("%d/%m/%Y").to_string();
        let at = |t: DateTime<Utc>| t.with_timezone(&tz).format("%d/%m/%Y às %H:%M").to_string();
        let units = crate::mobilization::shared::listed_units(c.id)
            .all(&db.conn)
            .await?;
        let meetings = unit_meeting::Entity::find()
            .filter(unit_meeting::Column::StageId.eq(s.id))
            .filter(unit_meeting::Column::Status.ne(unit_meeting::MeetingStatus::Cancelled))
            .all(&db.conn)
            .await?;
        for u in &units {
            let page = format!("{base}/c/{}/unidade/{}", c.slug, u.id);
            let mine: Vec<&unit_meeting::Model> =
                meetings.iter().filter(|m| m.unit_id == u.id).collect();
            if mine.is_empty() && now <= closes && closes - now <= Duration::days(UNIT_SOON_DAYS) {
                queued += once(db, u.id, s.id, "unscheduled", now, |name| {
                    (
                        format!("Marque a reunião da unidade {}: {}", u.name, s.title),
                        format!(
                            "Olá, {name}.\n\nA etapa \"{}\" da {} termina em {}, e a unidade {} ainda não marcou a sua reunião com os usuários. Marque a data na página da unidade:\n\n{page}\n",
                            s.title,
                            c.title,
                            day(closes),
                            u.name
                        ),
                    )
                })
                .await?;
            }
            for m in mine {
                let starts = m.starts_at;
                if m.status == MeetingStatus::Scheduled
                    && starts > now
                    && starts - now <= Duration::hours(MEETING_HOURS)
                {
                    let place = m
                        .place
                        .clone()
                        .or_else(|| m.online_url.clone())
                        .unwrap_or_else(|| "local a confirmar".into());
                    queued += once(db, u.id, m.id, "meeting", now, |name| {
                        (
                            format!("Lembrete: reunião da unidade {} em {}", u.name, day(starts)),
                            format!(
                                "Olá, {name}.\n\nA reunião da unidade {} com os usuários ({}) está marcada para {} ({place}).\n\nDepois da reunião, informe na página da unidade quantas pessoas participaram:\n\n{page}\n",
                                u.name,
                                s.title,
                                at(starts)
                            ),
                        )
                    })
                    .await?;
                }
                if m.status == MeetingStatus::Scheduled && now - starts > Duration::days(1) {
                    queued += once(db, u.id, m.id, "report", now, |name| {
                        (
                            format!("Informe a reunião da unidade {} de {}", u.name, day(starts)),
                            format!(
                                "Olá, {name}.\n\nA reunião da unidade {} de {} ainda não foi informada como realizada. Informe quantas pessoas participaram (ou cancele, se não aconteceu):\n\n{page}\n",
                                u.name,
                                at(starts)
                            ),
                        )
                    })
                    .await?;
                }
            }
        }
    }
    Ok(queued)
}

/// Runs every reminder check every `every` until `stop` (started by `serve`).
pub async fn worker(
    db: Db,
    public_url: String,
    every: std::time::Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        let now = Utc::now();
        if let Err(e) =
            crate::reporting::dashboard::send_deadline_alerts(&db, &public_url, now).await
        {
            tracing::error!(error = %e, "report deadline alerts");
        }
        match send_unit_reminders(&db, &public_url, now).await {
            Ok(n) if n > 0 => tracing::info!(emails = n, "unit reminders queued"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "unit reminders"),
        }
        match crate::bodies::meetings::send_due_convocations(&db, &public_url, now).await {
            Ok(n) if n > 0 => tracing::info!(emails = n, "body convocations queued"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "body convocations"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            r = stop.changed() => if r.is_err() { break },
        }
    }
}

/// The commission reminds one unit now (the calendar page's button): one e-mail to each of its
/// articulators listing what is missing: stages still open without a meeting, meetings past and
/// not reported. Returns the e-mails queued.
pub async fn remind_unit(
    db: &Db,
    me: Option<&crate::platform::auth::Me>,
    slug: &str,
    unit_id: &str,
    public_url: &str,
) -> Result<u32, crate::Fail> {
    use domain::Invalid;
    use sea_orm::QueryOrder;
    let c = crate::platform::auth::authorize(db, me, slug, domain::policy::Action::ManageCalendar)
        .await?;
    let u = crate::mobilization::shared::unit_in(
        &db.conn,
        c.id,
        crate::platform::auth::parse_id(unit_id)?,
    )
    .await?;
    let now = Utc::now();
    let tz = tz_of(&c);
    let day = |t: DateTime<Utc>| t.with_timezone(&tz).format("%d/%m/%Y").to_string();
    let stages = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::SetByUnits.eq(true))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let meetings = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::ConferenceId.eq(c.id))
        .filter(unit_meeting::Column::UnitId.eq(u.id))
        .filter(unit_meeting::Column::Status.ne(unit_meeting::MeetingStatus::Cancelled))
        .order_by_asc(unit_meeting::Column::StartsAt)
        .all(&db.conn)
        .await?;
    let mut missing = Vec::new();
    for s in &stages {
        let closes = s.ends_at.unwrap_or(s.starts_at);
        if now <= closes && !meetings.iter().any(|m| m.stage_id == s.id) {
            missing.push(format!(
                "- marcar a reunião da etapa \"{}\" (até {})",
                s.title,
                day(closes)
            ));
        }
    }
    for m in meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Scheduled && m.starts_at < now)
    {
        missing.push(format!(
            "- informar se a reunião de {} aconteceu e quantas pessoas participaram",
            day(m.starts_at)
        ));
    }
    if missing.is_empty() {
        return Err(Invalid::one(
            "form",
            format!("A unidade {} está em dia: não há o que lembrar", u.name),
        )
        .into());
    }
    let page = format!(
        "{}/c/{}/unidade/{}",
        public_url.trim_end_matches('/'),
        c.slug,
        u.id
    );
    let tx = db.write().await?;
    let people = articulators(&tx, u.id).await?;
    if people.is_empty() {
        return Err(Invalid::one(
            "form",
            format!(
                "A unidade {} não tem articulador(a) com e-mail: conceda o papel em “Papéis e acessos” para poder lembrá-la",
                u.name
            ),
        )
        .into());
    }
    for (name, to) in &people {
        crate::platform::mail::enqueue(
            &tx,
            to,
            &format!("A comissão lembra: pendências da unidade {}", u.name),
            &format!(
                "Olá, {name}.\n\nA comissão organizadora da {} lembra o que falta à unidade {}:\n\n{}\n\nPágina da unidade:\n\n{page}\n",
                c.title,
                u.name,
                missing.join("\n")
            ),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(people.len() as u32)
}
