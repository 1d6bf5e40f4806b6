//! Entity for table `body_meeting`: a meeting of a standing body (m0054).
super::entity! {
    table "body_meeting";
    key { pub id: Uuid }
    pub body_id: Uuid,
    /// `ordinaria` or `extraordinaria`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    /// `domain::bodies::MeetingFormat::code`.
    #[sea_orm(column_type = "Text")]
    pub format: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub place: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub online_url: Option<String>,
    /// `scheduled`, `held` or `cancelled`.
    #[sea_orm(column_type = "Text")]
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    /// The start it had before it was moved (the first one, when moved twice).
    pub moved_from: Option<DateTimeUtc>,
    /// The year of the annual calendar it came from.
    pub calendar_year: Option<i32>,
    pub convocation_requested_at: Option<DateTimeUtc>,
    pub convoked_at: Option<DateTimeUtc>,
    /// E-mails the convocation went to.
    pub recipients: i32,
    pub changed_by: Option<Uuid>,
    /// Recorded as held (m0055).
    pub held_at: Option<DateTimeUtc>,
    /// Seats present and the quorum, as recorded with the attendance.
    pub present_seats: Option<i32>,
    pub quorum_seats: Option<i32>,
    /// The ata's own text: opening, declarations, closing.
    #[sea_orm(column_type = "Text", nullable)]
    pub record: Option<String>,
    pub minutes_approved_at: Option<DateTimeUtc>,
    /// The meeting that approved the ata.
    pub minutes_approved_in: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}
