//! Staff corrections of a registration, and the insert shared with the other ways in.

use super::*;

/// A registration as the correction form shows it (staff; quota self-declarations are not part
/// of it: they are the person's own, changed only by the person). Also the CPF on file, masked.
pub async fn correction_input(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code: &str,
) -> Result<(FormContext, RegistrationInput, Option<String>), Fail> {
    let c = authorize(db, me, slug, Action::CorrectRegistration).await?;
    let r = active_by_code(db, c.id, code).await?;
    let i = RegistrationInput {
        name: r.name.clone(),
        social_name: r.social_name.clone().unwrap_or_default(),
        category: r.category.clone(),
        segment: r.segment.clone().unwrap_or_default(),
        seat: r.seat.clone().unwrap_or_default(),
        origin: r.origin.clone().unwrap_or_default(),
        represents: r.represents.clone().unwrap_or_default(),
        territory_id: r.territory_id.map(|t| t.to_string()).unwrap_or_default(),
        unit_id: r.unit_id.map(|t| t.to_string()).unwrap_or_default(),
        preferred_eixo: r
            .preferred_eixo_id
            .map(|t| t.to_string())
            .unwrap_or_default(),
        // Never shown in full: left blank, it keeps the CPF on file (shown masked beside it).
        cpf: String::new(),
        email: r.email.clone().unwrap_or_default(),
        phone: r.phone.clone().unwrap_or_default(),
        birth_date: r.birth_date.map(|d| d.to_string()).unwrap_or_default(),
        trust_position: r.trust_position,
        needs: r
            .needs
            .split(',')
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect(),
        needs_other: r.needs_other.clone().unwrap_or_default(),
        quotas: Vec::new(),
        consent: true,
        sensitive_consent: false,
        form_key: String::new(),
    };
    let masked = r
        .cpf
        .as_deref()
        .and_then(|c| Cpf::parse(c).ok())
        .map(|c| c.masked());
    Ok((form_context(db, slug).await?, i, masked))
}

/// The active registration with a typed code in the conference (not found otherwise).
async fn active_by_code(
    db: &Db,
    conference_id: Uuid,
    code: &str,
) -> Result<registration::Model, Fail> {
    let code = domain::participants::normalize_code(code).ok_or(Fail::NotFound)?;
    active_with_code(db, conference_id, &code)
        .await?
        .ok_or(Fail::NotFound)
}

/// The active registration with a normalized code in the conference, if any.
pub(crate) async fn active_with_code(
    db: &Db,
    conference_id: Uuid,
    code: &str,
) -> store::Result<Option<registration::Model>> {
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(conference_id))
        .filter(registration::Column::Code.eq(code))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .one(&db.conn)
        .await?)
}

/// Corrects a registration's data with the same checks as registering; the consent already
/// given stays, and so do the quota self-declarations. Returns the name shown.
pub async fn correct(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    code: &str,
    i: &RegistrationInput,
) -> Result<String, Fail> {
    let c = authorize(db, me, slug, Action::CorrectRegistration).await?;
    let r = active_by_code(db, c.id, code).await?;
    let places = places(db, c.id).await?;
    let mut input = i.clone();
    if input.cpf.trim().is_empty()
        && let Some(c) = &r.cpf
    {
        input.cpf = c.clone();
    }
    input.consent = true;
    input.quotas.clear();
    input.sensitive_consent = false;
    let valid = validate(&input, Source::Assisted, &places);
    let mut inv = match &valid {
        Ok(_) => Invalid::default(),
        Err(e) => e.clone(),
    };
    if let Ok(cpf) = Cpf::parse(&input.cpf)
        && r.cpf.as_deref() != Some(cpf.digits())
        && let Some(h) = holder_of(&db.conn, c.id, &cpf).await?
    {
        inv.push(FieldError::new("cpf", cpf_taken_for_staff(true, &h)));
    }
    inv.into_result()?;
    let Ok(v) = valid else {
        unreachable!("errors returned above")
    };
    let tx = db.write().await?;
    let id = r.id;
    let mut am: registration::ActiveModel = r.into();
    am.search_key = Set(domain::text::search_key(&format!(
        "{} {}",
        v.name,
        v.social_name.as_deref().unwrap_or("")
    )));
    am.name = Set(v.name.clone());
    am.social_name = Set(v.social_name.clone());
    am.category = Set(v.category.code().into());
    am.segment = Set(v.segment.map(|s| s.code().into()));
    am.seat = Set(v.seat.map(|s| s.code().into()));
    am.origin = Set(v.origin.map(|s| s.code().into()));
    am.represents = Set(v.represents.clone());
    am.territory_id = Set(v.territory_id);
    am.unit_id = Set(v.unit_id);
    am.preferred_eixo_id = Set(v.preferred_eixo_id);
    am.cpf = Set(v.cpf.as_ref().map(|c| c.digits().to_owned()));
    am.email = Set(v.email.as_ref().map(|e| e.as_str().to_owned()));
    am.phone = Set(v.phone.clone());
    am.birth_date = Set(v.birth_date);
    am.trust_position = Set(v.trust_position);
    am.needs = Set(v
        .needs
        .iter()
        .map(|n| n.code())
        .collect::<Vec<_>>()
        .join(","));
    am.needs_other = Set(v.needs_other.clone());
    am.updated_at = Set(Utc::now());
    if let Err(e) = sea_orm::ActiveModelTrait::update(am, &tx).await {
        let e = store::Error::from_db(e);
        if e.is_conflict_on("cpf") {
            return Err(Invalid::one("cpf", CPF_TAKEN).into());
        }
        return Err(e.into());
    }
    tx.commit().await?;
    tracing::info!(registration = %id, by = %me.map(|m| m.account.id.to_string()).unwrap_or_default(), "registration corrected");
    Ok(v.social_name.unwrap_or(v.name))
}

