//! Pure types and rules of conferencia: no I/O.
//!
//! Values are parsed once at the edge (`Slug::parse`, `Email::parse`, …) and carry
//! their guarantee inward; errors are [`FieldError`]s written for a person to read (pt-BR).

pub mod attendance;
pub mod bodies;
pub mod calendar;
pub mod csv_text;
pub mod elections;
pub mod engagement;
pub mod error;
pub mod followup;
pub mod ical;
pub mod ids;
pub mod import;
pub mod menu;
pub mod network;
pub mod online;
pub mod orientation;
pub mod participants;
pub mod plenary;
pub mod policy;
pub mod programme;
pub mod proposals;
pub mod questionnaire;
pub mod report;
pub mod setup;
pub mod systematize;
pub mod text;
pub mod values;

pub use error::{FieldError, Invalid};
