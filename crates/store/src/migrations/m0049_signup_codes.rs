//! Assisted sign-up (issue 23, ADR 0041): accounts for people without e-mail.
//! - `signup_code`: a single-use code a conference's staff (the commission, the secretariat, a
//!   CRAS's articulator, the credentialing staff) hands out on paper; with it, a person creates an
//!   account with a username and a password, no e-mail. Only the SHA-256 of the code is stored;
//!   `used_at` and `account_id` say when and which account it created.

use super::m0001_foundation::{fk, index, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("signup_code")
                .col(
                    ColumnDef::new("code_hash")
                        .text()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(uuid_null("issued_by"))
                .col(ts("issued_at"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .col(uuid_null("account_id"))
                .foreign_key(&mut fk(
                    "signup_code",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "signup_code",
            "ix_signup_code_conference",
            &["conference_id", "issued_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("signup_code").to_owned())
            .await?;
        Ok(())
    }
}
