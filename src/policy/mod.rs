//! Policy packages: `plan.ron` (declarative rules) in a directory.
//!
//! [`load_dir`] parses `plan.ron` into the serde types of [`raw`], then validates them into the
//! [`model`] the evaluator runs on, collecting every semantic error at once.

pub mod calendar;
pub mod families;
mod lint;
mod load;
pub mod model;
pub mod params;
pub mod raw;
pub mod raw_calendar;
pub mod raw_families;
mod set;

pub use calendar::*;
pub use families::*;
pub use load::{
    Draft, KNOWN_ROLES, MAX_FEN, MAX_POINTS, PolicyError, is_academic_year, load_dir, parse,
};
pub use model::*;
pub use set::SetError;
