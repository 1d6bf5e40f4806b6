//! Conference setup by the organizing commission: creating a conference from a national cycle,
//! its data, eixos and guiding questions, the calendar of stages (every change kept), the
//! convocation act with its PDF, the organizing commission (parity checked), the document
//! library and the draft regimento.
//!
//! Every function here checks the permission first (`auth::authorize`), validates every field, and
//! writes in one transaction, so bad input writes nothing.

mod calendar;
mod commission;
mod convocation;
mod cycles;
mod data;
mod eixos;
mod library;
mod listed;
mod overview;
mod regimento;

pub use calendar::*;
pub use commission::*;
pub use convocation::*;
pub use cycles::*;
pub use data::*;
pub use eixos::*;
pub use library::*;
pub use overview::*;
pub use regimento::*;
