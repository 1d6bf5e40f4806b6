//! Entity for table `online_stage`: whether the conference's etapa digital is open.
super::entity! {
    table "online_stage";
    key { pub conference_id: Uuid }
    pub open: bool,
    pub changed_by: Option<Uuid>,
    pub changed_at: DateTimeUtc,
}
