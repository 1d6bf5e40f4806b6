//! Entity for table `registration_attempt` (m0041): a public registration with a CPF that another
//! registration of the conference already holds. Name, e-mail, phone and date of birth are what
//! the person typed (personal data: never logged); `code` is the receipt code they were given.
super::entity! {
    table "registration_attempt";
    // Debug without the personal data, so it can never reach a log.
    debug(id, registration_id, resolved_at);
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// The registration holding the CPF.
    pub registration_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub code: String,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub social_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub phone: Option<String>,
    pub birth_date: Option<Date>,
    /// Category, segment and accessibility needs (codes, comma-separated) typed (m0044), for the
    /// receipt and the desk.
    #[sea_orm(column_type = "Text")]
    pub category: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub segment: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub needs: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub needs_other: Option<String>,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<Uuid>,
}
