//! Entity for table `questionnaire_retype`: the second typing of a paper form, compared with the
//! first (`questionnaire_response` and its answers), never written over it until staff choose.
super::entity! {
    table "questionnaire_retype";
    key { pub id: Uuid }
    pub questionnaire_id: Uuid,
    /// The first typing (unique: a form is typed a second time once).
    pub response_id: Uuid,
    /// JSON object: question id → `domain::questionnaire::Answer::encode` (unanswered absent).
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    /// The unit the second typing gave the form.
    pub unit_id: Option<Uuid>,
    pub typed_by: Uuid,
    pub typed_at: DateTimeUtc,
    /// `same` (both typings agree), NULL (a difference waiting), `first` or `second` (kept).
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTimeUtc>,
}
