//! The JSON decision: a documented, stable contract (see README, "JSON output").

use super::ObligationFilter;
use crate::eval::Decision;
use crate::lang::Lang;
use serde_json::Value;

/// Renders the decision as pretty JSON, listing obligation rows per `filter`; each trace entry
/// carries its structured reason (`why`) and its `text` in `lang`. Keys keep the struct order
/// and lists are sorted, so the output is byte-stable.
pub fn render(decision: &Decision, filter: ObligationFilter, lang: Lang) -> String {
    let value = to_value(decision, filter, lang);
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// The decision as a JSON value (see [`render`]).
pub fn to_value(decision: &Decision, filter: ObligationFilter, lang: Lang) -> Value {
    let rows: Vec<_> = decision
        .obligations
        .iter()
        .filter(|r| filter.keeps(r))
        .collect();
    let mut value = match serde_json::to_value(decision) {
        Ok(v) => v,
        Err(e) => return Value::String(e.to_string()),
    };
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "obligations".into(),
            serde_json::to_value(rows).unwrap_or_default(),
        );
    }
    if let Some(obj) = value.as_object_mut()
        && obj.contains_key("activities")
    {
        let rows: Vec<_> = decision
            .activities
            .iter()
            .filter(|r| match filter {
                ObligationFilter::All => true,
                ObligationFilter::Overdue => r.overdue,
                ObligationFilter::None => false,
            })
            .collect();
        obj.insert(
            "activities".into(),
            serde_json::to_value(rows).unwrap_or_default(),
        );
    }
    // Letters, festival days and milestones are listed like obligation windows (`overdue` =
    // missed); birthday parties are always listed with their guests.
    if let Some(calendar) = value.get_mut("calendar").and_then(Value::as_object_mut) {
        for key in ["letters", "festival_days", "milestones"] {
            if let Some(rows) = calendar.get_mut(key).and_then(Value::as_array_mut) {
                rows.retain(|r| match filter {
                    ObligationFilter::All => true,
                    ObligationFilter::Overdue => r.get("overdue") == Some(&Value::Bool(true)),
                    ObligationFilter::None => false,
                });
            }
        }
    }
    if let Some(students) = value.get_mut("students").and_then(Value::as_array_mut) {
        for (sv, s) in students.iter_mut().zip(&decision.students) {
            if let Some(trace) = sv.get_mut("trace").and_then(Value::as_array_mut) {
                for (tv, reason) in trace.iter_mut().zip(&s.trace) {
                    if let Some(obj) = tv.as_object_mut() {
                        obj.insert("text".into(), Value::String(reason.why.text(lang)));
                    }
                }
            }
        }
    }
    value
}
