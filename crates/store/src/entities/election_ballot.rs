//! Entity for table `election_ballot`: one secret vote for a candidate, keyed by the SHA-256 of the
//! voter's random receipt code bound to the poll (a random key for polls opened before receipts).
//! No voter and no time.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_ballot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub poll_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub ballot_key: String,
    pub candidate_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
