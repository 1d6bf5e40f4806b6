//! Signed report packages between installations (ADR 0018): the public keys
//! (ed25519) of other installations whose packages a conference accepts, each with a label
//! saying whose it is. The installation's own signing key is an `app_secret` row.

use super::m0001_foundation::{fk, id, index, text, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("trusted_key")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("label"))
                .col(text("public_key"))
                .col(uuid_null("added_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "trusted_key",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "trusted_key",
            "ux_trusted_key",
            &["conference_id", "public_key"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("trusted_key").to_owned())
            .await?;
        Ok(())
    }
}
