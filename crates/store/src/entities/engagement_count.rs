//! Entity for table `engagement_count`: the counts of a unit the commission confirmed (the only
//! ones that score).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "engagement_count")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub unit_id: Uuid,
    pub people: i32,
    pub questionnaires: i32,
    pub proposals: i32,
    pub meetings: i32,
    pub media: i32,
    pub confirmed_by: Option<Uuid>,
    pub confirmed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
