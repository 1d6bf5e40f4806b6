//! Entity for table `question`: one question of a questionnaire.
super::entity! {
    table "question";
    key { pub id: Uuid }
    pub questionnaire_id: Uuid,
    pub position: i32,
    /// `domain::questionnaire::QuestionKind` code.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// Options of a choice question, one per line.
    #[sea_orm(column_type = "Text")]
    pub options: String,
    pub scale_min: Option<i32>,
    pub scale_max: Option<i32>,
    pub required: bool,
    /// The eixo a mobilization question belongs to, if any.
    pub eixo_id: Option<Uuid>,
}
