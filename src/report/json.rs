//! The JSON decision: a documented, stable contract (see README, "JSON output").

use super::ObligationFilter;
use crate::eval::Decision;
use crate::lang::Lang;
use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;

/// Renders the decision as pretty JSON, listing obligation rows per `filter`; each trace entry
/// carries its structured reason (`why`) and its `text` in `lang`. Keys keep the struct order
/// and lists are sorted, so the output is byte-stable.
pub fn render(decision: &Decision, filter: ObligationFilter, lang: Lang) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and serde_json writes UTF-8.
    let _ = write(decision, filter, lang, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes what [`render`] gives to `out` as it is serialised: a county's decision is hundreds
/// of megabytes of JSON, never built in memory.
///
/// # Errors
/// An error writing to `out`.
pub fn write(
    decision: &Decision,
    filter: ObligationFilter,
    lang: Lang,
    out: &mut (impl std::io::Write + ?Sized),
) -> std::io::Result<()> {
    use std::io::Write as _;
    // serde_json writes a few bytes at a time: buffered, `out` sees large writes.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    let mut ser = serde_json::Serializer::pretty(&mut buffered);
    Out {
        d: decision,
        filter,
        lang,
    }
    .serialize(&mut ser)
    .map_err(std::io::Error::other)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// The decision as [`to_value`] makes it, serialised field by field (see the test
/// `streamed_json_is_the_value_json`, which keeps the two in step).
struct Out<'a> {
    d: &'a Decision,
    filter: ObligationFilter,
    lang: Lang,
}

impl Serialize for Out<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let filter = self.filter;
        let mut m = s.serialize_struct("Decision", 22)?;
        m.serialize_field("policy", &d.policy)?;
        m.serialize_field("policy_name", &d.policy_name)?;
        if let Some(zh) = &d.policy_name_zh {
            m.serialize_field("policy_name_zh", zh)?;
        }
        m.serialize_field("year", &d.year)?;
        m.serialize_field("as_of", &d.as_of)?;
        m.serialize_field("assessment_day", &d.assessment_day)?;
        m.serialize_field("provisional", &d.provisional)?;
        m.serialize_field(
            "obligations",
            &Rows(d.obligations.iter().filter(|r| filter.keeps(r))),
        )?;
        m.serialize_field("obligation_summary", &d.obligation_summary)?;
        m.serialize_field(
            "students",
            &Rows(d.students.iter().map(|s| StudentOut(s, self.lang))),
        )?;
        m.serialize_field("helpers", &d.helpers)?;
        m.serialize_field("classes", &d.classes)?;
        m.serialize_field("totals", &d.totals)?;
        if let Some(v) = &d.child_files {
            m.serialize_field("child_files", v)?;
        }
        if let Some(v) = &d.enrollment {
            m.serialize_field("enrollment", v)?;
        }
        if !d.pairing_schemes.is_empty() {
            m.serialize_field("pairing_schemes", &d.pairing_schemes)?;
        }
        if let Some(v) = &d.individual_plans {
            m.serialize_field("individual_plans", v)?;
        }
        if !d.activities.is_empty() {
            let keeps = move |r: &&crate::eval::activities::ActivityRow| match filter {
                ObligationFilter::All => true,
                ObligationFilter::Overdue => r.overdue,
                ObligationFilter::None => false,
            };
            m.serialize_field("activities", &Rows(d.activities.iter().filter(keeps)))?;
        }
        if !d.activity_summary.is_empty() {
            m.serialize_field("activity_summary", &d.activity_summary)?;
        }
        if let Some(v) = &d.class_assessment {
            m.serialize_field("class_assessment", v)?;
        }
        if let Some(calendar) = &d.calendar {
            m.serialize_field("calendar", &CalendarOut(calendar, filter))?;
        }
        m.serialize_field("findings", &d.findings)?;
        m.end()
    }
}

/// The dated duties with letters, festival days and milestones listed like obligation
/// windows (`overdue` = missed); birthday parties are always listed with their guests.
struct CalendarOut<'a>(
    &'a crate::eval::calendar_rules::CalendarResult,
    ObligationFilter,
);

