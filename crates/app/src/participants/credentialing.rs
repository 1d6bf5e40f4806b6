//! Credentialing at the venue: check-in by registration code (typed, or read from the badge's QR)
//! or by name search, inside the conference's credentialing windows; a suplente credentialed in
//! place of an absent titular ("No lugar de quem?") or with voice only; the seat given back to a
//! titular who arrives after their suplente; exits and returns at the plenary door; live counters
//! by category and segment of the people in the room now. The seat rules live in `crate::plenary::seats`.

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::Invalid;
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::{Category, Segment};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::registration::RegistrationStatus;
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

/// People in the room now, by category and segment.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counters {
    pub day: String,
    /// People in the room now (checked in today and not out).
    pub total: u64,
    /// Delegates who vote now: in the room and holding a seat (the quorum's count).
    pub delegates: u64,
    /// Delegates in the room with voice only (suplentes replacing nobody, owners whose seat a
    /// suplente holds).
    pub voice_only_delegates: u64,
    /// Checked in today and out of the room now.
    pub out_now: u64,
    pub by_category: Vec<(String, u64)>,
    /// Voting delegates present now, by segment.
    pub by_segment: Vec<(String, u64)>,
    /// Voting seats of active registrations.
    pub registered_delegates: u64,
    pub quorum_rule: String,
    pub quorum_min: u64,
}

/// The counters for `day` (the conference zone's today when None). Public to staff only.
pub async fn counters(db: &Db, me: Option<&Me>, slug: &str) -> Result<Counters, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    Ok(counters_of(db, &c).await?)
}

