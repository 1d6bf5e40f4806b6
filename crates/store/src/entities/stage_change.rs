//! Entity for table `stage_change` (see migrations for constraints).
super::entity! {
    table "stage_change";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub stage_id: Uuid,
    pub changed_at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub change: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
}
