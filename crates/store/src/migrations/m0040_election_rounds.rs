//! Elections as docs/domain.md §6 says (ADR 0013):
//!
//! - `election.government`: `elected` (the government segment votes, as before) or `appointed`
//!   (the manager, órgão gestor, appoints the government's delegates); `election.government_act`:
//!   the act that appointed them ("Portaria SMAS nº 12/2027").
//! - `election_appointment (conference_id, registration_id, seat, position)`: the appointed
//!   government titulares and suplentes, in the act's order.
//! - `election_poll.round` (1, 2, …) and `election_poll.candidates` (JSON ids of the candidates a
//!   later round is restricted to; null: every candidate of the segment): a segment's poll may be
//!   run again. The unique index moves from (conference, segment) to (conference, segment, round).

use super::m0001_foundation::{fk, index, int, text, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for col in [
            ColumnDef::new("government")
                .text()
                .not_null()
                .default("elected")
                .to_owned(),
            ColumnDef::new("government_act").text().null().to_owned(),
        ] {
            m.alter_table(Table::alter().table("election").add_column(col).to_owned())
                .await?;
        }
        for col in [
            ColumnDef::new("round")
                .integer()
                .not_null()
                .default(1)
                .to_owned(),
            ColumnDef::new("candidates").text().null().to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table("election_poll")
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name("ux_election_poll_segment")
                .table("election_poll")
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "election_poll",
            "ux_election_poll_round",
            &["conference_id", "segment", "round"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("election_appointment")
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                // `titular`, `suplente`.
                .col(text("seat"))
                .col(int("position"))
                .col(uuid_null("appointed_by"))
                .col(ts("appointed_at"))
                .primary_key(Index::create().col("conference_id").col("registration_id"))
                .foreign_key(&mut fk(
                    "election_appointment",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("election_appointment").to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("ux_election_poll_round")
                .table("election_poll")
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "election_poll",
            "ux_election_poll_segment",
            &["conference_id", "segment"],
            true,
        ))
        .await?;
        for col in ["round", "candidates"] {
            m.alter_table(
                Table::alter()
                    .table("election_poll")
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        for col in ["government", "government_act"] {
            m.alter_table(Table::alter().table("election").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
