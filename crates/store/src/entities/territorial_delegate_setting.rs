//! Entity for table `territorial_delegate_setting`: whether the conference's pre-conferences
//! elect territorial delegates and how many titulares each unit elects (absent = not enabled).
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "territorial_delegate_setting")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub conference_id: Uuid,
    pub enabled: bool,
    pub seats_per_unit: i32,
    /// What the regimento says (parity per segment, who votes): shown to the articulators.
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
