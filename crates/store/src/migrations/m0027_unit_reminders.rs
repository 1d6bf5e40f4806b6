//! Automatic reminders to units (`app::platform::reminders`): one row per (unit, stage or
//! meeting, kind) reminded, written with the e-mails in one transaction, unique so that several
//! instances never send the same reminder twice.

use super::m0001_foundation::{fk, id, index, int, text, ts, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("unit_reminder")
                .col(id())
                .col(uuid("unit_id"))
                .col(uuid("ref_id"))
                .col(text("kind"))
                .col(int("recipients"))
                .col(ts("sent_at"))
                .foreign_key(&mut fk(
                    "unit_reminder",
                    "unit_id",
                    "unit",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_reminder",
            "ux_unit_reminder",
            &["unit_id", "ref_id", "kind"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("unit_reminder").to_owned())
            .await?;
        Ok(())
    }
}
