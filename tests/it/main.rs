//! careplan's integration tests: one binary, one module per feature.

mod reports;

// Hand-computed cases on the small record sets of fixtures/small/ (see its README.md).
mod errors;
mod helper_split;
mod helpers;
mod obligations;
mod points;
mod ranking;
mod shuffle;
mod support;

// `careplan watch` and the library Reloader, in temporary copies of a package and records.
mod watch;

// One parameter of every rule family edited through `whatif --set` and under `watch`.
mod one_engine;

// The administrator commands (whatif, review, explain, check) and policy diagnostics.
mod commands;
mod diagnostics;

// Rhai scripts in policy packages: errors, limits, twins of declarative rules, the shipped variant.
mod scripts;

// Property tests: mutated policies and records never panic; the binary exits 0, 1 or 2.
mod fuzz;

// The rule families of Plans 2, 3 and 4 (hand-computed, on fixtures/small/ and fixtures/community).
mod activities;
mod by_days;
mod class_assessment;
mod community;
mod files;
mod iep;
mod pairings;
mod record_card;

// The seed as a Chinese school reads it: corrected readings, each on a record set of its own.
mod readings;
// Every word of a Chinese report in Chinese (every package, every fixture).
mod language;

// Every measure of the seed that records can show: the README tables and the rules they name.
mod measures;

// County runs: every school with its own packages, the roll-up, one thread or two.
mod county;

// Records as schools keep them: encodings, workbooks, messy cells, ID numbers, masking, Excel output.
mod records_formats;

// Dated duties: lunar festivals, birthday parties, letters home, festival days, milestones, and
// the schedule with its ICS export (hand-computed, on fixtures/small/calendar).
mod calendar_rules;

// Personal data: ID and phone numbers in every column and plan id never printed without --reveal.
mod privacy;

// The README and the guide in docs/: short front page, chapters, real outputs in the chapters.
mod guide;

// The JSON contracts: every JSON output against its contract type, and the published JSON
// Schemas (docs/src/reference/schemas/) generated from those types.
mod schemas;

// Scale: generated record sets, threads and summary-only evaluation.
mod scale;

// `careplan serve` over plain HTTP: token, loopback host check, privacy of pages, URLs and log
// (the browser test is tests/dashboard.rs).
#[cfg(feature = "serve")]
mod serve;
