//! Credentialing at the venue: check-in by registration code (typed, or read from the badge's QR)
//! or by name search, inside the conference's credentialing windows; a suplente credentialed in
//! place of an absent titular of the same segment; live counters by category and segment (present
//! delegates are the quorum base later).

use crate::Fail;
use crate::auth::{Me, allow, conference_scope};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::{Category, Segment};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use store::Db;
use store::entities::{checkin, conference, registration, stage};
use uuid::Uuid;

fn tz_of(c: &conference::Model) -> Tz {
    c.time_zone.parse().unwrap_or(chrono_tz::America::Sao_Paulo)
}

/// Credentialing windows: the conference's `credentialing` stages; without any, the conference days.
pub async fn windows(
    db: &Db,
    c: &conference::Model,
) -> store::Result<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    let stages = stage::Entity::find()
        .filter(stage::Column::ConferenceId.eq(c.id))
        .filter(stage::Column::Kind.eq("credentialing"))
        .filter(stage::Column::Cancelled.eq(false))
        .order_by_asc(stage::Column::StartsAt)
        .all(&db.conn)
        .await?;
    if !stages.is_empty() {
        return Ok(stages
            .into_iter()
            .map(|s| {
                (
                    s.starts_at,
                    s.ends_at
                        .unwrap_or(s.starts_at + chrono::Duration::hours(4)),
                )
            })
            .collect());
    }
    let tz = tz_of(c);
    let day = |d: NaiveDate, h: u32| {
        use chrono::TimeZone;
        tz.from_local_datetime(&d.and_hms_opt(h, 0, 0).expect("valid hour"))
            .earliest()
            .map(|x| x.with_timezone(&Utc))
    };
    Ok(c.starts_on
        .iter_days()
        .take_while(|d| *d <= c.ends_on)
        .filter_map(|d| Some((day(d, 6)?, day(d, 23)?)))
        .collect())
}

/// Present people today, by category and segment.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counters {
    pub day: String,
    pub total: u64,
    pub delegates: u64,
    pub by_category: Vec<(String, u64)>,
    pub by_segment: Vec<(String, u64)>,
    pub registered_delegates: u64,
}

/// The counters for `day` (the conference zone's today when None). Public to staff only.
pub async fn counters(db: &Db, me: Option<&Me>, slug: &str) -> Result<Counters, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::Credential(scope))?;
    Ok(counters_of(db, &c).await?)
}

pub async fn counters_of(db: &Db, c: &conference::Model) -> store::Result<Counters> {
    let today = Utc::now().with_timezone(&tz_of(c)).date_naive();
    let ins = checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .filter(checkin::Column::Day.eq(today))
        .all(&db.conn)
        .await?;
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq("active"))
        .all(&db.conn)
        .await?;
    let present: Vec<&registration::Model> = regs
        .iter()
        .filter(|r| ins.iter().any(|i| i.registration_id == r.id))
        .collect();
    let n =
        |f: &dyn Fn(&registration::Model) -> bool| present.iter().filter(|r| f(r)).count() as u64;
    Ok(Counters {
        day: today.format("%d/%m/%Y").to_string(),
        total: present.len() as u64,
        delegates: n(&|r| r.category == "delegado"),
        by_category: Category::ALL
            .iter()
            .map(|k| (k.label().to_owned(), n(&|r| r.category == k.code())))
            .collect(),
        by_segment: Segment::ALL
            .iter()
            .map(|k| {
                (
                    k.label().to_owned(),
                    n(&|r| r.category == "delegado" && r.segment.as_deref() == Some(k.code())),
                )
            })
            .collect(),
        registered_delegates: regs.iter().filter(|r| r.category == "delegado").count() as u64,
    })
}

/// A person as the desk sees them.
#[derive(Debug, Clone, Serialize)]
pub struct DeskRow {
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub segment_label: String,
    pub seat: Option<String>,
    pub checked_in_at: Option<String>,
    pub needs: Vec<String>,
}

