//! Entity for table `body_seat`: one seat of a standing body for one mandate, with its titular
//! and suplente (m0053).
super::entity! {
    table "body_seat";
    key { pub id: Uuid }
    pub body_id: Uuid,
    /// `domain::values::Segment::code`.
    #[sea_orm(column_type = "Text")]
    pub segment: String,
    #[sea_orm(column_type = "Text")]
    pub organization: String,
    #[sea_orm(column_type = "Text")]
    pub titular_name: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub titular_email: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub suplente_name: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub suplente_email: Option<String>,
    pub mandate_start: Date,
    pub mandate_end: Date,
    /// The act that appointed them ("Decreto nº 1.234/2025").
    #[sea_orm(column_type = "Text")]
    pub act: String,
    /// Ended before the mandate's end (a replacement, a resignation).
    pub ended_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub end_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A technical chamber's seat: the member municipality whose manager sits in it (m0056).
    pub entity_id: Option<Uuid>,
}
