//! Entity for table `speaker`: the speakers list of a destaque (for and against), with when
//! each spoke (the timer).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speaker")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub destaque_id: Uuid,
    /// `for` or `against`.
    #[sea_orm(column_type = "Text")]
    pub side: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub position: i32,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
