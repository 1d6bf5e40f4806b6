//! Entity for table `certificate`: a certificate of participation, found by its verification code.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    /// `ABCD-EFGH-JKLM`, unique across the instance.
    #[sea_orm(column_type = "Text")]
    pub code: String,
    pub hours: i32,
    pub issued_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
