//! Entity for table `conference` (see migrations for constraints).
super::entity! {
    table "conference";
    key { pub id: Uuid }
    pub body_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub level: String,
    pub edition: i32,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub cycle_year: i32,
    #[sea_orm(column_type = "Text")]
    pub theme: String,
    #[sea_orm(column_type = "Text")]
    pub lema: Option<String>,
    pub process_starts_on: Date,
    pub process_ends_on: Date,
    pub starts_on: Date,
    pub ends_on: Date,
    #[sea_orm(column_type = "Text")]
    pub venue: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub venue_address: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub format: String,
    #[sea_orm(column_type = "Text")]
    pub time_zone: String,
    pub parent_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub place_name: String,
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
    /// Working groups: a rejected proposal with at least this percentage of the votes cast goes
    /// to the plenary as a minority proposal (none by default).
    pub group_minority_pct: Option<i32>,
    /// Speaking time per speaker on a destaque of the final plenary.
    pub speech_seconds: i32,
    /// The window in which delegates may propose moções (none set: while the conference runs).
    pub mocao_opens_at: Option<DateTimeUtc>,
    pub mocao_closes_at: Option<DateTimeUtc>,
    /// Signatures a moção needs, as a percentage of the delegates present (20 by default).
    pub mocao_signature_pct: i32,
    /// At most this many deliberations per eixo and level go on (none: no cap).
    pub priority_cap: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}
