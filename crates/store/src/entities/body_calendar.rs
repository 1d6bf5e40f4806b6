//! Entity for table `body_calendar`: a body's annual calendar of ordinary meetings (m0054).
super::entity! {
    table "body_calendar";
    key { pub id: Uuid }
    pub body_id: Uuid,
    pub year: i32,
    /// `domain::bodies::Ordinal::code`.
    #[sea_orm(column_type = "Text")]
    pub ordinal: String,
    /// `domain::bodies::weekday_code`.
    #[sea_orm(column_type = "Text")]
    pub weekday: String,
    /// "HH:MM", local time.
    #[sea_orm(column_type = "Text")]
    pub time: String,
    pub duration_minutes: i32,
    #[sea_orm(column_type = "Text")]
    pub format: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub place: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub online_url: Option<String>,
    /// Months left out, as "1,7" (none: empty).
    #[sea_orm(column_type = "Text")]
    pub skipped_months: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}
