//! Moções (docs/domain.md §8): proposed by delegates inside a time window, signed by
//! delegates present (in the app or from paper), admitted by the rapporteurs once the signatures
//! reach the threshold (20% of the delegates present by default), then voted in plenary and sent
//! to their addressee.

use super::m0001_foundation::{fk, id, index, text, ts, ts_null, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            ts_null("mocao_opens_at"),
            ts_null("mocao_closes_at"),
            ColumnDef::new("mocao_signature_pct")
                .integer()
                .not_null()
                .default(20)
                .to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table("conference")
                    .add_column(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("mocao")
                .col(id())
                .col(uuid("conference_id"))
                .col(text("kind"))
                .col(text("addressee"))
                .col(text("text"))
                .col(uuid_null("author_id"))
                .col(text("author_label"))
                .col(text("status"))
                .col(uuid_null("vote_id"))
                .col(uuid_null("decided_by"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk(
                    "mocao",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "mocao",
            "ix_mocao_conference",
            &["conference_id", "created_at"],
            false,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("mocao_signature")
                .col(uuid("mocao_id"))
                .col(uuid("registration_id"))
                .col(text("source"))
                .col(ts("signed_at"))
                .primary_key(Index::create().col("mocao_id").col("registration_id"))
                .foreign_key(&mut fk(
                    "mocao_signature",
                    "mocao_id",
                    "mocao",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut fk(
                    "mocao_signature",
                    "registration_id",
                    "registration",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["mocao_signature", "mocao"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for c in ["mocao_signature_pct", "mocao_closes_at", "mocao_opens_at"] {
            m.alter_table(Table::alter().table("conference").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
