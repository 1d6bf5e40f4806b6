//! Entity for table `speaker`: the speakers list of a destaque (for and against), with when
//! each spoke (the timer).
super::entity! {
    table "speaker";
    key { pub id: Uuid }
    pub destaque_id: Uuid,
    /// `for` or `against`.
    #[sea_orm(column_type = "Text")]
    pub side: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub position: i32,
    pub started_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    /// The delegate who asked for the floor from their phone (m0048); none when the table
    /// wrote the name in.
    pub registration_id: Option<Uuid>,
}
