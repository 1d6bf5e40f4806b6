//! Entity for table `received_proposal`: a deliberation addressed to the state or federal level
//! that an accepted report brought into the parent conference's pool.
super::entity! {
    table "received_proposal";
    key { pub id: Uuid }
    /// The receiving (parent) conference.
    pub conference_id: Uuid,
    pub submission_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub source_title: String,
    pub eixo_number: i32,
    #[sea_orm(column_type = "Text")]
    pub eixo_title: String,
    /// `estadual` or `federal`.
    #[sea_orm(column_type = "Text")]
    pub level: String,
    /// The deliberation's code in its report ("E1-E-2").
    #[sea_orm(column_type = "Text")]
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub priority: Option<i32>,
    /// JSON array of the origins in the sending conference.
    #[sea_orm(column_type = "Text")]
    pub origins: String,
    pub created_at: DateTimeUtc,
}
