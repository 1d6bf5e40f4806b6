//! Entity for table `election_room_count`: votes per candidate counted in the room (paper or
//! raised badges), typed by the table.
super::entity! {
    table "election_room_count";
    key {
        pub poll_id: Uuid,
        pub candidate_id: Uuid,
    }
    pub votes: i32,
}
