//! Entity for table `unit_proposal`: a proposal raised at a unit's meeting with its users, until
//! it is brought into a working group of its eixo.
super::entity! {
    table "unit_proposal";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub unit_id: Uuid,
    pub meeting_id: Uuid,
    pub eixo_id: Uuid,
    /// `municipal`, `estadual`, `federal`.
    #[sea_orm(column_type = "Text")]
    pub level: String,
    /// `new` or `recommendation`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// The working group's proposal it became (none while waiting for a group).
    pub proposal_id: Option<Uuid>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
