//! The municipality's social-assistance network (rede socioassistencial) belongs to the council,
//! not to one conference (ADR 0034):
//!
//! - `territory.body_id` and `unit.body_id`: the council that owns the network, backfilled from
//!   the conference the row was written for. `conference_id` stays and now means "the
//!   conference in which it was first listed" (no conference is ever deleted, and SQLite cannot
//!   drop a NOT NULL without rebuilding the table). SQLite cannot add a NOT NULL column without a
//!   default, so `body_id` is nullable on both backends (the schema is the same on both, checked
//!   by a test) and every insert sets it (`mobilization::network`).
//! - `archived_at` on both: archived rows drop out of the lists of new choices; pages that look
//!   them up by id (history) still find them. Nothing with history is ever deleted.
//! - `unit.phone`.
//! - `conference_unit (conference_id, unit_id)`: which units take part in a conference;
//!   backfilled from `unit.conference_id`.

use super::m0001_foundation::{fk, index, ts_null, uuid};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["territory", "unit"] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(ColumnDef::new("body_id").uuid().null())
                    .to_owned(),
            )
            .await?;
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(ts_null("archived_at"))
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table("unit")
                .add_column(ColumnDef::new("phone").text().null())
                .to_owned(),
        )
        .await?;
        let conn = m.get_connection();
        for table in ["territory", "unit"] {
            conn.execute_unprepared(&format!(
                "UPDATE {table} SET body_id = (SELECT c.body_id FROM conference c \
                 WHERE c.id = {table}.conference_id)"
            ))
            .await?;
            m.create_index(index(
                table,
                &format!("ix_{table}_body"),
                &["body_id"],
                false,
            ))
            .await?;
        }
        m.create_table(
            Table::create()
                .table("conference_unit")
                .col(uuid("conference_id"))
                .col(uuid("unit_id"))
                .primary_key(Index::create().col("conference_id").col("unit_id"))
                .foreign_key(&mut fk(
                    "conference_unit",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "conference_unit",
                    "unit_id",
                    "unit",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "conference_unit",
            "ix_conference_unit_unit",
            &["unit_id"],
            false,
        ))
        .await?;
        conn.execute_unprepared(
            "INSERT INTO conference_unit (conference_id, unit_id) SELECT conference_id, id FROM unit",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("conference_unit").to_owned())
            .await?;
        for table in ["territory", "unit"] {
            m.drop_index(
                Index::drop()
                    .name(format!("ix_{table}_body"))
                    .table(table)
                    .to_owned(),
            )
            .await?;
            for col in ["body_id", "archived_at"] {
                m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                    .await?;
            }
        }
        m.alter_table(Table::alter().table("unit").drop_column("phone").to_owned())
            .await
    }
}
