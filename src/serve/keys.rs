//! What the dashboard's URLs name a child, a staff member or a class by: the id itself when it
//! is a plain short id (`S0122`, `T01`, `7-1`), otherwise a stable hash of it (`h` and 16 hex
//! digits), so no ID card or phone number — nor a name or an address that landed in an id
//! column — ever appears in a URL, a browser history or a log.

use crate::privacy::personal_kind;
use crate::schedule::stable_uid;

/// The longest id shown as it is.
const MAX_PLAIN: usize = 32;

/// Whether `id` may appear in a URL as it is: ASCII letters, digits, `-`, `_` and `.` only (not
/// leading), at most 32 characters, fewer than 7 digits in a row, and nothing
/// [`personal_kind`] would withhold.
fn plain(id: &str) -> bool {
    let mut run = 0usize;
    let mut longest = 0usize;
    for c in id.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    !id.is_empty()
        && id.len() <= MAX_PLAIN
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && longest < 7
        && personal_kind(id).is_none()
}

/// The URL segment that names `id`: the id itself when [`plain`], else `h` and the first 16
/// hex digits of its [`stable_uid`] (the same on every run).
pub fn url_key(id: &str) -> String {
    if plain(id) {
        id.to_owned()
    } else {
        let uid = stable_uid(id);
        format!("h{}", &uid[..16])
    }
}

/// The id among `ids` that `key` names, if any.
pub fn resolve<'a>(key: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ids.into_iter().find(|id| url_key(id) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_stay_and_personal_ones_are_hashed() {
        for id in ["S0122", "T01", "7-1", "V10", "A_1.b"] {
            assert_eq!(url_key(id), id);
        }
        // An ID card number, a phone number, a 7-digit run, Chinese text, a slash, a space.
        for id in [
            "110105201304050052",
            "13800000004",
            "S1234567",
            "七(2)班",
            "school/7-2",
            "S 1",
            ".x",
        ] {
            let key = url_key(id);
            assert!(key.starts_with('h') && key.len() == 17, "{id}: {key}");
            assert!(!key.contains(id), "{id}: {key}");
            // Stable, and resolvable.
            assert_eq!(url_key(id), key);
            assert_eq!(resolve(&key, ["S0101", id]), Some(id));
        }
        assert_eq!(resolve("S0101", ["S0101", "S0102"]), Some("S0101"));
        assert_eq!(resolve("S9", ["S0101"]), None);
    }
}
