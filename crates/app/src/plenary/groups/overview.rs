//! The groups of every eixo: the overview, creating groups, distributing people, the minority
//! threshold.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub members: usize,
    pub proposals: usize,
    pub facilitator: Option<String>,
    pub rapporteur: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EixoGroups {
    pub id: String,
    pub number: i32,
    pub title: String,
    pub groups: Vec<GroupSummary>,
    /// People with a voice who chose this eixo at registration (in a group or not).
    pub chosen_by: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub slug: String,
    pub title: String,
    pub eixos: Vec<EixoGroups>,
    /// People with a voice not yet in any group.
    pub unassigned: usize,
    pub minority_pct: Option<i32>,
}

pub async fn overview(db: &Db, me: Option<&Me>, slug: &str) -> Result<Overview, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let eixos = crate::mobilization::questionnaires::eixos_of(&db.conn, c.id).await?;
    let groups = groups_of(&db.conn, &c).await?;
    let members = memberships(&db.conn, &c).await?;
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::Status.ne(proposal::ProposalStatus::Merged))
        .all(&db.conn)
        .await?;
    let mut role_ids: Vec<Uuid> = Vec::new();
    for g in &groups {
        role_ids.extend(g.facilitator_id);
        role_ids.extend(g.rapporteur_id);
    }
    let roles = registrations_by_id(&db.conn, role_ids).await?;
    let assigned: HashSet<Uuid> = members.iter().map(|m| m.registration_id).collect();
    let people = participants(db, &c).await?;
    let unassigned = people.iter().filter(|r| !assigned.contains(&r.id)).count();
    Ok(Overview {
        eixos: eixos
            .iter()
            .map(|e| EixoGroups {
                id: e.id.to_string(),
                number: e.number,
                title: e.title.clone(),
                chosen_by: people
                    .iter()
                    .filter(|r| r.preferred_eixo_id == Some(e.id))
                    .count(),
                groups: groups
                    .iter()
                    .filter(|g| g.eixo_id == e.id)
                    .map(|g| GroupSummary {
                        id: g.id.to_string(),
                        name: g.name.clone(),
                        members: members.iter().filter(|m| m.group_id == g.id).count(),
                        proposals: proposals
                            .iter()
                            .filter(|p| p.group_id == Some(g.id))
                            .count(),
                        facilitator: g.facilitator_id.and_then(|i| roles.get(&i)).map(who),
                        rapporteur: g.rapporteur_id.and_then(|i| roles.get(&i)).map(who),
                    })
                    .collect(),
            })
            .collect(),
        unassigned,
        minority_pct: c.group_minority_pct,
        slug: c.slug,
        title: c.title,
    })
}

/// Creates a working group for an eixo.
pub async fn create_group(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    eixo_id: &str,
    name: &str,
) -> Result<Uuid, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let mut inv = Invalid::default();
    let e = match Uuid::parse_str(eixo_id.trim()) {
        Ok(id) => {
            eixo::Entity::find_by_id(id)
                .filter(eixo::Column::ConferenceId.eq(c.id))
                .one(&db.conn)
                .await?
        }
        Err(_) => None,
    };
    if e.is_none() {
        inv.push(FieldError::new("eixo", "Escolha o eixo do grupo"));
    }
    let name = tidy(name);
    if name.is_empty() || name.chars().count() > 80 {
        inv.push(FieldError::new(
            "name",
            "Dê um nome ao grupo (até 80 caracteres), como \"Grupo 1 do eixo 2\"",
        ));
    }
    inv.into_result()?;
    let e = e.expect("checked above");
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    working_group::Entity::insert(working_group::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        eixo_id: Set(e.id),
        name: Set(name),
        facilitator_id: Set(None),
        rapporteur_id: Set(None),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// What "Distribuir quem está sem grupo" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assigned {
    /// People put in a group.
    pub placed: usize,
    /// Of them, people who chose an eixo that has no group: placed as if they had no preference.
    pub eixo_without_group: usize,
}

/// Puts everyone with a voice who is in no group yet into groups: first each person who chose
/// an eixo at registration in the least filled group of that eixo, then the others (and those
/// whose eixo has no group) in the least filled group of all (`domain::proposals::distribute`).
pub async fn assign_balanced(db: &Db, me: Option<&Me>, slug: &str) -> Result<Assigned, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let people = participants(db, &c).await?;
    let tx = db.write().await?;
    let groups = groups_of(&tx, &c).await?;
    if groups.is_empty() {
        return Err(Invalid::one(
            "form",
            "Crie os grupos de trabalho antes de distribuir as pessoas",
        )
        .into());
    }
    let members = memberships(&tx, &c).await?;
    let assigned: HashSet<Uuid> = members.iter().map(|m| m.registration_id).collect();
    let sizes: Vec<(Uuid, Uuid, usize)> = groups
        .iter()
        .map(|g| {
            (
                g.id,
                g.eixo_id,
                members.iter().filter(|m| m.group_id == g.id).count(),
            )
        })
        .collect();
    let todo: Vec<(Uuid, Option<Uuid>)> = people
        .iter()
        .filter(|r| !assigned.contains(&r.id))
        .map(|r| (r.id, r.preferred_eixo_id))
        .collect();
    let d = distribute(&todo, &sizes);
    let rows: Vec<group_member::ActiveModel> = d
        .placed
        .iter()
        .map(|(r, g)| group_member::ActiveModel {
            group_id: Set(*g),
            registration_id: Set(*r),
            conference_id: Set(c.id),
        })
        .collect();
    for chunk in rows.chunks(500) {
        group_member::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Assigned {
        placed: d.placed.len(),
        eixo_without_group: d.eixo_without_group,
    })
}

/// Sets the groups' minority threshold (blank = none).
pub async fn save_settings(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    minority_pct: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let pct = match minority_pct.trim() {
        "" => None,
        t => match t.trim_end_matches('%').trim().parse::<i32>() {
            Ok(n) if (1..=50).contains(&n) => Some(n),
            _ => {
                return Err(Invalid::one(
                    "minority_pct",
                    "Percentual mínimo para proposta minoritária: um número de 1 a 50, ou em branco para não haver",
                )
                .into());
            }
        },
    };
    save_conference_setting(db, &c, conference::Column::GroupMinorityPct, pct).await
}
