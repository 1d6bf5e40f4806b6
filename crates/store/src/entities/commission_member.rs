//! Entity for table `commission_member` (see migrations for constraints).
super::entity! {
    table "commission_member";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub side: String,
    #[sea_orm(column_type = "Text")]
    pub represents: String,
    #[sea_orm(column_type = "Text")]
    pub duty: Option<String>,
    pub position: i32,
    pub created_at: DateTimeUtc,
}
