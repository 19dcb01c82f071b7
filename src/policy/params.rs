//! Every parameter of a plan, generated from the policy model: the serde form of `plan.ron`
//! ([`super::raw::RawPlan`]) is walked as a tree, and each leaf is a parameter named by its
//! path. Lists of rules are named by rule id (`class_assessment.components.talks.weight`),
//! other lists by position (`festival_days.qingming.on.month`, `fold.0.into`), and an enum
//! variant is passed through (`obligations.weekly_talk.window.due`, not `…window.Weekly.due`).
//! `id` and `seed` are names, not parameters.

use serde_json::Value;

/// One parameter: its path and current value (as JSON: `30`, `"Mon"`, `["talk"]`, `null`).
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The path `--set` takes.
    pub path: String,
    /// The current value.
    pub value: Value,
}

/// Whether `key` is an enum variant's tag (`Weekly`, `RankDrop`) in serde's external tagging.
fn is_variant(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_uppercase())
}

/// The single variant tag of an externally tagged enum value (`{"Weekly": {…}}`).
fn variant(map: &serde_json::Map<String, Value>) -> Option<&String> {
    match map.len() {
        1 => map.keys().next().filter(|k| is_variant(k)),
        _ => None,
    }
}

/// The segment naming element `i` of a list: its `id` when it has one, else `i`.
fn element_name(i: usize, v: &Value) -> String {
    match v.get("id").and_then(Value::as_str) {
        Some(id) => id.to_owned(),
        None => i.to_string(),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// Every parameter of the tree `root`, in document order.
pub fn leaves(root: &Value) -> Vec<Param> {
    let mut out = Vec::new();
    walk(root, &mut String::new(), &mut out);
    out
}

fn walk(v: &Value, path: &mut String, out: &mut Vec<Param>) {
    let leaf = |out: &mut Vec<Param>, path: &str| {
        if !path.is_empty() {
            out.push(Param {
                path: path.to_owned(),
                value: v.clone(),
            });
        }
    };
    match v {
        Value::Object(map) => {
            if let Some(tag) = variant(map) {
                return walk(&map[tag], path, out);
            }
            for (k, child) in map {
                if k == "id" || k == "seed" {
                    continue;
                }
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk(child, path, out);
                path.truncate(len);
            }
        }
        // A list of plain values (kinds, roles, months) is one parameter.
        Value::Array(items) if items.iter().all(is_scalar) => leaf(out, path),
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let len = path.len();
                path.push('.');
                path.push_str(&element_name(i, child));
                walk(child, path, out);
                path.truncate(len);
            }
        }
        _ => leaf(out, path),
    }
}

/// The leaf at `path`, for writing.
fn find<'a>(root: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let mut at = root;
    for seg in path.split('.') {
        at = descend(at);
        at = match at {
            Value::Object(map) => map.get_mut(seg)?,
            Value::Array(items) => {
                let i = items
                    .iter()
                    .enumerate()
                    .position(|(i, v)| element_name(i, v) == seg)?;
                &mut items[i]
            }
            _ => return None,
        };
    }
    Some(descend(at))
}

/// Through an enum variant's tag to its content.
fn descend(v: &mut Value) -> &mut Value {
    let tag = match &*v {
        Value::Object(map) => variant(map).cloned(),
        _ => None,
    };
    match tag {
        // The tag is a key of this object, so indexing finds it (never inserts).
        Some(tag) => descend(&mut v[tag.as_str()]),
        None => v,
    }
}

