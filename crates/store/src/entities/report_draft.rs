//! Entity for table `report_draft`: what the commission types into the final report (the rest
//! is read from the conference's data when the report is generated).
super::entity! {
    table "report_draft";
    key { pub conference_id: Uuid }
    /// Total hours of the conference in minutes (preparatory events and lunch excluded).
    pub total_minutes: Option<i32>,
    /// Accessibility resources offered, one per line.
    #[sea_orm(column_type = "Text")]
    pub accessibility: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    /// JSON: the answers to the state's extra questions (`domain::orientation::ExtraAnswer`, m0045).
    #[sea_orm(column_type = "Text", nullable)]
    pub extra_answers: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}
