//! Use cases of conferencia, per capability. Handlers call these; these call the store.

pub mod bodies;
pub mod demo;
pub mod mobilization;
pub mod participants;
pub mod platform;
pub mod plenary;
pub mod reporting;
pub mod setup;

pub use domain::Invalid;
pub use store::{Db, Error};

/// Why a use case did not happen. Nothing was written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum Fail {
    /// Bad input: every problem, per field, in pt-BR (HTTP 422).
    #[error("invalid input: {0}")]
    Invalid(Invalid),
    /// Nobody is logged in (HTTP 401 / redirect to the login page).
    #[error("login required")]
    NeedsLogin,
    /// Logged in without the permission (HTTP 403).
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(store::Error),
}

impl From<store::Error> for Fail {
    fn from(e: store::Error) -> Self {
        match e {
            store::Error::NotFound => Fail::NotFound,
            other => Fail::Store(other),
        }
    }
}

impl From<sea_orm::DbErr> for Fail {
    fn from(e: sea_orm::DbErr) -> Self {
        Fail::from(store::Error::from_db(e))
    }
}

impl From<Invalid> for Fail {
    fn from(e: Invalid) -> Self {
        Fail::Invalid(e)
    }
}

impl From<domain::FieldError> for Fail {
    fn from(e: domain::FieldError) -> Self {
        Fail::Invalid(e.into())
    }
}
