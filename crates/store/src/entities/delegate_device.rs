//! Entity for table `delegate_device` (see migrations for constraints).
super::entity! {
    table "delegate_device";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    /// SHA-256 (hex) of the token the phone keeps in its cookie.
    #[sea_orm(column_type = "Text")]
    pub token_hash: String,
    pub revoked: bool,
    pub created_at: DateTimeUtc,
    /// How it was paired: `desk` (a code shown at the credentialing desk) or `online` (online
    /// credentialing, m0047).
    #[sea_orm(column_type = "Text")]
    pub channel: String,
    /// The device's last sign of life (remote delegates' phones send one every minute).
    pub last_seen_at: Option<DateTimeUtc>,
}
