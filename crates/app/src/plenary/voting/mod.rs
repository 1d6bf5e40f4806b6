//! Electronic votes from delegates' phones (ADR 0011).
//!
//! The table opens a vote on one item (a destaque of the regimento, or the regimento in block),
//! named or secret; quorum is checked when it opens. Each delegate present today votes once from
//! the paired phone and gets a receipt code. The table closes the vote, adding, for a mixed vote,
//! the room's raised badges of the delegates who did not vote by phone; the result is then applied
//! to the item exactly as a counted vote is.
//!
//! Casting goes through a [`Writer`]: one task per process collects the votes that arrive together
//! and writes them in one transaction (group commit), then acknowledges each. Every check (phone,
//! delegate, present today, vote open, not voted yet) runs inside that transaction; on PostgreSQL
//! the vote's row is locked (`FOR UPDATE`), so batches of several instances and the closing of
//! the vote serialize on it and the tally is exact.
//!
//! Who voted (`vote_participation`) and what was voted (`ballot`) share no key but the vote; a
//! secret vote stores no choice with the voter, and ballots carry no time. While a secret vote is
//! open its ballots are sealed (`crate::plenary::seal`): encrypted under the vote's key, in no readable
//! order; closing opens them and writes them readable, sorted by receipt hash, with one chain link.
//! Every event is appended to `ballot_log`, a hash chain per vote whose first link is the previous
//! vote's last hash.

mod phone;
mod record;
mod table;
mod writer;

pub use phone::*;
pub use record::*;
pub use table::*;
pub use writer::*;

use crate::Fail;
use crate::platform::auth::{Me, authorize, conference_scope};
use crate::platform::chain::{self, GENESIS, receipt_hash, sha256_hex};
use crate::plenary::lookup::{delete_where, registrations_by_id, verify_chain};
use crate::plenary::regimento::{attendance, tz_of};
use chrono::Utc;
use domain::Invalid;
use domain::plenary::{Choice, Outcome, Tally};
use domain::policy::Action;
use rand::seq::SliceRandom;
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use store::entities::plenary_vote::VoteStatus;
use store::entities::{
    ballot, ballot_log, conference, delegate_device, destaque, plenary_vote, vote_participation,
};
use store::{Backend, Db};
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;
