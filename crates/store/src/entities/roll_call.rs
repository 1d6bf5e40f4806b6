//! Entity for table `roll_call` (m0047): the table's roll call ("chamada") of a conference day.
//! Remote delegates answer "Estou presente" while it is open; the latest roll call of the day is
//! the one whose answers make remote presence. At most one open per conference.
super::entity! {
    table "roll_call";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub day: Date,
    #[sea_orm(column_type = "Text")]
    pub status: RollCallStatus,
    pub opened_at: DateTimeUtc,
    /// Answers are taken until then (or until the table closes it earlier).
    pub closes_at: DateTimeUtc,
    pub opened_by: Option<Uuid>,
}

status_enum!(
    /// State of a roll call: open while answers are taken.
    RollCallStatus {
        Open => "open",
        Closed => "closed",
    }
);
