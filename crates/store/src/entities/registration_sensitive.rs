//! Entity for table `registration_sensitive`: quota self-declarations (Res. CNAS/MDS 187/2025),
//! sensitive data (LGPD art. 5 II) kept apart, read only by roles that need them, published only
//! as counts.
super::entity! {
    table "registration_sensitive";
    // Debug shows no column, not even whose declaration it is.
    debug();
    key { pub registration_id: Uuid }
    pub conference_id: Uuid,
    /// Comma-separated `QuotaGroup` codes.
    #[sea_orm(column_type = "Text")]
    pub quotas: String,
    pub declared_at: DateTimeUtc,
}
