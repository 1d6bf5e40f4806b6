//! Entity for table `state_orientation` (m0045): the orientation a state (or regional)
//! conference published for the conferences below it (`domain::orientation`, ADR 0036).
super::entity! {
    table "state_orientation";
    key { pub conference_id: Uuid }
    /// JSON: `Vec<domain::orientation::PorteRow>`.
    #[sea_orm(column_type = "Text")]
    pub seat_table: String,
    pub report_deadline: Date,
    /// JSON: the extra report questions, in order.
    #[sea_orm(column_type = "Text")]
    pub questions: String,
    pub published_by: Option<Uuid>,
    pub published_at: DateTimeUtc,
}
