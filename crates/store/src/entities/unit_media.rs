//! Entity for table `unit_media`: a photo, a document (the ata, as PDF) or a video link of a
//! unit, from one of its meetings or from its mobilization in general.
use sea_orm::entity::prelude::*;
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unit_media")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conference_id: Uuid,
    pub unit_id: Uuid,
    pub meeting_id: Option<Uuid>,
    /// `photo`, `document` or `video`.
    #[sea_orm(column_type = "Text")]
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub caption: String,
    /// The re-encoded JPEG or the PDF in `stored_file` (none for a video link).
    pub file_id: Option<Uuid>,
    /// A photo's thumbnail in `stored_file`.
    pub thumb_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub video_url: Option<String>,
    /// Who confirmed that the people shown consented to the use of their image.
    pub consent_by: Option<Uuid>,
    pub uploaded_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// `published`, `pending` (a participant's, waiting for the unit) or `refused`.
    pub status: MediaStatus,
    /// Why the unit refused a participant's item (the sender reads it).
    #[sea_orm(column_type = "Text", nullable)]
    pub review_reason: Option<String>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// Seen by the unit and the commission only (an ata or a list naming people).
    pub internal: bool,
}

status_enum!(
    /// Review state of a unit's photo or video.
    MediaStatus {
        Published => "published",
        Pending => "pending",
        Refused => "refused",
    }
);

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
