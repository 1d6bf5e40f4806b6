//! Entity for table `territory`: a territory (região, zona) of the council's social-assistance
//! network. It belongs to the council (`body_id`) and every conference of that council uses the
//! non-archived ones (migration m0042, ADR 0034).
super::entity! {
    table "territory";
    key { pub id: Uuid }
    /// The conference in which the territory was first listed (history only).
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub position: i32,
    /// The council whose network it is.
    pub body_id: Uuid,
    /// Archived: out of the lists of new choices, still found by id for history.
    pub archived_at: Option<DateTimeUtc>,
}
