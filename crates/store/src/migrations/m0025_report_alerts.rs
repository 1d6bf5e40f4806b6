//! Automatic report deadline alerts: one row per (conference, kind, deadline)
//! alerted, written with the e-mails in one transaction, unique so that several instances never
//! send the same alert twice. `kind` is `soon` (the deadline is near) or `late` (it passed).

use super::m0001_foundation::{fk, id, index, int, text, ts, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("report_alert")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("kind"))
                .col(ts("deadline"))
                .col(int("recipients"))
                .col(ts("sent_at"))
                .foreign_key(&mut fk(
                    "report_alert",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "report_alert",
            "ux_report_alert",
            &["conference_id", "kind", "deadline"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("report_alert").to_owned())
            .await?;
        Ok(())
    }
}
