//! Entity for table `body_rules`: a body's own rules for its meetings (m0054).
super::entity! {
    table "body_rules";
    key { pub body_id: Uuid }
    /// Days between the convocation of an ordinary meeting and the meeting.
    pub ordinary_notice_days: i32,
    pub extraordinary_notice_days: i32,
    /// IANA time zone of the body's meetings.
    #[sea_orm(column_type = "Text")]
    pub time_zone: String,
    /// `domain::bodies::Quorum::code` (m0055).
    #[sea_orm(column_type = "Text")]
    pub quorum: String,
    pub updated_at: DateTimeUtc,
}
