//! Entity for table `registration_receipt` (m0044): the receipt of an accepted public form,
//! reached at `/c/{slug}/inscricao/recibo/{token}`. `form_key` is the key the form carried (one
//! receipt per form sent, however many times). Points to the registration or the attempt.
super::entity! {
    table "registration_receipt";
    debug(conference_id, registration_id, attempt_id, created_at);
    key { #[sea_orm(column_type = "Text")] pub token: String }
    pub conference_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub form_key: String,
    pub registration_id: Option<Uuid>,
    pub attempt_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