pub async fn counters_of(db: &Db, c: &conference::Model) -> store::Result<Counters> {
    let room = crate::plenary::seats::room(&db.conn, c).await?;
    let regs = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .all(&db.conn)
        .await?;
    let present: Vec<&registration::Model> = regs
        .iter()
        .filter(|r| room.in_room.contains(&r.id))
        .collect();
    let n =
        |f: &dyn Fn(&registration::Model) -> bool| present.iter().filter(|r| f(r)).count() as u64;
    Ok(Counters {
        day: room.day.format("%d/%m/%Y").to_string(),
        total: present.len() as u64,
        delegates: room.voting.len() as u64,
        voice_only_delegates: n(&|r| r.category == "delegado" && !room.voting.contains(&r.id)),
        out_now: room.out_since.len() as u64,
        by_category: Category::ALL
            .iter()
            .map(|k| (k.label().to_owned(), n(&|r| r.category == k.code())))
            .collect(),
        by_segment: Segment::ALL
            .iter()
            .map(|k| {
                (
                    k.label().to_owned(),
                    n(&|r| room.voting.contains(&r.id) && r.segment.as_deref() == Some(k.code())),
                )
            })
            .collect(),
        registered_delegates: room.registered as u64,
        quorum_rule: room.rules.quorum.label(),
        quorum_min: room.quorum_min() as u64,
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
    /// In the room now.
    pub present: bool,
    /// Checked in today and out now: since when.
    pub out_since: Option<String>,
    /// Votes now (in the room, holding a seat).
    pub voting: bool,
    /// A suplente in the room who replaces nobody: the desk may still seat her.
    pub may_take_seat: bool,
    /// The situation in words: "Presente, com voto", "Presente, só voz", "Saiu às 10:40"…
    pub status: String,
    /// Someone tried to register on the public form with this registration's CPF:
    /// check a document before credentialing.
    pub cpf_alert: Option<String>,
}

/// The desk's warning for a registration whose CPF someone else typed on the public form.
fn cpf_alert(at: DateTime<Utc>, tz: Tz) -> String {
    format!(
        "Em {} alguém tentou se inscrever pela internet com o CPF desta inscrição: confira um documento com foto. O pedido está em Inscrições.",
        at.with_timezone(&tz).format("%d/%m às %H:%M")
    )
}

/// Sets the CPF warning on a desk row when the registration has attempts not yet resolved.
async fn with_alert(
    db: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    r: &registration::Model,
    mut row: DeskRow,
) -> store::Result<DeskRow> {
    row.cpf_alert = crate::participants::registration::attempts_by_registration(db, c.id)
        .await?
        .get(&r.id)
        .map(|at| cpf_alert(*at, tz_of(c)));
    Ok(row)
}

fn desk_row(
    r: &registration::Model,
    at: Option<DateTime<Utc>>,
    tz: Tz,
    room: &crate::plenary::seats::Room,
    names: &HashMap<Uuid, String>,
) -> DeskRow {
    let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let present = room.in_room.contains(&r.id);
    let voting = room.voting.contains(&r.id);
    let out_since = room.out_since.get(&r.id).map(|t| hm(*t));
    let replacing = room.seat_held_by(r.id);
    let replaced_by = room.substitutes.get(&r.id);
    let status = match (at, &out_since) {
        (None, _) => match replaced_by {
            Some(s) => format!(
                "Não chegou; {} está no lugar",
                names.get(s).map(String::as_str).unwrap_or("um(a) suplente")
            ),
            None => "Não credenciado(a) hoje".to_owned(),
        },
        (Some(_), Some(t)) => format!("Saiu às {t}"),
        (Some(_), None) => match (voting, replacing, replaced_by) {
            (true, Some(t), _) => format!(
                "Presente, com voto, no lugar de {}",
                names.get(&t).map(String::as_str).unwrap_or("titular")
            ),
            (true, None, _) => "Presente, com voto".to_owned(),
            (false, _, Some(s)) => format!(
                "Presente, só voz: a vaga está com {}",
                names.get(s).map(String::as_str).unwrap_or("um(a) suplente")
            ),
            (false, _, None) if r.category == "delegado" => "Presente, só voz".to_owned(),
            (false, _, None) => "Presente".to_owned(),
        },
    };
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
        checked_in_at: at.map(hm),
        needs: r
            .needs
            .split(',')
            .filter_map(|n| domain::values::AccessNeed::parse(n).ok())
            .map(|n| n.label().to_owned())
            .collect(),
        present,
        out_since,
        voting,
        may_take_seat: present
            && !voting
            && r.category == "delegado"
            && r.seat.as_deref() == Some("suplente"),
        status,
        cpf_alert: None,
    }
}

/// Names of the people a room's substitutions mention.
async fn substitution_names(
    db: &impl sea_orm::ConnectionTrait,
    room: &crate::plenary::seats::Room,
) -> store::Result<HashMap<Uuid, String>> {
    let ids: Vec<Uuid> = room
        .substitutes
        .iter()
        .flat_map(|(a, b)| [*a, *b])
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(registration::Entity::find()
        .filter(registration::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.display_name().to_owned()))
        .collect())
}

/// Accent-insensitive search by name (or a code) for the desk, with today's situation.
pub async fn search(db: &Db, me: Option<&Me>, slug: &str, q: &str) -> Result<Vec<DeskRow>, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let key = domain::text::search_key(q);
    if key.chars().count() < 2 {
        return Ok(Vec::new());
    }
    let tz = tz_of(&c);
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    let mut find = registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active));
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
        .filter(checkin::Column::Day.eq(room.day))
        .all(&db.conn)
        .await?;
    let names = substitution_names(&db.conn, &room).await?;
    let alerts =
        crate::participants::registration::attempts_by_registration(&db.conn, c.id).await?;
    Ok(regs
        .iter()
        .take(30)
        .map(|r| {
            let mut row = desk_row(
                r,
                ins.iter()
                    .find(|i| i.registration_id == r.id)
                    .map(|i| i.checked_at),
                tz,
                &room,
                &names,
            );
            row.cpf_alert = alerts.get(&r.id).map(|at| cpf_alert(*at, tz));
            row
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
    Api,
}

impl Method {
    fn code(self) -> &'static str {
        match self {
            Method::Code => "code",
            Method::Qr => "qr",
            Method::Search => "search",
            Method::WalkIn => "walk_in",
            Method::Api => "api",
        }
    }
}

/// The result of a check-in, exit or seat change, for the desk.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    pub person: DeskRow,
    /// The titular this suplente replaces today.
    pub replaces: Option<String>,
    /// Whether the person votes now.
    pub voting: bool,
    /// What happened, in words for the desk.
    pub message: String,
}

