//! Entity for table `region_campaign_photo`: a photo of a campaign action, re-encoded without
//! metadata, with its thumbnail and description (m0056).
super::entity! {
    table "region_campaign_photo";
    debug(id, action_id, alt, width, height);
    key { pub id: Uuid }
    pub action_id: Uuid,
    /// The description read by screen readers (alternative text).
    #[sea_orm(column_type = "Text")]
    pub alt: String,
    pub width: i32,
    pub height: i32,
    #[sea_orm(column_type = "Blob")]
    pub jpeg: Vec<u8>,
    #[sea_orm(column_type = "Blob")]
    pub thumb: Vec<u8>,
    pub created_at: DateTimeUtc,
}
