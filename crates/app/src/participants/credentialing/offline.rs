//! The offline desk's server side (issue 25, ADR 0047): the list a desk keeps on its device for
//! the conference day ([`snapshot`]: no CPF, no birth date; the badge token only as its SHA-256),
//! and the queue it sends when the network returns ([`sync`]). Every queued action carries the
//! device's idempotency key and the time the device recorded it: an action whose key was seen is
//! answered from `desk_action` and never applied again; new ones are applied in the order of
//! their device times (then as they arrived) by the same rules as the online desk, at the
//! device's time. What the rules refuse becomes a conflict: answered to the desk, listed for the
//! secretariat ([`conflicts`]) until resolved with a note ([`resolve`]); nothing is dropped.

use super::*;
use crate::participants::registration::{self as reg, RegistrationInput, Source};
use sha2::{Digest, Sha256};
use store::entities::desk_action;
use store::entities::registration::RegistrationStatus;

/// Most actions in one sync request.
pub const MAX_BATCH: usize = 500;
/// How far ahead of the server a device's clock may be before its time is not trusted.
pub const CLOCK_SLACK_MINUTES: i64 = 5;

/// One person on the device's list.
#[derive(Debug, Clone, Serialize)]
pub struct OfflinePerson {
    pub code: String,
    pub name: String,
    /// For the search without accents or case.
    pub search: String,
    pub category: String,
    pub category_label: String,
    pub segment: String,
    pub segment_label: String,
    /// `titular` or `suplente` for delegates.
    pub seat: Option<String>,
    pub needs: Vec<String>,
    /// SHA-256 (hex) of the badge's QR token: the device checks a scanned badge against it.
    pub token_sha256: String,
    /// Checked in today when the list was made.
    pub checked_in: bool,
}

/// What a desk keeps on its device.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    pub slug: String,
    pub title: String,
    /// The conference day (local) the list is for.
    pub day: String,
    pub generated_at: DateTime<Utc>,
    pub people: Vec<OfflinePerson>,
}

/// The list for the desk's device (credentialing staff only).
pub async fn snapshot(db: &Db, me: Option<&Me>, slug: &str) -> Result<Snapshot, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let tz = tz_of(&c);
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .order_by_asc(registration::Column::Name)
        .all(&db.conn)
        .await?;
    let inside: std::collections::HashSet<Uuid> = checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .filter(checkin::Column::Day.eq(today))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|k| k.registration_id)
        .collect();
    let key = crate::platform::tokens::badge_key(db).await?;
    let people = regs
        .iter()
        .map(|r| {
            let category = Category::parse(&r.category).ok();
            let segment = r.segment.as_deref().and_then(|s| Segment::parse(s).ok());
            OfflinePerson {
                code: r.code.clone(),
                name: r.display_name().to_owned(),
                search: domain::text::search_key(&format!("{} {}", r.display_name(), r.code)),
                category: r.category.clone(),
                category_label: category.map(|k| k.label()).unwrap_or("").to_owned(),
                segment: r.segment.clone().unwrap_or_default(),
                segment_label: segment.map(|k| k.label()).unwrap_or("").to_owned(),
                seat: r.seat.clone(),
                needs: crate::participants::registration_needs(r),
                token_sha256: hex::encode(Sha256::digest(key.sign(r.id).as_bytes())),
                checked_in: inside.contains(&r.id),
            }
        })
        .collect();
    Ok(Snapshot {
        slug: c.slug.clone(),
        title: c.title.clone(),
        day: today.to_string(),
        generated_at: now,
        people,
    })
}

/// A walk-in registered on the device: what the desk typed (no CPF).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct WalkIn {
    pub name: String,
    pub category: String,
    pub segment: String,
}

/// One action as the device queued it.
#[derive(Debug, Clone, serde::Deserialize, Serialize)]
pub struct Queued {
    /// The device's idempotency key (a UUID it made).
    pub key: String,
    /// `checkin`, `exit` or `walk_in`.
    pub kind: String,
    /// The registration code (or the badge token), or a walk-in's provisional code ("P-…").
    pub code: String,
    /// For a suplente: the titular's code, or `ninguem`.
    #[serde(default)]
    pub replaces: Option<String>,
    /// When the device recorded it.
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub walk_in: Option<WalkIn>,
}

