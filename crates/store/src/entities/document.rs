//! Entity for table `document`: a conference's library item, a link or an uploaded PDF, maybe
//! shared with the council's other conferences (m0050).
super::entity! {
    table "document";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub position: i32,
    pub created_at: DateTimeUtc,
    /// An uploaded PDF (a `stored_file` of the conference), instead of a link (m0050).
    pub file_id: Option<Uuid>,
    /// Shared by the council: shown in every conference of the same body, across cycles.
    pub shared: bool,
}
