//! Entity for table `followup_milestone`: a dated step in carrying out a deliberation, with
//! optional evidence (a link, or a PDF in `stored_file`).
super::entity! {
    table "followup_milestone";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub proposal_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    /// When it is planned.
    pub due_on: Option<Date>,
    /// When it happened.
    pub done_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub evidence_url: Option<String>,
    pub evidence_file_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
