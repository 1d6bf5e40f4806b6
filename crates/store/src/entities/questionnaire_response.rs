//! Entity for table `questionnaire_response`: one person's answers to a questionnaire.
super::entity! {
    table "questionnaire_response";
    key { pub id: Uuid }
    pub questionnaire_id: Uuid,
    pub conference_id: Uuid,
    /// `online`, `phone` (a paired delegate phone) or `paper`.
    #[sea_orm(column_type = "Text")]
    pub channel: String,
    /// The paper form's number (paper only; unique per questionnaire).
    pub form_number: Option<i32>,
    /// Who typed a paper form in.
    pub typed_by: Option<Uuid>,
    /// SHA-256 of the questionnaire and the person's registration (identified answers only).
    #[sea_orm(column_type = "Text", nullable)]
    pub respondent_key: Option<String>,
    pub unit_id: Option<Uuid>,
    pub territory_id: Option<Uuid>,
    pub submitted_at: DateTimeUtc,
}
