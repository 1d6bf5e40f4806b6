//! Entity for table `election_candidate`: a delegate standing for election in their segment.
super::entity! {
    table "election_candidate";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub registration_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    pub accepted: bool,
    pub created_at: DateTimeUtc,
}
