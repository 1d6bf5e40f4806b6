//! Entity for table `followup_change`: one change of a deliberation's follow-up (the state
//! after it), by form (`form`) or spreadsheet (`sheet`), with who and when.
super::entity! {
    table "followup_change";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub proposal_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub status: String,
    #[sea_orm(column_type = "Text")]
    pub responsible: String,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    /// `form` or `sheet`.
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTimeUtc,
}
