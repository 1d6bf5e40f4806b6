//! Entity for table `mail_outbox` (see migrations for constraints).
super::entity! {
    table "mail_outbox";
    key { pub id: Uuid }
    #[sea_orm(column_type = "Text")]
    pub to_addr: String,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    pub attempts: i32,
    #[sea_orm(column_type = "Text")]
    pub last_error: Option<String>,
    /// When a pending e-mail may next be tried (a worker's lease, or the backoff after a failure).
    pub next_attempt_at: Option<DateTimeUtc>,
}
