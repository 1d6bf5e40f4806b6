//! Use cases of conferencia, per capability. Handlers call these; these call the store.

pub mod accounts;
pub mod admin;
pub mod attendance;
pub mod auth;
pub mod categories;
pub mod certificates;
pub mod chain;
pub mod credentialing;
pub mod dashboard;
pub mod demo;
pub mod demo_history;
pub mod devices;
pub mod documents;
pub mod elections;
pub mod engagement;
pub mod events;
pub mod final_plenary;
pub mod followup;
pub mod groups;
pub mod import;
pub mod mail;
pub mod media;
pub mod mocoes;
pub mod my_data;
pub mod online;
pub mod package;
pub mod participants;
pub mod passwords;
pub mod pdf;
pub mod plenary;
pub mod priorities;
pub mod privacy;
pub mod public;
pub mod questionnaire_paper;
pub mod questionnaires;
pub mod reminders;
pub mod report;
pub mod report_photos;
pub mod seal;
pub mod seats;
pub mod secrets;
pub mod setup;
pub mod systematization;
pub mod tenancy;
pub mod territorial;
pub mod tokens;
pub mod unit_media;
pub mod unit_posts;
pub mod unit_proposals;
pub mod units;
pub mod voting;
pub mod workbook;

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
