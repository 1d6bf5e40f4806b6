//! Entity for table `unit_reminder`: an automatic reminder sent to a unit's articulators, once
//! per (unit, stage or meeting, kind).
super::entity! {
    table "unit_reminder";
    key { pub id: Uuid }
    pub unit_id: Uuid,
    /// The stage (`unscheduled`) or the meeting (`meeting`, `report`).
    pub ref_id: Uuid,
    /// `unscheduled`, `meeting` or `report`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    /// E-mails queued.
    pub recipients: i32,
    pub sent_at: DateTimeUtc,
}
