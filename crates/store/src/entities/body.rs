//! Entity for table `body` (see migrations for constraints).
super::entity! {
    table "body";
    key { pub id: Uuid }
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub acronym: String,
    pub entity_id: Option<Uuid>,
    pub region_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
