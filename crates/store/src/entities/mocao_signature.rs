//! Entity for table `mocao_signature`: a delegate's signature on a moção (from the app or typed
//! from the paper form).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mocao_signature")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub mocao_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub registration_id: Uuid,
    /// `app` or `paper`.
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub signed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
