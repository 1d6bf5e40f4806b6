//! Working groups per eixo and the proposals they write: groups with
//! their members (one group per person in a conference), facilitator and rapporteur; proposals
//! with eixo, addressed level, kind, every origin kept (merging duplicates moves origins, never
//! drops them), the group's vote; destaques on proposals in the final plenary with their speakers
//! list. Conference settings: the groups' minority threshold and the speaking time.

use super::m0001_foundation::{
    fk, id, index, int, int_null, text, text_null, ts, ts_null, uuid, uuid_null,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("conference")
                .add_column(int_null("group_minority_pct"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("conference")
                .add_column(
                    ColumnDef::new("speech_seconds")
                        .integer()
                        .not_null()
                        .default(180)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("working_group")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("eixo_id"))
                .col(text("name"))
                .col(uuid_null("facilitator_id"))
                .col(uuid_null("rapporteur_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "working_group",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "working_group",
                    "eixo_id",
                    "eixo",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("group_member")
                .col(uuid("group_id"))
                .col(uuid("registration_id"))
                .col(uuid("conference_id"))
                .primary_key(Index::create().col("group_id").col("registration_id"))
                .foreign_key(&mut fk(
                    "group_member",
                    "group_id",
                    "working_group",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "group_member",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "group_member",
            "ux_group_member_person",
            &["conference_id", "registration_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("proposal")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("eixo_id"))
                .col(uuid_null("group_id"))
                .col(text("text"))
                .col(text("level"))
                .col(text("kind"))
                .col(text("status"))
                .col(int("position"))
                .col(uuid_null("merged_into"))
                .col(int_null("group_favor"))
                .col(int_null("group_against"))
                .col(int_null("group_abstain"))
                .col(int_null("group_present"))
                .col(text_null("final_text"))
                .col(uuid_null("plenary_vote_id"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "proposal",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "proposal",
                    "eixo_id",
                    "eixo",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "proposal",
            "ix_proposal_conference",
            &["conference_id", "eixo_id", "position"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("proposal_origin")
                .col(id())
                .col(uuid("proposal_id"))
                .col(text("kind"))
                .col(text("label"))
                .col(uuid_null("ref_id"))
                .foreign_key(&mut fk(
                    "proposal_origin",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "proposal_origin",
            "ix_proposal_origin",
            &["proposal_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("proposal_destaque")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid("proposal_id"))
                .col(text("kind"))
                .col(text_null("proposed_text"))
                .col(text_null("raised_by"))
                .col(uuid_null("recorded_by"))
                .col(text("status"))
                .col(uuid_null("vote_id"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "proposal_destaque",
                    "proposal_id",
                    "proposal",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "proposal_destaque",
            "ix_proposal_destaque",
            &["conference_id", "proposal_id"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("speaker")
                .col(id())
                .col(uuid("destaque_id"))
                .col(text("side"))
                .col(text("name"))
                .col(int("position"))
                .col(ts_null("started_at"))
                .col(ts_null("ended_at"))
                .foreign_key(&mut fk(
                    "speaker",
                    "destaque_id",
                    "proposal_destaque",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "speaker",
            "ix_speaker_destaque",
            &["destaque_id", "position"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "speaker",
            "proposal_destaque",
            "proposal_origin",
            "proposal",
            "group_member",
            "working_group",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for c in ["speech_seconds", "group_minority_pct"] {
            m.alter_table(Table::alter().table("conference").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
