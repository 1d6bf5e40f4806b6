//! The integration tests of conferencia-reports, one binary (one link) for all of them.

mod audience;
mod common;
mod data;
mod office;
mod pdf;
mod speed;
