//! Importing participants from the spreadsheets councils keep (natural delegates from the
//! council's membership, delegates elected in the territories, guest lists): CSV in UTF-8, UTF-16
//! or Windows-1252 with `;`, `,` or tab, and XLSX/ODS (read within caps by `crate::platform::workbook`; XLS
//! and XLSB are refused with a message). First a preview with each row's problems
//! in pt-BR; then the valid rows go in one transaction. Importing the same file again creates
//! nothing new: each row carries an `import_key` derived from the person (CPF, or name and date of
//! birth), unique per conference.
//!
//! The uploaded file waits in `import_upload` between preview and commit (any instance can serve
//! either step) and is deleted after 24 hours.

mod cli;
mod evaluate;
mod sheet;
mod upload;

pub use cli::*;
pub use evaluate::*;
pub use sheet::*;
pub use upload::*;

use crate::Fail;
use crate::participants::registration::{RegistrationInput, Source, Valid, insert, validate};
use crate::platform::auth::{Me, authorize};
use chrono::{Duration, Utc};
use domain::FieldError;
use domain::import::{self as rules, Field};
use domain::policy::Action;
use domain::text::search_key;
use domain::values::{Category, Cpf, DelegateOrigin};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use store::Db;
use store::entities::{conference, import_upload, registration};
use uuid::Uuid;
