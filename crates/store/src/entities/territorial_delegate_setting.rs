//! Entity for table `territorial_delegate_setting`: whether the conference's pre-conferences
//! elect territorial delegates and how many titulares each unit elects (absent = not enabled).
super::entity! {
    table "territorial_delegate_setting";
    key { pub conference_id: Uuid }
    pub enabled: bool,
    pub seats_per_unit: i32,
    /// What the regimento says (parity per segment, who votes): shown to the articulators.
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}
