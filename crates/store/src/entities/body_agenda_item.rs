//! Entity for table `body_agenda_item`: an item of a meeting's pauta (m0054).
super::entity! {
    table "body_agenda_item";
    key { pub id: Uuid }
    pub meeting_id: Uuid,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// For deliberation (voted); otherwise for information.
    pub deliberative: bool,
    pub created_at: DateTimeUtc,
}
