//! Entity for table `conference_act`: the resolution that made an act of a conference (m0055).
super::entity! {
    table "conference_act";
    key {
        pub conference_id: Uuid,
        /// `domain::bodies::ConferenceAct::code`.
        #[sea_orm(column_type = "Text")]
        pub act: String,
    }
    pub resolution_id: Uuid,
    pub linked_at: DateTimeUtc,
}
