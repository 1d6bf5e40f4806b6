//! The table's roll call and remote presence (issue 23, ADR 0040). In an online or hybrid
//! conference, a delegate credentialed online is present when they answered the day's latest
//! roll call ("Estou presente", while it is open), have not left, and their device gave a sign
//! of life within the rules' limit (`Rules::disconnect_seconds`; phones send one every minute).
//! A device silent past the limit lapses: the lapse stays until the next answer, so a delegate
//! who comes back answers the next roll call. The table opens a roll call at the start of each
//! session and may repeat it before a vote (a vote cannot open while a roll call is open); every
//! roll call starts presence over. `crate::plenary::seats::Room` counts the room and the remote
//! together, one member per registration.

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use crate::plenary::seats::{ROLL_CALL_SECONDS, rules_of, seconds_field, today_of, tz_of};
use chrono::{DateTime, Duration, Utc};
use domain::Invalid;
use domain::policy::Action;
use domain::values::ConferenceFormat;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde::Serialize;
use store::Db;
use store::entities::roll_call::RollCallStatus;
use store::entities::{conference, delegate_device, registration, roll_call, roll_call_answer};
use uuid::Uuid;

/// The open roll call of a conference at `now`, if any.
pub(crate) async fn open_roll_call(
    db: &impl ConnectionTrait,
    conference_id: Uuid,
    now: DateTime<Utc>,
) -> store::Result<Option<roll_call::Model>> {
    Ok(roll_call::Entity::find()
        .filter(roll_call::Column::ConferenceId.eq(conference_id))
        .filter(roll_call::Column::Status.eq(RollCallStatus::Open))
        .filter(roll_call::Column::ClosesAt.gt(now))
        .one(db)
        .await?)
}

fn remote_format(c: &conference::Model) -> bool {
    ConferenceFormat::parse(&c.format).is_ok_and(|f| f != ConferenceFormat::Presencial)
}

fn hour(t: DateTime<Utc>, c: &conference::Model) -> String {
    t.with_timezone(&tz_of(c)).format("%H:%M").to_string()
}

/// The roll call as the table and the phones show it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RollCallView {
    pub id: String,
    /// Answers are taken now.
    pub open: bool,
    /// Opened at, and open until (HH:MM in the conference's time zone).
    pub opened: String,
    pub until: String,
    /// When it closes, in milliseconds since the Unix epoch (for a countdown).
    pub closes_ms: i64,
    /// How many answered it.
    pub answered: u32,
}

async fn view(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    call: &roll_call::Model,
) -> store::Result<RollCallView> {
    let now = Utc::now();
    Ok(RollCallView {
        id: call.id.to_string(),
        open: call.status == RollCallStatus::Open && call.closes_at > now,
        opened: hour(call.opened_at, c),
        until: hour(call.closes_at, c),
        closes_ms: call.closes_at.timestamp_millis(),
        answered: roll_call_answer::Entity::find()
            .filter(roll_call_answer::Column::RollCallId.eq(call.id))
            .count(db)
            .await? as u32,
    })
}

/// The day's latest roll call, for the table's console, the board and the phones.
pub async fn current(db: &Db, c: &conference::Model) -> store::Result<Option<RollCallView>> {
    match crate::plenary::seats::latest_roll_call(&db.conn, c.id, today_of(c)).await? {
        Some(call) => Ok(Some(view(&db.conn, c, &call).await?)),
        None => Ok(None),
    }
}

/// What the table's page of the roll call shows.
#[derive(Debug, Clone, Serialize)]
pub struct Console {
    pub slug: String,
    pub title: String,
    pub remote_allowed: bool,
    pub call: Option<RollCallView>,
    /// The default length, in seconds (the regimento's).
    pub default_seconds: u32,
    /// Voting delegates present in the room and from a distance now.
    pub present_room: u32,
    pub present_remote: u32,
    /// Credentialed online today and not present now.
    pub remote_absent: u32,
}

