//! Entity for table `election_appointment`: a government delegate appointed by the manager (órgão
//! gestor) instead of elected, when the conference's election says so (`election.government`).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "election_appointment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conference_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub registration_id: Uuid,
    /// `titular`, `suplente`.
    #[sea_orm(column_type = "Text")]
    pub seat: String,
    /// 1-based order within the seat, as in the act.
    pub position: i32,
    pub appointed_by: Option<Uuid>,
    pub appointed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
