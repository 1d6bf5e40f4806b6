//! Entity for table `engagement_count`: the counts of a unit the commission confirmed (the only
//! ones that score).
super::entity! {
    table "engagement_count";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub unit_id: Uuid,
    pub people: i32,
    pub questionnaires: i32,
    pub proposals: i32,
    pub meetings: i32,
    pub media: i32,
    pub confirmed_by: Option<Uuid>,
    pub confirmed_at: DateTimeUtc,
}
