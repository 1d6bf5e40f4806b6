//! Entity for table `certificate`: a certificate of participation, found by its verification code.
super::entity! {
    table "certificate";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    /// `ABCD-EFGH-JKLM`, unique across the instance.
    #[sea_orm(column_type = "Text")]
    pub code: String,
    pub hours: i32,
    pub issued_at: DateTimeUtc,
}
