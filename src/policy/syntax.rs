//! A syntax error of `plan.ron`, as ron reports it, turned into a diagnostic a teacher can act
//! on: the plan's names for ron's types, the key or value at the position, the nearest valid
//! name.

use crate::diagnostic::Diagnostic;
use crate::records::Msg;

/// User-facing name of a raw struct in ron's messages (`RawObligation` → `obligation`).
fn friendly(name: &str) -> String {
    let name = name.strip_prefix("Raw").unwrap_or(name);
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// The diagnostic of a RON error of `file`: where it is (the key or value itself where ron
/// points near it), what is wrong in the plan's words, and a help.
pub(super) fn syntax_diagnostic(
    file: &str,
    source: &str,
    e: &ron::error::SpannedError,
) -> Diagnostic {
    let start = e.span.start;
    let len = if e.span.end.line == start.line && e.span.end.col > start.col {
        e.span.end.col - start.col
    } else {
        1
    };
    let pos = Some((start.line, start.col, len));
    let (message, help) = message_and_help(source, e);
    let help = help.or_else(|| shape_help(source, e).map(Msg::from));
    let pos = position(source, e, pos);
    // A half-saved file: the error is on its last lines and the plan's closing `)` is missing.
    let last_line = source.trim_end().lines().count();
    let cut_short = !source.trim_end().ends_with(')') && start.line + 1 >= last_line;
    let (message, help) = if cut_short {
        let zh = message.zh.as_deref().unwrap_or(&message.en);
        (
            Msg::new(
                format!("the file ends early (saved only in part?): {}", message.en),
                format!("文件提前结束（是否只保存了一部分？）：{zh}"),
            ),
            Some(Msg::new(
                "finish the file: every `(` and `[` needs its `)` and `]`",
                "请把文件写完整：每个 `(` 和 `[` 都要有对应的 `)` 和 `]`",
            )),
        )
    } else {
        (message, help)
    };
    let mut d = Diagnostic::error(file, source, pos, message.en);
    if let Some(h) = &help {
        d = d.with_help(h.en.clone());
    }
    match message.zh {
        Some(zh) => d.with_zh(zh, help.and_then(|h| h.zh)),
        None => d,
    }
}

/// What is wrong, in the plan's words, and a help when there is one (in English and, for
/// the errors an administrator meets most, in Chinese).
fn message_and_help(source: &str, e: &ron::error::SpannedError) -> (Msg, Option<Msg>) {
    use ron::error::Error as E;
    let start = e.span.start;
    let outer = |o: &Option<String>| {
        o.as_deref()
            .map(|o| format!(" in {}", friendly(o)))
            .unwrap_or_default()
    };
    // `（在 obligation 中）`: the section, by its name in the plan's language.
    let outer_zh = |o: &Option<String>| {
        o.as_deref()
            .map(|o| format!("（在 {} 中）", friendly(o)))
            .unwrap_or_default()
    };
    match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer: o,
        } => (
            Msg::new(
                format!("unknown key `{found}`{}", outer(o)),
                format!("未知的键 `{found}`{}", outer_zh(o)),
            ),
            Some(suggest_both(found, expected)),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer: o,
        } => (
            Msg::new(
                format!("unknown value `{found}`{}", outer(o)),
                format!("未知的值 `{found}`{}", outer_zh(o)),
            ),
            Some(suggest_both(found, expected)),
        ),
        E::MissingStructField { field, outer: o } => (
            Msg::new(
                format!("missing key `{field}`{}", outer(o)),
                format!("缺少键 `{field}`{}", outer_zh(o)),
            ),
            Some(Msg::new(
                format!("add `{field}: …`"),
                format!("请加上 `{field}: …`"),
            )),
        ),
        E::DuplicateStructField { field, outer: o } => (
            Msg::new(
                format!("key `{field}` given twice{}", outer(o)),
                format!("键 `{field}` 写了两次{}", outer_zh(o)),
            ),
            None,
        ),
        E::ExpectedBoolean
        | E::ExpectedInteger
        | E::ExpectedFloat
        | E::ExpectedString
        | E::ExpectedArray => {
            let (want, want_zh) = match &e.code {
                E::ExpectedBoolean => ("`true` or `false`", "`true` 或 `false`"),
                E::ExpectedInteger => ("a whole number", "整数"),
                E::ExpectedFloat => ("a number", "数字"),
                E::ExpectedString => ("a text in double quotes", "双引号中的文字"),
                _ => ("a list in square brackets", "方括号中的列表"),
            };
            let (key, value) = value_at(source, start.line, start.col);
            let key = key.map(|k| format!("`{k}` ")).unwrap_or_default();
            let help = match &e.code {
                E::ExpectedInteger | E::ExpectedFloat | E::ExpectedBoolean
                    if value.starts_with('"') =>
                {
                    Some(Msg::new(
                        "write the value without quotes",
                        "请去掉值两边的引号",
                    ))
                }
                _ if value.starts_with("Some(") => Some(Msg::new(
                    "write the value itself, without `Some(…)`: this key has no default",
                    "直接写值，不要写 `Some(…)`：这个键没有默认值",
                )),
                E::ExpectedInteger if value.contains('.') => Some(whole_fen()),
                _ => None,
            };
            (
                Msg::new(
                    format!("{key}takes {want}, not `{value}`"),
                    format!("{key}应为{want_zh}，而不是 `{value}`"),
                ),
                help,
            )
        }
        E::ExpectedComma if decimal_at(source, start.line, start.col).is_some() => {
            let (key, value) = decimal_at(source, start.line, start.col).unwrap_or_default();
            (
                Msg::new(
                    format!("`{key}` takes a whole number, not `{value}`"),
                    format!("`{key}` 应为整数，而不是 `{value}`"),
                ),
                Some(whole_fen()),
            )
        }
        E::ExpectedComma => (
            Msg::new(lowercase_first(&e.code.to_string()), "这里缺少逗号"),
            None,
        ),
        E::Eof => (
            Msg::new(lowercase_first(&e.code.to_string()), "文件意外结束"),
            None,
        ),
        other => (Msg::from(lowercase_first(&other.to_string())), None),
    }
}

