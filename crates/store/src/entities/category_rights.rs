//! Entity for table `category_rights`: what one participant category may do at one conference
//! (unique per conference and category; absent = `domain::participants::default_rights`).
super::entity! {
    table "category_rights";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    /// `delegado`, `convidado`, `observador` (`domain::values::Category` codes).
    #[sea_orm(column_type = "Text")]
    pub category: String,
    /// Voz.
    pub voice: bool,
    /// Voto.
    pub vote: bool,
    /// May be elected delegate to the next stage.
    pub may_be_elected: bool,
    /// A short free text such as "até 20 vagas".
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub updated_at: DateTimeUtc,
}
