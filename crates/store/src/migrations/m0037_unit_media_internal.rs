//! `unit_media.internal`: an item a unit keeps for itself and the commission (an ata or an
//! attendance list that names people), never on a public page, a post or the shared cache.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("unit_media")
                .add_column(
                    ColumnDef::new("internal")
                        .boolean()
                        .not_null()
                        .default(false)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("unit_media")
                .drop_column("internal")
                .to_owned(),
        )
        .await
    }
}
