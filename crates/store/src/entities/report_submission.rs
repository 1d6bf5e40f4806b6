//! Entity for table `report_submission`: one round of a report sent to the parent conference.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "report_submission")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The reporting conference; `None` when the round came in a package from another
    /// installation.
    pub conference_id: Option<Uuid>,
    /// The parent conference that receives it.
    pub parent_id: Uuid,
    /// 1 for the first submission, 2 after one return…
    pub round: i32,
    /// `submitted`, `returned` or `accepted`.
    pub status: SubmissionStatus,
    #[sea_orm(column_type = "Text")]
    pub content_hash: String,
    /// The report as sent (`domain::report::Report`, council audience).
    #[sea_orm(column_type = "Text")]
    pub report_json: String,
    #[sea_orm(column_type = "Text")]
    pub source_title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub source_ibge: Option<String>,
    /// Names of the commission members who confirmed this version, one per line.
    #[sea_orm(column_type = "Text")]
    pub signers: String,
    /// `direct` (same installation) or `package` (signed package imported).
    #[sea_orm(column_type = "Text")]
    pub via: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub package_id: Option<String>,
    pub submitted_by: Option<Uuid>,
    pub submitted_at: DateTimeUtc,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    /// The parent's comment when it returned the report (or accepted with a note).
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
}

status_enum!(
    /// State of one round of a report sent to the parent conference.
    SubmissionStatus {
        Submitted => "submitted",
        Returned => "returned",
        Accepted => "accepted",
    }
);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
