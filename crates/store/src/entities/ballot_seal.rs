//! Entity for table `ballot_seal`: the salt of an open secret vote's or poll's key (`scope_id` is
//! the `plenary_vote` or `election_poll` id) and a check value of that key. Deleted at closing.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot_seal")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope_id: Uuid,
    /// 32 random bytes, hex.
    #[sea_orm(column_type = "Text")]
    pub salt: String,
    /// HMAC of a fixed label under the derived key, hex: which key sealed this vote's ballots.
    #[sea_orm(column_type = "Text")]
    pub key_check: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