/// Inserts a checked registration (and its sensitive part) inside the caller's transaction, with
/// a fresh registration code. Returns the id and the code.
pub(crate) async fn insert(
    tx: &sea_orm::DatabaseTransaction,
    conference_id: Uuid,
    v: &Valid,
    source: Source,
    assisted_by: Option<Uuid>,
    import_key: Option<String>,
) -> store::Result<(Uuid, String)> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    let code = fresh_code(tx, conference_id).await?;
    registration::Entity::insert(registration::ActiveModel {
        id: Set(id),
        conference_id: Set(conference_id),
        code: Set(code.clone()),
        search_key: Set(domain::text::search_key(&format!(
            "{} {}",
            v.name,
            v.social_name.as_deref().unwrap_or("")
        ))),
        name: Set(v.name.clone()),
        social_name: Set(v.social_name.clone()),
        category: Set(v.category.code().into()),
        segment: Set(v.segment.map(|s| s.code().into())),
        seat: Set(v.seat.map(|s| s.code().into())),
        origin: Set(v.origin.map(|s| s.code().into())),
        represents: Set(v.represents.clone()),
        territory_id: Set(v.territory_id),
        unit_id: Set(v.unit_id),
        preferred_eixo_id: Set(v.preferred_eixo_id),
        cpf: Set(v.cpf.as_ref().map(|c| c.digits().to_owned())),
        email: Set(v.email.as_ref().map(|e| e.as_str().to_owned())),
        phone: Set(v.phone.clone()),
        birth_date: Set(v.birth_date),
        trust_position: Set(v.trust_position),
        needs: Set(v
            .needs
            .iter()
            .map(|n| n.code())
            .collect::<Vec<_>>()
            .join(",")),
        needs_other: Set(v.needs_other.clone()),
        consent_version: Set(PRIVACY_NOTICE_VERSION.into()),
        consented_at: Set(now),
        source: Set(source.code().into()),
        assisted_by: Set(assisted_by),
        import_key: Set(import_key),
        status: Set(RegistrationStatus::Active),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(tx)
    .await
    .map_err(store::Error::from_db)?;
    if !v.quotas.is_empty() {
        registration_sensitive::Entity::insert(registration_sensitive::ActiveModel {
            registration_id: Set(id),
            conference_id: Set(conference_id),
            quotas: Set(v
                .quotas
                .iter()
                .map(|q| q.code())
                .collect::<Vec<_>>()
                .join(",")),
            declared_at: Set(now),
        })
        .exec(tx)
        .await?;
    }
    Ok((id, code))
}

/// A registration code no registration and no attempt of the conference has.
pub(super) async fn fresh_code(
    tx: &impl sea_orm::ConnectionTrait,
    conference_id: Uuid,
) -> store::Result<String> {
    for _ in 0..5 {
        let mut r = [0u8; 5];
        r.copy_from_slice(&Uuid::new_v4().as_bytes()[..5]);
        let code = registration_code(r);
        let taken = registration::Entity::find()
            .filter(registration::Column::ConferenceId.eq(conference_id))
            .filter(registration::Column::Code.eq(&code))
            .count(tx)
            .await?
            + registration_attempt::Entity::find()
                .filter(registration_attempt::Column::ConferenceId.eq(conference_id))
                .filter(registration_attempt::Column::Code.eq(&code))
                .count(tx)
                .await?
            > 0;
        if !taken {
            return Ok(code);
        }
    }
    Err(store::Error::Other("no free registration code".into()))
}