/// Who a suplente replaces, as the desk says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replaces {
    /// Not asked (API and old forms): for a suplente, nobody.
    Unspecified,
    /// Nobody: voice only (unless the regimento lets suplentes vote on their own).
    Nobody,
    /// The titular's registration code.
    Titular(String),
}

impl Replaces {
    /// The form's value: empty, `ninguem`, or a titular's code.
    pub fn from_form(v: Option<&str>) -> Self {
        match v.map(str::trim) {
            None | Some("") => Replaces::Unspecified,
            Some(v) if v.eq_ignore_ascii_case("ninguem") || v.eq_ignore_ascii_case("ninguém") => {
                Replaces::Nobody
            }
            Some(v) => Replaces::Titular(v.to_owned()),
        }
    }
}

async fn open_window(db: &Db, c: &conference::Model) -> Result<(), Fail> {
    let tz = tz_of(c);
    let now = Utc::now();
    let ws = windows(db, c).await?;
    if !ws.iter().any(|(s, e)| *s <= now && now <= *e) {
        let list: Vec<String> = ws
            .iter()
            .map(|(s, e)| crate::setup::conference::when(*s, Some(*e), tz))
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
    Ok(())
}

/// Finds a registration by a typed code or the badge QR's token.
pub async fn find_person(
    db: &Db,
    c: &conference::Model,
    code_input: &str,
) -> Result<(registration::Model, Method), Fail> {
    let Some(code) = normalize_code(code_input) else {
        // Not a typed code: the signed token read from the badge's QR.
        let token = code_input.trim();
        if token.len() > 20 {
            return match crate::platform::tokens::registration_for_token(db, c.id, token).await? {
                Ok(r) => Ok((r, Method::Qr)),
                Err(e) => Err(Invalid::one("code", e.to_string()).into()),
            };
        }
        return Err(Invalid::one(
            "code",
            "Código inválido: são 8 letras e números, como K7Q4-MZP9",
        )
        .into());
    };
    match registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code.as_str()))
        .one(&db.conn)
        .await?
    {
        Some(r) => Ok((r, Method::Code)),
        None => match crate::participants::registration::attempt_by_code(&db.conn, c.id, &code).await? {
            // The receipt of a public registration with a CPF already registered.
            Some((a, holder)) => Err(Invalid::one(
                "code",
                format!(
                    "Este código é de um pedido de inscrição feito pela internet em {when} com um CPF que já estava inscrito: a inscrição {held}, em nome de {name}. Nenhuma inscrição foi feita com este código.{resolved} Confira um documento com foto. Se o CPF é desta pessoa e a inscrição {held} também é dela, credencie pelo código {held}. Se a inscrição {held} foi feita por outra pessoa, corrija-a com os dados de quem é dono(a) do CPF (Inscrições › Corrigir). Se o CPF não é desta pessoa, ela pode ser inscrita no local sem ele. Depois, marque o pedido como resolvido em Inscrições.",
                    when = a.created_at.with_timezone(&tz_of(c)).format("%d/%m/%Y"),
                    held = holder.code,
                    name = holder.display_name(),
                    resolved = if a.resolved_at.is_some() {
                        " O pedido já foi marcado como resolvido."
                    } else {
                        ""
                    },
                ),
            )
            .into()),
            None => Err(Invalid::one(
                "code",
                "Nenhuma inscrição com este código nesta conferência",
            )
            .into()),
        },
    }
}

