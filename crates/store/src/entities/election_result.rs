//! Entity for table `election_result`: an elected delegate (quota swaps applied) and, once
//! carried, the registration they became in the parent conference.
super::entity! {
    table "election_result";
    key {
        pub conference_id: Uuid,
        pub registration_id: Uuid,
    }
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    /// `titular`, `suplente`.
    #[sea_orm(column_type = "Text")]
    pub seat: String,
    pub position: i32,
    pub votes: i32,
    /// Became titular by the quota adjustment (sensitive: shown only to the table, as counts in
    /// public).
    pub by_quota: bool,
    pub carried_registration_id: Option<Uuid>,
}
