//! Entity for table `priority_choice`: a delegate's choice of a proposal as a priority of its
//! eixo and level.
super::entity! {
    table "priority_choice";
    key {
        pub proposal_id: Uuid,
        pub registration_id: Uuid,
    }
    pub conference_id: Uuid,
    pub chosen_at: DateTimeUtc,
}
