//! Follow-up of deliberations (monitoramento; ADR 0020):
//! - `deliberation_followup`: one row per approved deliberation (`proposal`) that has been
//!   followed up: its status, the responsible body, a note. A deliberation without a row is
//!   "not started".
//! - `followup_milestone`: dated milestones of a deliberation, each with optional evidence (a
//!   link or a PDF in `stored_file`).
//! - `followup_change`: every status change, by form or spreadsheet, with who and when (the
//!   public page shows the date of the last one; the history is the audit trail).

use super::m0001_foundation::{fk, id, index, text, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("deliberation_followup")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("proposal_id"))
                .col(text("status"))
                .col(text("responsible"))
                .col(text("note"))
                .col(ts("updated_at"))
                .col(uuid_null("updated_by"))
                .foreign_key(&mut fk(
                    "deliberation_followup",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "deliberation_followup",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "deliberation_followup",
            "ux_deliberation_followup_proposal",
            &["proposal_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "deliberation_followup",
            "ix_deliberation_followup_conference",
            &["conference_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("followup_milestone")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("proposal_id"))
                .col(text("description"))
                .col(ColumnDef::new("due_on").date().null().to_owned())
                .col(ColumnDef::new("done_on").date().null().to_owned())
                .col(ColumnDef::new("evidence_url").text().null().to_owned())
                .col(uuid_null("evidence_file_id"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "followup_milestone",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "followup_milestone",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "followup_milestone",
                    "evidence_file_id",
                    "stored_file",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "followup_milestone",
            "ix_followup_milestone_proposal",
            &["proposal_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("followup_change")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("proposal_id"))
                .col(text("status"))
                .col(text("responsible"))
                .col(text("note"))
                .col(text("source"))
                .col(uuid_null("changed_by"))
                .col(ts("changed_at"))
                .foreign_key(&mut fk(
                    "followup_change",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "followup_change",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "followup_change",
            "ix_followup_change_proposal",
            &["proposal_id", "changed_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "followup_change",
            "followup_milestone",
            "deliberation_followup",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
