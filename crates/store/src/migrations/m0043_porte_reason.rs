//! Why the administration set a municipality's porte by hand (`porte_source = "admin"`):
//! "População estimada de 2025 passa de 100 mil". Nullable: the porte computed from the IBGE
//! population has no reason, and neither has any entity without a porte.

use super::m0001_foundation::text_null;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("federative_entity")
                .add_column(text_null("porte_reason"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("federative_entity")
                .drop_column("porte_reason")
                .to_owned(),
        )
        .await
    }
}
