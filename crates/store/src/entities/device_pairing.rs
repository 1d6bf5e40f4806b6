//! Entity for table `device_pairing` (see migrations for constraints).
super::entity! {
    table "device_pairing";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    /// SHA-256 (hex) of the pairing code; the code itself is only shown once.
    #[sea_orm(column_type = "Text")]
    pub code_hash: String,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
