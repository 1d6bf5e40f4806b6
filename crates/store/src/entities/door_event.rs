//! Entity for table `door_event`: every exit from and return to the plenary recorded at the
//! desk (m0038). The first arrival of the day is the `checkin` row itself.
super::entity! {
    table "door_event";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    pub day: Date,
    /// `exit` or `return`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    pub at: DateTimeUtc,
    pub by_account: Option<Uuid>,
    /// `qr`, `code`, `search`, `api`.
    #[sea_orm(column_type = "Text")]
    pub method: String,
}
