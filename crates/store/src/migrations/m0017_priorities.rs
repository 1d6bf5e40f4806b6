//! Priorities: where the conference caps the deliberations per eixo and level,
//! delegates present choose their priorities among the approved proposals (from the phone, or
//! counted from paper ballots) and the ranking decides which go on.

use super::m0001_foundation::{int_null, ts, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("conference")
                .add_column(int_null("priority_cap"))
                .to_owned(),
        )
        .await?;
        for c in ["priority_paper", "priority_rank"] {
            m.alter_table(
                Table::alter()
                    .table("proposal")
                    .add_column(int_null(c))
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("priority_choice")
                .col(uuid("proposal_id"))
                .col(uuid("registration_id"))
                .col(uuid("conference_id"))
                .col(ts("chosen_at"))
                .primary_key(Index::create().col("proposal_id").col("registration_id"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("priority_choice").to_owned())
            .await?;
        for c in ["priority_rank", "priority_paper"] {
            m.alter_table(Table::alter().table("proposal").drop_column(c).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("conference")
                .drop_column("priority_cap")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
