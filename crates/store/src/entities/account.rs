//! Entity for table `account` (see migrations for constraints).
super::entity! {
    table "account";
    key { pub id: Uuid }
    #[sea_orm(column_type = "Text")]
    pub email: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub username: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub display_name: String,
    #[sea_orm(column_type = "Text")]
    pub password_hash: String,
    pub disabled: bool,
    /// Set for a staff-issued temporary password: replaced at the first login.
    pub must_change_password: bool,
    pub created_at: DateTimeUtc,
}
