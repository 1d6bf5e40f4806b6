//! Entity for table `body_attendance`: who sat in a seat at a meeting (m0055).
super::entity! {
    table "body_attendance";
    key { pub meeting_id: Uuid, pub seat_id: Uuid }
    /// `titular`, `suplente` (in the titular's place), `justificada` or `ausente`.
    #[sea_orm(column_type = "Text")]
    pub presence: String,
    pub recorded_at: DateTimeUtc,
}
