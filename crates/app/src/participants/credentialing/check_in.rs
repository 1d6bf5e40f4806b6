//! Check-in, seating a suplente in place of an absent titular or with voice only.

use super::*;
use store::entities::registration::RegistrationStatus;

/// How the person was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Code,
    Qr,
    Search,
    WalkIn,
    Api,
    /// Credentialed online (an e-mailed link and the registration code; ADR 0040).
    Online,
    /// Recorded by a desk while offline and sent when the network returned (issue 25).
    Offline,
}

impl Method {
    pub(super) fn code(self) -> &'static str {
        match self {
            Method::Code => "code",
            Method::Qr => "qr",
            Method::Search => "search",
            Method::WalkIn => "walk_in",
            Method::Api => "api",
            Method::Online => crate::plenary::seats::ONLINE,
            Method::Offline => "offline",
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

/// Finds a person for the desk: the method is the desk's, unless the code was the badge's QR.
pub(super) async fn find_by_desk(
    db: &Db,
    c: &conference::Model,
    code_input: &str,
    method: Method,
) -> Result<(registration::Model, Method), Fail> {
    let (r, found) = find_person(db, c, code_input).await?;
    Ok((r, if found == Method::Qr { found } else { method }))
}

/// A new check-in of a registration at `(day, at, by)`.
pub(super) fn new_checkin(
    c: &conference::Model,
    registration_id: Uuid,
    (day, at, by): (NaiveDate, DateTime<Utc>, Option<Uuid>),
    replaces: Option<Uuid>,
    method: Method,
) -> checkin::ActiveModel {
    checkin::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        registration_id: Set(registration_id),
        day: Set(day),
        checked_at: Set(at),
        checked_by: Set(by),
        replaces_registration_id: Set(replaces),
        method: Set(method.code().into()),
    }
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
    let (r, method) = find_by_desk(db, &c, code_input, method).await?;
    check_in_registration(db, me, &c, r, replaces, method).await
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
    check_in_registration_at(db, me, c, r, replaces, method, Utc::now()).await
}

/// [`check_in_registration`] at `now`: an offline desk's check-in at the time its device
/// recorded. With [`Method::Offline`], a titular whose seat a suplente took at a later time (by
/// the devices' clocks) gets the seat: the suplente keeps voice only (ADR 0047).
pub(crate) async fn check_in_registration_at(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    r: registration::Model,
    replaces: Option<&str>,
    method: Method,
    now: DateTime<Utc>,
) -> Result<Checked, Fail> {
    let tz = tz_of(c);
    let hm = |t: DateTime<Utc>| hour(t, tz);
    let today = now.with_timezone(&tz).date_naive();
    let by = me.map(|m| m.account.id);
    if r.status != RegistrationStatus::Active {
        return Err(refuse("code", "Esta inscrição foi cancelada"));
    }
    let replaces = Replaces::from_form(replaces);
    // The titular to replace, validated before writing.
    let titular = match &replaces {
        Replaces::Titular(t) => Some(titular_to_replace(db, c, &r, t).await?),
        _ => None,
    };

    let tx = db.write().await?;
    let rules = crate::plenary::seats::rules_of(&tx, c.id).await?;
    let existing = checkin_on(&tx, r.id, today).await?;
    let out = match &existing {
        Some(_) => crate::plenary::seats::last_door(&tx, r.id, today)
            .await?
            .filter(|d| d.kind == "exit")
            .map(|d| d.at),
        None => None,
    };
    let name_of = |id: Uuid| name_or(&tx, id, "outra pessoa");
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
            let holder_out = h.holder_id == t.id && is_out(&tx, t.id, today).await?;
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
            let t_in = checkin_on(&tx, t.id, today).await?.is_some();
            let t_out = is_out(&tx, t.id, today).await?;
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
                let s_out = is_out(&tx, h.holder_id, today).await?;
                let s = name_of(h.holder_id).await?;
                let earlier = method == Method::Offline && now < h.started_at;
                if earlier && !s_out {
                    // The suplente's hold ends where it began: it never counted.
                    crate::plenary::seats::end_hold(&tx, h.id, by, "titular_earlier", h.started_at)
                        .await?;
                    notes.push(format!(
                        "Pelo horário das mesas, {} chegou às {}, antes de {s} entrar no lugar às {}: a vaga ficou com {}; {s} continua com voz.",
                        r.display_name(),
                        hm(now),
                        hm(h.started_at),
                        r.display_name()
                    ));
                } else if !s_out {
                    return Err(refuse(
                        "code",
                        format!(
                            "A vaga de {} está com {s} (suplente) desde {}. Para {} votar, use \u{201c}Devolver a vaga\u{201d}: {s} continua com voz.",
                            r.display_name(),
                            hm(h.started_at),
                            r.display_name()
                        ),
                    ));
                } else {
                    crate::plenary::seats::end_hold(&tx, h.id, by, "holder_left", now).await?;
                    notes.push(format!(
                        "A vaga voltou para {}: {s} tinha saído.",
                        r.display_name()
                    ));
                }
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
            let ins = checkin::Entity::insert(new_checkin(
                c,
                r.id,
                (today, now, by),
                titular.as_ref().map(|t| t.id),
                method,
            ))
            .exec(&tx)
            .await;
            if let Err(e) = ins {
                let e = store::Error::from_db(e);
                if matches!(e, store::Error::Conflict(_)) {
                    drop(tx);
                    let at = checkin_on(&db.conn, r.id, today)
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
        (Some(i), None)
            if i.method == crate::plenary::seats::ONLINE
                && titular.is_none()
                && crate::plenary::seats::last_door(&tx, r.id, today)
                    .await?
                    .is_none() =>
        {
            // Credentialed online today and now at the door: from here on in the room (and no
            // longer counted from a distance: ADR 0040).
            crate::plenary::seats::door(&tx, c, r.id, "return", by, method.code(), now).await?;
            notes.insert(
                0,
                format!(
                    "{} estava credenciado(a) online e agora está na sala.",
                    r.display_name()
                ),
            );
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
        person: with_alert(&db.conn, c, &r, row_after(db, c, &r, today).await?).await?,
        replaces: titular.map(|t| t.display_name().to_owned()),
        voting,
        message,
    })
}

/// A check-in written in the caller's transaction at `now`, seated by the same rules as
/// [`check_in_registration`]: a seat owner in their own seat, a suplente in the seat of the
/// absent titular `replaces`, anyone else with voice only. For a registration not checked in
/// that day yet whose seat nobody holds (the demo's people already at the door).
pub(crate) async fn arrive(
    tx: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    r: &registration::Model,
    replaces: Option<Uuid>,
    (now, by): (DateTime<Utc>, Option<Uuid>),
) -> Result<(), Fail> {
    let today = now.with_timezone(&tz_of(c)).date_naive();
    let rules = crate::plenary::seats::rules_of(tx, c.id).await?;
    if let Some(t) = replaces {
        crate::plenary::seats::take_seat(tx, c, t, r.id, today, by, now).await?;
    } else if crate::plenary::seats::owns_seat(&r.category, r.seat.as_deref(), &rules) {
        take_own(tx, c, r, today, by, now).await?;
    }
    checkin::Entity::insert(new_checkin(
        c,
        r.id,
        (today, now, by),
        replaces,
        Method::Code,
    ))
    .exec(tx)
    .await?;
    Ok(())
}

/// Credentials `r` online today at `now` in the caller's transaction, unless they were
/// credentialed today already (at the desk or online: nothing changes then). A seat owner takes
/// their own seat, unless a suplente holds it today: then they take part with voice only until
/// the desk gives the seat back. Returns whether a check-in was written.
pub(crate) async fn arrive_online(
    tx: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
    r: &registration::Model,
    now: DateTime<Utc>,
) -> Result<bool, Fail> {
    let today = now.with_timezone(&tz_of(c)).date_naive();
    if checkin_on(tx, r.id, today).await?.is_some() {
        return Ok(false);
    }
    let rules = crate::plenary::seats::rules_of(tx, c.id).await?;
    if crate::plenary::seats::owns_seat(&r.category, r.seat.as_deref(), &rules)
        && crate::plenary::seats::open_hold_of_seat(tx, r.id, today)
            .await?
            .is_none()
    {
        take_own(tx, c, r, today, None, now).await?;
    }
    checkin::Entity::insert(new_checkin(
        c,
        r.id,
        (today, now, None),
        None,
        Method::Online,
    ))
    .exec(tx)
    .await?;
    Ok(true)
}

/// Seats a seat owner in their own seat, refusing when a suplente took it at another desk.
pub(super) async fn take_own(
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

/// The titular a suplente is to replace, by the titular's code, checked against the seat rules
/// before anything is written.
async fn titular_to_replace(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
    t: &str,
) -> Result<registration::Model, Fail> {
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
        crate::plenary::seats::Tie::Origin if t.origin.is_none() || t.origin != r.origin => {
            return Err(refuse(
                "replaces",
                "Pelo regimento, o(a) suplente só entra no lugar de titular da mesma origem da delegação",
            ));
        }
        _ => {}
    }
    Ok(t)
}