/// The table's page of the roll call.
pub async fn console(db: &Db, me: Option<&Me>, slug: &str) -> Result<Console, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    Ok(Console {
        remote_allowed: remote_format(&c),
        call: current(db, &c).await?,
        default_seconds: room.rules.roll_call_seconds,
        present_room: room.present_room(),
        present_remote: room.present_remote(),
        remote_absent: room.remote_absent.len() as u32,
        slug: c.slug,
        title: c.title,
    })
}

/// Opens a roll call for `seconds` (blank: the regimento's default). Refused in a presencial
/// conference, while a vote or another roll call is open.
pub async fn open(db: &Db, me: Option<&Me>, slug: &str, seconds: &str) -> Result<Uuid, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    if !remote_format(&c) {
        return Err(Invalid::one(
            "form",
            "A chamada é para conferências online ou híbridas: numa conferência presencial, a presença é a do credenciamento",
        )
        .into());
    }
    let rules = rules_of(&db.conn, c.id).await?;
    let (_, low, high) = ROLL_CALL_SECONDS;
    let mut inv = Invalid::default();
    let seconds = seconds_field(
        &mut inv,
        "segundos",
        seconds,
        (rules.roll_call_seconds, low, high),
        "Duração da chamada",
    );
    inv.into_result()?;
    let now = Utc::now();
    let tx = db.write().await?;
    if crate::plenary::voting::open_vote_of(&tx, c.id)
        .await?
        .is_some()
    {
        return Err(Invalid::one(
            "form",
            "Há uma votação aberta: encerre-a antes de fazer a chamada",
        )
        .into());
    }
    // A roll call past its time is closed first, so the unique index admits the new one.
    roll_call::Entity::update_many()
        .col_expr(
            roll_call::Column::Status,
            Expr::value(RollCallStatus::Closed),
        )
        .filter(roll_call::Column::ConferenceId.eq(c.id))
        .filter(roll_call::Column::Status.eq(RollCallStatus::Open))
        .filter(roll_call::Column::ClosesAt.lte(now))
        .exec(&tx)
        .await?;
    if let Some(open) = open_roll_call(&tx, c.id, now).await? {
        return Err(Invalid::one(
            "form",
            format!(
                "Já há uma chamada aberta até {}: encerre-a antes de abrir outra",
                hour(open.closes_at, &c)
            ),
        )
        .into());
    }
    let id = Uuid::now_v7();
    let ins = roll_call::Entity::insert(roll_call::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        day: Set(today_of(&c)),
        status: Set(RollCallStatus::Open),
        opened_at: Set(now),
        closes_at: Set(now + Duration::seconds(seconds as i64)),
        opened_by: Set(me.map(|m| m.account.id)),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if matches!(e, store::Error::Conflict(_)) {
            return Err(
                Invalid::one("form", "Outra chamada acabou de ser aberta em outra tela").into(),
            );
        }
        return Err(e.into());
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, seconds, "roll call opened");
    Ok(id)
}

/// Closes the open roll call now (before its time). Nothing to do when none is open.
pub async fn close(db: &Db, me: Option<&Me>, slug: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let now = Utc::now();
    let tx = db.write().await?;
    if let Some(open) = open_roll_call(&tx, c.id, now).await? {
        let mut am: roll_call::ActiveModel = open.into();
        am.status = Set(RollCallStatus::Closed);
        am.closes_at = Set(now);
        sea_orm::ActiveModelTrait::update(am, &tx).await?;
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

/// The delegate and the device behind a phone's token (forbidden without a valid one).
async fn phone(
    db: &Db,
    slug: &str,
    token: Option<&str>,
) -> Result<
    (
        conference::Model,
        registration::Model,
        delegate_device::Model,
    ),
    Fail,
> {
    let (c, _) = conference_scope(db, slug).await?;
    let d = crate::participants::devices::device_of(&db.conn, &c, token)
        .await?
        .ok_or(Fail::Forbidden)?;
    let r = registration::Entity::find_by_id(d.registration_id)
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active))
        .one(&db.conn)
        .await?
        .ok_or(Fail::Forbidden)?;
    Ok((c, r, d))
}

