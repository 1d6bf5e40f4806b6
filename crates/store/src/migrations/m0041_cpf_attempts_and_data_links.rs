//! Personal-data hardening:
//!
//! - `registration_attempt`: a public registration with a CPF that already has a registration in
//!   the conference. Nothing new is registered and the page answers as for any registration
//!   (so the form does not tell whether a CPF is registered); the attempt keeps what the
//!   credentialing desk needs to resolve it: the registration holding the CPF, the receipt code
//!   given to the person, and how to reach them (name, e-mail, phone, date of birth as typed).
//!   Resolved by staff (`resolved_at`, `resolved_by`); deleted with the registration.
//! - `data_access_link`: the single-use link "Meus dados" e-mails when the proof given is the
//!   e-mail (only the SHA-256 of the token is stored, as for password resets).

use super::m0001_foundation::{fk, id, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("registration_attempt")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("code"))
                .col(text("name"))
                .col(text_null("social_name"))
                .col(text_null("email"))
                .col(text_null("phone"))
                .col(ColumnDef::new("birth_date").date().null())
                .col(ts("created_at"))
                .col(ts_null("resolved_at"))
                .col(uuid_null("resolved_by"))
                .foreign_key(&mut fk(
                    "registration_attempt",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "registration_attempt",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "registration_attempt",
                    "resolved_by",
                    "account",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "registration_attempt",
            "ux_registration_attempt_code",
            &["conference_id", "code"],
            true,
        ))
        .await?;
        m.create_index(index(
            "registration_attempt",
            "ix_registration_attempt_registration",
            &["registration_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("data_access_link")
                .col(ColumnDef::new("token_hash").text().not_null().primary_key())
                .col(uuid("registration_id"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .foreign_key(&mut fk(
                    "data_access_link",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "data_access_link",
            "ix_data_access_link_registration",
            &["registration_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("data_access_link").to_owned())
            .await?;
        m.drop_table(Table::drop().table("registration_attempt").to_owned())
            .await?;
        Ok(())
    }
}
