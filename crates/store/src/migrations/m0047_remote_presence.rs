//! Remote participation (issue 23, ADR 0040): delegates credentialed online and present from home.
//! - `online_credential_link`: a single-use link e-mailed to a delegate who asked to be
//!   credentialed online with their registration code; only the SHA-256 of the token is stored,
//!   with the wrong codes typed against it (`failed`; the link dies at the third).
//! - `delegate_device.channel` (`desk`: paired at the desk; `online`: paired by online
//!   credentialing) and `last_seen_at` (the phone's last sign of life, for the disconnection rule).
//! - `plenary_rules.roll_call_seconds` (how long the table's roll call stays open by default) and
//!   `disconnect_seconds` (after how long without a sign a remote delegate stops being present).
//! - `roll_call`: the table's roll call ("chamada") of a conference day, open until `closes_at`;
//!   at most one open per conference (partial unique index). `roll_call_answer`: who answered
//!   "Estou presente", and when they left or lapsed.

use super::m0001_foundation::{date, fk, index, int, text, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("online_credential_link")
                .col(
                    ColumnDef::new("token_hash")
                        .text()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(uuid("registration_id"))
                .col(ts("created_at"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .col(int("failed"))
                .foreign_key(&mut fk(
                    "online_credential_link",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "online_credential_link",
            "ix_online_credential_link_registration",
            &["registration_id", "created_at"],
            false,
        ))
        .await?;
        // One column per statement: SQLite alters one column at a time.
        for (table, col) in [
            (
                "delegate_device",
                ColumnDef::new("channel")
                    .text()
                    .not_null()
                    .default("desk")
                    .to_owned(),
            ),
            ("delegate_device", ts_null("last_seen_at")),
            (
                "plenary_rules",
                ColumnDef::new("roll_call_seconds")
                    .integer()
                    .not_null()
                    .default(120)
                    .to_owned(),
            ),
            (
                "plenary_rules",
                ColumnDef::new("disconnect_seconds")
                    .integer()
                    .not_null()
                    .default(180)
                    .to_owned(),
            ),
        ] {
            m.alter_table(Table::alter().table(table).add_column(col).to_owned())
                .await?;
        }
        m.create_table(
            Table::create()
                .table("roll_call")
                .col(
                    ColumnDef::new("id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(uuid("conference_id"))
                .col(date("day"))
                .col(text("status"))
                .col(ts("opened_at"))
                .col(ts("closes_at"))
                .col(uuid_null("opened_by"))
                .foreign_key(&mut fk(
                    "roll_call",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_roll_call_open ON roll_call (conference_id) WHERE status = 'open'",
            )
            .await?;
        m.create_index(index(
            "roll_call",
            "ix_roll_call_conference",
            &["conference_id", "day", "opened_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("roll_call_answer")
                .col(uuid("roll_call_id"))
                .col(uuid("registration_id"))
                .col(ts("answered_at"))
                .col(ts_null("left_at"))
                .col(ts_null("lapsed_at"))
                .primary_key(Index::create().col("roll_call_id").col("registration_id"))
                .foreign_key(&mut fk(
                    "roll_call_answer",
                    "roll_call_id",
                    "roll_call",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "roll_call_answer",
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
        for t in ["roll_call_answer", "roll_call", "online_credential_link"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for (table, col) in [
            ("plenary_rules", "disconnect_seconds"),
            ("plenary_rules", "roll_call_seconds"),
            ("delegate_device", "last_seen_at"),
            ("delegate_device", "channel"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
