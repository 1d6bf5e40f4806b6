//! Entity for table `stage` (see migrations for constraints).
super::entity! {
    table "stage";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub place: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub online_url: Option<String>,
    pub set_by_units: bool,
    pub cancelled: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}
