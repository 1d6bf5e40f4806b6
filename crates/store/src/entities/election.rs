//! Entity for table `election`: a conference's delegate-election settings and computed summary.
super::entity! {
    table "election";
    key { pub conference_id: Uuid }
    /// `Porte` code the seats were taken from, if any.
    #[sea_orm(column_type = "Text", nullable)]
    pub porte: Option<String>,
    pub titulares: i32,
    /// `entity` (the municipality's porte in the sample table), `state` (the porte in the parent
    /// conference's published table, `seat_table`) or `manual`.
    #[sea_orm(column_type = "Text")]
    pub seats_source: String,
    /// `TieRule` code.
    #[sea_orm(column_type = "Text")]
    pub tie_rule: String,
    /// The draw's seed (recorded so anyone can recompute a draw).
    pub seed: i64,
    pub computed_at: Option<DateTimeUtc>,
    /// JSON: quota minimum and count, swaps, ties (ids only).
    #[sea_orm(column_type = "Text", nullable)]
    pub summary: Option<String>,
    pub carried_at: Option<DateTimeUtc>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
    /// `GovernmentSeats` code: `elected` (the government segment votes) or `appointed` (by the
    /// manager, `election_appointment`).
    #[sea_orm(column_type = "Text")]
    pub government: String,
    /// The act that appointed the government's delegates ("Portaria SMAS nº 12/2027").
    #[sea_orm(column_type = "Text", nullable)]
    pub government_act: Option<String>,
    /// JSON `[(titulares, suplentes); 4]` per segment (government, users, workers, entities) when
    /// the seats came from the state's table; null: one suplente per titular (m0045).
    #[sea_orm(column_type = "Text", nullable)]
    pub seat_table: Option<String>,
}
