//! careplan's integration tests: one binary, one module per feature.

mod reports;
