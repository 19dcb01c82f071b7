//! Policy packages: `plan.ron` (declarative rules) in a directory.
//!
//! [`load_dir`] parses `plan.ron` into the serde types of [`raw`], then validates them into the
//! [`model`] the evaluator runs on, collecting every semantic error at once.

pub mod calendar;
pub mod families;
mod limits;
mod lint;
mod load;
pub mod model;
pub mod params;
pub mod raw;
pub mod raw_calendar;
pub mod raw_families;
mod set;
mod syntax;
mod validate;

pub use crate::records::KNOWN_ROLES;
pub use calendar::*;
pub use families::*;
pub use limits::{MAX_FEN, MAX_POINTS};
pub use load::{Draft, PolicyError, load_dir, parse};
pub use model::*;
pub use set::{SchoolChoice, SetError};
pub use validate::is_academic_year;
