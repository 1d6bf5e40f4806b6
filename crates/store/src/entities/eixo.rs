//! Entity for table `eixo` (see migrations for constraints).
super::entity! {
    table "eixo";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
}
