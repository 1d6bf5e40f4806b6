//! The final report and its way up (ADR 0016).
//!
//! - [`assemble`] reads everything the report needs inside one snapshot transaction
//!   (`Db::snapshot`), so a report generated while people keep working is consistent with one
//!   moment, and returns a `domain::report::Report` for one audience. The writers are in
//!   `crates/reports`.
//! - The commission types what the data cannot say ([`save_draft`]: total hours, accessibility
//!   resources offered, notes).
//! - A version of the report is named by [`content_hash`] (SHA-256 of its council-audience JSON
//!   without the generation time). Commission members confirm a version ([`sign_off`]); a change
//!   to the data makes a new version that needs new confirmations.
//! - [`submit`] sends the confirmed version to the parent conference: refused with every missing
//!   section named, without [`MIN_SIGNOFFS`] confirmations, or while a round waits; sending the
//!   same version twice gives back the same round.
//! - The parent's team sees its inbox ([`inbox`]), runs the checks ([`review`]: every section,
//!   parity of the delegation, deadline), and [`decide`]s: return with a comment, or accept. On
//!   acceptance, in the same transaction, the elected become registrations of the parent
//!   (`elections::carry_in`) and the deliberations addressed to the state or federal level enter
//!   its pool (`received_proposal`).

mod assemble;
mod deliberations;
mod draft;
mod parent;
mod sending;

pub use assemble::*;
pub use deliberations::*;
pub use draft::*;
pub use parent::*;
pub use sending::*;

/// Confirmations by commission members a version needs before it is submitted.
pub const MIN_SIGNOFFS: usize = 2;