/// A suplente about to be credentialed, for the desk's "No lugar de quem?" question: `None` when
/// the person is not a suplente delegate who could take a seat now.
pub async fn seat_question(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
) -> Result<Option<(DeskRow, Vec<crate::plenary::seats::AbsentTitular>)>, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let Ok((r, _)) = find_person(db, &c, code_input).await else {
        return Ok(None);
    };
    if r.status != RegistrationStatus::Active
        || r.category != "delegado"
        || r.seat.as_deref() != Some("suplente")
    {
        return Ok(None);
    }
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    if room.voting.contains(&r.id) || room.seat_held_by(r.id).is_some() {
        return Ok(None);
    }
    let at = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .filter(checkin::Column::Day.eq(room.day))
        .one(&db.conn)
        .await?
        .map(|i| i.checked_at);
    let names = substitution_names(&db.conn, &room).await?;
    let row = desk_row(&r, at, tz_of(&c), &room, &names);
    let list = crate::plenary::seats::absent_titulares(&db.conn, &c, &r).await?;
    Ok(Some((row, list)))
}

/// Checks a person in by registration code (or badge token). `replaces` is who a suplente takes
/// the place of.
pub async fn check_in(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
    replaces: Option<&str>,
    method: Method,
) -> Result<Checked, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    open_window(db, &c).await?;
    let (r, found) = find_person(db, &c, code_input).await?;
    let method = if found == Method::Qr { found } else { method };
    check_in_registration(db, me, &c, r, replaces, method).await
}

fn refuse(field: &str, msg: impl Into<String>) -> Fail {
    Invalid::one(field, msg).into()
}

