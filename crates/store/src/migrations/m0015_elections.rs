//! Delegate elections to the next level (ADR 0013).
//!
//! - `election`: one row per conference with its settings (porte and titulares of the seat table,
//!   where they came from, tie rule, the draw's seed) and the computed summary (quota, swaps,
//!   ties) once the result is computed.
//! - `election_candidate`: a delegate standing in their segment (accepted by the table).
//! - `election_poll`: one poll per conference and segment (open, then closed), with the
//!   delegates of the segment present when it opened.
//! - `election_participation` (who voted) and `election_ballot` (for whom: a random key and the
//!   candidate; no voter, no time) share no key but the poll, as `vote_participation`/`ballot`
//!   (ADR 0011); on SQLite both are `WITHOUT ROWID`.
//! - `election_room_count`: votes per candidate counted on paper or by raised badges.
//! - `election_result`: the elected (titulares and suplentes, quota swaps applied), and the
//!   registration each became in the parent conference once carried.

use super::m0001_foundation::{
    bool, fk, id, index, int, text, text_null, ts, ts_null, uuid, uuid_null,
};
use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

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
        m.create_table(
            Table::create()
                .table("election")
                .col(
                    ColumnDef::new("conference_id")
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(text_null("porte"))
                .col(int("titulares"))
                // `entity` (the municipality's porte, sample table), `manual`.
                .col(text("seats_source"))
                .col(text("tie_rule"))
                .col(ColumnDef::new("seed").big_integer().not_null())
                .col(ts_null("computed_at"))
                .col(text_null("summary"))
                .col(ts_null("carried_at"))
                .col(uuid_null("updated_by"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "election",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("election_candidate")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("segment"))
                .col(bool("accepted"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "election_candidate",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "election_candidate",
            "ux_election_candidate",
            &["conference_id", "registration_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("election_poll")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("segment"))
                // `open`, `closed`.
                .col(text("status"))
                .col(int("present"))
                .col(ts("opened_at"))
                .col(ts_null("closed_at"))
                .col(uuid_null("opened_by"))
                .foreign_key(&mut fk(
                    "election_poll",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
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
        create_keyed(
            m,
            Table::create()
                .table("election_participation")
                .col(uuid("poll_id"))
                .col(uuid("registration_id"))
                .primary_key(Index::create().col("poll_id").col("registration_id"))
                .to_owned(),
        )
        .await?;
        create_keyed(
            m,
            Table::create()
                .table("election_ballot")
                .col(uuid("poll_id"))
                .col(text("ballot_key"))
                .col(uuid("candidate_id"))
                .primary_key(Index::create().col("poll_id").col("ballot_key"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("election_room_count")
                .col(uuid("poll_id"))
                .col(uuid("candidate_id"))
                .col(int("votes"))
                .primary_key(Index::create().col("poll_id").col("candidate_id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("election_result")
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(text("segment"))
                .col(text("seat"))
                .col(int("position"))
                .col(int("votes"))
                .col(bool("by_quota"))
                .col(uuid_null("carried_registration_id"))
                .primary_key(Index::create().col("conference_id").col("registration_id"))
                .foreign_key(&mut fk(
                    "election_result",
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
        for t in [
            "election_result",
            "election_room_count",
            "election_ballot",
            "election_participation",
            "election_poll",
            "election_candidate",
            "election",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
