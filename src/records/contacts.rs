//! The rows of `contacts.csv`, held compactly: a county's twelve million contacts are the bulk
//! of its records, so each is 24 bytes (its student by index, its staff id, kind and note
//! interned) instead of four strings.

use chrono::NaiveDate;
use std::collections::HashMap;

/// A fast, deterministic hash for ids and words (no DoS concern: the records are the user's).
pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Ids → index. An id of up to 15 bytes (most are) is kept inline in a 20-byte entry, so a
/// lookup follows no pointer and the table stays small: with hundreds of thousands of
/// children, each lookup of a contact's child is a cache (and TLB) miss, the main cost of
/// reading contacts.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdMap {
    short: FastMap<[u8; 16], u32>,
    long: FastMap<Box<str>, u32>,
}

impl IdMap {
    /// The id's bytes and its length in the last byte, for an id of up to 15 bytes.
    fn short_key(id: &str) -> Option<[u8; 16]> {
        let b = id.as_bytes();
        if b.len() > 15 {
            return None;
        }
        let mut key = [0u8; 16];
        key[..b.len()].copy_from_slice(b);
        key[15] = b.len() as u8;
        Some(key)
    }

    /// The index of `id`.
    pub fn get(&self, id: &str) -> Option<usize> {
        match Self::short_key(id) {
            Some(k) => self.short.get(&k),
            None => self.long.get(id),
        }
        .map(|i| *i as usize)
    }

    /// Whether `id` is known.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Adds `id` (replacing its index if known), giving the index it had.
    pub fn insert(&mut self, id: String, index: usize) -> Option<usize> {
        let index = u32::try_from(index).unwrap_or(u32::MAX);
        match Self::short_key(&id) {
            Some(k) => self.short.insert(k, index),
            None => self.long.insert(id.into_boxed_str(), index),
        }
        .map(|i| i as usize)
    }
}

/// An interned word of [`Contacts`]: a staff id, a kind or a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Word(u32);

impl Word {
    /// No word: an empty `staff_id` or `note`.
    pub const NONE: Word = Word(u32::MAX);

    /// The index of the word in [`Contacts::words`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One contact, compact: see [`Contacts`] for its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactRow {
    /// Day of the contact.
    pub date: NaiveDate,
    /// The child: an index into [`super::Records::students`].
    pub student: u32,
    /// Who made the contact ([`Word::NONE`] when not recorded).
    pub staff: Word,
    /// Contact kind, lowercased.
    pub kind: Word,
    /// The record-card note ([`Word::NONE`] when empty).
    pub note: Word,
    /// Physical line in `contacts.csv`.
    pub line: u32,
}

/// One row of `contacts.csv` as read: a talk, visit, call … with one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact<'a> {
    /// Day of the contact.
    pub date: NaiveDate,
    /// The child's index in [`super::Records::students`].
    pub student: usize,
    /// The child's id.
    pub student_id: &'a str,
    /// Who made the contact, when recorded.
    pub staff_id: Option<&'a str>,
    /// Contact kind, lowercased (`talk`, `home_visit`, `parent_call`, …).
    pub kind: &'a str,
    /// The record-card note, when filled in.
    pub note: Option<&'a str>,
    /// Physical line in `contacts.csv`.
    pub line: usize,
    /// The compact row.
    pub row: ContactRow,
}

/// Every usable row of `contacts.csv`, in file order, with its interned words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contacts {
    rows: Vec<ContactRow>,
    /// Staff ids, kinds and notes, each once.
    words: Vec<Box<str>>,
    /// The id of each student, by index (as in `Records::students`).
    student_ids: Vec<Box<str>>,
}

impl Contacts {
    /// No contacts, for students with these ids (by index).
    pub(crate) fn new(student_ids: Vec<Box<str>>) -> Self {
        Contacts {
            rows: Vec::new(),
            words: Vec::new(),
            student_ids,
        }
    }

    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is no contact.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The compact rows, in file order.
    pub fn rows(&self) -> &[ContactRow] {
        &self.rows
    }

    /// The text of an interned word (`""` for [`Word::NONE`]).
    pub fn word(&self, w: Word) -> &str {
        self.words.get(w.index()).map_or("", |s| s)
    }

    /// Every interned word, by index: staff ids, kinds and notes.
    pub fn words(&self) -> &[Box<str>] {
        &self.words
    }

    /// The word with this text, if any contact uses it.
    pub fn find_word(&self, text: &str) -> Option<Word> {
        self.words
            .iter()
            .position(|w| &**w == text)
            .map(|i| Word(i as u32))
    }

    /// The distinct kinds of the contacts, sorted.
    pub fn kinds(&self) -> std::collections::BTreeSet<&str> {
        let mut seen = vec![false; self.words.len()];
        for r in &self.rows {
            if let Some(s) = seen.get_mut(r.kind.index()) {
                *s = true;
            }
        }
        seen.iter()
            .zip(&self.words)
            .filter(|(s, _)| **s)
            .map(|(_, w)| &**w)
            .collect()
    }

