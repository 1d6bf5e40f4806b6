//! Entity for table `systematization_member`: a received proposal in a systematization group
//! (one group at most per received proposal).
super::entity! {
    table "systematization_member";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub group_id: Uuid,
    pub received_proposal_id: Uuid,
}
