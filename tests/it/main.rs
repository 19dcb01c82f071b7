//! careplan's integration tests: one binary, one module per feature.

mod reports;

// Hand-computed cases on the small record sets of fixtures/small/ (see its README.md).
mod errors;
mod helpers;
mod obligations;
mod points;
mod ranking;
mod shuffle;
mod support;

// `careplan watch` and the library Reloader, in temporary copies of a package and records.
mod watch;

// The administrator commands (whatif, review, explain, check) and policy diagnostics.
mod commands;
mod diagnostics;
