//! The library of booklets and videos (issue 23): a document may be an uploaded PDF
//! (`document.file_id`, a `stored_file` of its conference; `url` then empty) and may be shared by
//! the council (`document.shared`): shown in every conference of the same body, across cycles.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for col in [
            ColumnDef::new("file_id").uuid().null().to_owned(),
            ColumnDef::new("shared")
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
        ] {
            m.alter_table(Table::alter().table("document").add_column(col).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["shared", "file_id"] {
            m.alter_table(Table::alter().table("document").drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
