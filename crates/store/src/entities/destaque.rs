//! Entity for table `destaque` (see migrations for constraints).
super::entity! {
    table "destaque";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub article_number: i32,
    #[sea_orm(column_type = "Text")]
    pub draft_text: String,
    /// `modify` or `suppress`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub proposed_text: Option<String>,
    /// Who raised it, as said at the microphone (a delegate's name or registration code).
    #[sea_orm(column_type = "Text", nullable)]
    pub raised_by: Option<String>,
    pub recorded_by: Option<Uuid>,
    /// `open`, `approved` or `rejected`.
    #[sea_orm(column_type = "Text")]
    pub status: String,
    pub vote_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
