//! Entity for table `vote_participation`: who voted in an electronic vote (one row per vote and
//! registration). `choice` is filled only in a named vote; in a secret vote nothing here leads
//! to the `ballot` row.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "vote_participation")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub vote_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub registration_id: Uuid,
    #[sea_orm(column_type = "Text", nullable)]
    pub choice: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
