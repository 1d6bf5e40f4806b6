//! Entity for table `password_reset` (see migrations for constraints).
super::entity! {
    table "password_reset";
    key { pub token_hash: String }
    pub account_id: Uuid,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}
