//! Entity for table `region_campaign_action`: what one member municipality did for a regional
//! campaign (m0056).
super::entity! {
    table "region_campaign_action";
    key { pub id: Uuid }
    pub campaign_id: Uuid,
    /// The municipality (`federative_entity`).
    pub entity_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub happened_on: Date,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub people_reached: i32,
    pub materials_given: Option<i32>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
