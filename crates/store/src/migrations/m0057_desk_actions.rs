//! The offline desk (issue 25, ADR 0047).
//! - `desk_action`: every action an offline desk queued and sent (a check-in, a suplente in a
//!   titular's place, an exit, a walk-in), once per idempotency key and conference (a unique
//!   index: the same action sent again is answered from here, never applied twice), with the time
//!   its device recorded, the outcome (`applied`, `already`, `conflict`) and the message the desks
//!   and the conflicts page show. A conflict stays open until the secretariat resolves it with a
//!   note. A walk-in keeps its provisional code (the device's) and the code it got.

use super::m0001_foundation::{fk, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("desk_action")
                .col(
                    ColumnDef::new("id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(text("action_key"))
                .col(text("desk"))
                .col(text("kind"))
                .col(text("code"))
                .col(text_null("replaces"))
                .col(ts("device_at"))
                .col(ts("received_at"))
                .col(text("outcome"))
                .col(text("message"))
                .col(uuid_null("registration_id"))
                .col(text_null("result_code"))
                .col(uuid_null("sent_by"))
                .col(ts_null("resolved_at"))
                .col(uuid_null("resolved_by"))
                .col(text_null("resolution"))
                .foreign_key(&mut fk(
                    "desk_action",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "desk_action",
            "ux_desk_action_key",
            &["conference_id", "action_key"],
            true,
        ))
        .await?;
        m.create_index(index(
            "desk_action",
            "ix_desk_action_outcome",
            &["conference_id", "outcome"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("desk_action").to_owned())
            .await?;
        Ok(())
    }
}
