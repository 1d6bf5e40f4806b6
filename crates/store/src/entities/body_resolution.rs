//! Entity for table `body_resolution`: a body's resolution, numbered per year (m0055).
super::entity! {
    table "body_resolution";
    key { pub id: Uuid }
    pub body_id: Uuid,
    pub year: i32,
    pub number: i32,
    pub meeting_id: Uuid,
    pub item_id: Option<Uuid>,
    /// The ementa.
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    /// `domain::text::search_key` of the number, title and text.
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
    pub published_at: DateTimeUtc,
    pub published_by: Option<Uuid>,
}
