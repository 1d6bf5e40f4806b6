//! Entity for table `election_log`: the append-only hash chain of one election poll's events
//! (opening, each ballot, the room's counts, closing). `hash` = SHA-256 of `prev_hash`, `seq`,
//! `kind` and `body`.
super::entity! {
    table "election_log";
    key {
        pub poll_id: Uuid,
        pub seq: i32,
    }
    /// `open`, `ballots`, `room` or `close`.
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
