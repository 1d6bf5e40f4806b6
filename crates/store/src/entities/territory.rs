//! Entity for table `territory` (see migrations for constraints).
super::entity! {
    table "territory";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub position: i32,
}
