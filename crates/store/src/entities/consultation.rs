//! Entity for table `consultation`: whether a conference's consultation on the proposals is open
//! (m0052). No row = never opened.
super::entity! {
    table "consultation";
    key { pub conference_id: Uuid }
    pub open: bool,
    pub opened_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub changed_by: Option<Uuid>,
}
