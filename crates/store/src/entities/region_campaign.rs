//! Entity for table `region_campaign`: a campaign a consortium's technical chamber runs across
//! its member municipalities (m0056).
super::entity! {
    table "region_campaign";
    key { pub id: Uuid }
    /// The technical chamber.
    pub body_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub starts_on: Date,
    pub ends_on: Date,
    pub created_at: DateTimeUtc,
}
