//! Entity for table `online_verification` (m0051): a delegate's request to be credentialed
//! online after a video check by the staff; only the SHA-256 of the requesting device's secret is
//! kept, and the contact is erased once the staff decides.
super::entity! {
    table "online_verification";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub secret_hash: String,
    /// How the staff reaches the person for the call (erased when decided).
    #[sea_orm(column_type = "Text", nullable)]
    pub contact: Option<String>,
    /// `pending`, `approved`, `refused` or `used`.
    #[sea_orm(column_type = "Text")]
    pub status: String,
    pub created_at: DateTimeUtc,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<Uuid>,
}
