//! Questionnaires (the conference's evaluation; the units' media reuse them for
//! mobilization): the questionnaire, its questions, each response (online, from a delegate's
//! phone, or typed from a paper form with its number and who typed it) and its answers.
//!
//! A response of an identified questionnaire carries `respondent_key`, the SHA-256 of the
//! questionnaire and the person's registration, unique per questionnaire: one answer per person,
//! without the registration's id stored next to the answers. A paper form number is unique per
//! questionnaire.

use super::m0001_foundation::{
    bool, fk, id, index, int, int_null, text, text_null, ts, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("questionnaire")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("purpose"))
                .col(text("title"))
                .col(text_null("intro"))
                .col(bool("identified"))
                .col(text("status"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "questionnaire",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "questionnaire",
            "ix_questionnaire_conference",
            &["conference_id", "purpose"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("question")
                .col(id())
                .col(uuid("questionnaire_id"))
                .col(int("position"))
                .col(text("kind"))
                .col(text("text"))
                .col(text("options"))
                .col(int_null("scale_min"))
                .col(int_null("scale_max"))
                .col(bool("required"))
                .col(uuid_null("eixo_id"))
                .foreign_key(&mut fk(
                    "question",
                    "questionnaire_id",
                    "questionnaire",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "question",
            "ix_question_questionnaire",
            &["questionnaire_id", "position"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("questionnaire_response")
                .col(id())
                .col(uuid("questionnaire_id"))
                .col(uuid("conference_id"))
                .col(text("channel"))
                .col(int_null("form_number"))
                .col(uuid_null("typed_by"))
                .col(text_null("respondent_key"))
                .col(uuid_null("unit_id"))
                .col(uuid_null("territory_id"))
                .col(ts("submitted_at"))
                .foreign_key(&mut fk(
                    "questionnaire_response",
                    "questionnaire_id",
                    "questionnaire",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "questionnaire_response",
            "ux_response_form_number",
            &["questionnaire_id", "form_number"],
            true,
        ))
        .await?;
        m.create_index(index(
            "questionnaire_response",
            "ux_response_respondent",
            &["questionnaire_id", "respondent_key"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("questionnaire_answer")
                .col(uuid("response_id"))
                .col(uuid("question_id"))
                .col(text("value"))
                .primary_key(Index::create().col("response_id").col("question_id"))
                .foreign_key(&mut fk(
                    "questionnaire_answer",
                    "response_id",
                    "questionnaire_response",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "questionnaire_answer",
                    "question_id",
                    "question",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "questionnaire_answer",
            "questionnaire_response",
            "question",
            "questionnaire",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
