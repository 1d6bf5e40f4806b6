//! Entity for table `app_secret`: instance-wide keys shared by every instance (e.g. badge tokens).
super::entity! {
    table "app_secret";
    key {
        #[sea_orm(column_type = "Text")]
        pub name: String,
    }
    #[sea_orm(column_type = "Text")]
    pub value: String,
    pub created_at: DateTimeUtc,
}
