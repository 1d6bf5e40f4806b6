//! Entity for table `unit_reminder`: an automatic reminder sent to a unit's articulators, once
//! per (unit, stage or meeting, kind).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_reminder")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub unit_id: Uuid,
    /// The stage (`unscheduled`) or the meeting (`meeting`, `report`).
    pub ref_id: Uuid,
    /// `unscheduled`, `meeting` or `report`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    /// E-mails queued.
    pub recipients: i32,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
