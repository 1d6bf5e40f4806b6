//! Entity for table `engagement_setting`: the commission's weights of the units' engagement
//! ranking and when it revealed the winners.
super::entity! {
    table "engagement_setting";
    key { pub conference_id: Uuid }
    pub w_people: i32,
    pub w_questionnaires: i32,
    pub w_proposals: i32,
    pub w_meetings: i32,
    pub w_media: i32,
    pub revealed_at: Option<DateTimeUtc>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}
