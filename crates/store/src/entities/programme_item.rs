//! Entity for table `programme_item` (m0046): one item of the conference day's programme
//! (programação), public at `/c/{slug}/programacao` and printed in the participant kit.
super::entity! {
    table "programme_item";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// `opening`, `keynote`, `groups`, `final_plenary`, `election`, `break`, `other`
    /// (`domain::values::ProgrammeKind`).
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub place: Option<String>,
    /// Who speaks (the palestra magna's speaker; optional for other items).
    #[sea_orm(column_type = "Text")]
    pub speaker_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub speaker_role: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}
