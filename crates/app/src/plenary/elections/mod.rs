//! Delegate elections to the next level (ADR 0013).
//!
//! The table (`Action::RunPlenary`) sets the seats (from the municipality's porte in the sample
//! table, labelled as sample data, or typed), the tie rule and the draw's seed; registers
//! candidates per segment (delegates of that segment whose category may be elected); opens one
//! poll per segment, recording the segment's delegates present; the segment's delegates present
//! today vote from their paired phones (one vote, for one candidate, secret); the table may add
//! counts per candidate from paper or raised badges, then closes. The result is computed with
//! `domain::elections` (titulares, suplentes, quota swaps) and stored; the public sees names,
//! segments and seats, and the quota only as counts. Finally the elected are carried to the
//! parent conference as its registrations, once.
//!
//! As for plenary votes (ADR 0011), who voted (`election_participation`) and for whom
//! (`election_ballot`: the hash of the voter's receipt code and the candidate) share no key but the
//! poll. Each vote answers with a receipt code the voter can check at
//! `/c/{slug}/eleicao/votacoes/{poll}/comprovante`. While the poll is open its ballots are sealed
//! (`crate::plenary::seal`); the closing opens them, writes them readable sorted by receipt hash and chains
//! them in one link. Every event of a poll (opening, the ballots, the room's counts, closing) is a
//! link of the poll's hash chain (`election_log`), published with its verification at
//! `…/registro.json`.

mod appointed;
mod candidates;
mod carry;
mod minutes;
mod phone;
mod polls;
mod record;
mod result;
mod setup;

pub use appointed::*;
pub use candidates::*;
pub use carry::*;
pub(crate) use minutes::*;
pub use phone::*;
pub use polls::*;
pub use record::*;
pub use result::*;
pub use setup::*;

use crate::Fail;
use crate::platform::auth::{Me, allow, authorize, conference_scope};
use crate::platform::chain::{self, GENESIS};
use crate::plenary::lookup::{delete_where, registrations_by_id, verify_chain, with_registrations};
use crate::plenary::regimento::tz_of;
use chrono::Utc;
use domain::elections::{self as el, GovernmentSeats, Seats, TieRule};
use domain::policy::Action;
use domain::values::{Category, DelegateOrigin, Porte, Seat, Segment};
use domain::{FieldError, Invalid};
use sea_orm::ActiveValue::Set;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use store::entities::election_poll::PollStatus;
use store::entities::registration::RegistrationStatus;
use store::entities::{
    body, conference, election, election_appointment, election_ballot, election_candidate,
    election_log, election_participation, election_poll, election_result, election_room_count,
    federative_entity, registration, registration_sensitive,
};
use store::{Backend, Db};
use uuid::Uuid;
