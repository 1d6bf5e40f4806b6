//! Entity for table `unit_meeting` (see migrations for constraints).
super::entity! {
    table "unit_meeting";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub stage_id: Uuid,
    pub unit_id: Uuid,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub place: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub online_url: Option<String>,
    /// `scheduled`, `held` or `cancelled`.
    #[sea_orm(column_type = "Text")]
    pub status: MeetingStatus,
    pub participants: Option<i32>,
    /// Attendance by segment (all four, or none): government, users, workers, entities.
    pub att_government: Option<i32>,
    pub att_users: Option<i32>,
    pub att_workers: Option<i32>,
    pub att_entities: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub report_note: Option<String>,
    pub reported_at: Option<DateTimeUtc>,
    pub reported_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

status_enum!(
    /// State of a unit's meeting with its users.
    MeetingStatus {
        Scheduled => "scheduled",
        Held => "held",
        Cancelled => "cancelled",
    }
);
