//! Entity for table `report_alert`: an automatic report deadline alert sent for a conference
//! (`soon` or `late`), once per deadline.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_alert")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    /// `soon` or `late`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    pub deadline: DateTimeUtc,
    /// E-mails queued (the council's secretariat accounts with an e-mail).
    pub recipients: i32,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
