//! The state's orientation for the conferences below it (ADR 0036):
//!
//! - `state_orientation`: one row per state (or regional) conference that published one:
//!   `seat_table` (JSON: per porte, titulares and suplentes per segment), `report_deadline`,
//!   `questions` (JSON: the extra report questions), who published it and when.
//! - `election.seat_table`: the seats (JSON, titulares and suplentes per segment) an election
//!   took from its parent's table (`seats_source = "state"`); null for the sample table or
//!   typed seats (one suplente per titular).
//! - `report_draft.extra_answers`: the answers to the state's extra questions (JSON, each with
//!   its question as asked).

use super::m0001_foundation::{date, fk, text, text_null, ts, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("state_orientation")
                .col(
                    ColumnDef::new("conference_id")
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(text("seat_table"))
                .col(date("report_deadline"))
                .col(text("questions"))
                .col(uuid_null("published_by"))
                .col(ts("published_at"))
                .foreign_key(&mut fk(
                    "state_orientation",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("election")
                .add_column(text_null("seat_table"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("report_draft")
                .add_column(text_null("extra_answers"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("report_draft")
                .drop_column("extra_answers")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("election")
                .drop_column("seat_table")
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table("state_orientation").to_owned())
            .await
    }
}