/// "Estou presente": answers the open roll call from a device paired by online credentialing (on
/// a later day of the conference, it credentials the delegate online for that day first).
pub async fn answer(db: &Db, slug: &str, token: Option<&str>) -> Result<(), Fail> {
    let (c, r, d) = phone(db, slug, token).await?;
    if d.channel != "online" {
        return Err(Invalid::one(
            "presenca",
            "Você foi credenciado(a) na mesa: sua presença é a da sala, sem chamada",
        )
        .into());
    }
    let now = Utc::now();
    let Some(call) = open_roll_call(&db.conn, c.id, now).await? else {
        return Err(Invalid::one(
            "presenca",
            "A chamada não está aberta agora: responda quando a mesa abrir a próxima",
        )
        .into());
    };
    let day = today_of(&c);
    let credentialed = store::entities::checkin::Entity::find()
        .filter(store::entities::checkin::Column::RegistrationId.eq(r.id))
        .filter(store::entities::checkin::Column::Day.eq(day))
        .one(&db.conn)
        .await?
        .is_some();
    if !credentialed {
        crate::participants::credentialing::open_window(db, &c).await?;
    }
    let tx = db.write().await?;
    crate::participants::credentialing::arrive_online(&tx, &c, &r, now).await?;
    roll_call_answer::Entity::insert(roll_call_answer::ActiveModel {
        roll_call_id: Set(call.id),
        registration_id: Set(r.id),
        answered_at: Set(now),
        left_at: Set(None),
        lapsed_at: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            roll_call_answer::Column::RollCallId,
            roll_call_answer::Column::RegistrationId,
        ])
        .update_columns([
            roll_call_answer::Column::AnsweredAt,
            roll_call_answer::Column::LeftAt,
            roll_call_answer::Column::LapsedAt,
        ])
        .to_owned(),
    )
    .exec(&tx)
    .await?;
    seen(&tx, d.id, now).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

async fn seen(tx: &impl ConnectionTrait, device: Uuid, now: DateTime<Utc>) -> store::Result<()> {
    delegate_device::Entity::update_many()
        .col_expr(delegate_device::Column::LastSeenAt, Expr::value(Some(now)))
        .filter(delegate_device::Column::Id.eq(device))
        .exec(tx)
        .await?;
    Ok(())
}

/// The delegate's answer to the day's latest roll call, if any.
async fn latest_answer(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    registration_id: Uuid,
) -> store::Result<Option<roll_call_answer::Model>> {
    let Some(call) = crate::plenary::seats::latest_roll_call(db, c.id, today_of(c)).await? else {
        return Ok(None);
    };
    Ok(
        roll_call_answer::Entity::find_by_id((call.id, registration_id))
            .one(db)
            .await?,
    )
}

