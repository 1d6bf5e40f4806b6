//! Entity for table `checkin`: one per registration and day; a suplente's check-in records the
//! titular it replaces.
super::entity! {
    table "checkin";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    pub day: Date,
    pub checked_at: DateTimeUtc,
    pub checked_by: Option<Uuid>,
    pub replaces_registration_id: Option<Uuid>,
    /// `qr`, `code`, `search`, `walk_in`.
    #[sea_orm(column_type = "Text")]
    pub method: String,
}
