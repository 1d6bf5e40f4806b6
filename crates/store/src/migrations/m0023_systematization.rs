//! Systematization of the received proposals (ADR 0019): the groups of
//! near-duplicate deliberations a state (or the nation) made of its pool, per eixo and level,
//! with their merged text and what became of them.
//!
//! - `systematization_group`: one group of a conference's received proposals (eixo number and
//!   level of its members), the merged text, `status` (`open`, `reviewed`, `sent`), the
//!   threshold that made it (hundredths), its number on the page (`position`), and the working
//!   group proposal it became once sent (`proposal_id`, `sent_at`).
//! - `systematization_member`: a received proposal in a group; a received proposal is in one
//!   group at most (unique index).

use super::m0001_foundation::{fk, id, index, int, text, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("systematization_group")
                .col(id())
                .col(uuid("conference_id"))
                .col(int("eixo_number"))
                .col(text("eixo_title"))
                .col(text("level"))
                .col(text("text"))
                .col(text("status"))
                .col(int("threshold_pct"))
                .col(int("position"))
                .col(uuid_null("proposal_id"))
                .col(ts_null("sent_at"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "systematization_group",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "systematization_group",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "systematization_group",
            "ix_systematization_group_bucket",
            &["conference_id", "eixo_number", "level"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("systematization_member")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("group_id"))
                .col(uuid("received_proposal_id"))
                .foreign_key(&mut fk(
                    "systematization_member",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "systematization_member",
                    "group_id",
                    "systematization_group",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "systematization_member",
                    "received_proposal_id",
                    "received_proposal",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "systematization_member",
            "ux_systematization_member_received",
            &["received_proposal_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "systematization_member",
            "ix_systematization_member_group",
            &["group_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("systematization_member").to_owned())
            .await?;
        m.drop_table(Table::drop().table("systematization_group").to_owned())
            .await?;
        Ok(())
    }
}