/// A sync request: the desk's name and its queue.
#[derive(Debug, Clone, serde::Deserialize, Serialize)]
pub struct SyncInput {
    pub desk: String,
    pub actions: Vec<Queued>,
}

/// What became of one action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub key: String,
    /// `applied`, `already` (the same person was credentialed by another desk first: nothing to
    /// do) or `conflict` (refused by the rules; on the conflicts page).
    pub outcome: String,
    pub message: String,
    /// A walk-in's registration code.
    pub code: Option<String>,
    /// True when this key had been sent before: the answer is the one given then.
    pub replayed: bool,
}

/// An open conflict, for the desks and the conflicts page.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub id: String,
    pub desk: String,
    /// "08:05" on the device.
    pub at: String,
    pub what: String,
    pub message: String,
}

/// The answer to a sync.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub results: Vec<Outcome>,
    /// Every open conflict of the conference (from any desk).
    pub conflicts: Vec<Conflict>,
}

fn outcome_of(a: &desk_action::Model, replayed: bool) -> Outcome {
    Outcome {
        key: a.action_key.clone(),
        outcome: a.outcome.clone(),
        message: a.message.clone(),
        code: a.result_code.clone(),
        replayed,
    }
}

/// Applies the queue of desk `i.desk`. Each action once per key; in device-time order.
pub async fn sync(db: &Db, me: Option<&Me>, slug: &str, i: &SyncInput) -> Result<SyncReport, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let desk = domain::values::required("desk", "o nome da mesa", &i.desk, 60)?;
    if i.actions.len() > MAX_BATCH {
        return Err(refuse(
            "actions",
            format!("Envie no máximo {MAX_BATCH} ações de cada vez"),
        ));
    }
    for a in &i.actions {
        if a.key.trim().is_empty() || a.key.len() > 80 {
            return Err(refuse(
                "actions",
                "Cada ação precisa de uma chave de até 80 caracteres",
            ));
        }
        if !matches!(a.kind.as_str(), "checkin" | "exit" | "walk_in") {
            return Err(refuse(
                "actions",
                format!("Tipo de ação desconhecido: {}", a.kind),
            ));
        }
    }
    let mut order: Vec<usize> = (0..i.actions.len()).collect();
    order.sort_by_key(|n| (i.actions[*n].at, *n));
    let mut results: Vec<Option<Outcome>> = vec![None; i.actions.len()];
    for n in order {
        let a = &i.actions[n];
        results[n] = Some(apply_one(db, me, &c, &desk, a).await?);
    }
    Ok(SyncReport {
        results: results.into_iter().flatten().collect(),
        conflicts: open_conflicts(db, &c).await?,
    })
}

/// The stored answer of key `key`, if it was sent before.
async fn seen(
    db: &impl sea_orm::ConnectionTrait,
    c: Uuid,
    key: &str,
) -> store::Result<Option<desk_action::Model>> {
    Ok(desk_action::Entity::find()
        .filter(desk_action::Column::ConferenceId.eq(c))
        .filter(desk_action::Column::ActionKey.eq(key))
        .one(db)
        .await?)
}

/// The registration code a provisional walk-in code got, if that walk-in was synced.
async fn provisional(db: &Db, c: Uuid, code: &str) -> store::Result<Option<String>> {
    Ok(desk_action::Entity::find()
        .filter(desk_action::Column::ConferenceId.eq(c))
        .filter(desk_action::Column::Kind.eq("walk_in"))
        .filter(desk_action::Column::Code.eq(code))
        .one(&db.conn)
        .await?
        .and_then(|a| a.result_code))
}

