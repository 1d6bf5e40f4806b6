//! Meetings each unit schedules and reports inside a stage whose date the units set
//! (e.g. a unit's meeting with its users).

use super::m0001_foundation::{
    fk, id, index, int_null, text, text_null, ts, ts_null, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CASCADE: ForeignKeyAction = ForeignKeyAction::Cascade;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("unit_meeting")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("stage_id"))
                .col(uuid("unit_id"))
                .col(ts("starts_at"))
                .col(ts_null("ends_at"))
                .col(text_null("place"))
                .col(text_null("online_url"))
                .col(text("status"))
                .col(int_null("participants"))
                .col(text_null("report_note"))
                .col(ts_null("reported_at"))
                .col(uuid_null("reported_by"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "unit_meeting",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .foreign_key(&mut fk("unit_meeting", "stage_id", "stage", CASCADE))
                .foreign_key(&mut fk("unit_meeting", "unit_id", "unit", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_meeting",
            "ix_unit_meeting_stage",
            &["stage_id", "starts_at"],
            false,
        ))
        .await?;
        m.create_index(index(
            "unit_meeting",
            "ix_unit_meeting_unit",
            &["unit_id", "starts_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("unit_meeting").to_owned())
            .await
    }
}
