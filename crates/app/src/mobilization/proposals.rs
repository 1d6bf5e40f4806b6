//! Proposals raised at a unit's meeting with its users: the territorial
//! articulator records them on the meeting's page once the meeting is reported as held, each
//! with its eixo, the level it is addressed to and its kind. They wait in `unit_proposal` until
//! the plenary staff bring them into a working group of their eixo (the group's page lists those
//! waiting): each then becomes a draft proposal of the group with the origin "Pré-conferência:
//! unit (date)", which follows it through merges, the final plenary and the report.

use crate::Fail;
use crate::mobilization::shared::{
    chosen, eixo_label, found, optional_id, unit_manager, unit_names, unit_row_change,
};
use crate::mobilization::units::tz_of;
use crate::platform::auth::{Me, parse_id};
use chrono::Utc;
use domain::policy::Action;
use domain::proposals::{AddressedLevel, ProposalKind, proposal_text};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use store::Db;
use store::entities::unit_meeting::MeetingStatus;
use store::entities::{conference, eixo, proposal, unit_meeting, unit_proposal, working_group};
use uuid::Uuid;

/// The form on the meeting's page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ProposalInput {
    pub eixo_id: String,
    pub level: String,
    pub kind: String,
    pub text: String,
}

/// A proposal of a meeting, as its page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub id: String,
    pub eixo: String,
    pub level_label: &'static str,
    pub kind_label: &'static str,
    pub text: String,
    /// The working group it went to (none while waiting).
    pub group: Option<String>,
}

/// The held meeting `meeting_id` of unit `unit_id` in conference `c`.
pub(crate) async fn held_meeting(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    unit_id: Uuid,
    meeting_id: Uuid,
) -> Result<unit_meeting::Model, Fail> {
    found::<unit_meeting::Entity>(db, meeting_id, |m| {
        m.unit_id == unit_id && m.conference_id == c.id
    })
    .await
}

/// The eixo, text, level and kind of a proposal typed in `i`, every problem in `inv` (which may
/// already hold others). Shared with the etapa digital (`crate::mobilization::online`).
pub(crate) async fn checked(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    i: &ProposalInput,
    mut inv: Invalid,
) -> Result<(eixo::Model, String, AddressedLevel, ProposalKind), Fail> {
    let eixo = chosen::<eixo::Entity>(db, &i.eixo_id, |e| e.conference_id == c.id).await?;
    if eixo.is_none() {
        inv.push(FieldError::new("eixo_id", "Escolha o eixo da proposta"));
    }
    let text = inv.take(proposal_text(&i.text));
    let level = inv.take(AddressedLevel::parse(&i.level));
    let kind = inv.take(ProposalKind::parse(&i.kind));
    inv.into_result()?;
    match (eixo, text, level, kind) {
        (Some(e), Some(t), Some(l), Some(k)) => Ok((e, t, l, k)),
        _ => Err(Fail::NotFound),
    }
}

