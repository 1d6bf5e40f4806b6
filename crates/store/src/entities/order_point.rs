//! Entity for table `order_point` (m0048): a "questão de ordem" asked from a delegate's phone or
//! written in by the table; it comes first at the table, is given the floor (the telão's timer),
//! answered or dismissed.
super::entity! {
    table "order_point";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// The delegate who asked from their phone; none when the table wrote the name in.
    pub registration_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// What the point is about, in the delegate's words (optional, short).
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
    pub asked_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub dismissed_at: Option<DateTimeUtc>,
}
