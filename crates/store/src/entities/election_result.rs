//! Entity for table `election_result`: an elected delegate (quota swaps applied) and, once
//! carried, the registration they became in the parent conference.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_result")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conference_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub registration_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    /// `titular`, `suplente`.
    #[sea_orm(column_type = "Text")]
    pub seat: String,
    pub position: i32,
    pub votes: i32,
    /// Became titular by the quota adjustment (sensitive: shown only to the table, as counts in
    /// public).
    pub by_quota: bool,
    pub carried_registration_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