impl Serialize for CalendarOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (c, filter) = (self.0, self.1);
        let keeps = move |overdue: bool| match filter {
            ObligationFilter::All => true,
            ObligationFilter::Overdue => overdue,
            ObligationFilter::None => false,
        };
        let mut m = s.serialize_struct("CalendarResult", 7)?;
        m.serialize_field("extent_start", &c.extent_start)?;
        m.serialize_field("extent_end", &c.extent_end)?;
        if !c.birthday_parties.is_empty() {
            m.serialize_field("birthday_parties", &c.birthday_parties)?;
        }
        // Listed (perhaps none of them, by the filter) whenever there are letter windows.
        if !c.letters.is_empty() || c.letter_windows > 0 {
            let rows = c.letters.iter().filter(move |r| keeps(r.overdue));
            m.serialize_field("letters", &Rows(rows))?;
        }
        if !c.festival_days.is_empty() {
            let rows = c.festival_days.iter().filter(move |r| keeps(r.overdue));
            m.serialize_field("festival_days", &Rows(rows))?;
        }
        if !c.milestones.is_empty() {
            let rows = c.milestones.iter().filter(move |r| keeps(r.overdue));
            m.serialize_field("milestones", &Rows(rows))?;
        }
        m.serialize_field("summary", &c.summary)?;
        m.end()
    }
}

/// A list serialised from an iterator, without collecting it.
struct Rows<I>(I);

impl<I> Serialize for Rows<I>
where
    I: Iterator + Clone,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.clone())
    }
}

/// A student with the `text` of each trace entry.
struct StudentOut<'a>(&'a crate::eval::StudentResult, Lang);

impl Serialize for StudentOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, lang) = (self.0, self.1);
        let mut m = s.serialize_struct("StudentResult", 12)?;
        m.serialize_field("student_id", &r.student_id)?;
        m.serialize_field("name", &r.name)?;
        m.serialize_field("class", &r.class)?;
        m.serialize_field("enrolled_at_assessment", &r.enrolled_at_assessment)?;
        m.serialize_field("rank_points_base", &r.rank_points_base)?;
        m.serialize_field("rank_first_term", &r.rank_first_term)?;
        m.serialize_field("rank_final", &r.rank_final)?;
        m.serialize_field("points", &r.points)?;
        m.serialize_field("awards", &r.awards)?;
        m.serialize_field("awards_fen", &r.awards_fen)?;
        m.serialize_field("helpers", &r.helpers)?;
        m.serialize_field("trace", &Rows(r.trace.iter().map(|t| ReasonOut(t, lang))))?;
        m.end()
    }
}

/// A trace entry with its `text` in a language.
struct ReasonOut<'a>(&'a crate::eval::Reason, Lang);

impl Serialize for ReasonOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_struct("Reason", 5)?;
        m.serialize_field("rule", &r.rule)?;
        if let Some(p) = &r.points {
            m.serialize_field("points", p)?;
        }
        if let Some(a) = &r.amount_fen {
            m.serialize_field("amount_fen", a)?;
        }
        m.serialize_field("why", &r.why)?;
        m.serialize_field("text", &r.why.text(self.1))?;
        m.end()
    }
}

/// Letters, festival days and milestones are listed like obligation windows (`overdue` =
/// missed); birthday parties are always listed with their guests.
fn filter_calendar(calendar: &mut Value, filter: ObligationFilter) {
    let Some(calendar) = calendar.as_object_mut() else {
        return;
    };
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
    if let Some(calendar) = value.get_mut("calendar") {
        filter_calendar(calendar, filter);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{EvalOptions, evaluate};
    use std::path::Path;

    /// The streamed JSON is exactly the JSON of [`to_value`] (which follows `Decision`'s own
    /// serialisation): a field added to the decision and not to [`Out`] fails here.
    #[test]
    fn streamed_json_is_the_value_json() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let records = crate::records::load_dir(&root.join("fixtures/realistic")).expect("records");
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 7, 31).expect("date");
        let opts = EvalOptions { as_of, year: None };
        for package in [
            "school-weekly-talks",
            "class-hand-in-hand",
            "school-files-triple-care",
            "school-ten-ones",
            "community-care",
        ] {
            let policy =
                crate::policy::load_dir(&root.join("policies").join(package)).expect("policy");
            let d = evaluate(&policy, &records, &opts).expect("evaluates");
            for filter in [
                ObligationFilter::All,
                ObligationFilter::Overdue,
                ObligationFilter::None,
            ] {
                for lang in [Lang::En, Lang::Zh] {
                    let value = to_value(&d, filter, lang);
                    let mut want = serde_json::to_string_pretty(&value).expect("json");
                    want.push('\n');
                    assert_eq!(render(&d, filter, lang), want, "{package} {filter:?}");
                }
            }
        }
    }
}
