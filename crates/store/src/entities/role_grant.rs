//! Entity for table `role_grant` (see migrations for constraints).
super::entity! {
    table "role_grant";
    key { pub id: Uuid }
    pub account_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub role: String,
    pub body_id: Option<Uuid>,
    pub conference_id: Option<Uuid>,
    pub unit_id: Option<Uuid>,
    /// The council act that appointed a territorial articulator ("Resolução CMAS nº 5/2025").
    #[sea_orm(column_type = "Text", nullable)]
    pub appointment_act: Option<String>,
    pub created_at: DateTimeUtc,
}