    /// The contact at `index` (file order), with its words.
    ///
    /// # Panics
    /// When `index` is out of bounds, as slice indexing does.
    pub fn get(&self, index: usize) -> Contact<'_> {
        self.view(self.rows[index])
    }

    /// The contact of a row, with its words.
    pub fn view(&self, row: ContactRow) -> Contact<'_> {
        let opt = |w: Word| (w != Word::NONE).then(|| self.word(w));
        Contact {
            date: row.date,
            student: row.student as usize,
            student_id: self.student_ids.get(row.student as usize).map_or("", |s| s),
            staff_id: opt(row.staff),
            kind: self.word(row.kind),
            note: opt(row.note),
            line: row.line as usize,
            row,
        }
    }

    /// Every contact, in file order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Contact<'_>> + ExactSizeIterator {
        self.rows.iter().map(|r| self.view(*r))
    }

    /// The first contact, if any.
    pub fn first(&self) -> Option<Contact<'_>> {
        self.rows.first().map(|r| self.view(*r))
    }

    /// The last contact, if any.
    pub fn last(&self) -> Option<Contact<'_>> {
        self.rows.last().map(|r| self.view(*r))
    }

    /// Keeps the contacts for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&Contact<'_>) -> bool) {
        let rows = std::mem::take(&mut self.rows);
        self.rows = rows.into_iter().filter(|r| keep(&self.view(*r))).collect();
    }

    /// The rows of each student, each sorted by date then line: `(offsets, rows)` where the
    /// rows of student `i` are `rows[offsets[i]..offsets[i + 1]]`. Contacts dated after `until`
    /// are left out. One counting pass, no per-student allocation.
    pub fn by_student(&self, until: NaiveDate) -> (Vec<u32>, Vec<ContactRow>) {
        let n = self.student_ids.len();
        let mut offsets = vec![0u32; n + 1];
        for r in &self.rows {
            if r.date <= until {
                offsets[r.student as usize + 1] += 1;
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..n].to_vec();
        let total = offsets[n] as usize;
        let mut out = vec![
            ContactRow {
                date: NaiveDate::MIN,
                student: 0,
                staff: Word::NONE,
                kind: Word::NONE,
                note: Word::NONE,
                line: 0,
            };
            total
        ];
        for r in &self.rows {
            if r.date <= until {
                let at = &mut next[r.student as usize];
                out[*at as usize] = *r;
                *at += 1;
            }
        }
        // File order within a student is line order: a stable sort by date gives (date, line).
        for i in 0..n {
            let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
            let list = &mut out[a..b];
            if !list.is_sorted_by_key(|r| r.date) {
                list.sort_by_key(|r| r.date);
            }
        }
        (offsets, out)
    }
}

/// Builds [`Contacts`] while a file is read: interns words, adds rows.
#[derive(Debug, Default)]
pub(crate) struct ContactsBuilder {
    contacts: Contacts,
    index: FastMap<Box<str>, Word>,
    /// Kinds as written → the interned lowercase kind (most are written lowercase already).
    kinds: FastMap<Box<str>, Word>,
}

impl ContactsBuilder {
    /// A builder for students with these ids (by index).
    pub fn new(student_ids: Vec<Box<str>>) -> Self {
        ContactsBuilder {
            contacts: Contacts::new(student_ids),
            ..ContactsBuilder::default()
        }
    }

    /// The word for `text`, interned.
    pub fn word(&mut self, text: &str) -> Word {
        if let Some(w) = self.index.get(text) {
            return *w;
        }
        let w = Word(self.contacts.words.len() as u32);
        self.contacts.words.push(text.into());
        self.index.insert(text.into(), w);
        w
    }

    /// The word for a kind as written: lowercased, interned.
    pub fn kind(&mut self, written: &str) -> Word {
        if let Some(w) = self.kinds.get(written) {
            return *w;
        }
        let w = self.word(&written.to_lowercase());
        self.kinds.insert(written.into(), w);
        w
    }

    /// The word of an optional cell: [`Word::NONE`] when empty.
    pub fn opt(&mut self, text: &str) -> Word {
        if text.is_empty() {
            Word::NONE
        } else {
            self.word(text)
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: ContactRow) {
        self.contacts.rows.push(row);
    }

    /// The contacts read.
    pub fn finish(self) -> Contacts {
        let mut c = self.contacts;
        c.rows.shrink_to_fit();
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn rows_by_student_sorted_by_date_then_line() {
        let mut b = ContactsBuilder::new(vec!["a".into(), "b".into()]);
        let talk = b.kind("Talk");
        assert_eq!(b.kind("talk"), talk);
        let row = |date: &str, student: u32, line: u32| ContactRow {
            date: d(date),
            student,
            staff: Word::NONE,
            kind: talk,
            note: Word::NONE,
            line,
        };
        for r in [
            row("2025-09-03", 1, 2),
            row("2025-09-01", 0, 3),
            row("2025-09-02", 1, 4),
            row("2025-09-02", 1, 5),
            row("2025-12-01", 1, 6),
        ] {
            b.push(r);
        }
        let c = b.finish();
        assert_eq!(c.get(0).student_id, "b");
        assert_eq!(c.get(0).kind, "talk");
        assert_eq!(c.kinds().into_iter().collect::<Vec<_>>(), ["talk"]);
        let (offsets, rows) = c.by_student(d("2025-11-30"));
        assert_eq!(offsets, [0, 1, 4]);
        let lines: Vec<u32> = rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5, 2]);
    }
}
