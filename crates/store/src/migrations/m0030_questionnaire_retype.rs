//! The second typing of a paper questionnaire form (ADR 0023): kept apart from
//! the first typing and compared with it, never written over it. One per response (a form is
//! checked once); `answers` holds the second typing's answers as JSON (question id → the encoded
//! answer). `resolution` is `same` when both typings agreed, NULL while a difference waits for
//! staff, and `first` or `second` once staff kept one of them.

use super::m0001_foundation::{fk, id, index, text, text_null, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("questionnaire_retype")
                .col(id())
                .col(uuid("questionnaire_id"))
                .col(uuid("response_id"))
                .col(text("answers"))
                .col(uuid_null("unit_id"))
                .col(uuid("typed_by"))
                .col(ts("typed_at"))
                .col(text_null("resolution"))
                .col(uuid_null("resolved_by"))
                .col(ts_null("resolved_at"))
                .foreign_key(&mut fk(
                    "questionnaire_retype",
                    "questionnaire_id",
                    "questionnaire",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "questionnaire_retype",
                    "response_id",
                    "questionnaire_response",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "questionnaire_retype",
            "ux_retype_response",
            &["response_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "questionnaire_retype",
            "ix_retype_questionnaire",
            &["questionnaire_id", "resolution"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("questionnaire_retype").to_owned())
            .await
    }
}