/// Checks in a registration already found (by code, token or search), returning after a door
/// exit, and seats it by the rules (ADR 0030), all in one write transaction.
pub async fn check_in_registration(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    r: registration::Model,
    replaces: Option<&str>,
    method: Method,
) -> Result<Checked, Fail> {
    let tz = tz_of(c);
    let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let by = me.map(|m| m.account.id);
    if r.status != RegistrationStatus::Active {
        return Err(refuse("code", "Esta inscrição foi cancelada"));
    }
    let replaces = Replaces::from_form(replaces);
    // The titular to replace, validated before writing.
    let titular = match &replaces {
        Replaces::Titular(t) => {
            let Some(tc) = normalize_code(t) else {
                return Err(refuse("replaces", "Código do(a) titular inválido"));
            };
            let Some(t) = registration::Entity::find()
                .filter(registration::Column::ConferenceId.eq(c.id))
                .filter(registration::Column::Code.eq(tc))
                .one(&db.conn)
                .await?
            else {
                return Err(refuse(
                    "replaces",
                    "Nenhuma inscrição com o código do(a) titular",
                ));
            };
            let rules = crate::plenary::seats::rules_of(&db.conn, c.id).await?;
            if r.category != "delegado" || r.seat.as_deref() != Some("suplente") {
                return Err(refuse(
                    "replaces",
                    "Só um(a) suplente pode ser credenciado(a) no lugar de um(a) titular",
                ));
            }
            if t.seat.as_deref() != Some("titular")
                || t.category != "delegado"
                || t.status != RegistrationStatus::Active
            {
                return Err(refuse(
                    "replaces",
                    "A pessoa substituída precisa ser delegado(a) titular com inscrição ativa",
                ));
            }
            if t.segment != r.segment {
                return Err(refuse(
                    "replaces",
                    "O(a) suplente deve ser do mesmo segmento do(a) titular",
                ));
            }
            match rules.tie {
                crate::plenary::seats::Tie::Territory
                    if t.territory_id.is_none() || t.territory_id != r.territory_id =>
                {
                    return Err(refuse(
                        "replaces",
                        "Pelo regimento, o(a) suplente só entra no lugar de titular do mesmo território",
                    ));
                }
                crate::plenary::seats::Tie::Origin
                    if t.origin.is_none() || t.origin != r.origin =>
                {
                    return Err(refuse(
                        "replaces",
                        "Pelo regimento, o(a) suplente só entra no lugar de titular da mesma origem da delegação",
                    ));
                }
                _ => {}
            }
            Some(t)
        }
        _ => None,
    };

    let tx = db.write().await?;
    let rules = crate::plenary::seats::rules_of(&tx, c.id).await?;
    let existing = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .filter(checkin::Column::Day.eq(today))
        .one(&tx)
        .await?;
    let out = match &existing {
        Some(_) => crate::plenary::seats::last_door(&tx, r.id, today)
            .await?
            .filter(|d| d.kind == "exit")
            .map(|d| d.at),
        None => None,
    };
    let name_of = |id: Uuid| {
        let tx = &tx;
        async move {
            Ok::<String, store::Error>(
                registration::Entity::find_by_id(id)
                    .one(tx)
                    .await?
                    .map(|x| x.display_name().to_owned())
                    .unwrap_or_else(|| "outra pessoa".into()),
            )
        }
    };
    let mut notes: Vec<String> = Vec::new();
    let mut voting = false;

    if let Some(t) = &titular {
        if let Some(h) = crate::plenary::seats::open_hold_by(&tx, r.id, today).await? {
            let seat = name_of(h.seat_id).await?;
            return Err(refuse(
                "replaces",
                format!("{} já está no lugar de {seat} hoje", r.display_name()),
            ));
        }
        if let Some(h) = crate::plenary::seats::open_hold_of_seat(&tx, t.id, today).await? {
            let holder_out = h.holder_id == t.id
                && crate::plenary::seats::last_door(&tx, t.id, today)
                    .await?
                    .is_some_and(|d| d.kind == "exit");
            if h.holder_id != t.id {
                let s = name_of(h.holder_id).await?;
                return Err(refuse(
                    "replaces",
                    format!(
                        "A vaga de {} já está com {s} desde {}: um(a) titular tem um(a) só suplente no lugar",
                        t.display_name(),
                        hm(h.started_at)
                    ),
                ));
            }
            if !holder_out {
                return Err(refuse(
                    "replaces",
                    format!(
                        "{} está presente e com a vaga: o(a) suplente só entra no lugar de titular ausente",
                        t.display_name()
                    ),
                ));
            }
            crate::plenary::seats::end_hold(&tx, h.id, by, "holder_left", now).await?;
            notes.push(format!("{} tinha saído.", t.display_name()));
        } else {
            // Checked in without a hold (before seats were recorded) and in the room.
            let t_in = checkin::Entity::find()
                .filter(checkin::Column::RegistrationId.eq(t.id))
                .filter(checkin::Column::Day.eq(today))
                .one(&tx)
                .await?
                .is_some();
            let t_out = crate::plenary::seats::last_door(&tx, t.id, today)
                .await?
                .is_some_and(|d| d.kind == "exit");
            if t_in && !t_out {
                return Err(refuse(
                    "replaces",
                    format!(
                        "{} está presente e com a vaga: o(a) suplente só entra no lugar de titular ausente",
                        t.display_name()
                    ),
                ));
            }
        }
        if let Err(e) = crate::plenary::seats::take_seat(&tx, c, t.id, r.id, today, by, now).await {
            drop(tx);
            return Err(match crate::plenary::seats::hold_conflict(&e) {
                Some("seat") => refuse(
                    "replaces",
                    format!(
                        "A vaga de {} acabou de ser ocupada em outra mesa: confira a busca",
                        t.display_name()
                    ),
                ),
                Some(_) => refuse(
                    "replaces",
                    format!(
                        "{} acabou de ser credenciado(a) no lugar de outra pessoa em outra mesa",
                        r.display_name()
                    ),
                ),
                None => e.into(),
            });
        }
        voting = true;
        notes.push(format!(
            "No lugar de {} (titular ausente).",
            t.display_name()
        ));
    } else if crate::plenary::seats::owns_seat(&r.category, r.seat.as_deref(), &rules) {
        match crate::plenary::seats::open_hold_of_seat(&tx, r.id, today).await? {
            Some(h) if h.holder_id != r.id => {
                let s_out = crate::plenary::seats::last_door(&tx, h.holder_id, today)
                    .await?
                    .is_some_and(|d| d.kind == "exit");
                let s = name_of(h.holder_id).await?;
                if !s_out {
                    return Err(refuse(
                        "code",
                        format!(
                            "A vaga de {} está com {s} (suplente) desde {}. Para {} votar, use \u{201c}Devolver a vaga\u{201d}: {s} continua com voz.",
                            r.display_name(),
                            hm(h.started_at),
                            r.display_name()
                        ),
                    ));
                }
                crate::plenary::seats::end_hold(&tx, h.id, by, "holder_left", now).await?;
                notes.push(format!(
                    "A vaga voltou para {}: {s} tinha saído.",
                    r.display_name()
                ));
                take_own(&tx, c, &r, today, by, now).await?;
            }
            Some(_) => {}
            None => take_own(&tx, c, &r, today, by, now).await?,
        }
        voting = true;
    } else if r.category == "delegado" {
        notes.push(if replaces == Replaces::Nobody {
            "Suplente sem substituir ninguém: só voz.".to_owned()
        } else {
            "Suplente sem titular a substituir: só voz. Para dar o voto, credencie no lugar de um(a) titular ausente.".to_owned()
        });
    }

    match (&existing, out) {
        (None, _) => {
            let ins = checkin::Entity::insert(checkin::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                registration_id: Set(r.id),
                day: Set(today),
                checked_at: Set(now),
                checked_by: Set(by),
                replaces_registration_id: Set(titular.as_ref().map(|t| t.id)),
                method: Set(method.code().into()),
            })
            .exec(&tx)
            .await;
            if let Err(e) = ins {
                let e = store::Error::from_db(e);
                if matches!(e, store::Error::Conflict(_)) {
                    drop(tx);
                    let at = checkin::Entity::find()
                        .filter(checkin::Column::RegistrationId.eq(r.id))
                        .filter(checkin::Column::Day.eq(today))
                        .one(&db.conn)
                        .await?
                        .map(|i| hm(i.checked_at))
                        .unwrap_or_default();
                    return Err(refuse(
                        "code",
                        format!("{} já foi credenciado(a) hoje às {at}", r.display_name()),
                    ));
                }
                return Err(e.into());
            }
        }
        (Some(_), Some(_)) => {
            crate::plenary::seats::door(&tx, c, r.id, "return", by, method.code(), now).await?;
            notes.insert(0, format!("{} voltou à plenária.", r.display_name()));
        }
        (Some(i), None) => {
            if titular.is_none() {
                return Err(refuse(
                    "code",
                    format!(
                        "{} já foi credenciado(a) hoje às {}",
                        r.display_name(),
                        hm(i.checked_at)
                    ),
                ));
            }
        }
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    let room = crate::plenary::seats::room(&db.conn, c).await?;
    let names = substitution_names(&db.conn, &room).await?;
    let at = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .filter(checkin::Column::Day.eq(today))
        .one(&db.conn)
        .await?
        .map(|i| i.checked_at);
    let mut message = format!("{} credenciado(a)", r.display_name());
    if voting {
        message.push_str(", com voto.");
    } else if r.category == "delegado" {
        message.push_str(", só com voz.");
    } else {
        message.push('.');
    }
    for n in notes {
        message.push(' ');
        message.push_str(&n);
    }
    Ok(Checked {
        person: with_alert(&db.conn, c, &r, desk_row(&r, at, tz, &room, &names)).await?,
        replaces: titular.map(|t| t.display_name().to_owned()),
        voting,
        message,
    })
}

