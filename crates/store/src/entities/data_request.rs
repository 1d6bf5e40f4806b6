//! Entity for table `data_request`: a data subject's request about their own registration
//! (LGPD art. 18), such as a correction. `text` and `response` are personal data: never logged,
//! wiped when the registration is anonymized.
super::entity! {
    table "data_request";
    // Debug without the texts, so they can never reach a log.
    debug(id, registration_id, kind, status);
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    /// `correction`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// `open`, `done`.
    #[sea_orm(column_type = "Text")]
    pub status: RequestStatus,
    pub created_at: DateTimeUtc,
    pub handled_by: Option<Uuid>,
    pub handled_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub response: Option<String>,
}

status_enum!(
    /// State of a data subject's request: open until the staff answers it.
    RequestStatus {
        Open => "open",
        Done => "done",
    }
);
