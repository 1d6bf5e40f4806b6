//! Carrying the elected to the parent conference as its registrations.

use super::*;

/// What carrying did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Carried {
    pub parent_title: String,
    /// New registrations in the parent conference.
    pub created: u32,
    /// Elected already registered there (same CPF) or carried before.
    pub already: u32,
}

/// Registers the elected (titulares and suplentes) in the parent conference: category delegado,
/// origin "eleito" ("indicado" for the government's delegates appointed by the manager), their
/// segment and seat, their data and quota self-declarations as given at
/// registration. Idempotent: an elected person already carried (or registered there with the same
/// CPF) is not registered again.
pub async fn carry(db: &Db, me: Option<&Me>, slug: &str) -> Result<Carried, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let parent = parent_of(&db.conn, &c).await?.ok_or_else(|| {
        Invalid::one(
            "form",
            "Esta conferência não está ligada a uma conferência da etapa seguinte: não há para onde levar os(as) eleitos(as)",
        )
    })?;
    let tx = db.write().await?;
    let out = carry_in(&tx, &c, &parent, me.map(|m| m.account.id)).await?;
    tx.commit().await?;
    tracing::info!(conference = %c.id, parent = %parent.id, created = out.created, already = out.already, "elected carried to the parent conference");
    Ok(out)
}

/// [`carry`] inside the caller's write transaction (also used when the parent accepts the
/// report: `app::reporting::report::accept`).
pub(crate) async fn carry_in(
    tx: &sea_orm::DatabaseTransaction,
    c: &conference::Model,
    parent: &conference::Model,
    by: Option<Uuid>,
) -> Result<Carried, Fail> {
    let e = election::Entity::find_by_id(c.id)
        .one(tx)
        .await?
        .filter(|e| e.computed_at.is_some())
        .ok_or_else(|| {
            Invalid::one(
                "form",
                "Apure o resultado da eleição antes de levá-lo à conferência da etapa seguinte",
            )
        })?;
    let rows = election_result::Entity::find()
        .filter(election_result::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?;
    let regs = registrations_by_id(tx, rows.iter().map(|r| r.registration_id)).await?;
    let sensitive: HashMap<Uuid, String> = registration_sensitive::Entity::find()
        .filter(
            registration_sensitive::Column::RegistrationId
                .is_in(rows.iter().map(|r| r.registration_id).collect::<Vec<_>>()),
        )
        .all(tx)
        .await?
        .into_iter()
        .map(|s| (s.registration_id, s.quotas))
        .collect();
    let mut created = 0;
    let mut already = 0;
    for row in &rows {
        if row.carried_registration_id.is_some() {
            already += 1;
            continue;
        }
        let Some(r) = regs
            .get(&row.registration_id)
            .filter(|r| r.status == RegistrationStatus::Active)
        else {
            continue;
        };
        let existing = match &r.cpf {
            Some(cpf) => {
                registration::Entity::find()
                    .filter(registration::Column::ConferenceId.eq(parent.id))
                    .filter(registration::Column::Cpf.eq(cpf))
                    .one(tx)
                    .await?
            }
            None => None,
        };
        let target = match existing {
            Some(x) => {
                already += 1;
                x.id
            }
            None => {
                let v = crate::participants::registration::Valid {
                    name: r.name.clone(),
                    social_name: r.social_name.clone(),
                    category: Category::Delegate,
                    segment: r.segment.as_deref().and_then(segment_of),
                    seat: Seat::parse(&row.seat).ok(),
                    // The government's appointed delegates arrive as appointed.
                    origin: Some(
                        if government_appointed(&e) && row.segment == Segment::Government.code() {
                            DelegateOrigin::Indicado
                        } else {
                            DelegateOrigin::Eleito
                        },
                    ),
                    represents: r.represents.clone(),
                    territory_id: None,
                    unit_id: None,
                    // An eixo of the conference before: not one of this conference.
                    preferred_eixo_id: None,
                    cpf: r
                        .cpf
                        .as_deref()
                        .and_then(|x| domain::values::Cpf::parse(x).ok()),
                    email: r
                        .email
                        .as_deref()
                        .and_then(|x| domain::values::Email::parse(x).ok()),
                    phone: r.phone.clone(),
                    birth_date: r.birth_date,
                    trust_position: r.trust_position,
                    needs: r
                        .needs
                        .split(',')
                        .filter_map(|n| domain::values::AccessNeed::parse(n).ok())
                        .collect(),
                    needs_other: r.needs_other.clone(),
                    quotas: sensitive
                        .get(&r.id)
                        .map(|q| {
                            q.split(',')
                                .filter_map(|x| domain::values::QuotaGroup::parse(x).ok())
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                let (id, _) = crate::participants::registration::insert(
                    tx,
                    parent.id,
                    &v,
                    crate::participants::registration::Source::Election,
                    by,
                    None,
                )
                .await?;
                created += 1;
                id
            }
        };
        election_result::Entity::update_many()
            .col_expr(
                election_result::Column::CarriedRegistrationId,
                Some(target).into(),
            )
            .filter(election_result::Column::ConferenceId.eq(c.id))
            .filter(election_result::Column::RegistrationId.eq(row.registration_id))
            .exec(tx)
            .await?;
    }
    if e.carried_at.is_none() {
        election::Entity::update_many()
            .col_expr(election::Column::CarriedAt, Some(Utc::now()).into())
            .filter(election::Column::ConferenceId.eq(c.id))
            .exec(tx)
            .await?;
    }
    Ok(Carried {
        parent_title: parent.title.clone(),
        created,
        already,
    })
}
