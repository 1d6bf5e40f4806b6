//! Bringing the waiting proposals into the working groups of the plenary.

use crate::Fail;
use crate::mobilization::proposals::{Bringing, Waiting, bring_waiting};
use crate::platform::auth::Me;
use domain::proposals::{AddressedLevel, ProposalKind};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use store::Db;
use store::entities::{conference, online_proposal};
use uuid::Uuid;

async fn waiting_rows(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    eixo_id: Uuid,
) -> store::Result<Vec<online_proposal::Model>> {
    Ok(online_proposal::Entity::find()
        .filter(online_proposal::Column::ConferenceId.eq(c.id))
        .filter(online_proposal::Column::EixoId.eq(eixo_id))
        .filter(online_proposal::Column::ProposalId.is_null())
        .filter(online_proposal::Column::HiddenAt.is_null())
        .order_by_desc(online_proposal::Column::Supports)
        .order_by_asc(online_proposal::Column::CreatedAt)
        .order_by_asc(online_proposal::Column::Id)
        .all(db)
        .await?)
}

fn origin_label(p: &online_proposal::Model) -> String {
    match p.supports {
        0 => "Etapa digital: sem apoios".into(),
        1 => "Etapa digital: 1 apoio".into(),
        n => format!("Etapa digital: {n} apoios"),
    }
}

/// The visible etapa-digital proposals of `eixo_id` waiting for a group, most supported first.
pub(crate) async fn waiting(
    db: &impl ConnectionTrait,
    c: &conference::Model,
    eixo_id: Uuid,
) -> store::Result<Vec<Waiting>> {
    Ok(waiting_rows(db, c, eixo_id)
        .await?
        .into_iter()
        .map(|p| Waiting {
            id: p.id.to_string(),
            level_label: AddressedLevel::label_of(&p.level),
            kind_label: ProposalKind::label_of(&p.kind),
            origin: origin_label(&p),
            text: p.text,
        })
        .collect())
}

/// Brings etapa-digital proposals into working group `group_id`: the one named by `which`, or
/// every visible one of the group's eixo still waiting when `which` is empty. Each becomes a
/// draft at the end of the group with the origin "Etapa digital: N apoios". Hidden proposals
/// never come. Returns how many came.
pub async fn bring_into_group(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    group_id: &str,
    which: &str,
) -> Result<usize, Fail> {
    let none_waiting = "Não há propostas da etapa digital deste eixo esperando um grupo";
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
                .map(|p| Bringing {
                    id: p.id,
                    origin: ("online", origin_label(&p), Some(p.id)),
                    text: p.text,
                    level: p.level,
                    kind: p.kind,
                })
                .collect())
        },
        async |tx, id, pid| {
            Ok(online_proposal::Entity::update_many()
                .col_expr(online_proposal::Column::ProposalId, Expr::value(pid))
                .filter(online_proposal::Column::Id.eq(id))
                .filter(online_proposal::Column::ProposalId.is_null())
                .filter(online_proposal::Column::HiddenAt.is_null())
                .exec(tx)
                .await?
                .rows_affected
                == 1)
        },
    )
    .await
}
