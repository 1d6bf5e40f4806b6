//! The conference day's programme (issue 21, "what the conference starts from and ends with"):
//!
//! - `programme_item`: one item of the programme (mesa de abertura, palestra magna with its
//!   speaker, working groups, plenária final, election, breaks), with its local start and
//!   optional end, place and description. Public at `/c/{slug}/programacao`, printed in the
//!   participant kit. Deleted with its conference.

use super::m0001_foundation::{fk, id, index, text, text_null, ts, ts_null, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("programme_item")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("kind"))
                .col(text("title"))
                .col(ts("starts_at"))
                .col(ts_null("ends_at"))
                .col(text_null("place"))
                .col(text_null("speaker_name"))
                .col(text_null("speaker_role"))
                .col(text_null("description"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "programme_item",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "programme_item",
            "ix_programme_item_conference_starts",
            &["conference_id", "starts_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("programme_item").to_owned())
            .await
    }
}
