//! Entity for table `election_appointment`: a government delegate appointed by the manager (órgão
//! gestor) instead of elected, when the conference's election says so (`election.government`).
super::entity! {
    table "election_appointment";
    key {
        pub conference_id: Uuid,
        pub registration_id: Uuid,
    }
    /// `titular`, `suplente`.
    #[sea_orm(column_type = "Text")]
    pub seat: String,
    /// 1-based order within the seat, as in the act.
    pub position: i32,
    pub appointed_by: Option<Uuid>,
    pub appointed_at: DateTimeUtc,
}
