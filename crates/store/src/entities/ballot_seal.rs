//! Entity for table `ballot_seal`: the salt of an open secret vote's or poll's key (`scope_id` is
//! the `plenary_vote` or `election_poll` id) and a check value of that key. Deleted at closing.
super::entity! {
    table "ballot_seal";
    key { pub scope_id: Uuid }
    /// 32 random bytes, hex.
    #[sea_orm(column_type = "Text")]
    pub salt: String,
    /// HMAC of a fixed label under the derived key, hex: which key sealed this vote's ballots.
    #[sea_orm(column_type = "Text")]
    pub key_check: String,
}
