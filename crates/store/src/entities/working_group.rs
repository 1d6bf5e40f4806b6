//! Entity for table `working_group`: a group of the final stage's working groups, for one eixo.
super::entity! {
    table "working_group";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub eixo_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    /// Registrations holding the roles.
    pub facilitator_id: Option<Uuid>,
    pub rapporteur_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}
