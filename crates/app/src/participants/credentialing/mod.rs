//! Credentialing at the venue: check-in by registration code (typed, or read from the badge's QR)
//! or by name search, inside the conference's credentialing windows; a suplente credentialed in
//! place of an absent titular ("No lugar de quem?") or with voice only; the seat given back to a
//! titular who arrives after their suplente; exits and returns at the plenary door; live counters
//! by category and segment of the people in the room now. The seat rules live in `crate::plenary::seats`.

mod check_in;
mod counters;
mod desk;
pub mod offline;
mod seat;
mod windows;

pub use check_in::*;
pub use counters::*;
pub use desk::*;
pub use seat::*;
pub use windows::*;

use crate::Fail;
use crate::platform::auth::{Me, authorize};
use crate::setup::conference::tz_of;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use domain::Invalid;
use domain::participants::normalize_code;
use domain::policy::Action;
use domain::values::{Category, Segment};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;
use store::Db;
use store::entities::{checkin, conference, registration, stage};
use uuid::Uuid;

/// A refusal on one field of the desk's form.
fn refuse(field: &str, msg: impl Into<String>) -> Fail {
    Invalid::one(field, msg).into()
}

/// `HH:MM` in the conference zone, as the desk shows times.
fn hour(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%H:%M").to_string()
}

/// The check-in of a registration on a day, if any.
async fn checkin_on(
    db: &impl sea_orm::ConnectionTrait,
    registration_id: Uuid,
    day: NaiveDate,
) -> store::Result<Option<checkin::Model>> {
    Ok(checkin::Entity::find()
        .filter(checkin::Column::RegistrationId.eq(registration_id))
        .filter(checkin::Column::Day.eq(day))
        .one(db)
        .await?)
}

/// Whether the person's last pass at the plenary door on `day` was an exit.
async fn is_out(
    db: &impl sea_orm::ConnectionTrait,
    registration_id: Uuid,
    day: NaiveDate,
) -> store::Result<bool> {
    Ok(crate::plenary::seats::last_door(db, registration_id, day)
        .await?
        .is_some_and(|d| d.kind == "exit"))
}

/// The display name of a registration, or `missing` when there is none with that id.
async fn name_or(
    db: &impl sea_orm::ConnectionTrait,
    id: Uuid,
    missing: &str,
) -> store::Result<String> {
    Ok(registration::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|x| x.display_name().to_owned())
        .unwrap_or_else(|| missing.into()))
}
