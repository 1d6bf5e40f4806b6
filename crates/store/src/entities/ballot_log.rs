//! Entity for table `ballot_log`: the append-only hash chain of one vote's events (opening, each
//! batch of ballots, closing). `hash` = SHA-256 of `prev_hash`, `seq`, `kind` and `body`.
super::entity! {
    table "ballot_log";
    key {
        pub vote_id: Uuid,
        pub seq: i32,
    }
    /// `open`, `ballots` or `close`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    /// JSON.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub prev_hash: String,
    #[sea_orm(column_type = "Text")]
    pub hash: String,
}
