//! Platform administration and the body secretariat: porte of municipalities, regions, bodies,
//! and who holds which role.
//!
//! Like `setup`, every function checks the permission first (`auth::allow`), validates every field
//! into `domain::Invalid`, and writes in one transaction, so bad input writes nothing.
//!
//! People get roles by e-mail or, when they have no e-mail, by a staff-issued username. A new
//! e-mail account gets an invitation with a link to choose a password (a password-reset token
//! valid for [`INVITE_TTL_DAYS`] days); a new username account gets a readable temporary password
//! that is shown once to the staff member and must be changed at the first login. Neither
//! addresses nor passwords are logged.

mod bodies;
mod first_admin;
mod municipalities;
mod people;
mod regions;
mod roles;

pub use bodies::*;
pub use first_admin::*;
pub use municipalities::*;
pub use people::*;
pub use regions::*;
pub use roles::*;

/// An invitation link is valid for this many days.
pub const INVITE_TTL_DAYS: i64 = 7;
/// Most municipalities a search lists.
pub const SEARCH_LIMIT: u64 = 50;

/// The result of an insert, with a unique-index conflict (someone else wrote the same thing
/// just before) turned into the input error `conflict` gives.
fn or_conflict<T>(
    r: Result<T, sea_orm::DbErr>,
    conflict: impl FnOnce() -> domain::Invalid,
) -> Result<T, crate::Fail> {
    r.map_err(|e| match store::Error::from_db(e) {
        store::Error::Conflict(_) => conflict().into(),
        other => other.into(),
    })
}
