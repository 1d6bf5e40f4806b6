//! Entity for table `sealed_ballot`: a ballot of an open secret vote or poll, unreadable without
//! the vote's key: `lookup` is the HMAC of the receipt hash, `sealed` the receipt hash and the
//! choice encrypted (hex, one length for every choice). No voter, no time. Deleted at closing.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sealed_ballot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub lookup: String,
    #[sea_orm(column_type = "Text")]
    pub sealed: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
