//! Entity for table `import_upload` (see migrations for constraints).
use sea_orm::entity::prelude::*;
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_upload")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub created_by: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub file_name: String,
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    /// JSON: column index → field code, as chosen (or recognized) for the preview.
    #[sea_orm(column_type = "Text")]
    pub mapping: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub default_category: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub default_origin: Option<String>,
    pub created_at: DateTimeUtc,
    pub imported_at: Option<DateTimeUtc>,
}

/// The file holds personal data: `Debug` shows only its size.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("import_upload::Model")
            .field("id", &self.id)
            .field("conference_id", &self.conference_id)
            .field("bytes", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
