//! Entity for table `signup_code` (m0049): a single-use code for an account without e-mail,
//! handed out by a conference's staff; only its SHA-256 is stored.
super::entity! {
    table "signup_code";
    key { pub code_hash: String }
    pub conference_id: Uuid,
    pub issued_by: Option<Uuid>,
    pub issued_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// The account the code created.
    pub account_id: Option<Uuid>,
}
