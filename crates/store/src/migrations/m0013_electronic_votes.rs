//! Electronic votes from delegates' phones. A `plenary_vote` can now be
//! open (phones vote) before it is closed with its result; the ballots of an open vote live in
//! two tables that share no key but the vote:
//! - `vote_participation`: who voted (one row per vote and registration; the choice only for a
//!   named vote);
//! - `ballot`: what was voted (a random receipt hash and the choice; no voter, no time).
//!
//! On SQLite both are `WITHOUT ROWID` tables keyed by those columns, so not even the storage order
//! follows the order of arrival. `ballot_log` is the append-only hash chain of each vote's events.

use super::m0001_foundation::{int, text, ts_null, uuid};
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn add(col: ColumnDef) -> TableAlterStatement {
    Table::alter()
        .table("plenary_vote")
        .add_column(col)
        .to_owned()
}

async fn create_keyed(m: &SchemaManager<'_>, t: TableCreateStatement) -> Result<(), DbErr> {
    let conn = m.get_connection();
    match conn.get_database_backend() {
        DbBackend::Sqlite => {
            let sql = format!("{} WITHOUT ROWID", t.to_string(SqliteQueryBuilder));
            conn.execute_unprepared(&sql).await?;
        }
        _ => m.create_table(t).await?,
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for col in [
            ColumnDef::new("status")
                .text()
                .not_null()
                .default("closed")
                .to_owned(),
            ColumnDef::new("secret")
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ts_null("opened_at"),
            ts_null("closed_at"),
            ColumnDef::new("phone_favor")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("phone_against")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("phone_abstain")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("log_seq")
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("log_head").text().null().to_owned(),
        ] {
            m.alter_table(add(col)).await?;
        }
        // At most one open vote per conference.
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_plenary_vote_open ON plenary_vote (conference_id) WHERE status = 'open'",
            )
            .await?;
        create_keyed(
            m,
            Table::create()
                .table("vote_participation")
                .col(uuid("vote_id"))
                .col(uuid("registration_id"))
                .col(ColumnDef::new("choice").text().null())
                .primary_key(Index::create().col("vote_id").col("registration_id"))
                .to_owned(),
        )
        .await?;
        create_keyed(
            m,
            Table::create()
                .table("ballot")
                .col(uuid("vote_id"))
                .col(text("receipt_hash"))
                .col(text("choice"))
                .primary_key(Index::create().col("vote_id").col("receipt_hash"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ballot_log")
                .col(uuid("vote_id"))
                .col(int("seq"))
                .col(text("kind"))
                .col(text("body"))
                .col(text("prev_hash"))
                .col(text("hash"))
                .primary_key(Index::create().col("vote_id").col("seq"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared("DROP INDEX ux_plenary_vote_open")
            .await?;
        for t in ["ballot_log", "ballot", "vote_participation"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for c in [
            "log_head",
            "log_seq",
            "phone_abstain",
            "phone_against",
            "phone_favor",
            "closed_at",
            "opened_at",
            "secret",
            "status",
        ] {
            m.alter_table(
                Table::alter()
                    .table("plenary_vote")
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
