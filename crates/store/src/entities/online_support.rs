//! Entity for table `online_support`: one account's support of an etapa-digital proposal.
super::entity! {
    table "online_support";
    key {
        pub proposal_id: Uuid,
        pub account_id: Uuid,
    }
    pub created_at: DateTimeUtc,
}
