//! Entity for table `seat_hold`: who holds a voting seat on a conference day (m0038). `seat_id`
//! is the registration the seat belongs to; `holder_id` is that person or the suplente in their
//! place. At most one open hold (`ended_at` NULL) per seat and per holder per day.
super::entity! {
    table "seat_hold";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub day: Date,
    pub seat_id: Uuid,
    pub holder_id: Uuid,
    pub started_at: DateTimeUtc,
    pub started_by: Option<Uuid>,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<Uuid>,
    /// `returned` (the desk gave the seat back to the titular), `holder_left` (the holder had
    /// left when someone else took the seat).
    #[sea_orm(column_type = "Text", nullable)]
    pub end_reason: Option<String>,
}
