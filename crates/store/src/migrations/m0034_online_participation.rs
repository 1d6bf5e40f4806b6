//! Etapa digital: while the commission keeps it open (`online_stage`), people
//! with an account send proposals per eixo and level (`online_proposal`), support them
//! (`online_support`, one per account) and comment (`online_comment`, on a proposal or in a
//! working group's debate room, whose video-call link is `online_room`). Moderation hides a
//! proposal or a comment with a reason the author sees (`hidden_*`). A proposal waits, as the
//! units' do, until the plenary staff bring it into a working group of its eixo (`proposal_id`).

use super::m0001_foundation::{
    bool, fk, id, index, int, text, text_null, ts, ts_null, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn pk(name: &'static str) -> ColumnDef {
    ColumnDef::new(name)
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
                .table("online_stage")
                .col(pk("conference_id"))
                .col(bool("open"))
                .col(uuid_null("changed_by"))
                .col(ts("changed_at"))
                .foreign_key(&mut fk(
                    "online_stage",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("online_proposal")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("eixo_id"))
                .col(text("level"))
                .col(text("kind"))
                .col(text("text"))
                .col(uuid("author_id"))
                .col(int("supports"))
                .col(int("comments"))
                .col(ts("created_at"))
                .col(ts_null("hidden_at"))
                .col(text_null("hidden_reason"))
                .col(uuid_null("hidden_by"))
                .col(uuid_null("proposal_id"))
                .foreign_key(&mut fk(
                    "online_proposal",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_proposal",
                    "eixo_id",
                    "eixo",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_proposal",
                    "author_id",
                    "account",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_proposal",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "online_proposal",
            "ix_online_proposal_eixo",
            &["conference_id", "eixo_id", "supports"],
            false,
        ))
        .await?;
        m.create_index(index(
            "online_proposal",
            "ix_online_proposal_author",
            &["author_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("online_support")
                .col(uuid("proposal_id"))
                .col(uuid("account_id"))
                .col(ts("created_at"))
                .primary_key(Index::create().col("proposal_id").col("account_id"))
                .foreign_key(&mut fk(
                    "online_support",
                    "proposal_id",
                    "online_proposal",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_support",
                    "account_id",
                    "account",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("online_room")
                .col(pk("group_id"))
                .col(text_null("video_url"))
                .col(uuid_null("updated_by"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "online_room",
                    "group_id",
                    "working_group",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("online_comment")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid_null("online_proposal_id"))
                .col(uuid_null("group_id"))
                .col(uuid("author_id"))
                .col(text("text"))
                .col(ts("created_at"))
                .col(ts_null("hidden_at"))
                .col(text_null("hidden_reason"))
                .col(uuid_null("hidden_by"))
                .foreign_key(&mut fk(
                    "online_comment",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_comment",
                    "online_proposal_id",
                    "online_proposal",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_comment",
                    "group_id",
                    "working_group",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "online_comment",
                    "author_id",
                    "account",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "online_comment",
            "ix_online_comment_proposal",
            &["online_proposal_id", "created_at"],
            false,
        ))
        .await?;
        m.create_index(index(
            "online_comment",
            "ix_online_comment_group",
            &["group_id", "created_at"],
            false,
        ))
        .await?;
        m.create_index(index(
            "online_comment",
            "ix_online_comment_author",
            &["author_id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "online_comment",
            "online_room",
            "online_support",
            "online_proposal",
            "online_stage",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
