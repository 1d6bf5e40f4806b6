//! Entity for table `systematization_group`: near-duplicate received proposals of one eixo and
//! level grouped by the state's team, with their merged text (ADR 0019).
super::entity! {
    table "systematization_group";
    key { pub id: Uuid }
    /// The conference whose pool was grouped (the parent of the senders).
    pub conference_id: Uuid,
    pub eixo_number: i32,
    #[sea_orm(column_type = "Text")]
    pub eixo_title: String,
    /// `estadual` or `federal`.
    #[sea_orm(column_type = "Text")]
    pub level: String,
    /// The merged text (starts as the representative member's text).
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// `open`, `reviewed` or `sent`.
    #[sea_orm(column_type = "Text")]
    pub status: GroupStatus,
    /// The similarity threshold that made the group, in hundredths (35 = 0.35).
    pub threshold_pct: i32,
    /// The group's number on the page.
    pub position: i32,
    /// The working group proposal it became, once sent.
    pub proposal_id: Option<Uuid>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

status_enum!(
    /// State of a group of similar proposals: open (in review), reviewed (ready to send) or sent to a working group.
    GroupStatus {
        Open => "open",
        Reviewed => "reviewed",
        Sent => "sent",
    }
);
