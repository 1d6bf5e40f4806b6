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
    /// `aprovado`, `rejeitado`, `retirado`, `adiado` or `informado` (m0055).
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome: Option<String>,
    /// `contado` or `nominal`.
    #[sea_orm(column_type = "Text", nullable)]
    pub vote_mode: Option<String>,
    pub votes_favor: Option<i32>,
    pub votes_against: Option<i32>,
    pub votes_abstain: Option<i32>,
    /// The debate and the declarations of vote.
    #[sea_orm(column_type = "Text", nullable)]
    pub record: Option<String>,
    pub created_at: DateTimeUtc,
}
