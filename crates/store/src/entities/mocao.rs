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
    pub status: MocaoStatus,
    pub vote_id: Option<Uuid>,
    pub decided_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

status_enum!(
    /// State of a moção: collecting signatures, then admitted or not by the relatoria, then approved or rejected by the plenary.
    MocaoStatus {
        Collecting => "collecting",
        Admitted => "admitted",
        NotAdmitted => "not_admitted",
        Approved => "approved",
        Rejected => "rejected",
    }
);

impl From<domain::plenary::Outcome> for MocaoStatus {
    /// The state an admitted moção takes from the result of its vote.
    fn from(o: domain::plenary::Outcome) -> Self {
        match o {
            domain::plenary::Outcome::Approved => MocaoStatus::Approved,
            domain::plenary::Outcome::Rejected => MocaoStatus::Rejected,
        }
    }
}
