//! Data-subject requests (LGPD art. 18): a registered person asks for a correction of their data
//! on the self-service page; the secretariat or the organizing commission handles it.

use super::m0001_foundation::{fk, id, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("data_request")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("kind"))
                .col(text("text"))
                .col(text("status"))
                .col(ts("created_at"))
                .col(uuid_null("handled_by"))
                .col(ts_null("handled_at"))
                .col(text_null("response"))
                .foreign_key(&mut fk(
                    "data_request",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "data_request",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "data_request",
                    "handled_by",
                    "account",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "data_request",
            "ix_data_request_conference_status",
            &["conference_id", "status"],
            false,
        ))
        .await?;
        m.create_index(index(
            "data_request",
            "ix_data_request_registration",
            &["registration_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("data_request").to_owned())
            .await?;
        Ok(())
    }
}
