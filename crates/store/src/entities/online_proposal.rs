//! Entity for table `online_proposal`: a proposal sent in the etapa digital, until it is brought
//! into a working group of its eixo.
super::entity! {
    table "online_proposal";
    key { pub id: Uuid }
    pub conference_id: Uuid,
    pub eixo_id: Uuid,
    /// `municipal`, `estadual`, `federal`.
    #[sea_orm(column_type = "Text")]
    pub level: String,
    /// `new` or `recommendation`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// The account that sent it.
    pub author_id: Uuid,
    /// How many accounts support it (kept with `online_support` in one transaction).
    pub supports: i32,
    /// How many comments it has, hidden ones included.
    pub comments: i32,
    pub created_at: DateTimeUtc,
    pub hidden_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub hidden_reason: Option<String>,
    pub hidden_by: Option<Uuid>,
    /// The working group's proposal it became (none while waiting for a group).
    pub proposal_id: Option<Uuid>,
}
