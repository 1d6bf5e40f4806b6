//! Entity for table `questionnaire_answer`: the answer to one question in one response
//! (`domain::questionnaire::Answer::encode`).
super::entity! {
    table "questionnaire_answer";
    key {
        pub response_id: Uuid,
        pub question_id: Uuid,
    }
    #[sea_orm(column_type = "Text")]
    pub value: String,
}
