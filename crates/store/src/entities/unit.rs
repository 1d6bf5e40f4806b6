//! Entity for table `unit`: a service unit of the council's social-assistance network (CRAS,
//! CREAS, Centro POP…). It belongs to the council (`body_id`), not to one conference; which
//! conferences it takes part in is `conference_unit` (see migration m0042, ADR 0034).
super::entity! {
    table "unit";
    key { pub id: Uuid }
    /// The conference in which the unit was first listed (history only: which conferences it
    /// takes part in is `conference_unit`).
    pub conference_id: Uuid,
    pub territory_id: Uuid,
    /// `domain::values::UnitKind` code.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub address: Option<String>,
    /// The council whose network it is.
    pub body_id: Uuid,
    /// Archived: out of the lists of new choices, still found by id for history.
    pub archived_at: Option<DateTimeUtc>,
    /// The unit's public service phone.
    #[sea_orm(column_type = "Text")]
    pub phone: Option<String>,
}
