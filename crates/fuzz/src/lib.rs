//! Fuzzing on stable Rust (ADR 0032): the parsers that read what people
//! upload or paste are fed mutated inputs, each in a worker process that reports a panic, dies
//! on an allocation past the memory cap or a stack overflow, or is killed past the time cap.
//!
//! - [`rng`]: a small seeded generator, so that a seed always replays the same inputs.
//! - [`mutate`]: byte mutations (bit flips, interesting integers, chunks inserted, deleted,
//!   duplicated, spliced), plus structure-aware ones: the XML parts inside an XLSX/ODS zip
//!   mutated and rezipped (byte mutations of a zip rarely get past its CRCs), PNG chunks with their
//!   CRCs fixed, JPEG frame sizes.
//! - [`seeds`]: small valid inputs built in code, plus any file under `corpus/<target>/`.
//! - [`targets`]: what each target runs and the invariants it asserts on a success.
//! - [`runner`]: the supervisor (generates inputs, talks to the worker, saves what fails under
//!   `crashes/<target>/`, shrinks it) and the worker loop.
//!
//! There is no coverage feedback (that needs nightly's sanitizer coverage); an input joins the
//! pool of parents when its *outcome* is new (a result of a new shape, an error message not seen
//! before), which keeps mutations going deep into files that still parse.
//!
//! `cargo xtask fuzz [target…] [--seconds N]` runs it for longer; `cargo test -p conferencia-fuzz`
//! runs every target for a few seconds and replays `regressions/`.

pub mod mutate;
pub mod rng;
pub mod runner;
pub mod seeds;
pub mod targets;
