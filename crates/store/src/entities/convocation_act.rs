//! Entity for table `convocation_act` (see migrations for constraints).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "convocation_act")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub act_type: String,
    #[sea_orm(column_type = "Text")]
    pub number: String,
    pub signed_on: Date,
    /// One signatory per line: "Name — office".
    #[sea_orm(column_type = "Text")]
    pub signatories: String,
    #[sea_orm(column_type = "Text")]
    pub published_in: Option<String>,
    pub file_id: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
