//! Entity for table `stored_file` (see migrations for constraints).
super::entity! {
    table "stored_file";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub purpose: String,
    #[sea_orm(column_type = "Text")]
    pub file_name: String,
    #[sea_orm(column_type = "Text")]
    pub content_type: String,
    pub size_bytes: i32,
    #[sea_orm(column_type = "Text")]
    pub sha256: String,
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    pub created_at: DateTimeUtc,
}
