//! Attempts (public registrations with a CPF already registered) as staff see and resolve them.

use super::*;

/// An attempt (public registration with a CPF already registered) as staff see it.
#[derive(Clone, Serialize)]
pub struct AttemptRow {
    pub id: String,
    /// When, in the conference's zone.
    pub at: String,
    /// The code the person was given.
    pub code: String,
    /// The name typed (the social name when given).
    pub name: String,
    /// The e-mail, phone and date of birth typed, to reach and identify the person.
    pub contact: String,
    /// The registration holding the CPF.
    pub holder_code: String,
    pub holder_name: String,
}

impl std::fmt::Debug for AttemptRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttemptRow")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The attempts of a conference nobody marked resolved, oldest first.
pub(super) async fn open_attempts(
    db: &impl sea_orm::ConnectionTrait,
    c: &conference::Model,
) -> store::Result<Vec<AttemptRow>> {
    let tz = crate::setup::conference::tz_of(c);
    let rows = registration_attempt::Entity::find()
        .filter(registration_attempt::Column::ConferenceId.eq(c.id))
        .filter(registration_attempt::Column::ResolvedAt.is_null())
        .order_by_asc(registration_attempt::Column::CreatedAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let Some(h) = registration::Entity::find_by_id(a.registration_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let contact = [
            a.email.clone(),
            a.phone.clone(),
            a.birth_date
                .map(|d| format!("nascimento {}", d.format("%d/%m/%Y"))),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
        out.push(AttemptRow {
            id: a.id.to_string(),
            at: a
                .created_at
                .with_timezone(&tz)
                .format("%d/%m/%Y %H:%M")
                .to_string(),
            code: a.code,
            name: a.social_name.unwrap_or(a.name),
            contact: if contact.is_empty() {
                "sem contato".into()
            } else {
                contact
            },
            holder_code: h.code.clone(),
            holder_name: h.display_name().to_owned(),
        });
    }
    Ok(out)
}

/// Marks an attempt resolved (the desk checked the documents and corrected what was needed); its
/// warning leaves the desk and the list.
pub async fn resolve_attempt(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::CorrectRegistration).await?;
    let id = Uuid::parse_str(id.trim()).map_err(|_| Fail::NotFound)?;
    let tx = db.write().await?;
    let done = registration_attempt::Entity::update_many()
        .col_expr(
            registration_attempt::Column::ResolvedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .col_expr(
            registration_attempt::Column::ResolvedBy,
            sea_orm::sea_query::Expr::value(me.map(|m| m.account.id)),
        )
        .filter(registration_attempt::Column::Id.eq(id))
        .filter(registration_attempt::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    if done.rows_affected != 1 {
        return Err(Fail::NotFound);
    }
    tx.commit().await?;
    tracing::info!(attempt = %id, "registration attempt resolved");
    Ok(())
}

/// Registrations with attempts not yet resolved: id → the latest attempt's time.
pub(crate) async fn attempts_by_registration(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<HashMap<Uuid, DateTime<Utc>>> {
    let mut out: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for a in registration_attempt::Entity::find()
        .filter(registration_attempt::Column::ConferenceId.eq(conference_id))
        .filter(registration_attempt::Column::ResolvedAt.is_null())
        .all(db)
        .await?
    {
        let e = out.entry(a.registration_id).or_insert(a.created_at);
        if a.created_at > *e {
            *e = a.created_at;
        }
    }
    Ok(out)
}

/// The attempt a receipt code belongs to (not resolved or resolved), with the registration holding
/// the CPF.
pub(crate) async fn attempt_by_code(
    db: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
    code: &str,
) -> store::Result<Option<(registration_attempt::Model, registration::Model)>> {
    let Some(a) = registration_attempt::Entity::find()
        .filter(registration_attempt::Column::ConferenceId.eq(conference_id))
        .filter(registration_attempt::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(registration::Entity::find_by_id(a.registration_id)
        .one(db)
        .await?
        .map(|h| (a, h)))
}
