//! Giving a seat back to its titular, and exits at the plenary door.

use super::*;

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
    let s = name_or(&tx, h.holder_id, "o(a) suplente").await?;
    crate::plenary::seats::end_hold(&tx, h.id, by, "returned", now).await?;
    take_own(&tx, &c, &t, today, by, now).await?;
    match checkin_on(&tx, t.id, today).await? {
        None => {
            checkin::Entity::insert(new_checkin(&c, t.id, (today, now, by), None, method))
                .exec(&tx)
                .await
                .map_err(store::Error::from_db)?;
        }
        Some(_) => {
            if is_out(&tx, t.id, today).await? {
                crate::plenary::seats::door(&tx, &c, t.id, "return", by, method.code(), now)
                    .await?;
            }
        }
    }
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, "seat returned to its titular");
    Ok(Checked {
        person: row_after(db, &c, &t, today).await?,
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
    let (r, method) = find_by_desk(db, &c, code_input, method).await?;
    check_out_registration_at(db, me, &c, &r, method, Utc::now()).await
}

/// [`check_out`] of a registration already found, at `now` (an offline desk's exit at the time
/// its device recorded).
pub(crate) async fn check_out_registration_at(
    db: &Db,
    me: Option<&Me>,
    c: &conference::Model,
    r: &registration::Model,
    method: Method,
    now: DateTime<Utc>,
) -> Result<Checked, Fail> {
    let tz = tz_of(c);
    let hm = |t: DateTime<Utc>| hour(t, tz);
    let today = now.with_timezone(&tz).date_naive();
    let tx = db.write().await?;
    if checkin_on(&tx, r.id, today).await?.is_none() {
        return Err(refuse(
            "code",
            format!("{} não foi credenciado(a) hoje", r.display_name()),
        ));
    }
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
        c,
        r.id,
        "exit",
        me.map(|m| m.account.id),
        method.code(),
        now,
    )
    .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(Checked {
        person: row_after(db, c, r, today).await?,
        replaces: None,
        voting: false,
        message: format!(
            "Saída registrada: {} saiu às {} e não conta para o quórum até voltar.",
            r.display_name(),
            hm(now)
        ),
    })
}
