//! Entity for table `online_comment`: a comment of the etapa digital, on a proposal
//! (`online_proposal_id`) or in a working group's debate room (`group_id`).
super::entity! {
    table "online_comment";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub online_proposal_id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub author_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub created_at: DateTimeUtc,
    pub hidden_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub hidden_reason: Option<String>,
    pub hidden_by: Option<Uuid>,
}
