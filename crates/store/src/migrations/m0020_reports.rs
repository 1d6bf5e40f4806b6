//! The final report and its way up (ADR 0016):
//!
//! - `report_draft`: what the commission types into the report (total hours, accessibility
//!   resources offered, notes); the rest is read from the conference's data when the report is
//!   generated.
//! - `report_signoff`: a commission member confirms one version of the report, named by the
//!   SHA-256 of its JSON (council audience); a change to the data makes a new version.
//! - `report_submission`: one submission round to the parent conference (`submitted`, then
//!   `returned` with a comment or `accepted`), carrying the report's JSON as sent. At most one
//!   round waits at a time and at most one is accepted per conference (partial unique indexes).
//!   A round imported from a signed package of another installation has no local
//!   `conference_id`; its `package_id` is unique.
//! - `received_proposal`: the deliberations addressed to the state or federal level that an
//!   accepted report brings into the parent conference's pool (for systematization).

use super::m0001_foundation::{
    fk, id, index, int, int_null, text, text_null, ts, ts_null, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("report_draft")
                .col(
                    ColumnDef::new("conference_id")
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(int_null("total_minutes"))
                .col(
                    ColumnDef::new("accessibility")
                        .text()
                        .not_null()
                        .default("")
                        .to_owned(),
                )
                .col(text_null("notes"))
                .col(uuid_null("updated_by"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "report_draft",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("report_signoff")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("account_id"))
                .col(text("content_hash"))
                .col(ts("confirmed_at"))
                .foreign_key(&mut fk(
                    "report_signoff",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "report_signoff",
            "ux_report_signoff",
            &["conference_id", "content_hash", "account_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("report_submission")
                .col(id())
                .col(uuid_null("conference_id"))
                .col(uuid("parent_id"))
                .col(int("round"))
                .col(text("status"))
                .col(text("content_hash"))
                .col(text("report_json"))
                .col(text("source_title"))
                .col(text_null("source_ibge"))
                .col(text("signers"))
                .col(text("via"))
                .col(text_null("package_id"))
                .col(uuid_null("submitted_by"))
                .col(ts("submitted_at"))
                .col(uuid_null("decided_by"))
                .col(ts_null("decided_at"))
                .col(text_null("comment"))
                .foreign_key(&mut fk(
                    "report_submission",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "report_submission",
                    "parent_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "report_submission",
            "ix_report_submission_parent",
            &["parent_id", "submitted_at"],
            false,
        ))
        .await?;
        m.create_index(index(
            "report_submission",
            "ux_report_submission_package",
            &["package_id"],
            true,
        ))
        .await?;
        let c = m.get_connection();
        c.execute_unprepared(
            "CREATE UNIQUE INDEX ux_report_submission_waiting ON report_submission (conference_id) WHERE status = 'submitted'",
        )
        .await?;
        c.execute_unprepared(
            "CREATE UNIQUE INDEX ux_report_submission_accepted ON report_submission (conference_id) WHERE status = 'accepted'",
        )
        .await?;
        m.create_table(
            Table::create()
                .table("received_proposal")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("submission_id"))
                .col(text("source_title"))
                .col(int("eixo_number"))
                .col(text("eixo_title"))
                .col(text("level"))
                .col(text("code"))
                .col(text("text"))
                .col(int_null("priority"))
                .col(text("origins"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "received_proposal",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "received_proposal",
                    "submission_id",
                    "report_submission",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "received_proposal",
            "ix_received_proposal_conference",
            &["conference_id", "eixo_number", "level"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "received_proposal",
            "report_submission",
            "report_signoff",
            "report_draft",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
