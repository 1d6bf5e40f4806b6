//! Outbox retry scheduling: `mail_outbox.next_attempt_at` is when a pending e-mail may next be
//! tried. A worker claims a row by pushing it forward (a lease), so two instances never send the
//! same e-mail at once; a failed attempt sets it to the backoff time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("mail_outbox")
                .add_column(
                    ColumnDef::new("next_attempt_at")
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_outbox_due")
                .table("mail_outbox")
                .col("sent_at")
                .col("next_attempt_at")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_outbox_due")
                .table("mail_outbox")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("mail_outbox")
                .drop_column("next_attempt_at")
                .to_owned(),
        )
        .await
    }
}
