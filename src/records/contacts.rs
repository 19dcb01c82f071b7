//! The rows of `contacts.csv`, held compactly: a county's twelve million contacts are the bulk
//! of its records, so each is 20 bytes (kept under its student, its staff id, kind and note
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
    /// The short key of each index (`NO_KEY` for a long id), for [`IdMap::get_near`].
    keys: Vec<[u8; 16]>,
}

/// A key no id has (its length byte is over 15).
const NO_KEY: [u8; 16] = [0xFF; 16];

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

    /// The index of `id`, looking first just after `near` (the index found for the row
    /// before): records written class by class or child by child find their ids there, in a
    /// few cache lines read in order, instead of one random read of the table per row.
    pub fn get_near(&self, id: &str, near: usize) -> Option<usize> {
        if let Some(key) = Self::short_key(id) {
            let from = near.saturating_add(1).min(self.keys.len());
            let to = near.saturating_add(17).min(self.keys.len());
            if let Some(k) = self.keys[from..to].iter().position(|k| *k == key) {
                return Some(from + k);
            }
            return self.short.get(&key).map(|i| *i as usize);
        }
        self.get(id)
    }

    /// Whether `id` is known.
    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Adds `id` (replacing its index if known), giving the index it had.
    pub fn insert(&mut self, id: String, index: usize) -> Option<usize> {
        if index < 1 << 26 {
            if self.keys.len() <= index {
                self.keys.resize(index + 1, NO_KEY);
            }
            self.keys[index] = Self::short_key(&id).unwrap_or(NO_KEY);
        }
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

/// One contact, compact (20 bytes): see [`Contacts`] for its words. Its child is the one it
/// is kept under ([`Contacts::of_student`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactRow {
    /// Day of the contact.
    pub date: NaiveDate,
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

/// Every usable row of `contacts.csv`, compactly, with its interned words.
///
/// The rows are kept by child, each child's sorted by date then line, which is what every rule
/// reads ([`Contacts::of_student`]); [`Contacts::iter`] and [`Contacts::get`] give file order.
/// Rows are appended to partitions of 1,024 children while the file is read and sorted in each
/// partition at the end: every step stays in cache, with no global sort and no second copy.
#[derive(Debug, Clone, Default)]
pub struct Contacts {
    /// Partition `p` holds the rows of the children `p << SHIFT .. (p + 1) << SHIFT`.
    parts: Vec<Vec<ContactRow>>,
    /// Where each child's rows start in its partition.
    starts: Vec<u32>,
    /// Staff ids, kinds and notes, each once.
    words: Vec<Box<str>>,
    /// The id of each student, by index (as in `Records::students`).
    student_ids: Vec<Box<str>>,
    /// The rows in file order (child, index in its partition), made when first asked for.
    file_order: std::sync::OnceLock<Vec<(u32, u32)>>,
}

/// Children per partition of [`Contacts`], as a power of two.
const SHIFT: u32 = 10;

impl PartialEq for Contacts {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
            && self.words == other.words
            && self.student_ids == other.student_ids
    }
}

impl Eq for Contacts {}

