//! Standing bodies all year (issue 24): a council or a regional technical chamber keeps its own
//! records here, between conferences: its members and their mandates (`members`).

pub mod members;
