//! Entity for table `desk_action`: an action an offline desk queued and sent, kept once per
//! idempotency key (m0057).
super::entity! {
    table "desk_action";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// The device's idempotency key.
    #[sea_orm(column_type = "Text")]
    pub action_key: String,
    /// The desk's name ("Mesa 2").
    #[sea_orm(column_type = "Text")]
    pub desk: String,
    /// `checkin`, `exit` or `walk_in`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    /// The registration code, or a walk-in's provisional code.
    #[sea_orm(column_type = "Text")]
    pub code: String,
    /// The titular's code a suplente replaces, or `ninguem`.
    #[sea_orm(column_type = "Text", nullable)]
    pub replaces: Option<String>,
    pub device_at: DateTimeUtc,
    pub received_at: DateTimeUtc,
    /// `applied`, `already` or `conflict`.
    #[sea_orm(column_type = "Text")]
    pub outcome: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub registration_id: Option<Uuid>,
    /// A walk-in's registration code.
    #[sea_orm(column_type = "Text", nullable)]
    pub result_code: Option<String>,
    pub sent_by: Option<Uuid>,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub resolution: Option<String>,
}
