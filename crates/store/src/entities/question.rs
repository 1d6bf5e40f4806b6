//! Entity for table `question`: one question of a questionnaire.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "question")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
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

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
