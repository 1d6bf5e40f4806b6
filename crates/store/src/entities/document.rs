//! Entity for table `document` (see migrations for constraints).
super::entity! {
    table "document";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub position: i32,
    pub created_at: DateTimeUtc,
}