fn desk_row(r: &registration::Model, at: Option<DateTime<Utc>>, tz: Tz) -> DeskRow {
    DeskRow {
        code: r.code.clone(),
        display_name: r.display_name().to_owned(),
        category_label: Category::parse(&r.category)
            .map(|c| c.label())
            .unwrap_or("")
            .into(),
        segment_label: r
            .segment
            .as_deref()
            .and_then(|s| Segment::parse(s).ok())
            .map(|s| s.label())
            .unwrap_or("—")
            .into(),
        seat: r.seat.clone(),
        checked_in_at: at.map(|a| a.with_timezone(&tz).format("%H:%M").to_string()),
        needs: r
            .needs
            .split(',')
            .filter_map(|n| domain::values::AccessNeed::parse(n).ok())
            .map(|n| n.label().to_owned())
            .collect(),
    }
}

/// Accent-insensitive search by name (or a code) for the desk, with today's check-in status.
pub async fn search(db: &Db, me: Option<&Me>, slug: &str, q: &str) -> Result<Vec<DeskRow>, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::Credential(scope))?;
    let key = domain::text::search_key(q);
    if key.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let tz = tz_of(&c);
    let today = Utc::now().with_timezone(&tz).date_naive();
    let mut find = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq("active"));
    find = match normalize_code(q) {
        Some(code) => find.filter(registration::Column::Code.eq(code)),
        None => find.filter(registration::Column::SearchKey.contains(&key)),
    };
    let regs = find
        .order_by_asc(registration::Column::SearchKey)
        .all(&db.conn)
        .await?;
    let ins = checkin::Entity::find()
        .filter(checkin::Column::ConferenceId.eq(c.id))
        .filter(checkin::Column::Day.eq(today))
        .all(&db.conn)
        .await?;
    Ok(regs
        .iter()
        .take(30)
        .map(|r| {
            desk_row(
                r,
                ins.iter()
                    .find(|i| i.registration_id == r.id)
                    .map(|i| i.checked_at),
                tz,
            )
        })
        .collect())
}

/// How the person was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Code,
    Qr,
    Search,
    WalkIn,
}

impl Method {
    fn code(self) -> &'static str {
        match self {
            Method::Code => "code",
            Method::Qr => "qr",
            Method::Search => "search",
            Method::WalkIn => "walk_in",
        }
    }
}

/// The result of a check-in, for the desk.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub person: DeskRow,
    /// The titular this suplente replaces today.
    pub replaces: Option<String>,
}

/// Checks a person in by registration code. `replaces` is the code of the absent titular a
/// suplente takes the place of.
pub async fn check_in(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
    replaces: Option<&str>,
    method: Method,
) -> Result<Checked, Fail> {
    let (c, scope) = conference_scope(db, slug).await?;
    allow(me, Action::Credential(scope))?;
    let tz = tz_of(&c);
    let now = Utc::now();
    let ws = windows(db, &c).await?;
    if !ws.iter().any(|(s, e)| *s <= now && now <= *e) {
        let list: Vec<String> = ws
            .iter()
            .map(|(s, e)| crate::setup::when(*s, Some(*e), tz))
            .collect();
        return Err(Invalid::one(
            "code",
            format!(
                "O credenciamento está fechado agora. Horários: {}",
                if list.is_empty() {
                    "nenhum definido".into()
                } else {
                    list.join("; ")
                }
            ),
        )
        .into());
    }
    let Some(code) = normalize_code(code_input) else {
        // Not a typed code: the signed token read from the badge's QR.
        let token = code_input.trim();
        if token.len() > 20 {
            return match crate::tokens::registration_for_token(db, c.id, token).await? {
                Ok(r) => check_in_registration(db, me, &c, r, replaces, Method::Qr).await,
                Err(e) => Err(Invalid::one("code", e.to_string()).into()),
            };
        }
        return Err(Invalid::one(
            "code",
            "Código inválido: são 8 letras e números, como K7Q4-MZP9",
        )
        .into());
    };
    let find = |code: String| {
        registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(c.id))
            .filter(registration::Column::Code.eq(code))
            .one(&db.conn)
    };
    let Some(r) = find(code).await? else {
        return Err(Invalid::one(
            "code",
            "Nenhuma inscrição com este código nesta conferência",
        )
        .into());
    };
    check_in_registration(db, me, &c, r, replaces, method).await
}

