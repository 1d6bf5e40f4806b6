//! The units' media: instead of e-mailing them to the commission, a unit's
//! articulator uploads photos, documents (the ata of a meeting, as PDF) and video links, from one
//! of its meetings or from its mobilization in general. What a file is comes from its first bytes,
//! never from its name; a name that promises something else is refused. Photos are re-encoded
//! (EXIF and GPS dropped, at most 1600 px) with a 320 px thumbnail (`app::platform::media`); a PDF is kept
//! as sent (at most 10 MB); a video is never uploaded (a phone video is hundreds of MB on a weak
//! connection): it is a link to where it is published. Photos and videos need the confirmation
//! that the people shown consented to the use of their image.
//!
//! The gallery is public on the unit's public page; the commission picks photos for the final
//! report, which keeps its own copy (`report_photos::insert_in`).
//!
//! Participants contribute too (`contribute`): any logged-in person sends a photo, a PDF or a
//! video link to a unit's gallery from the unit's public page, with the same checks. It waits
//! (`pending`) for the unit's articulator or the commission (`review`): published, it joins the
//! gallery like the unit's own items; refused, its files are deleted at once and the sender reads
//! the reason in "Minhas participações". Until it is published only the sender and the unit see
//! it, file included.

use serde::{Deserialize, Serialize};

mod commission;
mod listing;
mod review;
mod upload;

pub use commission::*;
pub use listing::*;
pub use review::*;
pub use upload::*;

/// Longest caption.
pub const MAX_CAPTION: usize = 200;
/// Largest file a unit uploads (a photo before re-encoding, or a PDF).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// How many of one person's contributions may wait for review at once, in a conference.
pub const MAX_PENDING_PER_PERSON: u64 = 10;

/// The review states of an item: `Published` (everyone sees it), `Pending` (a participant's item
/// waiting for the unit) or `Refused` (the unit refused it; files deleted).
pub use store::entities::unit_media::MediaStatus;

/// The upload form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MediaInput {
    pub caption: String,
    /// "sim" when the consent box is ticked.
    pub consent: String,
    pub video_url: String,
    /// The meeting it records (empty: the unit's mobilization in general).
    pub meeting_id: String,
    /// "sim": only the unit and the commission see it (an ata or a list naming people).
    pub internal: String,
}

/// One item of a gallery.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    /// `photo`, `document` or `video`.
    pub kind: String,
    pub kind_label: &'static str,
    pub caption: String,
    pub video_url: Option<String>,
    pub unit_name: String,
    /// The meeting it records, as "12/03/2025".
    pub meeting: Option<String>,
    /// The commission chose it for the final report.
    pub in_report: bool,
    /// Only the unit and the commission see it.
    pub internal: bool,
}

fn kind_label(k: &str) -> &'static str {
    match k {
        "photo" => "Foto",
        "document" => "Documento (PDF)",
        "video" => "Vídeo (link)",
        _ => "",
    }
}
