//! Entity for table `region_campaign_material`: a material shared by the municipalities of a
//! regional campaign, a PDF, a poster (re-encoded photo) or a link (m0056).
super::entity! {
    table "region_campaign_material";
    debug(id, campaign_id, title, kind, file_name, size_bytes);
    key { pub id: Uuid }
    pub campaign_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// `pdf`, `photo` or `link`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub url: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub file_name: Option<String>,
    pub size_bytes: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub sha256: Option<String>,
    #[sea_orm(column_type = "Blob", nullable)]
    pub bytes: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
}
