//! Delegates' phones: a pairing code shown at the credentialing desk (hashed, single use, 15
//! minutes) links one phone to one delegate's registration; the phone then holds a device token
//! (hashed here) for destaques and, later, votes.

use super::m0001_foundation::{bool, fk, id, index, text, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("device_pairing")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("code_hash"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "device_pairing",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "device_pairing",
            "ux_device_pairing_code",
            &["code_hash"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("delegate_device")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("token_hash"))
                .col(bool("revoked"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "delegate_device",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "delegate_device",
            "ux_delegate_device_token",
            &["token_hash"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["delegate_device", "device_pairing"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
