//! Entity for table `body_named_vote`: a seat's choice in a named vote (m0055).
super::entity! {
    table "body_named_vote";
    key { pub item_id: Uuid, pub seat_id: Uuid }
    /// `favor`, `contra` or `abstencao`.
    #[sea_orm(column_type = "Text")]
    pub choice: String,
}
