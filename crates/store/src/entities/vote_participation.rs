//! Entity for table `vote_participation`: who voted in an electronic vote (one row per vote and
//! registration). `choice` is filled only in a named vote; in a secret vote nothing here leads
//! to the `ballot` row.
super::entity! {
    table "vote_participation";
    key {
        pub vote_id: Uuid,
        pub registration_id: Uuid,
    }
    #[sea_orm(column_type = "Text", nullable)]
    pub choice: Option<String>,
}
