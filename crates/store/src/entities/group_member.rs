//! Entity for table `group_member`: a person in a working group (one group per person and
//! conference: a unique index).
super::entity! {
    table "group_member";
    key {
        pub group_id: Uuid,
        pub registration_id: Uuid,
    }
    pub conference_id: Uuid,
}
