//! Entity for table `unit_post_media`: a gallery item shown with a unit's post.
super::entity! {
    table "unit_post_media";
    key { pub id: Uuid }
    pub post_id: Uuid,
    pub media_id: Uuid,
}
