//! Entity for table `report_photo`: a photo the commission chose for the final report.
super::entity! {
    table "report_photo";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// The re-encoded JPEG in `stored_file`.
    pub file_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub caption: String,
    pub position: i32,
    /// Who confirmed that the people shown consented to the use of their image.
    pub consent_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