async fn take_own(
    tx: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    r: &registration::Model,
    today: NaiveDate,
    by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<(), Fail> {
    if let Err(e) = crate::plenary::seats::take_seat(tx, c, r.id, r.id, today, by, now).await {
        return Err(match crate::plenary::seats::hold_conflict(&e) {
            Some(_) => refuse(
                "code",
                format!(
                    "A vaga de {} acabou de ser ocupada por um(a) suplente em outra mesa: confira a busca",
                    r.display_name()
                ),
            ),
            None => e.into(),
        });
    }
    Ok(())
}

/// Gives a titular's seat back ("Devolver a vaga"): the suplente's substitution ends (she stays
/// with voice only), the titular takes the seat and is checked in (or back in). Recorded with who
/// and when.
pub async fn return_seat(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    titular_code: &str,
) -> Result<Checked, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    open_window(db, &c).await?;
    let (t, method) = find_person(db, &c, titular_code).await?;
    let tz = tz_of(&c);
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let by = me.map(|m| m.account.id);
    let tx = db.write().await?;
    let Some(h) = crate::plenary::seats::open_hold_of_seat(&tx, t.id, today)
        .await?
        .filter(|h| h.holder_id != t.id)
    else {
        return Err(refuse(
            "code",
            format!(
                "A vaga de {} não está com nenhum(a) suplente agora",
                t.display_name()
            ),
        ));
    };
    let s = registration::Entity::find_by_id(h.holder_id)
        .one(&tx)
        .await?
        .map(|x| x.display_name().to_owned())
        .unwrap_or_else(|| "o(a) suplente".into());
    crate::plenary::seats::end_hold(&tx, h.id, by, "returned", now).await?;
    take_own(&tx, &c, &t, today, by, now).await?;
    let existing = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(t.id))
        .filter(checkin::Column::Day.eq(today))
        .one(&tx)
        .await?;
    match existing {
        None => {
            checkin::Entity::insert(checkin::ActiveModel {
                id: Set(Uuid::now_v7()),
                conference_id: Set(c.id),
                registration_id: Set(t.id),
                day: Set(today),
                checked_at: Set(now),
                checked_by: Set(by),
                replaces_registration_id: Set(None),
                method: Set(method.code().into()),
            })
            .exec(&tx)
            .await
            .map_err(store::Error::from_db)?;
        }
        Some(_) => {
            if crate::plenary::seats::last_door(&tx, t.id, today)
                .await?
                .is_some_and(|d| d.kind == "exit")
            {
                crate::plenary::seats::door(&tx, &c, t.id, "return", by, method.code(), now)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, "seat returned to its titular");
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    let names = substitution_names(&db.conn, &room).await?;
    let at = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(t.id))
        .filter(checkin::Column::Day.eq(today))
        .one(&db.conn)
        .await?
        .map(|i| i.checked_at);
    Ok(Checked {
        person: desk_row(&t, at, tz, &room, &names),
        replaces: None,
        voting: true,
        message: format!(
            "Vaga devolvida: {} está credenciado(a), com voto; {s} continua com voz.",
            t.display_name()
        ),
    })
}