impl Contacts {
    /// No contacts, for students with these ids (by index).
    pub(crate) fn new(student_ids: Vec<Box<str>>) -> Self {
        let parts = student_ids.len().div_ceil(1 << SHIFT).max(1);
        Contacts {
            parts: vec![Vec::new(); parts],
            starts: vec![0; student_ids.len()],
            words: Vec::new(),
            student_ids,
            file_order: std::sync::OnceLock::new(),
        }
    }

    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }

    /// Whether there is no contact.
    pub fn is_empty(&self) -> bool {
        self.parts.iter().all(Vec::is_empty)
    }

    /// The rows of student `i` (an index into `Records::students`), sorted by date then line.
    pub fn of_student(&self, i: usize) -> &[ContactRow] {
        let Some(part) = self.parts.get(i >> SHIFT) else {
            return &[];
        };
        part.get(self.range(i)).unwrap_or_default()
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
        for r in self.parts.iter().flatten() {
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

    /// The range of student `i`'s rows in its partition.
    fn range(&self, i: usize) -> std::ops::Range<usize> {
        let len = self.parts.get(i >> SHIFT).map_or(0, Vec::len);
        let start = self.starts.get(i).map_or(0, |s| *s as usize);
        let same_part = (i + 1) >> SHIFT == i >> SHIFT;
        let end = match self.starts.get(i + 1) {
            Some(e) if same_part => *e as usize,
            _ => len,
        };
        start.min(end)..end
    }

    /// Every row with its child, by child then date.
    fn with_child(&self) -> impl Iterator<Item = (usize, &ContactRow)> {
        (0..self.starts.len()).flat_map(move |i| self.of_student(i).iter().map(move |r| (i, r)))
    }

    /// The rows in file order (by line), worked out once.
    fn file_order(&self) -> &[(u32, u32)] {
        self.file_order.get_or_init(|| {
            let mut order: Vec<(u32, u32)> = (0..self.starts.len())
                .flat_map(|i| self.range(i).map(move |j| (i as u32, j as u32)))
                .collect();
            order
                .sort_unstable_by_key(|&(i, j)| self.parts[(i >> SHIFT) as usize][j as usize].line);
            order
        })
    }

    /// The contact at `index` in file order, with its words.
    ///
    /// # Panics
    /// When `index` is out of bounds, as slice indexing does.
    pub fn get(&self, index: usize) -> Contact<'_> {
        let (i, j) = self.file_order()[index];
        self.view(i as usize, self.parts[(i >> SHIFT) as usize][j as usize])
    }

    /// The contact of a row of student `student` (an index into `Records::students`), with
    /// its words.
    pub fn view(&self, student: usize, row: ContactRow) -> Contact<'_> {
        let opt = |w: Word| (w != Word::NONE).then(|| self.word(w));
        Contact {
            date: row.date,
            student,
            student_id: self.student_ids.get(student).map_or("", |s| s),
            staff_id: opt(row.staff),
            kind: self.word(row.kind),
            note: opt(row.note),
            line: row.line as usize,
            row,
        }
    }

    /// Every contact, in file order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Contact<'_>> + ExactSizeIterator {
        self.file_order()
            .iter()
            .map(|&(i, j)| self.view(i as usize, self.parts[(i >> SHIFT) as usize][j as usize]))
    }

    /// Every contact, by child then date (no sorting: the order they are kept in).
    pub fn by_child(&self) -> impl Iterator<Item = Contact<'_>> {
        self.with_child().map(|(i, r)| self.view(i, *r))
    }

    /// The first contact in file order, if any.
    pub fn first(&self) -> Option<Contact<'_>> {
        (!self.is_empty()).then(|| self.get(0))
    }

    /// The last contact in file order, if any.
    pub fn last(&self) -> Option<Contact<'_>> {
        self.len().checked_sub(1).map(|i| self.get(i))
    }

    /// Keeps the contacts for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&Contact<'_>) -> bool) {
        let mut parts: Vec<Vec<ContactRow>> = vec![Vec::new(); self.parts.len()];
        let mut starts = vec![0u32; self.starts.len()];
        for (i, start) in starts.iter_mut().enumerate() {
            let part = &mut parts[i >> SHIFT];
            *start = part.len() as u32;
            part.extend(
                self.of_student(i)
                    .iter()
                    .filter(|r| keep(&self.view(i, **r))),
            );
        }
        self.parts = parts;
        self.starts = starts;
        self.file_order = std::sync::OnceLock::new();
    }
}

/// Builds [`Contacts`] while a file is read: interns words, adds rows.
#[derive(Debug, Default)]
pub(crate) struct ContactsBuilder {
    contacts: Contacts,
    /// The rows read, with their child, by partition (sorted into `contacts` at the end).
    rows: Vec<Vec<(u32, ContactRow)>>,
    index: FastMap<Box<str>, Word>,
    /// Kinds as written → the interned lowercase kind (most are written lowercase already).
    kinds: FastMap<Box<str>, Word>,
}

