//! Use cases of conferencia, per capability. Handlers call these; these call the store.

pub mod accounts;
pub mod demo;
pub mod public;
pub mod tenancy;

pub use store::{Db, Error};
