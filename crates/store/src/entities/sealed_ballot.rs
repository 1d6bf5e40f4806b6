//! Entity for table `sealed_ballot`: a ballot of an open secret vote or poll, unreadable without
//! the vote's key: `lookup` is the HMAC of the receipt hash, `sealed` the receipt hash and the
//! choice encrypted (hex, one length for every choice). No voter, no time. Deleted at closing.
super::entity! {
    table "sealed_ballot";
    key {
        pub scope_id: Uuid,
        #[sea_orm(column_type = "Text")]
        pub lookup: String,
    }
    #[sea_orm(column_type = "Text")]
    pub sealed: String,
}