/// The stored answer of key `key` once no other request is still applying it (a second request
/// with the same key waits for the first, up to a few seconds).
async fn settled(db: &Db, c: Uuid, key: &str) -> Result<Option<desk_action::Model>, Fail> {
    for _ in 0..100 {
        match seen(&db.conn, c, key).await? {
            Some(a) if a.outcome == PENDING => {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            other => return Ok(other),
        }
    }
    Err(refuse(
        "actions",
        "A mesa enviou esta ação duas vezes ao mesmo tempo: envie de novo",
    ))
}

/// The outcome of an action claimed by a request that is applying it now.
const PENDING: &str = "pending";

async fn apply_one(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    desk: &str,
    a: &Queued,
) -> Result<Outcome, Fail> {
    if let Some(done) = settled(db, c.id, &a.key).await? {
        return Ok(outcome_of(&done, true));
    }
    let now = Utc::now();
    // A device clock ahead of the server is not trusted past the slack: its action counts now.
    let at = if a.at > now + chrono::Duration::minutes(CLOCK_SLACK_MINUTES) {
        now
    } else {
        a.at.min(now)
    };
    let mut code = a.code.trim().to_owned();
    if code.to_uppercase().starts_with("P-")
        && a.kind != "walk_in"
        && let Some(real) = provisional(db, c.id, &code.to_uppercase()).await?
    {
        code = real;
    }
    let replaces = match a.replaces.as_deref().map(str::trim) {
        Some(t) if t.to_uppercase().starts_with("P-") => provisional(db, c.id, &t.to_uppercase())
            .await?
            .or(Some(t.to_owned())),
        other => other.map(str::to_owned),
    };
    // The key is claimed first (a unique index): of two requests with it, one applies it.
    let id = Uuid::now_v7();
    let claim = desk_action::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        action_key: Set(a.key.clone()),
        desk: Set(desk.to_owned()),
        kind: Set(a.kind.clone()),
        code: Set(if a.kind == "walk_in" {
            a.code.trim().to_uppercase()
        } else {
            code.clone()
        }),
        replaces: Set(replaces.clone()),
        device_at: Set(at),
        received_at: Set(now),
        outcome: Set(PENDING.into()),
        message: Set(String::new()),
        registration_id: Set(None),
        result_code: Set(None),
        sent_by: Set(me.map(|m| m.account.id)),
        resolved_at: Set(None),
        resolved_by: Set(None),
        resolution: Set(None),
    };
    let tx = db.write().await?;
    match desk_action::Entity::insert(claim).exec(&tx).await {
        Ok(_) => tx.commit().await?,
        Err(e) => {
            drop(tx);
            if matches!(store::Error::from_db(e), store::Error::Conflict(_))
                && let Some(done) = settled(db, c.id, &a.key).await?
            {
                return Ok(outcome_of(&done, true));
            }
            return Err(refuse(
                "actions",
                "Não foi possível registrar a ação; envie de novo",
            ));
        }
    }
    let mut displaced = None;
    let (outcome, message, registration_id, result_code) =
        match attempt(db, me, c, a, &code, replaces.as_deref(), at).await {
            Ok((msg, r, result_code, d)) => {
                displaced = d;
                ("applied", msg, Some(r), result_code)
            }
            Err(Fail::Invalid(inv)) => {
                let msg = inv
                    .0
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                let already = a.kind == "checkin" && msg.contains("já foi credenciado(a) hoje");
                (
                    if already { "already" } else { "conflict" },
                    msg,
                    None,
                    None,
                )
            }
            Err(e) => {
                // Not applied (the database failed): the claim goes, so that the desk may retry.
                desk_action::Entity::delete_by_id(id).exec(&db.conn).await?;
                return Err(e);
            }
        };
    desk_action::Entity::update_many()
        .col_expr(desk_action::Column::Outcome, outcome.into())
        .col_expr(desk_action::Column::Message, message.into())
        .col_expr(desk_action::Column::RegistrationId, registration_id.into())
        .col_expr(desk_action::Column::ResultCode, result_code.into())
        .filter(desk_action::Column::Id.eq(id))
        .exec(&db.conn)
        .await?;
    if let Some(d) = displaced {
        record_displaced(db, c, &d, at).await?;
    }
    let stored = seen(&db.conn, c.id, &a.key).await?.ok_or(Fail::NotFound)?;
    Ok(outcome_of(&stored, false))
}

