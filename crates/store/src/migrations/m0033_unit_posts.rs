//! Sharing the units' actions: a unit publishes what it did on the public
//! timeline (`unit_post`: its text), with items of its gallery (`unit_post_media`).

use super::m0001_foundation::{fk, id, index, text, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("unit_post")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("unit_id"))
                .col(text("text"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "unit_post",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_post",
                    "unit_id",
                    "unit",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_post",
            "ix_unit_post_timeline",
            &["conference_id", "created_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("unit_post_media")
                .col(id())
                .col(uuid("post_id"))
                .col(uuid("media_id"))
                .foreign_key(&mut fk(
                    "unit_post_media",
                    "post_id",
                    "unit_post",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "unit_post_media",
                    "media_id",
                    "unit_media",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "unit_post_media",
            "ux_unit_post_media",
            &["post_id", "media_id"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("unit_post_media").to_owned())
            .await?;
        m.drop_table(Table::drop().table("unit_post").to_owned())
            .await?;
        Ok(())
    }
}
