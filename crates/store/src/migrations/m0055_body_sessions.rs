//! At a standing body's meeting, and its acts (issue 24).
//! - `body_rules.quorum`: the quorum to deliberate, over the seats current on the meeting's day:
//!   `maioria_absoluta` (more than half), `um_terco`, `dois_tercos`.
//! - `body_attendance`: one row per meeting and seat (the primary key): `titular`, `suplente` (in
//!   the titular's place), `justificada` or `ausente`. A seat counts once, whoever sat in it.
//! - `body_meeting`: `held_at` (recorded as held), `present_seats` and `quorum_seats` (as recorded),
//!   `record` (the ata's own text: opening, declarations, closing), `minutes_approved_at` and
//!   `minutes_approved_in` (the meeting that approved the ata).
//! - `body_agenda_item`: `outcome` (`aprovado`, `rejeitado`, `retirado`, `adiado`, `informado`),
//!   `vote_mode` (`contado` or `nominal`), the counts and the `record` of the debate.
//! - `body_named_vote`: a seat's choice in a named vote, one per item and seat (the primary key).
//! - `body_resolution`: "Resolução CMAS nº 12/2027", numbered per body and year (unique), with the
//!   meeting and the item that approved it.
//! - `conference_act`: which resolution made each act of a conference (its convocation, the
//!   commission, the articulators, the final report, the deliberations), one per act.

use super::m0001_foundation::{
    fk, index, int, int_null, text, text_null, ts, ts_null, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn pk() -> ColumnDef {
    ColumnDef::new("id")
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

async fn add(m: &SchemaManager<'_>, table: &'static str, col: ColumnDef) -> Result<(), DbErr> {
    // One column per statement: SQLite alters one column at a time.
    m.alter_table(Table::alter().table(table).add_column(col).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        add(
            m,
            "body_rules",
            ColumnDef::new("quorum")
                .text()
                .not_null()
                .default("maioria_absoluta")
                .to_owned(),
        )
        .await?;
        for col in [
            ts_null("held_at"),
            int_null("present_seats"),
            int_null("quorum_seats"),
            text_null("record"),
            ts_null("minutes_approved_at"),
            uuid_null("minutes_approved_in"),
        ] {
            add(m, "body_meeting", col).await?;
        }
        for col in [
            text_null("outcome"),
            text_null("vote_mode"),
            int_null("votes_favor"),
            int_null("votes_against"),
            int_null("votes_abstain"),
            text_null("record"),
        ] {
            add(m, "body_agenda_item", col).await?;
        }
        m.create_table(
            Table::create()
                .table("body_attendance")
                .col(uuid("meeting_id"))
                .col(uuid("seat_id"))
                .col(text("presence"))
                .col(ts("recorded_at"))
                .primary_key(Index::create().col("meeting_id").col("seat_id"))
                .foreign_key(&mut fk(
                    "body_attendance",
                    "meeting_id",
                    "body_meeting",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "body_attendance",
                    "seat_id",
                    "body_seat",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("body_named_vote")
                .col(uuid("item_id"))
                .col(uuid("seat_id"))
                .col(text("choice"))
                .primary_key(Index::create().col("item_id").col("seat_id"))
                .foreign_key(&mut fk(
                    "body_named_vote",
                    "item_id",
                    "body_agenda_item",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "body_named_vote",
                    "seat_id",
                    "body_seat",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("body_resolution")
                .col(pk())
                .col(uuid("body_id"))
                .col(int("year"))
                .col(int("number"))
                .col(uuid("meeting_id"))
                .col(uuid_null("item_id"))
                .col(text("title"))
                .col(text("body_text"))
                .col(text("search_key"))
                .col(ts("published_at"))
                .col(uuid_null("published_by"))
                .foreign_key(&mut fk(
                    "body_resolution",
                    "body_id",
                    "body",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "body_resolution",
                    "meeting_id",
                    "body_meeting",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "body_resolution",
            "ux_body_resolution_number",
            &["body_id", "year", "number"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("conference_act")
                .col(uuid("conference_id"))
                .col(text("act"))
                .col(uuid("resolution_id"))
                .col(ts("linked_at"))
                .primary_key(Index::create().col("conference_id").col("act"))
                .foreign_key(&mut fk(
                    "conference_act",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "conference_act",
                    "resolution_id",
                    "body_resolution",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "conference_act",
            "body_resolution",
            "body_named_vote",
            "body_attendance",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for (t, c) in [
            ("body_agenda_item", "record"),
            ("body_agenda_item", "votes_abstain"),
            ("body_agenda_item", "votes_against"),
            ("body_agenda_item", "votes_favor"),
            ("body_agenda_item", "vote_mode"),
            ("body_agenda_item", "outcome"),
            ("body_meeting", "minutes_approved_in"),
            ("body_meeting", "minutes_approved_at"),
            ("body_meeting", "record"),
            ("body_meeting", "quorum_seats"),
            ("body_meeting", "present_seats"),
            ("body_meeting", "held_at"),
            ("body_rules", "quorum"),
        ] {
            m.alter_table(Table::alter().table(t).drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
