//! Pre-conferences: the attendance list of a unit's meeting (`unit_attendee`:
//! name, segment, optional contact; never a CPF), the commission's setting for delegates elected
//! at the pre-conferences (`territorial_delegate_setting`, one row per conference) and the
//! territorial delegates each unit elected (`unit_delegate`).

use super::m0001_foundation::{bool, fk, id, index, int, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CASCADE: ForeignKeyAction = ForeignKeyAction::Cascade;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("unit_attendee")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("meeting_id"))
                .col(text("name"))
                .col(text("segment"))
                .col(text_null("contact"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "unit_attendee",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .foreign_key(&mut fk(
                    "unit_attendee",
                    "meeting_id",
                    "unit_meeting",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_attendee",
            "ix_unit_attendee_meeting",
            &["meeting_id", "created_at"],
            false,
        ))
        .await?;
        m.create_index(index(
            "unit_attendee",
            "ix_unit_attendee_conference",
            &["conference_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("territorial_delegate_setting")
                .col(
                    ColumnDef::new("conference_id")
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(bool("enabled"))
                .col(int("seats_per_unit"))
                .col(text_null("note"))
                .col(uuid_null("updated_by"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "territorial_delegate_setting",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("unit_delegate")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("unit_id"))
                .col(uuid("meeting_id"))
                .col(text("name"))
                .col(text("segment"))
                .col(text("seat"))
                .col(text_null("contact"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "unit_delegate",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .foreign_key(&mut fk("unit_delegate", "unit_id", "unit", CASCADE))
                .foreign_key(&mut fk(
                    "unit_delegate",
                    "meeting_id",
                    "unit_meeting",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_delegate",
            "ix_unit_delegate_unit",
            &["unit_id", "seat"],
            false,
        ))
        .await?;
        m.create_index(index(
            "unit_delegate",
            "ix_unit_delegate_conference",
            &["conference_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "unit_delegate",
            "territorial_delegate_setting",
            "unit_attendee",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
