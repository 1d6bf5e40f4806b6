//! Entity for table `region` (see migrations for constraints).
super::entity! {
    table "region";
    key { pub id: Uuid }
    #[sea_orm(column_type = "Text")]
    pub uf: String,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
    pub created_at: DateTimeUtc,
}
