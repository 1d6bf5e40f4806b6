//! Engagement ranking: the commission's weights and reveal moment per conference
//! (`engagement_setting`), and the counts it confirmed per unit (`engagement_count`, one row per
//! unit, replaced at each confirmation). Only confirmed counts score.

use super::m0001_foundation::{fk, id, index, int, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const METRICS: [&str; 5] = ["people", "questionnaires", "proposals", "meetings", "media"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut setting = Table::create()
            .table("engagement_setting")
            .col(
                ColumnDef::new("conference_id")
                    .uuid()
                    .not_null()
                    .primary_key(),
            )
            .to_owned();
        for w in [
            "w_people",
            "w_questionnaires",
            "w_proposals",
            "w_meetings",
            "w_media",
        ] {
            setting.col(int(w));
        }
        setting
            .col(ts_null("revealed_at"))
            .col(uuid_null("updated_by"))
            .col(ts("updated_at"))
            .foreign_key(&mut fk(
                "engagement_setting",
                "conference_id",
                "conference",
                ForeignKeyAction::Cascade,
            ));
        m.create_table(setting).await?;

        let mut count = Table::create()
            .table("engagement_count")
            .col(id())
            .col(uuid("conference_id"))
            .col(uuid("unit_id"))
            .to_owned();
        for c in METRICS {
            count.col(int(c));
        }
        count
            .col(uuid_null("confirmed_by"))
            .col(ts("confirmed_at"))
            .foreign_key(&mut fk(
                "engagement_count",
                "conference_id",
                "conference",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "engagement_count",
                "unit_id",
                "unit",
                ForeignKeyAction::Cascade,
            ));
        m.create_table(count).await?;
        m.create_index(index(
            "engagement_count",
            "ux_engagement_count_unit",
            &["conference_id", "unit_id"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("engagement_count").to_owned())
            .await?;
        m.drop_table(Table::drop().table("engagement_setting").to_owned())
            .await?;
        Ok(())
    }
}
