//! Entity for table `unit_post`: what a unit did, published on the public timeline.
super::entity! {
    table "unit_post";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub unit_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
