//! Entity for table `unit` (see migrations for constraints).
super::entity! {
    table "unit";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub territory_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub address: Option<String>,
}
