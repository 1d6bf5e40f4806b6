//! Entity for table `data_request`: a data subject's request about their own registration
//! (LGPD art. 18), such as a correction. `text` and `response` are personal data: never logged,
//! wiped when the registration is anonymized.
use sea_orm::entity::prelude::*;
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_request")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    /// `correction`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// `open`, `done`.
    pub status: RequestStatus,
    pub created_at: DateTimeUtc,
    pub handled_by: Option<Uuid>,
    pub handled_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub response: Option<String>,
}

/// Debug without the texts, so they can never reach a log.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("data_request")
            .field("id", &self.id)
            .field("registration_id", &self.registration_id)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

status_enum!(
    /// State of a data subject's request: open until the staff answers it.
    RequestStatus {
        Open => "open",
        Done => "done",
    }
);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
