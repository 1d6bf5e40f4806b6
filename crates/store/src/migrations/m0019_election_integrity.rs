//! Integrity of delegate elections (ADR 0013, receipts):
//!
//! - `election_poll` gains `log_seq` and `log_head`: the last link of the poll's hash chain.
//! - `election_log` is that chain, append-only, as `ballot_log` is for plenary votes (ADR 0011):
//!   the poll's opening, each ballot (its receipt hash and candidate), the room's counts and the
//!   closing. `hash` = SHA-256 of `prev_hash`, `seq`, `kind` and `body`.
//!
//! `election_ballot.ballot_key` keeps its shape: from now on it is the SHA-256 of the voter's
//! receipt code (bound to the poll) instead of a random key, so a receipt finds its ballot and the
//! ballot still carries no voter and no time. Polls opened before this migration have no chain
//! (`log_head` NULL) and their ballots no receipt.

use super::m0001_foundation::{int, text, text_null, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for col in [
            ColumnDef::new("log_seq")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            text_null("log_head"),
        ] {
            m.alter_table(
                Table::alter()
                    .table("election_poll")
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("election_log")
                .col(uuid("poll_id"))
                .col(int("seq"))
                .col(text("kind"))
                .col(text("body"))
                .col(text("prev_hash"))
                .col(text("hash"))
                .primary_key(Index::create().col("poll_id").col("seq"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("election_log").to_owned())
            .await?;
        for c in ["log_head", "log_seq"] {
            m.alter_table(
                Table::alter()
                    .table("election_poll")
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
