//! Entity for table `data_access_link` (m0041): a single-use link to "Meus dados" sent to the
//! registration's e-mail. Only the SHA-256 of the token is stored.
super::entity! {
    table "data_access_link";
    key { pub token_hash: String }
    pub registration_id: Uuid,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}
