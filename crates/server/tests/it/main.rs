//! The integration tests of conferencia-server, one binary (one link) for all of them.

mod backup;
mod import_cli;
mod two_instances;
mod votes;
