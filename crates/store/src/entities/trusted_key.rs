//! Entity for table `trusted_key`: an ed25519 public key of another installation whose signed
//! report packages this conference accepts.
super::entity! {
    table "trusted_key";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// Whose key it is ("Instalação do município de …").
    #[sea_orm(column_type = "Text")]
    pub label: String,
    /// 64 hex digits.
    #[sea_orm(column_type = "Text")]
    pub public_key: String,
    pub added_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
