//! Entity for table `mocao_signature`: a delegate's signature on a moção (from the app or typed
//! from the paper form).
super::entity! {
    table "mocao_signature";
    key {
        pub mocao_id: Uuid,
        pub registration_id: Uuid,
    }
    /// `app` or `paper`.
    #[sea_orm(column_type = "Text")]
    pub source: String,
    pub signed_at: DateTimeUtc,
}
