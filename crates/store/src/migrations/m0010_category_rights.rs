//! What each participant category may do at a conference (voice, vote, may be elected delegate
//! to the next stage, a short note), as its regimento decides. One row per (conference,
//! category); a missing row means the defaults of `domain::participants::default_rights`.

use super::m0001_foundation::{bool, fk, id, index, text, text_null, ts, uuid};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("category_rights")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("category"))
                .col(bool("voice"))
                .col(bool("vote"))
                .col(bool("may_be_elected"))
                .col(text_null("note"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "category_rights",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "category_rights",
            "ux_category_rights_conference_category",
            &["conference_id", "category"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("category_rights").to_owned())
            .await?;
        Ok(())
    }
}
