//! LGPD self-service (art. 18): a registered person sees every piece of data held about them,
//! downloads it as JSON, and asks for a correction, on the public page `/c/{slug}/meus-dados`;
//! the secretariat and the organizing commission answer the requests (`HandleDataRequests`).
//!
//! Proof of identity (ADR 0008, changed by issue 19): the registration code (receipt, badge) plus
//! the CPF or the date of birth given with it opens the data on the page. Each is compared as a
//! SHA-256 digest without early exit, the same work is done when the code is unknown, every
//! refusal has the same message ([`DENIED`]), and failed attempts are counted per conference and
//! code in the shared `rate_limit` table (the login limit: 5 per 15 minutes). After the proof, the
//! page carries a signed access token valid [`ACCESS_TTL_MIN`] minutes (no CPF, no code) for the
//! download and the correction form. Nothing here logs the code, the CPF or any text typed by the
//! person.
//!
//! The code is printed on the badge people wear, and colleagues often know an e-mail; the data
//! includes the CPF and the quota self-declarations (LGPD art. 11). So code + e-mail does not open
//! anything on the page: it sends a single-use link, valid [`LINK_TTL_MIN`] minutes, to the
//! registration's e-mail ([`LINK_SENT`], the same answer whether or not the pair matched; only the
//! SHA-256 of the link's token is stored, in `data_access_link`). Every e-mail request counts
//! against the code (5 per 15 minutes), matched or not, and a registration gets at most
//! [`LINK_LIMIT`] links an hour.
//!
//! A code given for a public registration with a CPF already registered (an attempt,
//! `crate::participants::registration`) with a proof that fits it gets [`PENDING`]: the desk resolves it.

mod access;
mod gather;
mod proof;
mod requests;
mod types;

pub use access::*;
use gather::*;
pub use proof::*;
pub use requests::*;
pub use types::*;

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::{Category, Cpf, DelegateOrigin, QuotaGroup, Seat, Segment};
use domain::{FieldError, Invalid};
use hmac::Mac;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use sha2::{Digest, Sha256};
use store::Db;
use store::entities::data_request::RequestStatus;
use store::entities::registration::RegistrationStatus;
use store::entities::{
    account, certificate, checkin, conference, data_request, registration, registration_sensitive,
    territory, unit,
};
use uuid::Uuid;
