//! A unit meeting's attendance by segment: how many of the people present were
//! of government, users, workers and entities. Optional: a total alone is still a valid report.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 4] = ["att_government", "att_users", "att_workers", "att_entities"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one column per ALTER TABLE.
        for c in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table("unit_meeting")
                    .add_column(ColumnDef::new(c).integer().null())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table("unit_meeting")
                    .drop_column(c)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
