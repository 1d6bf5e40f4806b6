//! Spreadsheets uploaded for import, kept between the preview and the commit (at most 24 hours:
//! `app::participants::import` deletes older ones). The file stays in the database so any instance can show the
//! preview and commit it (ADR 0004).

use super::m0001_foundation::{fk, id, index, text, text_null, ts, uuid, uuid_null};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("import_upload")
                .col(id())
                .col(uuid("conference_id"))
                .col(uuid_null("created_by"))
                .col(text("file_name"))
                .col(ColumnDef::new("bytes").blob().not_null())
                .col(text("mapping"))
                .col(text_null("default_category"))
                .col(text_null("default_origin"))
                .col(ts("created_at"))
                .col(ts_null_done())
                .foreign_key(&mut fk(
                    "import_upload",
                    "conference_id",
                    "conference",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "import_upload",
            "ix_import_upload_created",
            &["created_at"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("import_upload").to_owned())
            .await?;
        Ok(())
    }
}

/// When the upload was imported (null while it is only previewed).
fn ts_null_done() -> ColumnDef {
    super::m0001_foundation::ts_null("imported_at")
}
