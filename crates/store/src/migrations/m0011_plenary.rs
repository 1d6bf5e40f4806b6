//! The plenary, first part: destaques on the regimento, votes counted at the table (crachás
//! raised), and the approved regimento's versions. Destaques keep the article's number and the
//! draft text they refer to, so they survive nothing silently: the draft cannot be replaced once
//! the regimento is approved (`app::setup::conference::save_regimento` refuses).

use super::m0001_foundation::{fk, id, index, int, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("plenary_vote")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("subject"))
                .col(uuid_null("subject_id"))
                .col(text("channel"))
                .col(int("present"))
                .col(int("credentialed"))
                .col(text("quorum_rule"))
                .col(int("favor"))
                .col(int("against"))
                .col(int("abstain"))
                .col(text("outcome"))
                .col(uuid_null("recorded_by"))
                .col(ts("recorded_at"))
                .foreign_key(&mut fk(
                    "plenary_vote",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "plenary_vote",
            "ix_plenary_vote_conference",
            &["conference_id", "recorded_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("destaque")
                .col(id())
                .col(uuid("conference_id"))
                .col(int("article_number"))
                .col(text("draft_text"))
                .col(text("kind"))
                .col(text_null("proposed_text"))
                .col(text_null("raised_by"))
                .col(uuid_null("recorded_by"))
                .col(text("status"))
                .col(uuid_null("vote_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "destaque",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "destaque",
            "ix_destaque_conference",
            &["conference_id", "article_number"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("regimento_version")
                .col(id())
                .col(uuid("conference_id"))
                .col(int("version"))
                .col(text("articles"))
                .col(uuid("vote_id"))
                .col(ts("approved_at"))
                .foreign_key(&mut fk(
                    "regimento_version",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "regimento_version",
            "ux_regimento_version",
            &["conference_id", "version"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["regimento_version", "destaque", "plenary_vote"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
