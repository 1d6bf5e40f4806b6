//! A standing body's members (issue 24): each seat (cadeira) of a council or a technical
//! chamber, with its titular and suplente, the segment, the organization represented, the
//! mandate and the act that appointed them.
//! - `body_seat`: a seat for one mandate. A seat is current while `ended_on` is empty and the
//!   mandate has not ended; afterwards it is history (kept, never deleted). A person replaced in
//!   the middle of a mandate ends the seat (`ended_on`, `end_reason`) and a new seat starts.
//!   E-mails are for the body's secretariat (convocations); the public page shows names only.

use super::m0001_foundation::{date, fk, index, text, text_null, ts, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("body_seat")
                .col(
                    ColumnDef::new("id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("body_id"))
                .col(text("segment"))
                .col(text("organization"))
                .col(text("titular_name"))
                .col(text_null("titular_email"))
                .col(text_null("suplente_name"))
                .col(text_null("suplente_email"))
                .col(date("mandate_start"))
                .col(date("mandate_end"))
                .col(text("act"))
                .col(ColumnDef::new("ended_on").date().null().to_owned())
                .col(text_null("end_reason"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "body_seat",
                    "body_id",
                    "body",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "body_seat",
            "ix_body_seat_body",
            &["body_id", "mandate_end"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("body_seat").to_owned())
            .await?;
        Ok(())
    }
}
