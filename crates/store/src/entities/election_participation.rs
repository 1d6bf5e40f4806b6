//! Entity for table `election_participation`: who voted in a segment's poll. Nothing here leads
//! to the ballot.
super::entity! {
    table "election_participation";
    key {
        pub poll_id: Uuid,
        pub registration_id: Uuid,
    }
}
