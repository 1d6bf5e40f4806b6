//! Entity for table `report_alert`: an automatic report deadline alert sent for a conference
//! (`soon` or `late`), once per deadline.
super::entity! {
    table "report_alert";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// `soon` or `late`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    pub deadline: DateTimeUtc,
    /// E-mails queued (the council's secretariat accounts with an e-mail).
    pub recipients: i32,
    pub sent_at: DateTimeUtc,
}