/// Parses `text` as a value of the kind `like` holds: a whole number, `true`/`false`, text, a
/// comma-separated list; `none` clears an optional value.
fn parse_like(like: &Value, text: &str) -> Result<Value, String> {
    let t = text.trim();
    let number = |t: &str| {
        t.parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("takes a whole number, not `{t}`"))
    };
    if t.eq_ignore_ascii_case("none") {
        // Clears an optional value (a required one is refused when the plan is rebuilt).
        return Ok(Value::Null);
    }
    match like {
        Value::Number(_) => number(t),
        Value::Bool(_) => match t {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("takes `true` or `false`, not `{t}`")),
        },
        Value::String(_) => Ok(Value::String(t.to_owned())),
        Value::Array(items) => {
            let first = items
                .first()
                .cloned()
                .unwrap_or(Value::String(String::new()));
            t.split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| parse_like(&first, s))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Value::Null | Value::Object(_) => Ok(if let Ok(n) = t.parse::<i64>() {
            Value::from(n)
        } else if t == "true" || t == "false" {
            Value::Bool(t == "true")
        } else {
            Value::String(t.to_owned())
        }),
    }
}

/// Sets the parameter at `path` of `root` from `text`.
///
/// # Errors
/// A message when `path` names no parameter or `text` is not of its kind (the caller turns a
/// type error of the plan as a whole into its own message).
pub fn set(root: &mut Value, path: &str, text: &str) -> Result<(), String> {
    if !leaves(root).iter().any(|p| p.path == path) {
        return Err(format!("`{path}` names no parameter of this plan"));
    }
    let leaf =
        find(root, path).ok_or_else(|| format!("`{path}` names no parameter of this plan"))?;
    let value = parse_like(leaf, text).map_err(|e| format!("`{path}` {e}"))?;
    *leaf = value;
    Ok(())
}

/// A parameter's value as `--set` takes it: `30`, `Mon`, `talk,call`, `none`.
pub fn show(v: &Value) -> String {
    match v {
        Value::Null => "none".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(show).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan() -> Value {
        json!({
            "id": "p",
            "obligations": [
                {"id": "weekly_talk", "seed": "s", "kinds": ["talk"], "window": {"Weekly": {"due": "Mon"}}, "require_note": false},
            ],
            "class_assessment": {"id": "c", "components": [{"id": "talks", "weight": 30, "measure": {"Compliance": {"rules": ["weekly_talk"]}}}]},
            "helpers": {"fen_per_point": 100, "capacity": null},
            "fold": [{"month": 2, "into": 3}],
        })
    }

    #[test]
    fn paths_name_rules_by_id_lists_by_position_and_skip_variant_tags() {
        let paths: Vec<String> = leaves(&plan()).into_iter().map(|p| p.path).collect();
        assert_eq!(
            paths,
            [
                "obligations.weekly_talk.kinds",
                "obligations.weekly_talk.window.due",
                "obligations.weekly_talk.require_note",
                "class_assessment.components.talks.weight",
                "class_assessment.components.talks.measure.rules",
                "helpers.fen_per_point",
                "helpers.capacity",
                "fold.0.month",
                "fold.0.into",
            ]
        );
    }

    #[test]
    fn values_are_parsed_by_the_kind_they_replace() {
        let mut p = plan();
        set(&mut p, "class_assessment.components.talks.weight", "60").expect("a number");
        assert_eq!(p["class_assessment"]["components"][0]["weight"], 60);
        set(&mut p, "obligations.weekly_talk.window.due", "Thu").expect("a variant");
        assert_eq!(p["obligations"][0]["window"]["Weekly"]["due"], "Thu");
        set(&mut p, "obligations.weekly_talk.kinds", "talk, call").expect("a list");
        assert_eq!(p["obligations"][0]["kinds"], json!(["talk", "call"]));
        set(&mut p, "helpers.capacity", "2").expect("an option");
        assert_eq!(p["helpers"]["capacity"], 2);
        set(&mut p, "helpers.capacity", "none").expect("cleared");
        assert_eq!(p["helpers"]["capacity"], Value::Null);
        set(&mut p, "fold.0.into", "4").expect("by position");
        assert_eq!(p["fold"][0]["into"], 4);
        assert_eq!(
            set(&mut p, "helpers.fen_per_point", "lots"),
            Err("`helpers.fen_per_point` takes a whole number, not `lots`".to_owned())
        );
        assert!(
            set(&mut p, "obligations.weekly_talk.id", "x").is_err(),
            "ids are names"
        );
        assert!(set(&mut p, "helpers.nope", "1").is_err());
    }
}