impl ContactsBuilder {
    /// A builder for students with these ids (by index).
    pub fn new(student_ids: Vec<Box<str>>) -> Self {
        let contacts = Contacts::new(student_ids);
        ContactsBuilder {
            rows: vec![Vec::new(); contacts.parts.len()],
            contacts,
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

    /// Reserves room for about `rows` contacts, shared by the partitions as their children are
    /// (a county's partitions would otherwise grow by doubling, up to twice what they hold).
    pub fn expect(&mut self, rows: usize) {
        let n = self.contacts.starts.len().max(1);
        for (p, part) in self.rows.iter_mut().enumerate() {
            let children = ((p + 1) << SHIFT).min(n).saturating_sub(p << SHIFT);
            part.reserve(rows / n * children * 21 / 20);
        }
    }

    /// Adds a row of student `student` (an index among those the builder was made for).
    pub fn push(&mut self, student: u32, row: ContactRow) {
        if let Some(part) = self.rows.get_mut((student >> SHIFT) as usize) {
            part.push((student, row));
        }
    }

    /// The contacts read: each partition sorted by child (a stable counting sort, so each
    /// child's rows stay in file order), then each child's by date where they are not already.
    pub fn finish(self) -> Contacts {
        let mut c = self.contacts;
        let n = c.starts.len();
        for (p, read) in self.rows.into_iter().enumerate() {
            let first = p << SHIFT;
            let count = ((p + 1) << SHIFT).min(n).saturating_sub(first);
            let mut at = vec![0usize; count + 1];
            for (student, _) in &read {
                at[*student as usize - first + 1] += 1;
            }
            for k in 0..count {
                at[k + 1] += at[k];
            }
            let mut part = vec![
                ContactRow {
                    date: NaiveDate::MIN,
                    staff: Word::NONE,
                    kind: Word::NONE,
                    note: Word::NONE,
                    line: 0,
                };
                read.len()
            ];
            let mut next = at.clone();
            for (student, r) in read {
                let slot = &mut next[student as usize - first];
                part[*slot] = r;
                *slot += 1;
            }
            for k in 0..count {
                c.starts[first + k] = at[k] as u32;
                let rows = &mut part[at[k]..at[k + 1]];
                if !rows.is_sorted_by_key(|r| r.date) {
                    // File order within a date is line order: a stable sort keeps it.
                    rows.sort_by_key(|r| r.date);
                }
            }
            c.parts[p] = part;
        }
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
        let row = |date: &str, student: u32, line: u32| {
            (
                student,
                ContactRow {
                    date: d(date),
                    staff: Word::NONE,
                    kind: talk,
                    note: Word::NONE,
                    line,
                },
            )
        };
        for r in [
            row("2025-09-03", 1, 2),
            row("2025-09-01", 0, 3),
            row("2025-09-02", 1, 4),
            row("2025-09-02", 1, 5),
            row("2025-12-01", 1, 6),
        ] {
            b.push(r.0, r.1);
        }
        let c = b.finish();
        assert_eq!(c.get(0).student_id, "b");
        assert_eq!(c.get(0).kind, "talk");
        assert_eq!(c.kinds().into_iter().collect::<Vec<_>>(), ["talk"]);
        let lines = |i: usize| c.of_student(i).iter().map(|r| r.line).collect::<Vec<_>>();
        assert_eq!(lines(0), [3]);
        assert_eq!(lines(1), [4, 5, 2, 6]);
        let file: Vec<(usize, usize)> = c.iter().map(|r| (r.student, r.line)).collect();
        assert_eq!(file, [(1, 2), (0, 3), (1, 4), (1, 5), (1, 6)]);
        assert_eq!(std::mem::size_of::<ContactRow>(), 20);
        let mut kept = c.clone();
        kept.retain(|r| r.line != 4);
        let lines = |i: usize| {
            kept.of_student(i)
                .iter()
                .map(|r| r.line)
                .collect::<Vec<_>>()
        };
        assert_eq!((lines(0), lines(1)), (vec![3], vec![5, 2, 6]));
        assert_eq!(kept.get(1).student_id, "a");
    }
}