/// Money and points are whole numbers: the help, in both languages.
fn whole_fen() -> Msg {
    Msg::new(
        "amounts are whole fen and points are whole numbers (1 yuan = 100 fen)",
        "金额以分为单位、积分为整数（1 元 = 100 分）",
    )
}

/// [`suggest`] in English and Chinese.
fn suggest_both(found: &str, expected: &[&str]) -> Msg {
    let best = expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(found, e), *e))
        .min();
    let zh = match best {
        Some((d, e)) if d <= 2.max(found.chars().count() / 3) => format!("是否应为 `{e}`？"),
        _ => format!(
            "应为以下之一：{}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join("、")
        ),
    };
    Msg::new(suggest(found, expected), zh)
}

/// Where to point: ron's position `pos` of the error, moved onto the value or key it is about.
fn position(
    source: &str,
    e: &ron::error::SpannedError,
    pos: Option<(usize, usize, usize)>,
) -> Option<(usize, usize, usize)> {
    use ron::error::Error as E;
    let start = e.span.start;
    if matches!(
        e.code,
        E::ExpectedBoolean
            | E::ExpectedInteger
            | E::ExpectedFloat
            | E::ExpectedString
            | E::ExpectedArray
    ) {
        // ron's span may start at the whitespace before the value: point at the value.
        let (_, value) = value_at(source, start.line, start.col);
        let line = source
            .lines()
            .nth(start.line.saturating_sub(1))
            .unwrap_or("");
        let skip = line
            .chars()
            .skip(start.col.saturating_sub(1))
            .take_while(|c| c.is_whitespace())
            .count();
        Some((start.line, start.col + skip, value.chars().count().max(1)))
    } else if let (E::ExpectedComma, Some((_, value))) =
        (&e.code, decimal_at(source, start.line, start.col))
    {
        let whole = value.split('.').next().unwrap_or("").chars().count();
        Some((start.line, start.col - whole, value.chars().count()))
    } else if matches!(
        e.code,
        E::NoSuchStructField { .. } | E::MissingStructField { .. }
    ) {
        // ron points at the end of the offending item; point at the key itself when we can.
        match &e.code {
            E::NoSuchStructField { found, .. } => key_position(source, start.line, found).or(pos),
            _ => pos,
        }
    } else {
        pos
    }
}

/// The key before a value at `line:col` (1-based, characters) and the value's text (up to
/// the next `,` or `)` outside quotes).
fn value_at(source: &str, line: usize, col: usize) -> (Option<String>, String) {
    let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let chars: Vec<char> = text.chars().collect();
    let mut i = col.saturating_sub(1).min(chars.len());
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    // The value runs to the `,`, `)` or `]` that closes it: brackets opened inside it
    // (`Some(5)`, `Role("x")`) are part of it.
    let mut j = i;
    let mut quoted = false;
    let mut depth = 0usize;
    while j < chars.len() {
        let c = chars[j];
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && (c == '(' || c == '[') {
            depth += 1;
        } else if !quoted && (c == ')' || c == ']') {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if !quoted && c == ',' && depth == 0 {
            break;
        }
        j += 1;
    }
    let value: String = chars[i..j].iter().collect::<String>().trim_end().to_owned();
    let before: String = chars[..i].iter().collect();
    let key = before
        .trim_end()
        .strip_suffix(':')
        .and_then(|b| {
            b.trim_end()
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .map(str::to_owned)
        })
        .filter(|k| !k.is_empty());
    (key, value)
}

/// When ron stops at the `.` of a decimal (`amount_fen: 30.5`): the key and the number.
fn decimal_at(source: &str, line: usize, col: usize) -> Option<(String, String)> {
    let text = source.lines().nth(line.saturating_sub(1))?;
    let chars: Vec<char> = text.chars().collect();
    let dot = col.checked_sub(1)?;
    if chars.get(dot) != Some(&'.') || !chars.get(dot.checked_sub(1)?)?.is_ascii_digit() {
        return None;
    }
    let mut start = dot;
    while start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1] == '-') {
        start -= 1;
    }
    let (key, value) = value_at(source, line, start + 1);
    Some((key?, value))
}

