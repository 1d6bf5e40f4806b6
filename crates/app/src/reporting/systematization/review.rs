//! Reviewing the groups (moving, splitting, merging, editing, marking reviewed) and sending them to the working groups.

use crate::Fail;
use crate::platform::auth::{Me, parse_id};
use chrono::Utc;
use domain::proposals::{AddressedLevel, proposal_text};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use store::Db;
use store::entities::systematization_group::GroupStatus;
use store::entities::{
    conference, eixo, proposal_origin, received_proposal, systematization_group as sg,
    systematization_member as sm, working_group,
};
use uuid::Uuid;

use super::{CHUNK, staff};

fn already_sent() -> Fail {
    Invalid::one(
        "form",
        "Este grupo já foi enviado aos grupos de trabalho: ele não muda mais aqui",
    )
    .into()
}

async fn group_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<sg::Model, Fail> {
    sg::Entity::find_by_id(id)
        .filter(sg::Column::ConferenceId.eq(c.id))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)
}

/// A group not sent yet.
async fn open_group(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    id: Uuid,
) -> Result<sg::Model, Fail> {
    let g = group_of(db, c, id).await?;
    if g.status == GroupStatus::Sent {
        return Err(already_sent());
    }
    Ok(g)
}

/// The group numbered `number` (as typed in `field`), not sent, of the same eixo and level as
/// `like`.
async fn group_by_number(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    field: &str,
    number: &str,
    like: &sg::Model,
) -> Result<sg::Model, Fail> {
    let n: i32 = number.trim().trim_start_matches('#').parse().map_err(|_| {
        Invalid::one(
            field,
            "Digite o número do grupo de destino, como aparece no título do grupo",
        )
    })?;
    let g = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .filter(sg::Column::Position.eq(n))
        .one(db)
        .await?
        .ok_or_else(|| Invalid::one(field, format!("Não há grupo nº {n}")))?;
    if g.status == GroupStatus::Sent {
        return Err(Invalid::one(
            field,
            format!("O grupo nº {n} já foi enviado aos grupos de trabalho: escolha outro"),
        )
        .into());
    }
    if g.eixo_number != like.eixo_number || g.level != like.level {
        return Err(Invalid::one(
            field,
            format!(
                "O grupo nº {n} é de outro eixo ou nível: só se juntam propostas do eixo {} e nível {}",
                like.eixo_number,
                AddressedLevel::label_of(&like.level)
            ),
        )
        .into());
    }
    Ok(g)
}

async fn members_of(db: &impl ConnectionTrait, group: Uuid) -> Result<Vec<sm::Model>, Fail> {
    Ok(sm::Entity::find()
        .filter(sm::Column::GroupId.eq(group))
        .all(db)
        .await?)
}

/// Back to review after its members changed.
async fn touch(db: &impl ConnectionTrait, g: sg::Model) -> Result<(), Fail> {
    let mut am = g.into_active_model();
    am.status = Set(GroupStatus::Open);
    am.updated_at = Set(Utc::now());
    am.update(db).await?;
    Ok(())
}

/// The membership of received proposal `received` in a group not sent.
async fn member_of(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    received: Uuid,
) -> Result<(sm::Model, sg::Model), Fail> {
    let m = sm::Entity::find()
        .filter(sm::Column::ConferenceId.eq(c.id))
        .filter(sm::Column::ReceivedProposalId.eq(received))
        .one(db)
        .await?
        .ok_or(Fail::NotFound)?;
    let g = open_group(db, c, m.group_id).await?;
    Ok((m, g))
}

/// Moves received proposal `received` into the group numbered `to` (same eixo and level, not
/// sent). A group left empty is removed; both groups go back to review.
pub async fn move_member(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    received: &str,
    to: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let rid = parse_id(received)?;
    let field = format!("mover-{rid}");
    let tx = db.write().await?;
    let (m, from) = member_of(&tx, &c, rid).await?;
    let target = group_by_number(&tx, &c, &field, to, &from).await?;
    if target.id == from.id {
        return Err(Invalid::one(&field, "A proposta já está neste grupo").into());
    }
    let mut am = m.into_active_model();
    am.group_id = Set(target.id);
    am.update(&tx).await?;
    if members_of(&tx, from.id).await?.is_empty() {
        sg::Entity::delete_by_id(from.id).exec(&tx).await?;
    } else {
        touch(&tx, from).await?;
    }
    touch(&tx, target).await?;
    tx.commit().await?;
    Ok(())
}