/// Turns the substitution a titular's earlier arrival undid into a conflict: the desk that made
/// it (offline) learns it at its next sync, and the conflicts page lists it. A substitution made
/// at an online desk gets a conflict row of its own.
async fn record_displaced(
    db: &Db,
    c: &conference::Model,
    d: &Displaced,
    titular_at: DateTime<Utc>,
) -> Result<(), Fail> {
    let tz = tz_of(c);
    let s = registration::Entity::find_by_id(d.hold.holder_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let message = format!(
        "Pelo horário das mesas, {t} chegou às {ta}, antes de {s} entrar no lugar dele(a) às {sa}: a vaga voltou para {t}; {s} continua credenciado(a), com voz. Confira com {s}.",
        t = d.titular.display_name(),
        ta = hour(titular_at, tz),
        s = s.display_name(),
        sa = hour(d.hold.started_at, tz),
    );
    let tx = db.write().await?;
    let earlier = desk_action::Entity::find()
        .filter(desk_action::Column::ConferenceId.eq(c.id))
        .filter(desk_action::Column::RegistrationId.eq(s.id))
        .filter(desk_action::Column::Kind.eq("checkin"))
        .filter(desk_action::Column::Outcome.eq("applied"))
        .order_by_desc(desk_action::Column::DeviceAt)
        .one(&tx)
        .await?;
    match earlier {
        Some(e) => {
            let mut row: desk_action::ActiveModel = e.into();
            row.outcome = Set("conflict".into());
            row.message = Set(message);
            desk_action::Entity::update(row).exec(&tx).await?;
        }
        None => {
            desk_action::Entity::insert(desk_action::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                action_key: Set(format!("servidor:{}", Uuid::now_v7())),
                desk: Set("Mesa on-line".into()),
                kind: Set("checkin".into()),
                code: Set(s.code.clone()),
                replaces: Set(Some(d.titular.code.clone())),
                device_at: Set(d.hold.started_at),
                received_at: Set(Utc::now()),
                outcome: Set("conflict".into()),
                message: Set(message),
                registration_id: Set(Some(s.id)),
                result_code: Set(None),
                sent_by: Set(None),
                resolved_at: Set(None),
                resolved_by: Set(None),
                resolution: Set(None),
            })
            .exec(&tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// A suplente's substitution undone because the titular arrived earlier by the devices' clocks.
struct Displaced {
    hold: store::entities::seat_hold::Model,
    titular: registration::Model,
}

/// What applying one action did: the message, the registration, a walk-in's code, and a
/// suplente displaced by an earlier titular.
type Applied = (String, Uuid, Option<String>, Option<Displaced>);

/// Applies one action at `at`.
async fn attempt(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    a: &Queued,
    code: &str,
    replaces: Option<&str>,
    at: DateTime<Utc>,
) -> Result<Applied, Fail> {
    let tz = tz_of(c);
    if at.with_timezone(&tz).date_naive() != Utc::now().with_timezone(&tz).date_naive() {
        return Err(refuse(
            "code",
            "Ação registrada em outro dia: o credenciamento vale só para o dia em que foi feito",
        ));
    }
    open_window_at(db, c, at).await?;
    match a.kind.as_str() {
        "walk_in" => {
            let w = a.walk_in.clone().unwrap_or_default();
            let input = RegistrationInput {
                name: w.name,
                category: w.category,
                segment: w.segment,
                consent: true,
                ..Default::default()
            };
            let receipt = reg::register(db, me, &c.slug, &input, Source::WalkIn).await?;
            let r = registration::Entity::find()
                .filter(registration::Column::ConferenceId.eq(c.id))
                .filter(registration::Column::Code.eq(receipt.code.clone()))
                .one(&db.conn)
                .await?
                .ok_or(Fail::NotFound)?;
            let checked =
                check_in_registration_at(db, me, c, r.clone(), None, Method::Offline, at).await?;
            Ok((
                format!(
                    "{} Código definitivo: {} (no aparelho era {}).",
                    checked.message,
                    receipt.code,
                    code.to_uppercase()
                ),
                r.id,
                Some(receipt.code),
                None,
            ))
        }
        "exit" => {
            let (r, _) = find_person(db, c, code).await?;
            let checked = check_out_registration_at(db, me, c, &r, Method::Offline, at).await?;
            Ok((checked.message, r.id, None, None))
        }
        _ => {
            let (r, _) = find_person(db, c, code).await?;
            let today = at.with_timezone(&tz).date_naive();
            // The seat this person owns, held by someone else who took it later (by the
            // devices' clocks) and is in the room: the check-in gives it back (ADR 0047).
            let displaced =
                match crate::plenary::seats::open_hold_of_seat(&db.conn, r.id, today).await? {
                    Some(h) if h.holder_id != r.id && at < h.started_at => {
                        (!is_out(&db.conn, h.holder_id, today).await?).then(|| Displaced {
                            hold: h,
                            titular: r.clone(),
                        })
                    }
                    _ => None,
                };
            let checked =
                check_in_registration_at(db, me, c, r.clone(), replaces, Method::Offline, at)
                    .await?;
            Ok((checked.message, r.id, None, displaced))
        }
    }
}

async fn open_conflicts(db: &Db, c: &conference::Model) -> store::Result<Vec<Conflict>> {
    let tz = tz_of(c);
    let open = desk_action::Entity::find()
        .filter(desk_action::Column::ConferenceId.eq(c.id))
        .filter(desk_action::Column::Outcome.eq("conflict"))
        .filter(desk_action::Column::ResolvedAt.is_null())
        .order_by_asc(desk_action::Column::DeviceAt)
        .all(&db.conn)
        .await?;
    // Names for the codes the conflicts mention.
    let codes: Vec<String> = open
        .iter()
        .flat_map(|a| [Some(a.code.clone()), a.replaces.clone()])
        .flatten()
        .collect();
    let names: HashMap<String, String> = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.is_in(codes))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|r| (r.code.clone(), format!("{} ({})", r.display_name(), r.code)))
        .collect();
    let name = |code: &str| names.get(code).cloned().unwrap_or_else(|| code.to_owned());
    Ok(open
        .into_iter()
        .map(|a| {
            let what = match (a.kind.as_str(), a.replaces.as_deref()) {
                ("exit", _) => format!("Saída de {}", name(&a.code)),
                ("walk_in", _) => format!("Inscrição no local ({})", a.code),
                (_, Some(t)) if !t.eq_ignore_ascii_case("ninguem") && !t.is_empty() => {
                    format!(
                        "Credenciamento de {} no lugar de {}",
                        name(&a.code),
                        name(t)
                    )
                }
                _ => format!("Credenciamento de {}", name(&a.code)),
            };
            Conflict {
                id: a.id.to_string(),
                at: hour(a.device_at, tz),
                what,
                desk: a.desk,
                message: a.message,
            }
        })
        .collect())
}

/// The conflicts page: the open ones, and how many were resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Conflicts {
    pub open: Vec<Conflict>,
    pub resolved: usize,
    /// Actions sent by offline desks and applied.
    pub applied: usize,
}

/// The offline desks' conflicts (whoever runs the conference).
pub async fn conflicts(db: &Db, me: Option<&Me>, slug: &str) -> Result<Conflicts, Fail> {
    let c = authorize(db, me, slug, Action::ViewParticipants).await?;
    let all = desk_action::Entity::find()
        .filter(desk_action::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    Ok(Conflicts {
        open: open_conflicts(db, &c).await?,
        resolved: all
            .iter()
            .filter(|a| a.outcome == "conflict" && a.resolved_at.is_some())
            .count(),
        applied: all.iter().filter(|a| a.outcome == "applied").count(),
    })
}

/// Closes conflict `id` with what was done about it (at the desk, with the person).
pub async fn resolve(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    note: &str,
) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::CorrectRegistration).await?;
    let id = crate::platform::auth::parse_id(id)?;
    let note = domain::values::required(
        "resolution",
        "o que foi feito (por exemplo: conferido com a pessoa; ficou com voz)",
        note,
        300,
    )?;
    let tx = db.write().await?;
    let n = desk_action::Entity::update_many()
        .col_expr(desk_action::Column::ResolvedAt, Some(Utc::now()).into())
        .col_expr(
            desk_action::Column::ResolvedBy,
            me.map(|m| m.account.id).into(),
        )
        .col_expr(desk_action::Column::Resolution, Some(note).into())
        .filter(desk_action::Column::Id.eq(id))
        .filter(desk_action::Column::ConferenceId.eq(c.id))
        .filter(desk_action::Column::Outcome.eq("conflict"))
        .filter(desk_action::Column::ResolvedAt.is_null())
        .exec(&tx)
        .await?;
    if n.rows_affected == 0 {
        return Err(refuse("resolution", "Este conflito já foi resolvido"));
    }
    tx.commit().await?;
    Ok(())
}
