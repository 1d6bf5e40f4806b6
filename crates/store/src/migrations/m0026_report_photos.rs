//! The photos the commission chooses for the final report (section IX, "Registro
//! fotográfico"): each a re-encoded JPEG in `stored_file` (no metadata; `app::platform::media`), its
//! caption, its place, and who confirmed that the people shown consented.

use super::m0001_foundation::{fk, id, index, int, text, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("report_photo")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("file_id"))
                .col(text("caption"))
                .col(int("position"))
                .col(uuid_null("consent_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "report_photo",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "report_photo",
                    "file_id",
                    "stored_file",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "report_photo",
            "ix_report_photo_conference",
            &["conference_id", "position"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("report_photo").to_owned())
            .await?;
        Ok(())
    }
}
