//! One group's page and its people: members, facilitator and rapporteur.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub id: String,
    pub label: String,
    pub delegate: bool,
    pub present: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupPage {
    pub slug: String,
    pub id: String,
    pub name: String,
    pub eixo: String,
    pub members: Vec<MemberView>,
    pub present_delegates: u32,
    pub facilitator: Option<String>,
    pub rapporteur: Option<String>,
    pub proposals: Vec<ProposalView>,
    /// Origins that may be chosen: (value, label).
    pub origins: Vec<(String, String)>,
    /// The council's previous deliberations a proposal may continue ("o que avançou"):
    /// (proposal id, label); empty when there is no earlier conference with deliberations.
    pub continues: Vec<(String, String)>,
    pub minority_pct: Option<i32>,
    /// Proposals of the units' meetings (pre-conferences) of this eixo waiting for a group.
    pub from_units: Vec<crate::mobilization::proposals::Waiting>,
    /// Proposals of the etapa digital of this eixo waiting for a group, most supported first.
    pub from_online: Vec<crate::mobilization::proposals::Waiting>,
}

/// One group's page: its members and who of them is present, its proposals, what may be brought in.
pub async fn group(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<GroupPage, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = group_of(&db.conn, &c, parse_id(id)?).await?;
    let e = eixo::Entity::find_by_id(g.eixo_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let (regs, present) = present_in_group(&db.conn, &c, &g).await?;
    let ps = group_proposals(&db.conn, g.id).await?;
    let mut origins = vec![(String::new(), format!("O próprio grupo ({})", g.name))];
    let terrs = territories_in_order(&db.conn, c.id).await?;
    for u in units_by_name(&db.conn, c.id).await? {
        origins.push((format!("unit:{}", u.id), unit_origin(&u)));
    }
    for t in &terrs {
        origins.push((format!("territory:{}", t.id), territory_origin(t)));
    }
    let by_id: HashMap<Uuid, &registration::Model> = regs.iter().map(|r| (r.id, r)).collect();
    let continues = match crate::reporting::followup::advanced_for(&db.conn, &c).await? {
        Some(a) => std::iter::once((
            String::new(),
            "Nenhuma: não continua uma deliberação anterior".to_owned(),
        ))
        .chain(a.board.items().map(|i| {
            let short: String = i.text.chars().take(110).collect();
            let more = if i.text.chars().count() > 110 {
                "…"
            } else {
                ""
            };
            (
                i.id.clone(),
                format!("{}: {short}{more} ({})", i.code, i.status_label),
            )
        }))
        .collect(),
        None => Vec::new(),
    };
    Ok(GroupPage {
        continues,
        members: regs
            .iter()
            .map(|r| MemberView {
                id: r.id.to_string(),
                label: who(r),
                delegate: r.category == "delegado",
                present: present.contains(&r.id),
            })
            .collect(),
        present_delegates: regs
            .iter()
            .filter(|r| r.category == "delegado" && present.contains(&r.id))
            .count() as u32,
        facilitator: g.facilitator_id.and_then(|i| by_id.get(&i).map(|r| who(r))),
        rapporteur: g.rapporteur_id.and_then(|i| by_id.get(&i).map(|r| who(r))),
        proposals: proposal_views(&db.conn, &ps).await?,
        from_units: crate::mobilization::proposals::waiting(&db.conn, &c, g.eixo_id).await?,
        from_online: crate::mobilization::online::waiting(&db.conn, &c, g.eixo_id).await?,
        origins,
        minority_pct: c.group_minority_pct,
        eixo: format!("Eixo {}: {}", e.number, e.title),
        slug: c.slug,
        id: g.id.to_string(),
        name: g.name,
    })
}

/// Puts a person (by registration code) in this group, moving them from another one.
pub async fn add_member(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    code: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = group_of(&db.conn, &c, parse_id(id)?).await?;
    let r = registration_by_code(db, &c, code, "code", true).await?;
    let tx = db.write().await?;
    group_member::Entity::delete_many()
        .filter(group_member::Column::ConferenceId.eq(c.id))
        .filter(group_member::Column::RegistrationId.eq(r.id))
        .exec(&tx)
        .await?;
    group_member::Entity::insert(group_member::ActiveModel {
        group_id: Set(g.id),
        registration_id: Set(r.id),
        conference_id: Set(c.id),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The member of the group whose code was typed for a role (`label`); blank = none; an unknown
/// code or a person outside the group is an error in `inv`.
async fn pick_member(
    db: &Db,
    c: &conference::Model,
    members: &HashSet<Uuid>,
    code: &str,
    field: &str,
    label: &str,
    inv: &mut Invalid,
) -> Result<Option<Uuid>, Fail> {
    if code.trim().is_empty() {
        return Ok(None);
    }
    match registration_by_code(db, c, code, field, true).await {
        Ok(r) if members.contains(&r.id) => Ok(Some(r.id)),
        Ok(_) => {
            inv.push(FieldError::new(
                field,
                format!("{label}: a pessoa precisa ser do grupo"),
            ));
            Ok(None)
        }
        Err(Fail::Invalid(e)) => {
            for x in e.0 {
                inv.push(x);
            }
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// Names the facilitator and the rapporteur (registration codes of members; blank = none).
pub async fn set_roles(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    facilitator: &str,
    rapporteur: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = group_of(&db.conn, &c, parse_id(id)?).await?;
    let members: HashSet<Uuid> = member_ids(&db.conn, &g).await?.into_iter().collect();
    let mut inv = Invalid::default();
    let f = pick_member(
        db,
        &c,
        &members,
        facilitator,
        "facilitator",
        "Facilitador(a)",
        &mut inv,
    )
    .await?;
    let r = pick_member(
        db,
        &c,
        &members,
        rapporteur,
        "rapporteur",
        "Relator(a)",
        &mut inv,
    )
    .await?;
    inv.into_result()?;
    let tx = db.write().await?;
    let mut am = g.into_active_model();
    am.facilitator_id = Set(f);
    am.rapporteur_id = Set(r);
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}
