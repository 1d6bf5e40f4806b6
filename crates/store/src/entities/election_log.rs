//! Entity for table `election_log`: the append-only hash chain of one election poll's events
//! (opening, each ballot, the room's counts, closing). `hash` = SHA-256 of `prev_hash`, `seq`,
//! `kind` and `body`.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub poll_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i32,
    /// `open`, `ballots`, `room` or `close`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    /// JSON.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub prev_hash: String,
    #[sea_orm(column_type = "Text")]
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
