//! Entity for table `online_credential_link` (m0047): a single-use link e-mailed to a delegate who
//! asked to be credentialed online; with their registration code it credentials them and pairs
//! the device they open it on. Only the SHA-256 of the token is stored.
super::entity! {
    table "online_credential_link";
    key { pub token_hash: String }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    /// Wrong registration codes typed with this link (it dies at the third).
    pub failed: i32,
}
