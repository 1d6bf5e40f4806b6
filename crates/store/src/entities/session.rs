//! Entity for table `session` (see migrations for constraints).
super::entity! {
    table "session";
    key { pub id: String }
    pub account_id: Uuid,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
}
