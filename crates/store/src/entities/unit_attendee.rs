//! Entity for table `unit_attendee`: one person on the attendance list of a unit's meeting
//! (personal data: seen by the unit's articulators and the conference staff only).
super::entity! {
    table "unit_attendee";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub meeting_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// A `Segment` code: `governo`, `usuarios`, `trabalhadores`, `entidades`.
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    /// A phone or an e-mail, as the person gave it (never a CPF).
    #[sea_orm(column_type = "Text", nullable)]
    pub contact: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
