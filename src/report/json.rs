//! The JSON decision: a documented, stable contract (see README, "JSON output").

use super::ObligationFilter;
use crate::eval::Decision;

/// Renders the decision as pretty JSON, listing obligation rows per `filter`.
/// Keys are in a fixed order and lists are sorted, so the output is byte-stable.
pub fn render(decision: &Decision, filter: ObligationFilter) -> String {
    let rows: Vec<_> = decision
        .obligations
        .iter()
        .filter(|r| filter.keeps(r))
        .collect();
    let mut value = match serde_json::to_value(decision) {
        Ok(v) => v,
        Err(e) => return format!("{{\"error\": \"{e}\"}}"),
    };
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "obligations".into(),
            serde_json::to_value(rows).unwrap_or_default(),
        );
    }
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}
