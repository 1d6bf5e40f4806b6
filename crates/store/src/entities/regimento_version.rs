//! Entity for table `regimento_version` (see migrations for constraints).
super::entity! {
    table "regimento_version";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub version: i32,
    /// JSON: `[{"number", "chapter", "text"}]`, the approved text.
    #[sea_orm(column_type = "Text")]
    pub articles: String,
    pub vote_id: Uuid,
    pub approved_at: DateTimeUtc,
}
