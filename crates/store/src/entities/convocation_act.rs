//! Entity for table `convocation_act` (see migrations for constraints).
super::entity! {
    table "convocation_act";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub act_type: String,
    #[sea_orm(column_type = "Text")]
    pub number: String,
    pub signed_on: Date,
    /// One signatory per line: "Name — office".
    #[sea_orm(column_type = "Text")]
    pub signatories: String,
    #[sea_orm(column_type = "Text")]
    pub published_in: Option<String>,
    pub file_id: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
}
