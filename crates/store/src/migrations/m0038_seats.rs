//! One seat, one vote; presence at the plenary door; the quorum rule of the regimento.
//! - `seat_hold`: who holds a voting seat on a conference day. The seat is named by the
//!   registration it belongs to (a titular, a nato, or a suplente who votes on her own where the
//!   regimento says so); the holder is that person or one suplente in their place. Two partial
//!   unique indexes (`ended_at IS NULL`) make "one holder per seat per day" and "one seat per
//!   holder per day" hold under any concurrency, on both databases. Ended holds stay as history
//!   (who ended them, when, why).
//! - `door_event`: every exit from and return to the plenary recorded at the desk; a person is in
//!   the room when checked in today and their last door event (if any) is a return.
//! - `plenary_rules`: the conference's quorum rule and how suplentes are seated.
//! - `plenary_vote.quorum_min`: the minimum the vote's rule required when it opened.

use super::m0001_foundation::{bool, date, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("seat_hold")
                .col(
                    ColumnDef::new("id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(date("day"))
                .col(uuid("seat_id"))
                .col(uuid("holder_id"))
                .col(ts("started_at"))
                .col(uuid_null("started_by"))
                .col(ts_null("ended_at"))
                .col(uuid_null("ended_by"))
                .col(text_null("end_reason"))
                .to_owned(),
        )
        .await?;
        let conn = m.get_connection();
        conn.execute_unprepared(
            "CREATE UNIQUE INDEX ux_seat_hold_seat ON seat_hold (seat_id, day) WHERE ended_at IS NULL",
        )
        .await?;
        conn.execute_unprepared(
            "CREATE UNIQUE INDEX ux_seat_hold_holder ON seat_hold (holder_id, day) WHERE ended_at IS NULL",
        )
        .await?;
        m.create_index(index(
            "seat_hold",
            "ix_seat_hold_conference",
            &["conference_id", "day"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("door_event")
                .col(
                    ColumnDef::new("id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(date("day"))
                .col(text("kind"))
                .col(ts("at"))
                .col(uuid_null("by_account"))
                .col(text("method"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "door_event",
            "ix_door_event_registration",
            &["registration_id", "day"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("plenary_rules")
                .col(
                    ColumnDef::new("conference_id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(text("quorum_rule"))
                .col(bool("suplente_votes_alone"))
                .col(text("suplente_tie"))
                .col(ts("updated_at"))
                .col(uuid_null("updated_by"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("plenary_vote")
                .add_column(
                    ColumnDef::new("quorum_min")
                        .integer()
                        .not_null()
                        .default(0)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("plenary_vote")
                .drop_column("quorum_min")
                .to_owned(),
        )
        .await?;
        for t in ["plenary_rules", "door_event", "seat_hold"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
