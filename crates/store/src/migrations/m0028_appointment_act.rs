//! The council act that appointed a territorial articulator, kept on the role
//! grant: "Resolução CMAS nº 5/2025". Nullable: grants made before it, and other roles, have none.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("role_grant")
                .add_column(ColumnDef::new("appointment_act").text().null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("role_grant")
                .drop_column("appointment_act")
                .to_owned(),
        )
        .await
    }
}
