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
    pub status: DestaqueStatus,
    pub vote_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

status_enum!(
    /// State of a destaque (of the regimento or of a proposal): open until voted or withdrawn.
    DestaqueStatus {
        Open => "open",
        Approved => "approved",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
    }
);

impl From<domain::plenary::Outcome> for DestaqueStatus {
    /// The state a destaque takes from the result of its vote.
    fn from(o: domain::plenary::Outcome) -> Self {
        match o {
            domain::plenary::Outcome::Approved => DestaqueStatus::Approved,
            domain::plenary::Outcome::Rejected => DestaqueStatus::Rejected,
        }
    }
}
