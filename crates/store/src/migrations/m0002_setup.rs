//! Conference setup: convocation act, organizing commission, document library, draft regimento,
//! and stored files (the convocation PDF).

use super::m0001_foundation::{date, fk, id, index, int, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const CASCADE: ForeignKeyAction = ForeignKeyAction::Cascade;
const SET_NULL: ForeignKeyAction = ForeignKeyAction::SetNull;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let t = |name: &'static str| Table::create().table(name).to_owned();
        m.create_table(
            t("stored_file")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("purpose"))
                .col(text("file_name"))
                .col(text("content_type"))
                .col(int("size_bytes"))
                .col(text("sha256"))
                .col(ColumnDef::new("bytes").blob().not_null())
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "stored_file",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;

        m.create_table(
            t("convocation_act")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("act_type"))
                .col(text("number"))
                .col(date("signed_on"))
                .col(text("signatories"))
                .col(text_null("published_in"))
                .col(uuid_null("file_id"))
                .col(ts("updated_at"))
                .col(uuid_null("updated_by"))
                .foreign_key(&mut fk(
                    "convocation_act",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .foreign_key(&mut fk(
                    "convocation_act",
                    "file_id",
                    "stored_file",
                    SET_NULL,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "convocation_act",
            "ux_convocation_conference",
            &["conference_id"],
            true,
        ))
        .await?;

        m.create_table(
            t("commission_member")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("name"))
                .col(text("side"))
                .col(text("represents"))
                .col(text_null("duty"))
                .col(int("position"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "commission_member",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "commission_member",
            "ix_commission_conference",
            &["conference_id", "position"],
            false,
        ))
        .await?;

        m.create_table(
            t("document")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("title"))
                .col(text("kind"))
                .col(text("url"))
                .col(text_null("description"))
                .col(int("position"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("document", "conference_id", "conference", CASCADE))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "document",
            "ix_document_conference",
            &["conference_id", "position"],
            false,
        ))
        .await?;

        m.create_table(
            t("regimento_article")
                .col(id())
                .col(uuid("conference_id"))
                .col(int("number"))
                .col(text_null("chapter"))
                .col(text("text"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "regimento_article",
                    "conference_id",
                    "conference",
                    CASCADE,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "regimento_article",
            "ux_regimento_article_number",
            &["conference_id", "number"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "regimento_article",
            "document",
            "commission_member",
            "convocation_act",
            "stored_file",
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
