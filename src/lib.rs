//! careplan: a rules engine for care plans for left-behind children.
//!
//! Pipeline: a policy package (`plan.ron`) is loaded and validated into a [`policy::Policy`];
//! a records directory is loaded into [`records::Records`]; [`eval::evaluate`] gives a
//! [`eval::Decision`] as of a date; [`report`] renders it as text or JSON.
//!
//! Feature `serve` (default): the local web dashboard of `careplan serve` ([`serve`]).

pub mod diagnostic;
pub mod diff;
pub mod eval;
pub mod generate;
pub mod lang;
pub mod lunar;
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
pub mod watch;
