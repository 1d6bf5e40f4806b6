//! Entity for table `online_stage`: whether the conference's etapa digital is open.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "online_stage")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conference_id: Uuid,
    pub open: bool,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
