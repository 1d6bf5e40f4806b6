//! A standing body's meetings (issue 24).
//! - `body_rules`: one row per body, when its secretariat set them: the days of notice of a
//!   convocation (ordinary, extraordinary) and the body's time zone. No row: the defaults.
//! - `body_calendar`: the annual calendar of ordinary meetings, one per body and year, from a
//!   monthly rule ("segunda terça-feira do mês, às 14h") with the months left out.
//! - `body_meeting`: a meeting, ordinary (from the calendar or added) or extraordinary; moved
//!   (`moved_from`) or cancelled (`cancel_reason`) meetings stay. The convocation is asked for
//!   (`convocation_requested_at`) and goes out by e-mail when its notice begins
//!   (`convoked_at`, set once, with the number of `recipients`).
//! - `body_agenda_item`: the pauta, in order; an item is for deliberation or for information.
//! - `body_document`: a document of the pauta (a PDF kept here, or a link), public with it.

use super::m0001_foundation::{
    bool, fk, index, int, int_null, text, text_null, ts, ts_null, uuid, uuid_null,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("body_rules")
                .col(
                    ColumnDef::new("body_id")
                        .uuid()
                        .not_null()
                        .primary_key()
                        .to_owned(),
                )
                .col(int("ordinary_notice_days"))
                .col(int("extraordinary_notice_days"))
                .col(text("time_zone"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "body_rules",
                    "body_id",
                    "body",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("body_calendar")
                .col(pk())
                .col(uuid("body_id"))
                .col(int("year"))
                .col(text("ordinal"))
                .col(text("weekday"))
                .col(text("time"))
                .col(int("duration_minutes"))
                .col(text("format"))
                .col(text_null("place"))
                .col(text_null("online_url"))
                .col(text("skipped_months"))
                .col(text_null("note"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "body_calendar",
                    "body_id",
                    "body",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "body_calendar",
            "ux_body_calendar_year",
            &["body_id", "year"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("body_meeting")
                .col(pk())
                .col(uuid("body_id"))
                .col(text("kind"))
                .col(ts("starts_at"))
                .col(ts_null("ends_at"))
                .col(text("format"))
                .col(text_null("place"))
                .col(text_null("online_url"))
                .col(text("status"))
                .col(text_null("cancel_reason"))
                .col(ts_null("moved_from"))
                .col(int_null("calendar_year"))
                .col(ts_null("convocation_requested_at"))
                .col(ts_null("convoked_at"))
                .col(int("recipients"))
                .col(uuid_null("changed_by"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "body_meeting",
                    "body_id",
                    "body",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "body_meeting",
            "ix_body_meeting_body",
            &["body_id", "starts_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("body_agenda_item")
                .col(pk())
                .col(uuid("meeting_id"))
                .col(int("position"))
                .col(text("title"))
                .col(text_null("description"))
                .col(bool("deliberative"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "body_agenda_item",
                    "meeting_id",
                    "body_meeting",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "body_agenda_item",
            "ix_body_agenda_item_meeting",
            &["meeting_id", "position"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("body_document")
                .col(pk())
                .col(uuid("meeting_id"))
                .col(uuid_null("item_id"))
                .col(text("title"))
                .col(text_null("url"))
                .col(text_null("file_name"))
                .col(int("size_bytes"))
                .col(text_null("sha256"))
                .col(ColumnDef::new("bytes").blob().null().to_owned())
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "body_document",
                    "meeting_id",
                    "body_meeting",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "body_document",
                    "item_id",
                    "body_agenda_item",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "body_document",
            "ix_body_document_meeting",
            &["meeting_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "body_document",
            "body_agenda_item",
            "body_meeting",
            "body_calendar",
            "body_rules",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