/// Records a proposal raised at a held meeting.
pub async fn add(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    meeting_id: Uuid,
    i: &ProposalInput,
) -> Result<Uuid, Fail> {
    let c = unit_manager(db, me, slug, unit_id).await?;
    let m = held_meeting(&db.conn, &c, unit_id, meeting_id).await?;
    let mut inv = Invalid::default();
    if m.status != MeetingStatus::Held {
        inv.push(FieldError::new(
            "text",
            "Informe primeiro que a reunião aconteceu; depois registre as propostas levantadas nela",
        ));
    }
    let (e, text, level, kind) = checked(&db.conn, &c, i, inv).await?;
    let id = Uuid::now_v7();
    let tx = db.write().await?;
    unit_proposal::Entity::insert(unit_proposal::ActiveModel {
        id: Set(id),
        conference_id: Set(c.id),
        unit_id: Set(unit_id),
        meeting_id: Set(m.id),
        eixo_id: Set(e.id),
        level: Set(level.code().into()),
        kind: Set(kind.code().into()),
        text: Set(text),
        proposal_id: Set(None),
        created_by: Set(me.map(|m| m.account.id)),
        created_at: Set(Utc::now()),
    })
    .exec(&tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub(crate) fn already_in_group() -> Fail {
    Invalid::one(
        "form",
        "Esta proposta já foi levada a um grupo de trabalho: agora ela só muda lá, na discussão do grupo",
    )
    .into()
}

/// Withdraws a proposal recorded by mistake, while it waits for a group.
pub async fn remove(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    unit_id: Uuid,
    id: &str,
) -> Result<Uuid, Fail> {
    let (c, id, tx) = unit_row_change(db, me, slug, unit_id, id, Action::ManageUnit).await?;
    let p = found::<unit_proposal::Entity>(&tx, id, |p| {
        p.unit_id == unit_id && p.conference_id == c.id
    })
    .await?;
    if p.proposal_id.is_some() {
        return Err(already_in_group());
    }
    unit_proposal::Entity::delete_by_id(p.id).exec(&tx).await?;
    tx.commit().await?;
    Ok(p.meeting_id)
}

/// The proposals of a meeting, in the order they were recorded.
pub(crate) async fn of_meeting(
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
) -> store::Result<Vec<View>> {
    let ps = unit_proposal::Entity::find()
        .filter(unit_proposal::Column::MeetingId.eq(meeting_id))
        .order_by_asc(unit_proposal::Column::CreatedAt)
        .order_by_asc(unit_proposal::Column::Id)
        .all(db)
        .await?;
    let Some(first) = ps.first() else {
        return Ok(Vec::new());
    };
    let eixos: HashMap<Uuid, eixo::Model> = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(first.conference_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let placed: Vec<Uuid> = ps.iter().filter_map(|p| p.proposal_id).collect();
    let groups_of: HashMap<Uuid, Uuid> = proposal::Entity::find()
        .filter(proposal::Column::Id.is_in(placed))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|p| p.group_id.map(|g| (p.id, g)))
        .collect();
    let names: HashMap<Uuid, String> = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(first.conference_id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    Ok(ps
        .into_iter()
        .map(|p| View {
            id: p.id.to_string(),
            eixo: eixos.get(&p.eixo_id).map(eixo_label).unwrap_or_default(),
            level_label: AddressedLevel::label_of(&p.level),
            kind_label: ProposalKind::label_of(&p.kind),
            text: p.text,
            group: p.proposal_id.map(|pid| {
                groups_of
                    .get(&pid)
                    .and_then(|g| names.get(g))
                    .cloned()
                    .unwrap_or_else(|| "grupo de trabalho".into())
            }),
        })
        .collect())
}

/// A proposal waiting for a working group, as the group's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    pub id: String,
    pub text: String,
    pub level_label: &'static str,
    pub kind_label: &'static str,
    /// "Pré-conferência: CRAS Centro (12/03/2025)".
    pub origin: String,
}

fn origin_label(u: &str, m: &unit_meeting::Model, c: &conference::Model) -> String {
    format!(
        "Pré-conferência: {u} ({})",
        m.starts_at.with_timezone(&tz_of(c)).format("%d/%m/%Y")
    )
}

async fn waiting_rows(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    eixo_id: Uuid,
) -> store::Result<Vec<(unit_proposal::Model, String)>> {
    let ps = unit_proposal::Entity::find()
        .filter(unit_proposal::Column::ConferenceId.eq(c.id))
        .filter(unit_proposal::Column::EixoId.eq(eixo_id))
        .filter(unit_proposal::Column::ProposalId.is_null())
        .order_by_asc(unit_proposal::Column::CreatedAt)
        .order_by_asc(unit_proposal::Column::Id)
        .all(db)
        .await?;
    let units = unit_names(db, c.id).await?;
    let meetings: HashMap<Uuid, unit_meeting::Model> = unit_meeting::Entity::find()
        .filter(unit_meeting::Column::Id.is_in(ps.iter().map(|p| p.meeting_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    Ok(ps
        .into_iter()
        .map(|p| {
            let u = units.get(&p.unit_id).map(String::as_str).unwrap_or("");
            let label = meetings
                .get(&p.meeting_id)
                .map(|m| origin_label(u, m, c))
                .unwrap_or_else(|| format!("Pré-conferência: {u}"));
            (p, label)
        })
        .collect())
}

/// The proposals of the units' meetings that wait for a group of `eixo_id`.
pub(crate) async fn waiting(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    eixo_id: Uuid,
) -> store::Result<Vec<Waiting>> {
    Ok(waiting_rows(db, c, eixo_id)
        .await?
        .into_iter()
        .map(|(p, origin)| Waiting {
            id: p.id.to_string(),
            level_label: AddressedLevel::label_of(&p.level),
            kind_label: ProposalKind::label_of(&p.kind),
            text: p.text,
            origin,
        })
        .collect())
}

/// Brings proposals of the units' meetings into working group `group_id`: the one named by
/// `which`, or every one of the group's eixo still waiting when `which` is empty. Each becomes a
/// draft proposal at the end of the group with its origin. Returns how many came.
pub async fn bring_into_group(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group_id: &str,
    which: &str,
) -> Result<usize, Fail> {
    let none_waiting = "Não há propostas das pré-conferências deste eixo esperando um grupo";
    bring_waiting(
        db,
        me,
        slug,
        group_id,
        which,
        none_waiting,
        async |tx, c, eixo_id| {
            Ok(waiting_rows(tx, c, eixo_id)
                .await?
                .into_iter()
                .map(|(p, label)| Bringing {
                    id: p.id,
                    text: p.text,
                    level: p.level,
                    kind: p.kind,
                    origin: ("unit", label, Some(p.unit_id)),
                })
                .collect())
        },
        // Claimed only if still waiting: another staff member may have brought it meanwhile.
        async |tx, id, pid| {
            Ok(unit_proposal::Entity::update_many()
                .col_expr(unit_proposal::Column::ProposalId, Expr::value(pid))
                .filter(unit_proposal::Column::Id.eq(id))
                .filter(unit_proposal::Column::ProposalId.is_null())
                .exec(tx)
                .await?
                .rows_affected
                == 1)
        },
    )
    .await
}

/// A waiting proposal (of a unit's meeting or of the etapa digital) about to be brought into a
/// group, with its origin `(kind, label, ref_id)`.
pub(crate) struct Bringing {
    pub id: Uuid,
    pub text: String,
    pub level: String,
    pub kind: String,
    pub origin: (&'static str, String, Option<Uuid>),
}

/// Brings waiting proposals into working group `group_id` (`groups::bring_in`), for the plenary
/// staff: `rows(tx, conference, eixo)` lists those waiting for the group's eixo, of which the one
/// named by `which` comes, or every one when `which` is empty; `claim(tx, id, proposal_id)`
/// marks a waiting row as taken only if it still waits. Returns how many came. Refused when
/// nothing came: none waiting and none named (`none_waiting`), or every one already in a group.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn bring_waiting(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group_id: &str,
    which: &str,
    none_waiting: &str,
    rows: impl AsyncFnOnce(
        &DatabaseTransaction,
        &conference::Model,
        Uuid,
    ) -> store::Result<Vec<Bringing>>,
    claim: impl AsyncFn(&DatabaseTransaction, Uuid, Uuid) -> store::Result<bool>,
) -> Result<usize, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let g = crate::plenary::groups::group_of(&db.conn, &c, parse_id(group_id)?).await?;
    let only = optional_id(which)?;
    let tx = db.write().await?;
    let rows: Vec<Bringing> = rows(&tx, &c, g.eixo_id)
        .await?
        .into_iter()
        .filter(|w| only.is_none_or(|id| w.id == id))
        .collect();
    if rows.is_empty() {
        return Err(if only.is_some() {
            already_in_group()
        } else {
            Invalid::one("form", none_waiting).into()
        });
    }
    let now = Utc::now();
    let mut brought = 0;
    let (txr, claim) = (&tx, &claim);
    for w in rows {
        let id = w.id;
        let came = crate::plenary::groups::bring_in(
            &tx,
            &g,
            w.text,
            &w.level,
            &w.kind,
            w.origin,
            now,
            move |pid| (*claim)(txr, id, pid),
        )
        .await?;
        brought += usize::from(came);
    }
    if brought == 0 {
        return Err(already_in_group());
    }
    tx.commit().await?;
    Ok(brought)
}
