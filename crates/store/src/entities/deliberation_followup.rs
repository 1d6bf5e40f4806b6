//! Entity for table `deliberation_followup`: the follow-up of one approved deliberation after
//! the conference (status, responsible body, note). No row means "not started".
super::entity! {
    table "deliberation_followup";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// The deliberation (a `proposal` approved or amended in plenary).
    pub proposal_id: Uuid,
    /// `not_started`, `in_progress`, `done`, `not_feasible` (`domain::followup::Status`).
    #[sea_orm(column_type = "Text")]
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub responsible: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}
