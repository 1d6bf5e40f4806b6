//! Organizing commission.

use super::listed::{Limit, append, remove};
use crate::Fail;
use crate::platform::auth::{Me, authorize};
use chrono::Utc;
use domain::Invalid;
use domain::policy::Action;
use domain::setup::Parity;
use domain::values::{CommissionSide, optional, required};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use store::Db;
use store::entities::commission_member;
use uuid::Uuid;

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MemberInput {
    pub name: String,
    pub side: String,
    pub represents: String,
    pub duty: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberView {
    pub id: Uuid,
    pub name: String,
    pub side: String,
    pub side_label: String,
    pub represents: String,
    pub duty: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CommissionView {
    pub members: Vec<MemberView>,
    pub parity_holds: bool,
    pub parity_text: String,
}

/// The commission (public) with its parity checked.
pub async fn commission(db: &Db, conference_id: Uuid) -> store::Result<CommissionView> {
    let ms = commission_member::Entity::find()
        .filter(commission_member::Column::ConferenceId.eq(conference_id))
        .order_by_asc(commission_member::Column::Position)
        .all(&db.conn)
        .await?;
    let p = Parity {
        government: ms.iter().filter(|m| m.side == "government").count(),
        civil_society: ms.iter().filter(|m| m.side == "civil_society").count(),
    };
    Ok(CommissionView {
        members: ms
            .into_iter()
            .map(|m| MemberView {
                id: m.id,
                side_label: CommissionSide::parse(&m.side)
                    .map(|s| s.label())
                    .unwrap_or("")
                    .into(),
                name: m.name,
                side: m.side,
                represents: m.represents,
                duty: m.duty,
            })
            .collect(),
        parity_holds: p.holds(),
        parity_text: p.explain(),
    })
}

pub async fn commission_for_staff(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
) -> Result<CommissionView, Fail> {
    crate::setup::for_staff(db, me, slug, |id| commission(db, id)).await
}

pub async fn add_member(db: &Db, me: Option<&Me>, slug: &str, i: &MemberInput) -> Result<(), Fail> {
    let c = authorize(db, me, slug, Action::EditConference).await?;
    let mut inv = Invalid::default();
    let name = inv.take(required("name", "o nome", &i.name, 150));
    let side = inv.take(CommissionSide::parse(&i.side));
    let represents = inv.take(required(
        "represents",
        "o órgão, a entidade ou o segmento que a pessoa representa",
        &i.represents,
        200,
    ));
    let duty = inv.take(optional("duty", "A função", &i.duty, 100));
    let (Some(name), Some(side), Some(represents), Some(duty)) = (name, side, represents, duty)
    else {
        return Err(inv.into());
    };
    let at_end = |position| commission_member::ActiveModel {
        id: Set(Uuid::now_v7()),
        conference_id: Set(c.id),
        name: Set(name),
        side: Set(side.code().into()),
        represents: Set(represents),
        duty: Set(duty),
        position: Set(position),
        created_at: Set(Utc::now()),
    };
    let limit = Limit {
        max: 60,
        field: "name",
        message: "A comissão já tem 60 membros, o máximo",
    };
    let conference = commission_member::Column::ConferenceId;
    append(db, (conference, c.id), limit, at_end).await
}

pub async fn remove_member(db: &Db, me: Option<&Me>, slug: &str, id: Uuid) -> Result<(), Fail> {
    let columns = (
        commission_member::Column::Id,
        commission_member::Column::ConferenceId,
    );
    remove::<commission_member::Entity>(db, me, slug, columns, id).await
}
