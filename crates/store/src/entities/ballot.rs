//! Entity for table `ballot`: what was voted in an electronic vote, keyed by the SHA-256 of the
//! voter's receipt code. No voter and no time.
super::entity! {
    table "ballot";
    key {
        pub vote_id: Uuid,
        #[sea_orm(column_type = "Text")]
        pub receipt_hash: String,
    }
    /// `favor`, `against` or `abstain`.
    #[sea_orm(column_type = "Text")]
    pub choice: String,
}
