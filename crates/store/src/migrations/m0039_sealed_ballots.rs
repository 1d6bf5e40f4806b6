//! Sealed ballots of secret votes and election polls (ADR 0011 and 0013, "ballots that stay
//! secret"). While a secret vote or poll is open its ballots are not stored readable:
//!
//! - `ballot_seal (scope_id, salt, key_check)`: one row per open secret vote or poll (`scope_id`
//!   is the `plenary_vote` or `election_poll` id): the random salt from which, with the servers'
//!   key, the vote's key is derived, and a check value of that key (so an instance started with
//!   another key refuses votes instead of sealing what nobody could open). Deleted at closing.
//! - `sealed_ballot (scope_id, lookup, sealed)`: one row per ballot, `lookup` = HMAC of the
//!   receipt hash under the vote's key, `sealed` = the receipt hash and the choice encrypted under
//!   it (fixed length whatever the choice). No receipt hash, choice, voter or time in clear.
//!   Deleted at closing, when the ballots are written readable, sorted by receipt hash, into
//!   `ballot` / `election_ballot` in the closing transaction.
//!
//! On SQLite `sealed_ballot` is `WITHOUT ROWID`, keyed by the (pseudo-random) lookup.

use super::m0001_foundation::{text, uuid};
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("ballot_seal")
                .col(uuid("scope_id").primary_key().to_owned())
                .col(text("salt"))
                .col(text("key_check"))
                .to_owned(),
        )
        .await?;
        let sealed = Table::create()
            .table("sealed_ballot")
            .col(uuid("scope_id"))
            .col(text("lookup"))
            .col(text("sealed"))
            .primary_key(Index::create().col("scope_id").col("lookup"))
            .to_owned();
        let conn = m.get_connection();
        match conn.get_database_backend() {
            DbBackend::Sqlite => {
                let sql = format!("{} WITHOUT ROWID", sealed.to_string(SqliteQueryBuilder));
                conn.execute_unprepared(&sql).await?;
            }
            _ => m.create_table(sealed).await?,
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["sealed_ballot", "ballot_seal"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
