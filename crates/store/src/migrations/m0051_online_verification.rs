//! Online credentialing checked by the staff (issue 23, ADR 0040): for delegates without an
//! e-mail of their own.
//! - `plenary_rules.online_proof`: the regimento's proof, `link` (the e-mailed link and the
//!   code), `staff` (a video call with the staff) or `both` (the default).
//! - `online_verification`: a delegate's request to be checked by the staff, from the device
//!   they will use (only the SHA-256 of that device's secret is kept); `contact` (how the staff
//!   reaches them for the call) is erased when the staff decides. Status `pending`, `approved`,
//!   `refused`, `used` (the device was paired).

use super::m0001_foundation::{fk, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("plenary_rules")
                .add_column(
                    ColumnDef::new("online_proof")
                        .text()
                        .not_null()
                        .default("both")
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("online_verification")
                .col(
                    ColumnDef::new("id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("secret_hash"))
                .col(text_null("contact"))
                .col(text("status"))
                .col(ts("created_at"))
                .col(ts_null("decided_at"))
                .col(uuid_null("decided_by"))
                .foreign_key(&mut fk(
                    "online_verification",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_verification",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "online_verification",
            "ix_online_verification_conference",
            &["conference_id", "status", "created_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("online_verification").to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table("plenary_rules")
                .drop_column("online_proof")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
