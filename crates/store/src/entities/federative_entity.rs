//! Entity for table `federative_entity` (see migrations for constraints).
super::entity! {
    table "federative_entity";
    key { pub id: Uuid }
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub ibge_code: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub uf: Option<String>,
    pub parent_id: Option<Uuid>,
    pub population: Option<i64>,
    pub population_year: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub porte: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub porte_source: Option<String>,
    /// Why the administration set the porte by hand (`porte_source = "admin"`), m0043.
    #[sea_orm(column_type = "Text")]
    pub porte_reason: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
}
