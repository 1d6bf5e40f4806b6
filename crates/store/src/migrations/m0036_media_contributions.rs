//! Participants' contributions to a unit's gallery ("units and participants
//! upload"). `unit_media.status`: `published` (what the unit itself uploads, and what it
//! approved), `pending` (sent by a participant, seen only by the sender and the unit) or
//! `refused` (the files are deleted; the caption and the reason stay for the sender to read).

use super::m0001_foundation::{ts_null, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn add(col: ColumnDef) -> TableAlterStatement {
    Table::alter()
        .table("unit_media")
        .add_column(col)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for col in [
            ColumnDef::new("status")
                .text()
                .not_null()
                .default("published")
                .to_owned(),
            ColumnDef::new("review_reason").text().null().to_owned(),
            uuid_null("reviewed_by"),
            ts_null("reviewed_at"),
        ] {
            m.alter_table(add(col)).await?;
        }
        m.create_index(
            Index::create()
                .name("ix_unit_media_uploader")
                .table("unit_media")
                .col("uploaded_by")
                .col("status")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_unit_media_uploader")
                .table("unit_media")
                .to_owned(),
        )
        .await?;
        for c in ["reviewed_at", "reviewed_by", "review_reason", "status"] {
            m.alter_table(Table::alter().table("unit_media").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
