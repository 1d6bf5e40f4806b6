//! Entity for table `consultation_vote`: one account's choice on one proposal in the
//! consultation (m0052); voting again replaces it.
super::entity! {
    table "consultation_vote";
    key {
        pub proposal_id: Uuid,
        pub account_id: Uuid,
    }
    pub conference_id: Uuid,
    /// `favor`, `against` or `abstain`.
    #[sea_orm(column_type = "Text")]
    pub choice: String,
    pub voted_at: DateTimeUtc,
}
