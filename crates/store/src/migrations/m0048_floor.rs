//! The floor from home (issue 23, ADR 0040): delegates ask to speak from their phones.
//! - `speaker.registration_id`: the delegate who asked for the floor on a destaque from their
//!   phone (none when the table wrote the name in). No foreign key: SQLite adds a column without
//!   one, and a registration is never deleted while its conference exists (it is anonymized).
//! - `order_point`: a "questão de ordem", asked from a phone or written in by the table; it is
//!   not tied to a destaque and comes first at the table. Given the floor (`started_at`),
//!   answered (`ended_at`) or dismissed by the table (`dismissed_at`), or withdrawn by whoever
//!   asked (the row is deleted).
//! - `plenary_rules.broadcast_url`: the plenary's transmission link (any video platform).
//! - `plenary_vote.present_remote`: of `present`, the delegates present from a distance when the
//!   vote was recorded (0 for a presencial conference and for votes before m0048).

use super::m0001_foundation::{fk, id, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for (table, col) in [
            ("speaker", uuid_null("registration_id")),
            ("plenary_rules", text_null("broadcast_url")),
            (
                "plenary_vote",
                ColumnDef::new("present_remote")
                    .integer()
                    .not_null()
                    .default(0)
                    .to_owned(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).add_column(col).to_owned())
                .await?;
        }
        m.create_table(
            Table::create()
                .table("order_point")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid_null("registration_id"))
                .col(text("name"))
                .col(text_null("reason"))
                .col(ts("asked_at"))
                .col(ts_null("started_at"))
                .col(ts_null("ended_at"))
                .col(ts_null("dismissed_at"))
                .foreign_key(&mut fk(
                    "order_point",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "order_point",
            "ix_order_point_conference",
            &["conference_id", "asked_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("order_point").to_owned())
            .await?;
        for (table, col) in [
            ("plenary_vote", "present_remote"),
            ("plenary_rules", "broadcast_url"),
            ("speaker", "registration_id"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
