//! Entity for table `working_group`: a group of the final stage's working groups, for one eixo.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "working_group")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub eixo_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// Registrations holding the roles.
    pub facilitator_id: Option<Uuid>,
    pub rapporteur_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
