//! careplan: a rules engine for care plans for left-behind children.
//!
//! Pipeline: a policy package (`plan.ron`) is loaded and validated into a [`policy::Policy`];
//! a records directory is loaded into [`records::Records`]; [`eval::evaluate`] gives a
//! [`eval::Decision`] as of a date; [`report`] renders it as text or JSON.
//!
//! Features, all on by default: `cli` (the `careplan` program: clap, the progress bar, shell
//! completions, the manual page), `watch` (hot reload on saves, `careplan::watch`), `serve` (the
//! local web dashboard of `careplan serve`, `careplan::serve`; implies `watch`) and `heap-meter`
//! (the counting allocator below). A host program embedding the library takes
//! `default-features = false` and leaves out clap, indicatif, notify, axum and tokio.

#![deny(missing_docs)]

pub mod county;
pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod generate;
pub mod lang;
pub mod lunar;
pub mod paths;
pub mod pipeline;
pub mod policy;
pub mod privacy;
pub mod records;
pub mod report;
pub mod review;
pub mod schedule;
pub mod script;
#[cfg(feature = "serve")]
pub mod serve;
pub mod units;
#[cfg(feature = "watch")]
pub mod watch;

/// The process's allocator: the system one, counted, so that a script call that holds too much
/// memory is stopped ([`script::budget`]). Without the `heap-meter` feature (a host program with
/// an allocator of its own) only Rhai's size limits bound a script's memory.
#[cfg(feature = "heap-meter")]
#[global_allocator]
pub(crate) static HEAP: cap::Cap<std::alloc::System> =
    cap::Cap::new(std::alloc::System, usize::MAX);
