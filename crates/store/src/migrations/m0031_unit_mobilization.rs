//! Mobilization: what a unit's meeting with its users produced. `unit_proposal`: a
//! proposal raised at the meeting, by eixo and level, until the plenary staff bring it into a
//! working group of its eixo (`proposal_id` then names the group's proposal, whose
//! `proposal_origin` says which unit it came from). `unit_media`: the meeting's record and the
//! unit's gallery: a re-encoded photo with its thumbnail, a PDF (the ata) or a video link, with
//! who confirmed the consent of the people shown.

use super::m0001_foundation::{fk, id, index, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("unit_proposal")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("unit_id"))
                .col(uuid("meeting_id"))
                .col(uuid("eixo_id"))
                .col(text("level"))
                .col(text("kind"))
                .col(text("text"))
                .col(uuid_null("proposal_id"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "unit_proposal",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_proposal",
                    "unit_id",
                    "unit",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_proposal",
                    "meeting_id",
                    "unit_meeting",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_proposal",
                    "eixo_id",
                    "eixo",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_proposal",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_proposal",
            "ix_unit_proposal_eixo",
            &["conference_id", "eixo_id"],
            false,
        ))
        .await?;
        m.create_index(index(
            "unit_proposal",
            "ix_unit_proposal_meeting",
            &["meeting_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("unit_media")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("unit_id"))
                .col(uuid_null("meeting_id"))
                .col(text("kind"))
                .col(text("caption"))
                .col(uuid_null("file_id"))
                .col(uuid_null("thumb_id"))
                .col(text_null("video_url"))
                .col(uuid_null("consent_by"))
                .col(uuid_null("uploaded_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "unit_media",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_media",
                    "unit_id",
                    "unit",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_media",
                    "meeting_id",
                    "unit_meeting",
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut fk(
                    "unit_media",
                    "file_id",
                    "stored_file",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_media",
                    "thumb_id",
                    "stored_file",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_media",
            "ix_unit_media_unit",
            &["unit_id", "created_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("unit_media").to_owned())
            .await?;
        m.drop_table(Table::drop().table("unit_proposal").to_owned())
            .await?;
        Ok(())
    }
}
