//! Entity for table `report_signoff`: a commission member confirmed one version of the report
//! (the SHA-256 of its council-audience JSON).
super::entity! {
    table "report_signoff";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub account_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub content_hash: String,
    pub confirmed_at: DateTimeUtc,
}
