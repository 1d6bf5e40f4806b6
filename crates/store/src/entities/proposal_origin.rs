//! Entity for table `proposal_origin`: where a proposal came from (a unit's pre-conference, a
//! territory, a working group). Merged proposals keep every origin.
super::entity! {
    table "proposal_origin";
    key { pub id: Uuid }
    pub proposal_id: Uuid,
    /// `unit`, `territory` or `group`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub label: String,
    pub ref_id: Option<Uuid>,
}
