//! The block vote of an eixo's proposals without destaque and the votes of destaques: checked,
//! counted, applied.

use super::*;
use store::entities::destaque::DestaqueStatus;

/// Pending proposals of an eixo without a destaque (other than withdrawn ones).
pub(super) fn block_members(
    ps: &[proposal::Model],
    ds: &[proposal_destaque::Model],
    eixo: Uuid,
) -> Vec<Uuid> {
    ps.iter()
        .filter(|p| p.eixo_id == eixo && PENDING.contains(&p.status))
        .filter(|p| {
            !ds.iter()
                .any(|d| d.proposal_id == p.id && d.status != DestaqueStatus::Withdrawn)
        })
        .map(|p| p.id)
        .collect()
}

async fn block_of(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    eixo: Uuid,
) -> store::Result<Vec<Uuid>> {
    let ps = proposal::Entity::find()
        .filter(proposal::Column::ConferenceId.eq(c.id))
        .filter(proposal::Column::EixoId.eq(eixo))
        .all(tx)
        .await?;
    let ds = proposal_destaque::Entity::find()
        .filter(proposal_destaque::Column::ConferenceId.eq(c.id))
        .all(tx)
        .await?;
    Ok(block_members(&ps, &ds, eixo))
}

/// Checks that an item can be put to a vote now (inside the vote's transaction).
pub(crate) async fn check_block(
    tx: &impl ConnectionTrait,
    c: &conference::Model,
    eixo: Uuid,
) -> Result<(), Fail> {
    of_conference(tx, eixo::Column::ConferenceId, c.id, eixo).await?;
    refuse_unless(
        !block_of(tx, c, eixo).await?.is_empty(),
        "Não há propostas sem destaque para votar em bloco neste eixo",
    )
}

/// Applies a closed vote to its proposals.
pub(crate) async fn settle(
    tx: &DatabaseTransaction,
    c: &conference::Model,
    v: &plenary_vote::Model,
) -> Result<Outcome, Fail> {
    let outcome = outcome_of(v);
    let now = Utc::now();
    match (v.subject.as_str(), v.subject_id) {
        ("proposals_block", Some(eixo)) => {
            let ids = block_of(tx, c, eixo).await?;
            proposal::Entity::update_many()
                .col_expr(
                    proposal::Column::Status,
                    if outcome == Outcome::Approved {
                        "approved"
                    } else {
                        "rejected"
                    }
                    .into(),
                )
                .col_expr(proposal::Column::PlenaryVoteId, Some(v.id).into())
                .col_expr(proposal::Column::UpdatedAt, now.into())
                .filter(proposal::Column::Id.is_in(ids))
                .exec(tx)
                .await?;
        }
        ("proposal_destaque", Some(id)) => {
            let d = open_destaque(tx, c, id).await?;
            let p = proposal_of(tx, c, d.proposal_id).await?;
            let (status, text) = match (outcome, d.kind.as_str()) {
                (Outcome::Approved, "amend") => (ProposalStatus::Amended, d.proposed_text.clone()),
                (Outcome::Approved, _) => (ProposalStatus::Rejected, None),
                (Outcome::Rejected, _) => (ProposalStatus::Approved, None),
            };
            let mut pa = p.into_active_model();
            pa.status = Set(status);
            pa.final_text = Set(text);
            pa.plenary_vote_id = Set(Some(v.id));
            pa.updated_at = Set(now);
            pa.update(tx).await?;
            let mut da = d.into_active_model();
            da.status = Set(outcome.into());
            da.vote_id = Set(Some(v.id));
            da.update(tx).await?;
            stop_speaking(tx, c).await?;
        }
        _ => {}
    }
    Ok(outcome)
}

/// The block vote of an eixo's proposals without destaque, counted at the table.
pub async fn vote_block(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    eixo: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    vote_item(db, me, slug, "proposals_block", eixo, counts).await
}

/// The vote of a destaque on a proposal, counted at the table.
pub async fn vote_destaque(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    id: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    vote_item(db, me, slug, "proposal_destaque", id, counts).await
}

/// A vote counted at the table on an eixo's block or a destaque (`subject` and its id): the item
/// checked, the vote recorded and applied in one write.
async fn vote_item(
    db: &Db,
    me: Option<&Me>,
    slug: &str,
    subject: &str,
    id: &str,
    counts: &CountInput,
) -> Result<Outcome, Fail> {
    let c = crate::platform::auth::plenary_staff(db, me, slug).await?;
    let id = parse_id(id)?;
    let (outcome, _) = counted_vote(
        db,
        me,
        &c,
        (subject, Some(id)),
        counts,
        async |tx| match subject {
            "proposals_block" => check_block(tx, &c, id).await,
            _ => open_destaque(tx, &c, id).await.map(|_| ()),
        },
        async |tx, _, v| settle(tx, &c, v).await,
    )
    .await?;
    Ok(outcome)
}
