//! Entity for table `roll_call_answer` (m0047): a remote delegate's "Estou presente" to a roll
//! call, and when they left the remote plenary or lapsed (no sign of their device for longer
//! than the rules allow).
super::entity! {
    table "roll_call_answer";
    key {
        pub roll_call_id: Uuid,
        pub registration_id: Uuid,
    }
    pub answered_at: DateTimeUtc,
    pub left_at: Option<DateTimeUtc>,
    pub lapsed_at: Option<DateTimeUtc>,
}
