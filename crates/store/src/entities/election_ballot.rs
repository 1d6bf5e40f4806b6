//! Entity for table `election_ballot`: one secret vote for a candidate, keyed by the SHA-256 of the
//! voter's random receipt code bound to the poll (a random key for polls opened before receipts).
//! No voter and no time.
super::entity! {
    table "election_ballot";
    key {
        pub poll_id: Uuid,
        #[sea_orm(column_type = "Text")]
        pub ballot_key: String,
    }
    pub candidate_id: Uuid,
}
