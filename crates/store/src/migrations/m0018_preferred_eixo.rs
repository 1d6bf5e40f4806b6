//! The eixo a person wants to work on in the working groups, asked (optionally) at registration
//!. Blank means "tanto faz". No foreign key (SQLite cannot add one to an existing
//! table): removing an eixo clears the choices that pointed to it (`app::setup::conference`).

use super::m0001_foundation::uuid_null;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("registration")
                .add_column(uuid_null("preferred_eixo_id"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("registration")
                .drop_column("preferred_eixo_id")
                .to_owned(),
        )
        .await
    }
}
