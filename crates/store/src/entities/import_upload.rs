//! Entity for table `import_upload` (see migrations for constraints).
super::entity! {
    table "import_upload";
    derive(Clone, PartialEq, Eq);
    key { pub id: Uuid }
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
