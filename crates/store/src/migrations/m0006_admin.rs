//! Platform administration: `account.must_change_password` (a staff-issued temporary password
//! must be replaced at the first login) and one body of each kind per entity or region.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("account")
                .add_column(
                    ColumnDef::new("must_change_password")
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("ux_body_kind_entity", "entity_id"),
            ("ux_body_kind_region", "region_id"),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table("body")
                    .col("kind")
                    .col(col)
                    .unique()
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ux_body_kind_entity", "ux_body_kind_region"] {
            m.drop_index(Index::drop().name(name).table("body").to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("account")
                .drop_column("must_change_password")
                .to_owned(),
        )
        .await
    }
}
