//! Entity for table `proposal_destaque`: a destaque on a proposal in the final plenary.
pub use super::destaque::DestaqueStatus;
super::entity! {
    table "proposal_destaque";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub proposal_id: Uuid,
    /// `amend` (new text) or `reject`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub proposed_text: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub raised_by: Option<String>,
    pub recorded_by: Option<Uuid>,
    /// `open`, `approved`, `rejected`, `withdrawn`.
    #[sea_orm(column_type = "Text")]
    pub status: DestaqueStatus,
    pub vote_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
