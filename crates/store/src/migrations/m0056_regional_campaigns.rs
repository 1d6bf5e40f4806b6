//! A regional consortium's technical chamber and its campaigns (issue 24, ADR 0046).
//! - `body_seat.entity_id`: the member municipality a technical chamber's seat stands for (its
//!   municipal manager); empty for councils' seats.
//! - `region_campaign`: a campaign the chamber runs across the consortium's municipalities, with
//!   its period.
//! - `region_campaign_material`: the shared materials (a PDF, a poster as a re-encoded photo, or a
//!   link), public.
//! - `region_campaign_action`: what one member municipality did for the campaign (the text, the
//!   day, the people reached, the materials handed out), recorded by the chamber's secretariat or
//!   by the municipality's own council secretariat.
//! - `region_campaign_photo`: the photos of an action, re-encoded without metadata, each with its
//!   description (the alternative text).

use super::m0001_foundation::{
    date, fk, index, int, int_null, text, text_null, ts, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn pk() -> ColumnDef {
    ColumnDef::new("id")
        .uuid()
        .not_null()
        .primary_key()
        .to_owned()
}

fn blob(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).blob().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("body_seat")
                .add_column(uuid_null("entity_id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("region_campaign")
                .col(pk())
                .col(uuid("body_id"))
                .col(text("title"))
                .col(text("summary"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "region_campaign",
                    "body_id",
                    "body",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "region_campaign",
            "ix_region_campaign_body",
            &["body_id", "starts_on"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("region_campaign_material")
                .col(pk())
                .col(uuid("campaign_id"))
                .col(text("title"))
                .col(text("kind"))
                .col(text_null("url"))
                .col(text_null("file_name"))
                .col(int("size_bytes"))
                .col(text_null("sha256"))
                .col(ColumnDef::new("bytes").blob().null().to_owned())
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "region_campaign_material",
                    "campaign_id",
                    "region_campaign",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "region_campaign_material",
            "ix_region_campaign_material_campaign",
            &["campaign_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("region_campaign_action")
                .col(pk())
                .col(uuid("campaign_id"))
                .col(uuid("entity_id"))
                .col(text("title"))
                .col(date("happened_on"))
                .col(text("description"))
                .col(int("people_reached"))
                .col(int_null("materials_given"))
                .col(uuid_null("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "region_campaign_action",
                    "campaign_id",
                    "region_campaign",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "region_campaign_action",
                    "entity_id",
                    "federative_entity",
                    ForeignKeyAction::Restrict,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "region_campaign_action",
            "ix_region_campaign_action_campaign",
            &["campaign_id", "entity_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("region_campaign_photo")
                .col(pk())
                .col(uuid("action_id"))
                .col(text("alt"))
                .col(int("width"))
                .col(int("height"))
                .col(blob("jpeg"))
                .col(blob("thumb"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "region_campaign_photo",
                    "action_id",
                    "region_campaign_action",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "region_campaign_photo",
            "ix_region_campaign_photo_action",
            &["action_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "region_campaign_photo",
            "region_campaign_action",
            "region_campaign_material",
            "region_campaign",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.alter_table(
            Table::alter()
                .table("body_seat")
                .drop_column("entity_id")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
