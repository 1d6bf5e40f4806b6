//! Entity for table `body_document`: a document of a meeting's pauta, a PDF or a link (m0054).
super::entity! {
    table "body_document";
    debug(id, meeting_id, item_id, title, file_name, size_bytes);
    key { pub id: Uuid }
    pub meeting_id: Uuid,
    /// The pauta item it belongs to (none: the meeting's).
    pub item_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub url: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub file_name: Option<String>,
    pub size_bytes: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub sha256: Option<String>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub bytes: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
}
