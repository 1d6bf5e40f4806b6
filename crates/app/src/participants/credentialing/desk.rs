//! What the desk sees: a person's row with today's situation, the search, finding a person by
//! code or badge token, and the questions the desk asks before a check-in.

use super::*;
use store::entities::registration::RegistrationStatus;

/// A person as the desk sees them.
#[derive(Debug, Clone, Serialize)]
pub struct DeskRow {
    pub code: String,
    pub display_name: String,
    pub category_label: String,
    pub segment_label: String,
    pub seat: Option<String>,
    /// Day and month of birth, the year hidden ("14/03 (ano oculto)"): enough to tell namesakes
    /// apart at the desk without showing the whole date.
    pub birth: Option<String>,
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
pub(super) async fn with_alert(
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

/// A birth date as the desk shows it: day and month, the year hidden.
pub fn masked_birth(d: chrono::NaiveDate) -> String {
    d.format("%d/%m (ano oculto)").to_string()
}

/// The desk's row of a registration checked in at `at` (if today), in the room as it stands.
pub(super) fn desk_row(
    r: &registration::Model,
    at: Option<DateTime<Utc>>,
    tz: Tz,
    room: &crate::plenary::seats::Room,
    names: &HashMap<Uuid, String>,
) -> DeskRow {
    let hm = |t: DateTime<Utc>| hour(t, tz);
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
        category_label: crate::participants::category_label(r),
        segment_label: crate::participants::segment_label(r),
        seat: r.seat.clone(),
        birth: r.birth_date.map(masked_birth),
        checked_in_at: at.map(hm),
        needs: crate::participants::registration_needs(r),
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

/// The desk's row of a registration after a change, from the room as it stands now.
pub(super) async fn row_after(
    db: &Db,
    c: &conference::Model,
    r: &registration::Model,
    day: NaiveDate,
) -> store::Result<DeskRow> {
    let room = crate::plenary::seats::room(&db.conn, c).await?;
    let names = substitution_names(&db.conn, &room).await?;
    let at = checkin_on(&db.conn, r.id, day).await?.map(|i| i.checked_at);
    Ok(desk_row(r, at, tz_of(c), &room, &names))
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
        .filter(registration::Column::Status.eq(registration::RegistrationStatus::Active));
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

/// The conference and the person a desk's code names, once credentialing staff is authorized
/// (`None` when the code finds nobody).
async fn found(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
) -> Result<Option<(conference::Model, registration::Model)>, Fail> {
    let c = authorize(db, me, slug, Action::Credential).await?;
    Ok(find_person(db, &c, code_input)
        .await
        .ok()
        .map(|(r, _)| (c, r)))
}

/// A suplente about to be credentialed, for the desk's "No lugar de quem?" question: `None` when
/// the person is not a suplente delegate who could take a seat now.
pub async fn seat_question(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
) -> Result<Option<(DeskRow, Vec<crate::plenary::seats::AbsentTitular>)>, Fail> {
    let Some((c, r)) = found(db, me, slug, code_input).await? else {
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
    let at = checkin_on(&db.conn, r.id, room.day)
        .await?
        .map(|i| i.checked_at);
    let names = substitution_names(&db.conn, &room).await?;
    let row = desk_row(&r, at, tz_of(&c), &room, &names);
    let list = crate::plenary::seats::absent_titulares(&db.conn, &c, &r).await?;
    Ok(Some((row, list)))
}

/// The code of a titular whose seat a suplente holds now, for the desk's "Devolver a vaga"
/// (`None` when the code is not such a titular).
pub async fn seat_with_suplente(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code_input: &str,
) -> Result<Option<String>, Fail> {
    let Some((c, r)) = found(db, me, slug, code_input).await? else {
        return Ok(None);
    };
    let room = crate::plenary::seats::room(&db.conn, &c).await?;
    Ok(room.substitutes.contains_key(&r.id).then_some(r.code))
}
