//! Entity for table `region_member` (see migrations for constraints).
super::entity! {
    table "region_member";
    key {
        pub region_id: Uuid,
        pub entity_id: Uuid,
    }
}
