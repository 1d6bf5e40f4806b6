//! Entity for table `plenary_vote` (see migrations for constraints).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plenary_vote")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    /// `regimento_destaque` or `regimento_block`.
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    pub subject_id: Option<Uuid>,
    /// `analog` (counted at the table).
    #[sea_orm(column_type = "Text")]
    pub channel: String,
    pub present: i32,
    pub credentialed: i32,
    #[sea_orm(column_type = "Text")]
    pub quorum_rule: String,
    pub favor: i32,
    pub against: i32,
    pub abstain: i32,
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
