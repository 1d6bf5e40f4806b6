//! Entity for table `conference_unit`: a unit of the council's network takes part in a
//! conference (its pre-conference, articulators, delegates, ranking). Migration m0042.
super::entity! {
    table "conference_unit";
    key {
        pub conference_id: Uuid,
        pub unit_id: Uuid,
    }
}
