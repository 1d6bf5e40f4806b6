//! Entity for table `questionnaire`: a questionnaire of a conference (its evaluation, or a
//! mobilization questionnaire).
super::entity! {
    table "questionnaire";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// `evaluation` or `mobilization`.
    #[sea_orm(column_type = "Text")]
    pub purpose: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub intro: Option<String>,
    /// One answer per registered person (asked for the registration code online).
    pub identified: bool,
    /// `draft`, `open` or `closed`.
    #[sea_orm(column_type = "Text")]
    pub status: QuestionnaireStatus,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

status_enum!(
    /// State of a questionnaire: in preparation, open for answers, or closed.
    QuestionnaireStatus {
        Draft => "draft",
        Open => "open",
        Closed => "closed",
    }
);