/// Checks in a registration already found (by code, token or search).
pub async fn check_in_registration(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    r: registration::Model,
    replaces: Option<&str>,
    method: Method,
) -> Result<Checked, Fail> {
    let tz = tz_of(c);
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let mut inv = Invalid::default();
    if r.status != "active" {
        return Err(Invalid::one("code", "Esta inscrição foi cancelada").into());
    }
    let mut titular = None;
    if let Some(t) = replaces.filter(|t| !t.trim().is_empty()) {
        match normalize_code(t) {
            None => inv.push(FieldError::new("replaces", "Código do(a) titular inválido")),
            Some(tc) => {
                let t = registration::Entity::find()
                    .filter(registration::Column::ConferenceId.eq(c.id))
                    .filter(registration::Column::Code.eq(tc))
                    .one(&db.conn)
                    .await?;
                match t {
                    None => inv.push(FieldError::new(
                        "replaces",
                        "Nenhuma inscrição com o código do(a) titular",
                    )),
                    Some(t) => {
                        if r.seat.as_deref() != Some("suplente") {
                            inv.push(FieldError::new("replaces", "Só um(a) suplente pode ser credenciado(a) no lugar de um(a) titular"));
                        } else if t.seat.as_deref() != Some("titular") || t.category != "delegado" {
                            inv.push(FieldError::new(
                                "replaces",
                                "A pessoa substituída precisa ser delegado(a) titular",
                            ));
                        } else if t.segment != r.segment {
                            inv.push(FieldError::new(
                                "replaces",
                                "O(a) suplente deve ser do mesmo segmento do(a) titular",
                            ));
                        } else {
                            let present = checkin::Entity::find()
                                .filter(checkin::Column::Day.eq(today))
                                .filter(
                                    sea_orm::Condition::any()
                                        .add(checkin::Column::RegistrationId.eq(t.id))
                                        .add(checkin::Column::ReplacesRegistrationId.eq(t.id)),
                                )
                                .one(&db.conn)
                                .await?;
                            if present.is_some() {
                                inv.push(FieldError::new("replaces", "O(a) titular já está credenciado(a) hoje, ou já foi substituído(a)"));
                            } else {
                                titular = Some(t);
                            }
                        }
                    }
                }
            }
        }
    }
    inv.into_result()?;
    let tx = db.write().await?;
    let ins = checkin::Entity::insert(checkin::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(r.id),
        day: Set(today),
        checked_at: Set(now),
        checked_by: Set(me.map(|m| m.account.id)),
        replaces_registration_id: Set(titular.as_ref().map(|t| t.id)),
        method: Set(method.code().into()),
    })
    .exec(&tx)
    .await;
    if let Err(e) = ins {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("checkin")
            || e.is_conflict_on("registration_id")
            || matches!(e, store::Error::Conflict(_))
        {
            let at = checkin::Entity::find()
                .filter(checkin::Column::RegistrationId.eq(r.id))
                .filter(checkin::Column::Day.eq(today))
                .one(&db.conn)
                .await?
                .map(|i| i.checked_at.with_timezone(&tz).format("%H:%M").to_string())
                .unwrap_or_default();
            return Err(Invalid::one(
                "code",
                format!("{} já foi credenciado(a) hoje às {at}", r.display_name()),
            )
            .into());
        }
        return Err(e.into());
    }
    tx.commit().await?;
    crate::events::bump(c.id);
    Ok(Checked {
        person: desk_row(&r, Some(now), tz),
        replaces: titular.map(|t| t.display_name().to_owned()),
    })
}
