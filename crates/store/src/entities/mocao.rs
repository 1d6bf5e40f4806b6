//! Entity for table `mocao`: a moção proposed at the conference and what became of it.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mocao")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    /// `repudio`, `indignacao`, `apoio`, `congratulacao`, `recomendacao`, `reivindicacao`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub addressee: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// The delegate who proposed it (a registration), and how the minutes name them.
    pub author_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub author_label: String,
    /// `collecting` (signatures), `admitted`, `not_admitted`, `approved`, `rejected`.
    #[sea_orm(column_type = "Text")]
    pub status: String,
    pub vote_id: Option<Uuid>,
    pub decided_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
