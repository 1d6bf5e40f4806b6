//! The government's delegates appointed by the manager.

use super::*;

/// What the table sends to record the manager's appointment of the government's delegates.
#[derive(Debug, Clone, Default)]
pub struct AppointInput {
    /// The act that appointed them ("Portaria SMAS nº 12/2027").
    pub act: String,
    /// (registration id, `titular` | `suplente` | blank: not appointed), in the act's order.
    pub seats: Vec<(String, String)>,
}

/// Records the government's delegates appointed by the manager (órgão gestor), replacing an
/// earlier appointment: active delegates of the government segment of this conference, exactly
/// as many titulares as the segment's seats and at most as many suplentes, with the act. Refused
/// unless the election's settings say the government is appointed, and after the result was
/// carried. A result computed before is cleared: the table computes it again.
pub async fn appoint(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    i: &AppointInput,
) -> Result<Setup, Fail> {
    let c = authorize(db, me, slug, Action::RunPlenary).await?;
    let mut inv = Invalid::default();
    let act = inv.take(el::parse_act(&i.act));
    let mut chosen: Vec<(Uuid, Seat)> = Vec::new();
    let mut unknown = false;
    for (id, seat) in &i.seats {
        if seat.trim().is_empty() {
            continue;
        }
        let (Ok(id), Ok(seat)) = (Uuid::parse_str(id.trim()), Seat::parse(seat)) else {
            unknown = true;
            continue;
        };
        if !chosen.iter().any(|(x, _)| *x == id) {
            chosen.push((id, seat));
        }
    }
    if unknown {
        inv.push(FieldError::new(
            "indicacao",
            "Escolha, para cada pessoa da lista, titular, suplente ou não indicado(a)",
        ));
    }
    let tx = db.write().await?;
    let e = ensure_open_row(&tx, &c).await?;
    if !government_appointed(&e) {
        return Err(Invalid::one(
            "indicacao",
            "Nesta eleição os(as) delegados(as) do governo são eleitos(as): para registrar a indicação pelo órgão gestor, escolha-a antes nas vagas",
        )
        .into());
    }
    let gov: HashSet<Uuid> = government_delegates(&tx, c.id)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    for (id, _) in chosen.iter().filter(|(id, _)| !gov.contains(id)) {
        let who = registration::Entity::find_by_id(*id)
            .filter(registration::Column::ConferenceId.eq(c.id))
            .one(&tx)
            .await?
            .map(|r| r.display_name().to_owned())
            .unwrap_or_else(|| "Uma das pessoas marcadas".to_owned());
        inv.push(FieldError::new(
            "indicacao",
            format!(
                "{who} não é delegado(a) do segmento Governo com inscrição ativa nesta conferência: só eles(as) podem ser indicados(as) pelo órgão gestor"
            ),
        ));
    }
    let count = |seat: Seat| chosen.iter().filter(|(_, s)| *s == seat).count() as u32;
    for f in el::check_appointed(
        seats_of(&e).government,
        count(Seat::Titular),
        count(Seat::Suplente),
    ) {
        inv.push(f);
    }
    inv.into_result()?;
    let Some(act) = act else {
        return Err(Invalid::one("ato", "Confira o ato de indicação").into());
    };
    delete_where(&tx, election_appointment::Column::ConferenceId, c.id).await?;
    let now = Utc::now();
    for seat in [Seat::Titular, Seat::Suplente] {
        for (pos, (id, _)) in chosen.iter().filter(|(_, s)| *s == seat).enumerate() {
            election_appointment::Entity::insert(election_appointment::ActiveModel {
                conference_id: Set(c.id),
                registration_id: Set(*id),
                seat: Set(seat.code().into()),
                position: Set(pos as i32 + 1),
                appointed_by: Set(me.map(|m| m.account.id)),
                appointed_at: Set(now),
            })
            .exec(&tx)
            .await?;
        }
    }
    // A result computed with another appointment no longer holds.
    delete_where(&tx, election_result::Column::ConferenceId, c.id).await?;
    election::Entity::update_many()
        .col_expr(election::Column::GovernmentAct, Some(act).into())
        .col_expr(
            election::Column::ComputedAt,
            Option::<chrono::DateTime<Utc>>::None.into(),
        )
        .col_expr(election::Column::Summary, Option::<String>::None.into())
        .col_expr(election::Column::UpdatedBy, me.map(|m| m.account.id).into())
        .col_expr(election::Column::UpdatedAt, Utc::now().into())
        .filter(election::Column::ConferenceId.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    tracing::info!(conference = %c.id, appointed = chosen.len(), "government delegates appointed");
    setup_of(db, &c).await
}
