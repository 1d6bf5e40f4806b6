//! Registration of participants: the public form (open only during the conference's registration
//! stage), assisted registration by staff (any time, with the person's consent recorded), the
//! receipt, and the staff list. Quota self-declarations go to `registration_sensitive`, apart.
//!
//! The public form never tells whether a CPF is registered: a self-service registration
//! with a CPF that a registration of the conference already holds registers nothing, but gets the
//! same receipt as any other ("Inscrição recebida", a code, the same e-mail to the address typed).
//! The code is that of a [`registration_attempt`]: the credentialing desk recognizes it and shows
//! the registration holding the CPF, so the real owner of a CPF someone else used can have it put
//! right there, with a document; the holder's e-mail is told that someone tried (at most once an
//! hour), and the staff list shows the attempts until someone marks them resolved.

mod attempts;
mod correct;
mod form;
mod listing;
mod register;
mod validate;

pub use attempts::*;
pub use correct::*;
pub use form::*;
pub use listing::*;
pub use register::*;
pub(crate) use validate::*;

use crate::Fail;
use crate::platform::auth::{Me, allow, authorize, conference_scope};
use chrono::{DateTime, NaiveDate, Utc};
use domain::calendar::parse_date;
use domain::participants::{
    PRIVACY_NOTICE_VERSION, Profile, check_profile, parse_codes, registration_code,
};
use domain::policy::Action;
use domain::values::{
    AccessNeed, Category, Cpf, DelegateOrigin, Email, QuotaGroup, Seat, Segment, optional, required,
};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::registration::RegistrationStatus;
use store::entities::{
    conference, registration, registration_attempt, registration_receipt, registration_sensitive,
    stage,
};
use uuid::Uuid;
