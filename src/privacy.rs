//! Personal data of minors: what must never be printed unless the user asks for it.
//!
//! Phone numbers, ID numbers and home addresses can land in any column (a misaligned paste
//! from Excel puts a phone number in a date column), so messages are masked by what a value
//! looks like, not only by the column it came from.

/// Address words (Chinese and English) that mark a value as a home address.
const ADDRESS_WORDS: &[&str] = &[
    "村", "组", "路", "街", "号", "镇", "乡", "巷", "弄", "栋", "单元", "室", "小区", "village",
    "road", "street", "group", "lane", "building",
];

/// Why a value must not be printed, if it looks like personal data: a run of 10 or more
/// digits in all (a phone or ID number; dates have at most 8) or an address word.
pub fn personal_kind(value: &str) -> Option<String> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if digits >= 10 {
        return Some(format!(
            "a value of {digits} digits (withheld: it may be a phone or ID number)"
        ));
    }
    let lower = value.to_lowercase();
    if ADDRESS_WORDS.iter().any(|w| {
        lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word == *w)
            || (!w.is_ascii() && lower.contains(w))
    }) {
        return Some("a value that looks like an address (withheld)".to_owned());
    }
    None
}

/// Masks every `` `backticked` `` value of a message that looks like personal data.
pub fn mask_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let rest: Vec<&str> = parts.collect();
    // Segments alternate: inside backticks, outside, inside, …
    let mut i = 0;
    while i < rest.len() {
        let inside = rest[i];
        let closed = i + 1 < rest.len() || message.ends_with('`');
        match (closed, personal_kind(inside)) {
            (true, Some(kind)) => out.push_str(&kind),
            _ => {
                out.push('`');
                out.push_str(inside);
                if closed {
                    out.push('`');
                }
            }
        }
        if let Some(outside) = rest.get(i + 1) {
            out.push_str(outside);
        }
        i += 2;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_ids_and_addresses_are_withheld() {
        assert_eq!(
            mask_message("`13812345678` is not a date"),
            "a value of 11 digits (withheld: it may be a phone or ID number) is not a date"
        );
        assert_eq!(
            mask_message("unknown student `11010120130219001X`; row left out"),
            "unknown student a value of 17 digits (withheld: it may be a phone or ID number); row left out"
        );
        assert_eq!(
            mask_message("`Village 3, Group 1` is not a date"),
            "a value that looks like an address (withheld) is not a date"
        );
        assert_eq!(
            mask_message("`湖南省某县某某村3组` is not a yes/no value"),
            "a value that looks like an address (withheld) is not a yes/no value"
        );
    }

    #[test]
    fn ordinary_values_are_kept() {
        for m in [
            "`2026-13-01` is not a date",
            "duplicate student_id `S0102`, first on line 3",
            "unknown kind `holidy`, expected term, holiday or workday",
            "no backticks at all",
            "an unclosed `backtick",
        ] {
            assert_eq!(mask_message(m), m);
        }
    }
}
