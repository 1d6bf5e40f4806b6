//! The consultation stage (issue 23): where the regimento provides it, people with an account
//! approve or not each proposal of the working groups, as a consultation (it does not decide).
//! - `plenary_rules.consultation`: the regimento provides the consultation (default: no).
//! - `consultation`: whether it is open now, and when it was opened and closed last.
//! - `consultation_vote`: one row per account and proposal, `favor`, `against` or `abstain`;
//!   voting again changes the row. Nobody but the voter reads their own choice; every output
//!   shows counts.

use super::m0001_foundation::{bool, fk, index, text, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("plenary_rules")
                .add_column(
                    ColumnDef::new("consultation")
                        .boolean()
                        .not_null()
                        .default(false)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("consultation")
                .col(
                    ColumnDef::new("conference_id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(bool("open"))
                .col(ts_null("opened_at"))
                .col(ts_null("closed_at"))
                .col(uuid_null("changed_by"))
                .foreign_key(&mut fk(
                    "consultation",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("consultation_vote")
                .col(uuid("proposal_id"))
                .col(uuid("account_id"))
                .col(uuid("conference_id"))
                .col(text("choice"))
                .col(ts("voted_at"))
                .primary_key(Index::create().col("proposal_id").col("account_id"))
                .foreign_key(&mut fk(
                    "consultation_vote",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "consultation_vote",
                    "account_id",
                    "account",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "consultation_vote",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "consultation_vote",
            "ix_consultation_vote_conference",
            &["conference_id", "account_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("consultation_vote").to_owned())
            .await?;
        m.drop_table(Table::drop().table("consultation").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table("plenary_rules")
                .drop_column("consultation")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