/// "Sair da plenária": the delegate stops being present from a distance until they answer the
/// next roll call.
pub async fn leave(db: &Db, slug: &str, token: Option<&str>) -> Result<(), Fail> {
    let (c, r, _) = phone(db, slug, token).await?;
    let tx = db.write().await?;
    if let Some(a) = latest_answer(&tx, &c, r.id).await?
        && a.left_at.is_none()
    {
        let mut am: roll_call_answer::ActiveModel = a.into();
        am.left_at = Set(Some(Utc::now()));
        sea_orm::ActiveModelTrait::update(am, &tx).await?;
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(())
}

/// A remote device's sign of life. When the one before it is older than the rules allow, the
/// delegate's presence lapsed in between: that is recorded (until the next answer) before the
/// new sign counts. Desk-paired phones send none.
pub async fn beat(db: &Db, slug: &str, token: Option<&str>) -> Result<(), Fail> {
    let (c, r, d) = phone(db, slug, token).await?;
    if d.channel != "online" {
        return Ok(());
    }
    let now = Utc::now();
    let rules = rules_of(&db.conn, c.id).await?;
    let limit = Duration::seconds(rules.disconnect_seconds as i64);
    let tx = db.write().await?;
    if let Some(last) = d.last_seen_at
        && last + limit < now
        && let Some(a) = latest_answer(&tx, &c, r.id).await?
        && a.lapsed_at.is_none()
        && a.left_at.is_none()
    {
        let mut am: roll_call_answer::ActiveModel = a.into();
        am.lapsed_at = Set(Some(last + limit));
        sea_orm::ActiveModelTrait::update(am, &tx).await?;
        crate::platform::events::bump(c.id);
    }
    seen(&tx, d.id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// What a remote delegate's phone shows about the roll call.
#[derive(Debug, Clone, Serialize)]
pub struct PhonePresence {
    /// The device was paired by online credentialing (remote delegates answer roll calls).
    pub remote: bool,
    /// The roll call open now, if any, with whether this delegate answered it.
    pub open: Option<RollCallView>,
    pub answered: bool,
    /// Present from a distance now.
    pub present: bool,
}

/// The roll call as a delegate's phone shows it (`None` for a desk-paired phone).
pub async fn for_phone(
    db: &Db,
    c: &conference::Model,
    registration_id: Uuid,
    device_channel: &str,
) -> store::Result<Option<PhonePresence>> {
    if device_channel != "online" || !remote_format(c) {
        return Ok(None);
    }
    let now = Utc::now();
    let open = match open_roll_call(&db.conn, c.id, now).await? {
        Some(call) => Some(view(&db.conn, c, &call).await?),
        None => None,
    };
    let answered = match &open {
        Some(v) => roll_call_answer::Entity::find_by_id((
            Uuid::parse_str(&v.id).unwrap_or_default(),
            registration_id,
        ))
        .one(&db.conn)
        .await?
        .is_some_and(|a| a.left_at.is_none() && a.lapsed_at.is_none()),
        None => false,
    };
    let room = crate::plenary::seats::room_for(&db.conn, c, &[registration_id]).await?;
    Ok(Some(PhonePresence {
        remote: true,
        open,
        answered,
        present: room.remote.contains(&registration_id),
    }))
}

/// The roll calls in the minutes (ata): each with its day and times, how many answered "Estou
/// presente", and how many of them left or lapsed afterwards. Empty in a presencial conference
/// without roll calls.
pub(crate) async fn minutes_section(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(String, f32, bool)>> {
    use sea_orm::QueryOrder;
    let calls = roll_call::Entity::find()
        .filter(roll_call::Column::ConferenceId.eq(c.id))
        .order_by_asc(roll_call::Column::OpenedAt)
        .all(&db.conn)
        .await?;
    if calls.is_empty() {
        return Ok(Vec::new());
    }
    let mut lines = vec![(
        "Presença a distância: chamadas da mesa".to_owned(),
        11.0,
        true,
    )];
    for (n, call) in calls.iter().enumerate() {
        let answers = roll_call_answer::Entity::find()
            .filter(roll_call_answer::Column::RollCallId.eq(call.id))
            .all(&db.conn)
            .await?;
        let left = answers.iter().filter(|a| a.left_at.is_some()).count();
        let lapsed = answers.iter().filter(|a| a.lapsed_at.is_some()).count();
        lines.push((
            format!(
                "Chamada {} em {}, aberta às {} até {}: {} delegado(s) responderam “Estou presente”; {} saíram da plenária depois; {} perderam a presença por ficar sem conexão além do limite.",
                n + 1,
                call.day.format("%d/%m/%Y"),
                hour(call.opened_at, c),
                hour(call.closes_at, c),
                answers.len(),
                left,
                lapsed
            ),
            9.0,
            false,
        ));
    }
    lines.push((String::new(), 4.0, false));
    Ok(lines)
}
