//! Entity for table `ballot`: what was voted in an electronic vote, keyed by the SHA-256 of the
//! voter's receipt code. No voter and no time.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ballot")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub vote_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false, column_type = "Text")]
    pub receipt_hash: String,
    /// `favor`, `against` or `abstain`.
    #[sea_orm(column_type = "Text")]
    pub choice: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
