//! Entity for table `guiding_question` (see migrations for constraints).
super::entity! {
    table "guiding_question";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub eixo_id: Uuid,
    pub position: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
}
