//! Standing bodies all year (issue 24): a council or a regional technical chamber keeps its own
//! records here, between conferences: its members and their mandates (`members`), its meetings
//! with their calendar, pauta, documents and convocation (`meetings`), the meeting itself and
//! its ata (`sessions`), its resolutions (`resolutions`), and a consortium's regional campaigns
//! (`campaigns`).

pub mod campaigns;
pub mod meetings;
pub mod members;
pub mod resolutions;
pub mod sessions;
