//! Entity for table `regimento_article` (see migrations for constraints).
super::entity! {
    table "regimento_article";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub number: i32,
    #[sea_orm(column_type = "Text")]
    pub chapter: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub updated_at: DateTimeUtc,
}
