//! Entity for table `mocao`: a moção proposed at the conference and what became of it.
super::entity! {
    table "mocao";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// `repudio`, `indignacao`, `apoio`, `congratulacao`, `recomendacao`, `reivindicacao`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub addressee: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// The delegate who proposed it (a registration), and how the minutes name them.
    pub author_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub author_label: String,
    /// `collecting` (signatures), `admitted`, `not_admitted`, `approved`, `rejected`.
    #[sea_orm(column_type = "Text")]
    pub status: String,
    pub vote_id: Option<Uuid>,
    pub decided_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}
