//! Reading `staff.csv`: the staff and their roles.

use super::STUDENTS;
use super::people::{People, class_of};
use crate::records::csv_file::{RowCx, Table, closest};
use crate::records::{Finding, KNOWN_ROLES, Staff};
use std::collections::hash_map::Entry;

/// Reads `staff.csv`, filling the staff ids of `people` (students must be read first).
pub(in crate::records) fn read_staff(
    t: &Table,
    findings: &mut Vec<Finding>,
    people: &mut People,
) -> Vec<Staff> {
    let mut staff = Vec::with_capacity(t.rows.len());
    for row in &t.rows {
        let mut cx = RowCx::new(t, row, findings);
        if cx.bad {
            let id = cx.get("staff_id");
            if !id.is_empty() {
                people
                    .staff_left_out
                    .entry(id.to_owned())
                    .or_insert(row.line);
            }
            continue;
        }
        let id = cx.key("staff_id");
        let mut duplicate = false;
        if !id.is_empty() {
            match people.staff_claims.entry(id.to_owned()) {
                Entry::Occupied(first) => {
                    let msg = format!("duplicate staff_id `{id}`, first on line {}", first.get());
                    cx.leave_out(Some("staff_id"), msg);
                    duplicate = true;
                }
                Entry::Vacant(v) => {
                    v.insert(row.line);
                }
            }
            if let Some(line) = people.student_claims.get(id) {
                let msg = format!(
                    "staff_id `{id}` is already a student_id ({} line {line})",
                    STUDENTS.name
                );
                cx.leave_out(Some("staff_id"), msg);
            }
        }
        let roles: Vec<String> = cx
            .get("role")
            .split([';', '；'])
            .map(|r| r.trim().to_lowercase())
            .filter(|r| !r.is_empty())
            .collect();
        for role in &roles {
            if !KNOWN_ROLES.contains(&role.as_str()) {
                let hint = match closest(role, KNOWN_ROLES.iter().copied()) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!("expected {}", KNOWN_ROLES.join(", ")),
                };
                cx.warning(Some("role"), format!("unknown role `{role}`; {hint}"));
            }
        }
        if cx.bad {
            if !duplicate && !id.is_empty() {
                people.staff_left_out.insert(id.to_owned(), row.line);
            }
            continue;
        }
        people.staff.insert(id.to_owned(), staff.len());
        people.staff_count = staff.len() + 1;
        staff.push(Staff {
            staff_id: id.to_owned(),
            name: cx.get("name").to_owned(),
            roles,
            class: class_of(&cx),
            line: row.line,
        });
    }
    staff
}