/// The position of `key:` on or before `line`, searching backwards.
fn key_position(source: &str, line: usize, key: &str) -> Option<(usize, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    for l in (0..line.min(lines.len())).rev() {
        let text = lines[l];
        let mut from = 0;
        while let Some(i) = text[from..].find(key) {
            let idx = from + i;
            let after = text[idx + key.len()..].trim_start();
            let boundary = text[..idx]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if boundary && after.starts_with(':') {
                return Some((l + 1, text[..idx].chars().count() + 1, key.chars().count()));
            }
            from = idx + key.len();
        }
    }
    None
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `did you mean `x`?` for the nearest of `expected`, else the list of valid names.
pub(crate) fn suggest(found: &str, expected: &[&str]) -> String {
    let best = expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(found, e), *e))
        .min();
    match best {
        Some((d, e)) if d <= 2.max(found.chars().count() / 3) => format!("did you mean `{e}`?"),
        _ => format!(
            "expected one of {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The byte offset of 1-based `line` and `col` (in characters) in `source`.
fn offset(source: &str, line: usize, col: usize) -> Option<usize> {
    let start: usize = source
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let text = source.get(start..)?;
    let within = text
        .char_indices()
        .nth(col.checked_sub(1)?)
        .map_or(text.len(), |(i, _)| i);
    Some(start + within)
}

/// The value `Name(…)` whose parentheses hold the error at `at` (just inside the `(`): where
/// `Name` starts, the name, what is inside, and where the `)` ends.
fn variant_around(source: &str, at: usize) -> Option<(usize, String, String, usize)> {
    let before = source.get(..at)?.trim_end();
    let before = before.strip_suffix('(')?;
    let name_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum::<usize>();
    let name = before.get(before.len() - name_len..)?;
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let open = before.len() + 1;
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in source.get(open..)?.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => {
                if depth == 0 {
                    let inside = source.get(open..open + i)?.trim().to_owned();
                    return Some((
                        before.len() - name_len,
                        name.to_owned(),
                        inside,
                        open + i + 1,
                    ));
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// A help showing the right shape of a value written in the wrong one: `Role("head_teacher")`
/// for a value with named keys (`Role(role: "head_teacher")`), `Monthly()` for one without
/// any (`Monthly`). The keys are ron's own: the plan is parsed again with a key that does not
/// exist, and ron lists the ones that do.
fn shape_help(source: &str, e: &ron::error::SpannedError) -> Option<String> {
    use ron::error::Error as E;
    let mut at = offset(source, e.span.start.line, e.span.start.col)?;
    // ron may point at the `(` itself (`Monthly()`).
    if source.get(at..).is_some_and(|r| r.starts_with('(')) {
        at += 1;
    }
    let (start, name, inside, end) = variant_around(source, at)?;
    let parse = |text: &str| {
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str::<super::raw::RawPlan>(text)
    };
    let with = |value: &str| format!("{}{value}{}", &source[..start], &source[end..]);
    if inside.is_empty() {
        // `Monthly()`: does the plan read past it without the parentheses?
        let bare = parse(&with(&name));
        let past = match &bare {
            Ok(_) => true,
            Err(b) => (b.span.start.line, b.span.start.col) > (e.span.start.line, e.span.start.col),
        };
        return past.then(|| format!("`{name}` takes no parentheses: write `{name}`"));
    }
    if inside.contains(':') {
        return None;
    }
    let probe = parse(&with(&format!("{name}(careplan_no_such_key: 0)")));
    match probe.map_err(|p| p.code) {
        Err(E::NoSuchStructField { expected, .. }) if !expected.is_empty() => {
            let shape = if expected.len() == 1 {
                format!("{name}({}: {inside})", expected[0])
            } else {
                let keys: Vec<String> = expected.iter().map(|k| format!("{k}: …")).collect();
                format!("{name}({})", keys.join(", "))
            };
            Some(format!("`{name}` takes named values: write `{shape}`"))
        }
        _ => None,
    }
}