/// Records that a person left the plenary (exit at the door). They stop counting for quorum and
/// their phone stops voting until they come back (a check-in again).
pub async fn check_out(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
    method: Method,
) -> Result<Checked, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let (r, found) = find_person(db, &c, code_input).await?;
    let method = if found == Method::Qr { found } else { method };
    let tz = tz_of(&c);
    let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let now = Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let tx = db.write().await?;
    let Some(i) = checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(r.id))
        .filter(checkin::Column::Day.eq(today))
        .one(&tx)
        .await?
    else {
        return Err(refuse(
            "code",
            format!("{} não foi credenciado(a) hoje", r.display_name()),
        ));
    };
    if let Some(d) = crate::plenary::seats::last_door(&tx, r.id, today)
        .await?
        .filter(|d| d.kind == "exit")
    {
        return Err(refuse(
            "code",
            format!("{} já saiu às {}", r.display_name(), hm(d.at)),
        ));
    }
    crate::plenary::seats::door(
        &tx,
        &c,
        r.id,
        "exit",
        me.map(|m| m.account.id),
        method.code(),
        now,
    )
    .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    let names = substitution_names(&db.conn, &room).await?;
    Ok(Checked {
        person: desk_row(&r, Some(i.checked_at), tz, &room, &names),
        replaces: None,
        voting: false,
        message: format!(
            "Saída registrada: {} saiu às {} e não conta para o quórum até voltar.",
            r.display_name(),
            hm(now)
        ),
    })
}

/// The code of a titular whose seat a suplente holds now, for the desk's "Devolver a vaga"
/// (`None` when the code is not such a titular).
pub async fn seat_with_suplente(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
) -> Result<Option<String>, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    let Ok((r, _)) = find_person(db, &c, code_input).await else {
        return Ok(None);
    };
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    Ok(room.substitutes.contains_key(&r.id).then_some(r.code))
}
