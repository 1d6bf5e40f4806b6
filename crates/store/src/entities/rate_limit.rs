//! Entity for table `rate_limit` (see migrations for constraints).
super::entity! {
    table "rate_limit";
    key { pub key: String }
    pub window_start: DateTimeUtc,
    pub hits: i32,
}
