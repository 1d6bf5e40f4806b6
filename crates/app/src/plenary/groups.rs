//! Working groups per eixo (docs/domain.md §4 stage 6): groups with members (one
//! group per person), facilitator and rapporteur; the commission assigns people by the eixo they
//! prefer or evenly; each group writes proposals (text, level, kind, origin), edits them, merges
//! duplicates (every origin kept), orders them and votes each: simple majority of the delegates
//! present in the group, with an optional minority threshold. What a group approves becomes the
//! final plenary's list, eixo by eixo (`app::plenary::final_plenary`).
//!
//! The table staff (permission `RunPlenary`) type for each group; the facilitator and the
//! rapporteur are registrations named on the group.

use crate::Fail;
use crate::platform::auth::{Me, parse_id};
use chrono::Utc;
use domain::plenary::Tally;
use domain::proposals::{AddressedLevel, ProposalKind, distribute, group_outcome, proposal_text};
use domain::values::Category;
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::proposal::ProposalStatus;
use store::entities::registration::RegistrationStatus;
use store::entities::{
    conference, eixo, group_member, proposal, proposal_origin, registration, territory, unit,
    working_group,
};
use uuid::Uuid;

pub(crate) async fn group_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<working_group::Model, Fail> {
    working_group::Entity::find_by_id(id)
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

pub(crate) async fn proposal_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<proposal::Model, Fail> {
    proposal::Entity::find_by_id(id)
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

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

/// People who take part in groups: active registrations whose category has a voice.
async fn participants(db: &Db, c: &conference::Model) -> store::Result<Vec<registration::Model>> {
    let rights = crate::setup::categories::rights(db, c.id).await?;
    Ok(registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .order_by_asc(registration::Column::CreatedAt)
        .all(&db.conn)
        .await?
        .into_iter()
        .filter(|r| Category::parse(&r.category).is_ok_and(|k| rights.may_speak(k)))
        .collect())
}

async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> store::Result<HashMap<Uuid, registration::Model>> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(registration::Entity::find()
        .filter(registration::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect())
}

fn who(r: &registration::Model) -> String {
    format!("{} ({})", r.display_name(), r.code)
}

pub async fn overview(db: &Db, me: Option<&Me>, slug: &str) -> Result<Overview, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let eixos = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .order_by_asc(eixo::Column::Number)
        .all(&db.conn)
        .await?;
    let groups = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .order_by_asc(working_group::Column::CreatedAt)
        .all(&db.conn)
        .await?;
    let members = group_member::Entity::find()
        .filter(group_member::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::Status.ne(ProposalStatus::Merged))
        .all(&db.conn)
        .await?;
    let mut role_ids: Vec<Uuid> = Vec::new();
    for g in &groups {
        role_ids.extend(g.facilitator_id);
        role_ids.extend(g.rapporteur_id);
    }
    let roles = names(&db.conn, role_ids).await?;
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
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
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
    let groups = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .order_by_asc(working_group::Column::CreatedAt)
        .all(&tx)
        .await?;
    if groups.is_empty() {
        return Err(Invalid::one(
            "form",
            "Crie os grupos de trabalho antes de distribuir as pessoas",
        )
        .into());
    }
    let members = group_member::Entity::find()
        .filter(group_member::Column::ConferenceId.eq(c.id))
        .all(&tx)
        .await?;
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
    let tx = db.write().await?;
    conference::Entity::update_many()
        .col_expr(conference::Column::GroupMinorityPct, pct.into())
        .filter(conference::Column::Id.eq(c.id))
        .exec(&tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: String,
    pub text: String,
    pub final_text: Option<String>,
    pub level: String,
    pub level_label: String,
    pub kind: String,
    pub kind_label: String,
    pub status: String,
    pub status_label: String,
    pub origins: Vec<String>,
    pub group_vote: Option<String>,
    pub editable: bool,
}

fn status_label(s: ProposalStatus) -> &'static str {
    match s {
        ProposalStatus::Draft => "em discussão no grupo",
        ProposalStatus::Merged => "juntada a outra proposta",
        ProposalStatus::GroupApproved => "aprovada no grupo: vai à plenária",
        ProposalStatus::GroupMinority => "minoritária no grupo: vai à plenária",
        ProposalStatus::GroupRejected => "rejeitada no grupo",
        ProposalStatus::Approved => "aprovada na plenária",
        ProposalStatus::Amended => "aprovada na plenária com nova redação",
        ProposalStatus::Rejected => "rejeitada na plenária",
    }
}

pub(crate) async fn proposal_views(
    db: &impl ConnectionTrait,
    ps: &[proposal::Model],
) -> store::Result<Vec<ProposalView>> {
    let origins = proposal_origin::Entity::find()
        .filter(
            proposal_origin::Column::ProposalId.is_in(ps.iter().map(|p| p.id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?;
    Ok(ps
        .iter()
        .map(|p| ProposalView {
            id: p.id.to_string(),
            text: p.text.clone(),
            final_text: p.final_text.clone(),
            level: p.level.clone(),
            level_label: AddressedLevel::label_of(&p.level).into(),
            kind: p.kind.clone(),
            kind_label: ProposalKind::label_of(&p.kind).into(),
            status: p.status.code().into(),
            status_label: status_label(p.status).into(),
            origins: {
                let mut o: Vec<String> = origins
                    .iter()
                    .filter(|o| o.proposal_id == p.id)
                    .map(|o| o.label.clone())
                    .collect();
                o.sort();
                o.dedup();
                o
            },
            group_vote: p.group_favor.map(|f| {
                format!(
                    "{f} a favor, {} contra, {} abstenções, com {} delegado(s) presente(s) no grupo",
                    p.group_against.unwrap_or(0),
                    p.group_abstain.unwrap_or(0),
                    p.group_present.unwrap_or(0)
                )
            }),
            editable: p.status == ProposalStatus::Draft,
        })
        .collect())
}

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
    pub minority_pct: Option<i32>,
    /// Proposals of the units' meetings (pre-conferences) of this eixo waiting for a group.
    pub from_units: Vec<crate::mobilization::proposals::Waiting>,
    /// Proposals of the etapa digital of this eixo waiting for a group, most supported first.
    pub from_online: Vec<crate::mobilization::proposals::Waiting>,
}

/// Delegates of the group checked in today.
async fn present_in_group(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    g: &working_group::Model,
) -> store::Result<(Vec<registration::Model>, HashSet<Uuid>)> {
    let ids: Vec<Uuid> = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(g.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.registration_id)
        .collect();
    let mut regs: Vec<registration::Model> = names(db, ids.clone()).await?.into_values().collect();
    regs.sort_by(|a, b| a.display_name().cmp(b.display_name()));
    // Members who vote now: in the room and holding a seat (`crate::plenary::seats`).
    let voting = crate::plenary::seats::room(db, c).await?.voting;
    let present: HashSet<Uuid> = ids.into_iter().filter(|id| voting.contains(id)).collect();
    Ok((regs, present))
}

pub async fn group(db: &Db, me: Option<&Me>, slug: &str, id: &str) -> Result<GroupPage, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = group_of(&db.conn, &c, parse_id(id)?).await?;
    let e = eixo::Entity::find_by_id(g.eixo_id)
        .one(&db.conn)
        .await?
        .ok_or(Fail::NotFound)?;
    let (regs, present) = present_in_group(&db.conn, &c, &g).await?;
    let ps = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(g.id))
        .filter(proposal::Column::Status.ne(ProposalStatus::Merged))
        .order_by_asc(proposal::Column::Position)
        .all(&db.conn)
        .await?;
    let mut origins = vec![(String::new(), format!("O próprio grupo ({})", g.name))];
    let terrs = territory::Entity::find()
        .filter(territory::Column::ConferenceId.eq(c.id))
        .all(&db.conn)
        .await?;
    for u in unit::Entity::find()
        .filter(unit::Column::ConferenceId.eq(c.id))
        .order_by_asc(unit::Column::Name)
        .all(&db.conn)
        .await?
    {
        origins.push((
            format!("unit:{}", u.id),
            format!("Pré-conferência: {}", u.name),
        ));
    }
    for t in &terrs {
        origins.push((
            format!("territory:{}", t.id),
            format!("Território: {}", t.name),
        ));
    }
    let by_id: HashMap<Uuid, &registration::Model> = regs.iter().map(|r| (r.id, r)).collect();
    Ok(GroupPage {
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
    let r = registration_by_code(db, &c, code, "code").await?;
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

async fn registration_by_code(
    db: &Db,
    c: &conference::Model,
    code: &str,
    field: &str,
) -> Result<registration::Model, Fail> {
    let code = domain::participants::normalize_code(code)
        .ok_or_else(|| Invalid::one(field, "Código de inscrição inválido: confira no crachá"))?;
    registration::Entity::find()
        .filter(registration::Column::ConferenceId.eq(c.id))
        .filter(registration::Column::Code.eq(code))
        .filter(registration::Column::Status.eq(RegistrationStatus::Active))
        .one(&db.conn)
        .await?
        .ok_or_else(|| Invalid::one(field, "Nenhuma inscrição ativa com este código").into())
}

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
    match registration_by_code(db, c, code, field).await {
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
    let members: HashSet<Uuid> = group_member::Entity::find()
        .filter(group_member::Column::GroupId.eq(g.id))
        .all(&db.conn)
        .await?
        .into_iter()
        .map(|m| m.registration_id)
        .collect();
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

/// A proposal as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProposalInput {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub kind: String,
    /// `` (the group), `unit:<id>` or `territory:<id>`.
    #[serde(default)]
    pub origin: String,
}

async fn origin_of(
    db: &Db,
    c: &conference::Model,
    g: &working_group::Model,
    s: &str,
) -> Result<(String, String, Option<Uuid>), FieldError> {
    let bad = || FieldError::new("origin", "Origem inválida: escolha da lista");
    match s.trim().split_once(':') {
        None if s.trim().is_empty() => Ok((
            "group".into(),
            format!("Grupo de trabalho: {}", g.name),
            Some(g.id),
        )),
        Some(("unit", id)) => {
            let id = Uuid::parse_str(id).map_err(|_| bad())?;
            let u = unit::Entity::find_by_id(id)
                .filter(unit::Column::ConferenceId.eq(c.id))
                .one(&db.conn)
                .await
                .map_err(|_| bad())?
                .ok_or_else(bad)?;
            Ok((
                "unit".into(),
                format!("Pré-conferência: {}", u.name),
                Some(u.id),
            ))
        }
        Some(("territory", id)) => {
            let id = Uuid::parse_str(id).map_err(|_| bad())?;
            let t = territory::Entity::find_by_id(id)
                .filter(territory::Column::ConferenceId.eq(c.id))
                .one(&db.conn)
                .await
                .map_err(|_| bad())?
                .ok_or_else(bad)?;
            Ok((
                "territory".into(),
                format!("Território: {}", t.name),
                Some(t.id),
            ))
        }
        _ => Err(bad()),
    }
}

fn check_input(
    i: &ProposalInput,
    inv: &mut Invalid,
) -> Option<(String, AddressedLevel, ProposalKind)> {
    let t = inv.take(proposal_text(&i.text));
    let l = inv.take(AddressedLevel::parse(&i.level));
    let k = inv.take(ProposalKind::parse(&i.kind));
    Some((t?, l?, k?))
}

/// Adds a proposal to a group.
pub async fn add_proposal(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &ProposalInput,
) -> Result<Uuid, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = group_of(&db.conn, &c, parse_id(id)?).await?;
    let mut inv = Invalid::default();
    let checked = check_input(i, &mut inv);
    let origin = inv.take(origin_of(db, &c, &g, &i.origin).await);
    inv.into_result()?;
    let ((text, level, kind), (okind, olabel, oref)) =
        (checked.expect("checked"), origin.expect("checked"));
    let tx = db.write().await?;
    let pid = Uuid::now_v7();
    insert_draft(&tx, &g, pid, text, level.code(), kind.code(), Utc::now()).await?;
    proposal_origin::Entity::insert(proposal_origin::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(pid),
        kind: Set(okind),
        label: Set(olabel),
        ref_id: Set(oref),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(pid)
}

/// Inserts a draft proposal `id` at the end of working group `g` (inside the caller's
/// transaction): a proposal typed at the table, or a systematized group sent to it.
/// Brings a proposal waiting outside the groups (raised at a unit's meeting, sent in the etapa
/// digital) into `g` as a draft at its end, with its origin `(kind, label, ref_id)`. `claim`
/// marks the waiting row as taken by the new proposal's id, only if it still waits; when it does
/// not (another staff member brought it meanwhile), the draft is removed and false returned.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn bring_in<C, F, Fut>(
    tx: &C,
    g: &working_group::Model,
    text: String,
    level: &str,
    kind: &str,
    origin: (&str, String, Option<Uuid>),
    now: chrono::DateTime<Utc>,
    claim: F,
) -> store::Result<bool>
where
    C: ConnectionTrait,
    F: FnOnce(Uuid) -> Fut,
    Fut: std::future::Future<Output = store::Result<bool>>,
{
    let pid = Uuid::now_v7();
    insert_draft(tx, g, pid, text, level, kind, now).await?;
    if !claim(pid).await? {
        proposal::Entity::delete_by_id(pid).exec(tx).await?;
        return Ok(false);
    }
    proposal_origin::Entity::insert(proposal_origin::ActiveModel {
        id: Set(Uuid::now_v7()),
        proposal_id: Set(pid),
        kind: Set(origin.0.into()),
        label: Set(origin.1),
        ref_id: Set(origin.2),
    })
    .exec(tx)
    .await?;
    Ok(true)
}

pub(crate) async fn insert_draft(
    tx: &impl ConnectionTrait,
    g: &working_group::Model,
    id: Uuid,
    text: String,
    level: &str,
    kind: &str,
    now: chrono::DateTime<Utc>,
) -> store::Result<()> {
    let last = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(g.id))
        .order_by_desc(proposal::Column::Position)
        .one(tx)
        .await?
        .map_or(0, |p| p.position);
    proposal::Entity::insert(proposal::ActiveModel {
        id: Set(id),
        conference_id: Set(g.conference_id),
        eixo_id: Set(g.eixo_id),
        group_id: Set(Some(g.id)),
        text: Set(text),
        level: Set(level.into()),
        kind: Set(kind.into()),
        status: Set(ProposalStatus::Draft),
        position: Set(last + 1),
        merged_into: Set(None),
        group_favor: Set(None),
        group_against: Set(None),
        group_abstain: Set(None),
        group_present: Set(None),
        final_text: Set(None),
        plenary_vote_id: Set(None),
        priority_paper: Set(None),
        priority_rank: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(tx)
    .await?;
    Ok(())
}

async fn draft_of(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<proposal::Model, Fail> {
    let p = proposal_of(tx, c, id).await?;
    if p.status != ProposalStatus::Draft {
        return Err(Invalid::one(
            "form",
            "Esta proposta já foi votada no grupo (ou juntada a outra): não muda mais aqui",
        )
        .into());
    }
    Ok(p)
}

/// Edits a proposal's text, level and kind while the group discusses it.
pub async fn edit_proposal(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    i: &ProposalInput,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    edit_draft(db, &c, parse_id(id)?, i).await
}

/// Edits a draft proposal (the caller checked who may).
pub(crate) async fn edit_draft(
    db: &Db,
    c: &conference::Model,
    id: Uuid,
    i: &ProposalInput,
) -> Result<(), Fail> {
    let mut inv = Invalid::default();
    let checked = check_input(i, &mut inv);
    inv.into_result()?;
    let (text, level, kind) = checked.expect("checked");
    let tx = db.write().await?;
    let p = draft_of(&tx, c, id).await?;
    let mut am = p.into_active_model();
    am.text = Set(text);
    am.level = Set(level.code().into());
    am.kind = Set(kind.code().into());
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Merges a duplicate into the proposal that stays: the duplicate is kept, marked merged, and
/// every origin of it is added to the one that stays.
pub async fn merge(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    keep: &str,
    other: &str,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let (keep, other) = (parse_id(keep)?, Uuid::parse_str(other.trim()).ok());
    let Some(other) = other.filter(|o| *o != keep) else {
        return Err(Invalid::one(
            "other",
            "Escolha a proposta repetida que será juntada a esta",
        )
        .into());
    };
    let tx = db.write().await?;
    let k = draft_of(&tx, &c, keep).await?;
    let o = draft_of(&tx, &c, other).await?;
    if k.group_id != o.group_id {
        return Err(Invalid::one("other", "Só se juntam propostas do mesmo grupo").into());
    }
    let origins = proposal_origin::Entity::find()
        .filter(proposal_origin::Column::ProposalId.eq(o.id))
        .all(&tx)
        .await?;
    for x in origins {
        proposal_origin::Entity::insert(proposal_origin::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(k.id),
            kind: Set(x.kind),
            label: Set(x.label),
            ref_id: Set(x.ref_id),
        })
        .exec(&tx)
        .await?;
    }
    let mut am = o.into_active_model();
    am.status = Set(ProposalStatus::Merged);
    am.merged_into = Set(Some(k.id));
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a proposal up or down in its group's order.
pub async fn move_proposal(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    up: bool,
) -> Result<(), Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    move_in_group(db, &c, parse_id(id)?, up).await
}

/// Swaps a proposal with its neighbour in the group's order (the caller checked who may).
pub(crate) async fn move_in_group(
    db: &Db,
    c: &conference::Model,
    id: Uuid,
    up: bool,
) -> Result<(), Fail> {
    let tx = db.write().await?;
    let p = proposal_of(&tx, c, id).await?;
    let q = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(p.group_id))
        .filter(proposal::Column::Status.ne(ProposalStatus::Merged));
    let neighbour = if up {
        q.filter(proposal::Column::Position.lt(p.position))
            .order_by_desc(proposal::Column::Position)
            .one(&tx)
            .await?
    } else {
        q.filter(proposal::Column::Position.gt(p.position))
            .order_by_asc(proposal::Column::Position)
            .one(&tx)
            .await?
    };
    if let Some(n) = neighbour {
        let (pp, np) = (p.position, n.position);
        let mut a = p.into_active_model();
        a.position = Set(np);
        a.update(&tx).await?;
        let mut b = n.into_active_model();
        b.position = Set(pp);
        b.update(&tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The group's vote on a proposal, counted by the table: checked against the group's delegates
/// present today.
pub async fn group_vote(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &crate::plenary::regimento::CountInput,
) -> Result<domain::proposals::GroupOutcome, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let tally = Tally::parse(&counts.favor, &counts.against, &counts.abstain)?;
    let tx = db.write().await?;
    let p = draft_of(&tx, &c, parse_id(id)?).await?;
    let g = group_of(&tx, &c, p.group_id.ok_or(Fail::NotFound)?).await?;
    let (regs, present) = present_in_group(&tx, &c, &g).await?;
    let n = regs
        .iter()
        .filter(|r| r.category == "delegado" && present.contains(&r.id))
        .count() as u32;
    if n == 0 {
        return Err(Invalid::one(
            "favor",
            "Nenhum(a) delegado(a) do grupo está presente com voto agora: sem delegados presentes o grupo não vota",
        )
        .into());
    }
    tally.check(n).map_err(|e| {
        Invalid::one(
            "favor",
            e.message.replace("presente(s)", "presente(s) no grupo"),
        )
    })?;
    let outcome = group_outcome(tally, c.group_minority_pct.map(|x| x as u32));
    let mut am = p.into_active_model();
    am.status = Set(outcome.into());
    am.group_favor = Set(Some(tally.favor as i32));
    am.group_against = Set(Some(tally.against as i32));
    am.group_abstain = Set(Some(tally.abstain as i32));
    am.group_present = Set(Some(n as i32));
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    crate::platform::events::bump(c.id);
    Ok(outcome)
}
