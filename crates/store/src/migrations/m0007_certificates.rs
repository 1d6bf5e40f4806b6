//! Certificates of participation: one per registration and conference, found by a verification
//! code that is unique across the instance (the public verification page looks codes up alone).

use super::m0001_foundation::{fk, id, index, int, text, ts, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("certificate")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("code"))
                .col(int("hours"))
                .col(ts("issued_at"))
                .foreign_key(&mut fk(
                    "certificate",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "certificate",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("certificate", "ux_certificate_code", &["code"], true))
            .await?;
        m.create_index(index(
            "certificate",
            "ux_certificate_registration",
            &["registration_id"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("certificate").to_owned())
            .await?;
        Ok(())
    }
}