/// Takes received proposal `received` out of its group into a new group of its own (its own
/// text as the merged text). Returns the new group's id.
pub async fn split(db: &Db, me: Option<&Me>, slug: &str, received: &str) -> Result<Uuid, Fail> {
    let c = staff(db, me, slug).await?;
    let rid = parse_id(received)?;
    let tx = db.write().await?;
    let (m, from) = member_of(&tx, &c, rid).await?;
    if members_of(&tx, from.id).await?.len() < 2 {
        return Err(Invalid::one(
            &format!("mover-{rid}"),
            "Esta proposta já está sozinha no seu grupo",
        )
        .into());
    }
    let r = received_proposal::Entity::find_by_id(rid)
        .filter(received_proposal::Column::ConferenceId.eq(c.id))
        .one(&tx)
        .await?
        .ok_or(Fail::NotFound)?;
    let last = sg::Entity::find()
        .filter(sg::Column::ConferenceId.eq(c.id))
        .order_by_desc(sg::Column::Position)
        .one(&tx)
        .await?
        .map_or(0, |g| g.position);
    let now = Utc::now();
    let gid = Uuid::now_v7();
    sg::Entity::insert(sg::ActiveModel {
        id: Set(gid),
        conference_id: Set(c.id),
        eixo_number: Set(from.eixo_number),
        eixo_title: Set(from.eixo_title.clone()),
        level: Set(from.level.clone()),
        text: Set(r.text.clone()),
        status: Set(GroupStatus::Open),
        threshold_pct: Set(from.threshold_pct),
        position: Set(last + 1),
        proposal_id: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec(&tx)
    .await?;
    let mut am = m.into_active_model();
    am.group_id = Set(gid);
    am.update(&tx).await?;
    touch(&tx, from).await?;
    tx.commit().await?;
    Ok(gid)
}

/// Merges the group numbered `other` into group `keep` (same eixo and level, neither sent):
/// every member of `other` joins `keep`, whose text stays; `other` is removed.
pub async fn merge(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    keep: &str,
    other: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let kid = parse_id(keep)?;
    let field = format!("juntar-{kid}");
    let tx = db.write().await?;
    let k = open_group(&tx, &c, kid).await?;
    let o = group_by_number(&tx, &c, &field, other, &k).await?;
    if o.id == k.id {
        return Err(Invalid::one(
            &field,
            "Escolha outro grupo: um grupo não se junta a si mesmo",
        )
        .into());
    }
    sm::Entity::update_many()
        .col_expr(sm::Column::GroupId, k.id.into())
        .filter(sm::Column::GroupId.eq(o.id))
        .exec(&tx)
        .await?;
    sg::Entity::delete_by_id(o.id).exec(&tx).await?;
    touch(&tx, k).await?;
    tx.commit().await?;
    Ok(())
}

/// Replaces a group's merged text (not once sent).
pub async fn edit_text(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group: &str,
    text: &str,
) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let gid = parse_id(group)?;
    let text =
        proposal_text(text).map_err(|e| FieldError::new(format!("texto-{gid}"), e.message))?;
    let tx = db.write().await?;
    let g = open_group(&tx, &c, gid).await?;
    let mut am = g.into_active_model();
    am.text = Set(text);
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a group reviewed: its members and merged text are what goes to the working group.
pub async fn mark_reviewed(db: &Db, me: Option<&Me>, slug: &str, group: &str) -> Result<(), Fail> {
    let c = staff(db, me, slug).await?;
    let gid = parse_id(group)?;
    let tx = db.write().await?;
    let g = open_group(&tx, &c, gid).await?;
    let mut am = g.into_active_model();
    am.status = Set(GroupStatus::Reviewed);
    am.updated_at = Set(Utc::now());
    am.update(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// The label of a received proposal as an origin: the sending conference and the
/// deliberation's code in its report.
pub fn origin_label(r: &received_proposal::Model) -> String {
    format!("Relatório de {}, deliberação {}", r.source_title, r.code)
}

/// Sends a reviewed group to a working group of its eixo (`working_group`: its id; may be
/// empty when the eixo has exactly one): it becomes a `draft` proposal of this conference with
/// the merged text and level, and one origin (kind `report`) per member. Sending a group
/// already sent sends nothing and returns the proposal it became. Returns the proposal's id.
pub async fn send(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group: &str,
    working_group: &str,
) -> Result<Uuid, Fail> {
    let c = staff(db, me, slug).await?;
    let gid = parse_id(group)?;
    let field = format!("enviar-{gid}");
    let tx = db.write().await?;
    let g = group_of(&tx, &c, gid).await?;
    if g.status == GroupStatus::Sent {
        if let Some(p) = g.proposal_id {
            return Ok(p);
        }
        return Err(already_sent());
    }
    if g.status != GroupStatus::Reviewed {
        return Err(Invalid::one(
            &field,
            "Marque o grupo como revisado antes de enviá-lo ao grupo de trabalho",
        )
        .into());
    }
    let eixo = eixo::Entity::find()
        .filter(eixo::Column::ConferenceId.eq(c.id))
        .filter(eixo::Column::Number.eq(g.eixo_number))
        .one(&tx)
        .await?
        .ok_or_else(|| {
            Invalid::one(
                &field,
                format!(
                    "Esta conferência não tem o eixo {}: cadastre-o em Eixos e crie um grupo de trabalho para ele",
                    g.eixo_number
                ),
            )
        })?;
    let wgs = working_group::Entity::find()
        .filter(working_group::Column::ConferenceId.eq(c.id))
        .filter(working_group::Column::EixoId.eq(eixo.id))
        .order_by_asc(working_group::Column::CreatedAt)
        .all(&tx)
        .await?;
    let wg = match (wgs.len(), Uuid::parse_str(working_group.trim()).ok()) {
        (0, _) => {
            return Err(Invalid::one(
                &field,
                format!(
                    "O eixo {} ainda não tem grupo de trabalho: crie um em Plenária, Grupos de trabalho, e envie de novo",
                    g.eixo_number
                ),
            )
            .into());
        }
        (1, None) => wgs[0].clone(),
        (_, Some(id)) => wgs.iter().find(|w| w.id == id).cloned().ok_or_else(|| {
            Invalid::one(&field, "Escolha um grupo de trabalho do eixo deste grupo")
        })?,
        (_, None) => {
            return Err(Invalid::one(
                &field,
                "Escolha para qual grupo de trabalho do eixo esta proposta vai",
            )
            .into());
        }
    };
    let ms = members_of(&tx, g.id).await?;
    let rids: Vec<Uuid> = ms.iter().map(|m| m.received_proposal_id).collect();
    let mut rs = Vec::with_capacity(rids.len());
    for chunk in rids.chunks(CHUNK) {
        rs.extend(
            received_proposal::Entity::find()
                .filter(received_proposal::Column::Id.is_in(chunk.to_vec()))
                .all(&tx)
                .await?,
        );
    }
    rs.sort_by(|a, b| {
        a.source_title
            .cmp(&b.source_title)
            .then(a.code.cmp(&b.code))
    });
    let now = Utc::now();
    let pid = Uuid::now_v7();
    // Claim the group first: of two sends at once, one changes the row and the other sees it
    // sent (and rolls back).
    let claimed = sg::Entity::update_many()
        .col_expr(sg::Column::Status, "sent".into())
        .col_expr(sg::Column::SentAt, Some(now).into())
        .col_expr(sg::Column::UpdatedAt, now.into())
        .filter(sg::Column::Id.eq(g.id))
        .filter(sg::Column::Status.eq(sg::GroupStatus::Reviewed))
        .exec(&tx)
        .await?;
    if claimed.rows_affected != 1 {
        drop(tx);
        let again = group_of(&db.conn, &c, gid).await?;
        return again.proposal_id.ok_or_else(already_sent);
    }
    crate::plenary::groups::insert_draft(&tx, &wg, pid, g.text.clone(), &g.level, "new", now)
        .await?;
    // The proposal exists now: the group points at it (same transaction).
    sg::Entity::update_many()
        .col_expr(sg::Column::ProposalId, Some(pid).into())
        .filter(sg::Column::Id.eq(g.id))
        .exec(&tx)
        .await?;
    let origins: Vec<proposal_origin::ActiveModel> = rs
        .iter()
        .map(|r| proposal_origin::ActiveModel {
            id: Set(Uuid::now_v7()),
            proposal_id: Set(pid),
            kind: Set("report".into()),
            label: Set(origin_label(r)),
            ref_id: Set(Some(r.id)),
        })
        .collect();
    for chunk in origins.chunks(CHUNK) {
        proposal_origin::Entity::insert_many(chunk.to_vec())
            .exec(&tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(conference = %c.id, group = %g.id, proposal = %pid, origins = rs.len(), "systematization group sent");
    Ok(pid)
}
