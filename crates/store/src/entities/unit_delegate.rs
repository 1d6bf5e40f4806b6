//! Entity for table `unit_delegate`: a territorial delegate (titular or suplente) elected at a
//! unit's meeting, for the municipal conference.
super::entity! {
    table "unit_delegate";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub unit_id: Uuid,
    /// The meeting where the unit elected the person.
    pub meeting_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// A `Segment` code.
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    /// A `Seat` code: `titular` or `suplente`.
    #[sea_orm(column_type = "Text")]
    pub seat: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub contact: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
