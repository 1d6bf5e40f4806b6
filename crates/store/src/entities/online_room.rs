//! Entity for table `online_room`: the video-call link of a working group's debate room.
super::entity! {
    table "online_room";
    key { pub group_id: Uuid }
    #[sea_orm(column_type = "Text")]
    pub video_url: Option<String>,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}
