//! The receipt of a public registration behind a redirect (Post/Redirect/Get), and what an
//! attempt needs to show the same receipt:
//!
//! - `registration_receipt`: one row per accepted public form. `token` is the random,
//!   unguessable part of the receipt's address (`/c/{slug}/inscricao/recibo/{token}`; no personal
//!   data in it); `form_key` is the random key the form page carried, unique per conference, so
//!   the same form sent twice (a double click, two tabs, a reload of the POST) registers once and
//!   both answers lead to the same receipt. It points to the registration made or to the attempt
//!   kept (a CPF already registered); deleted with either.
//! - `registration_attempt` gains the category, segment and accessibility needs typed, so its
//!   receipt shows what any receipt shows and the desk sees what the person asked for.

use super::m0001_foundation::{fk, index, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["category", "segment", "needs", "needs_other"] {
            m.alter_table(
                Table::alter()
                    .table("registration_attempt")
                    .add_column(text_null(col))
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("registration_receipt")
                .col(ColumnDef::new("token").text().not_null().primary_key())
                .col(uuid("conference_id"))
                .col(text("form_key"))
                .col(uuid_null("registration_id"))
                .col(uuid_null("attempt_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "registration_receipt",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "registration_receipt",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "registration_receipt",
                    "attempt_id",
                    "registration_attempt",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "registration_receipt",
            "ux_registration_receipt_form_key",
            &["conference_id", "form_key"],
            true,
        ))
        .await?;
        for (name, col) in [
            ("ix_registration_receipt_registration", "registration_id"),
            ("ix_registration_receipt_attempt", "attempt_id"),
        ] {
            m.create_index(index("registration_receipt", name, &[col], false))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("registration_receipt").to_owned())
            .await?;
        for col in ["category", "segment", "needs", "needs_other"] {
            m.alter_table(
                Table::alter()
                    .table("registration_attempt")
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
