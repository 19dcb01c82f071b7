//! The child-file columns of a student that hold a value: a small sorted list keyed by the
//! canonical column name, with the read API of a `BTreeMap<String, String>`.
//!
//! A county has hundreds of thousands of children with about fourteen such fields each; a map
//! with an allocated key per field made the children the largest part of the records after
//! the contacts.

/// Child-file fields by canonical column name (`guardian_phone`, `home_address`, …), sorted.
///
/// Held packed: the values one after another in one string, and each column with where its
/// value ends (two allocations a child, about 16 bytes a field besides the text).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFields {
    /// The values, in column order, one after another.
    text: Box<str>,
    /// Each column that holds a value, sorted, with the end of its value in `text` (bytes).
    cols: Box<[(&'static str, u32)]>,
}

impl FileFields {
    fn find(&self, column: &str) -> Result<usize, usize> {
        self.cols.binary_search_by(|(c, _)| (*c).cmp(column))
    }

    fn value(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.cols[i - 1].1 as usize
        };
        self.text
            .get(start..self.cols[i].1 as usize)
            .unwrap_or_default()
    }

    /// Built from columns and values sorted by column, each column once.
    fn packed(entries: Vec<(&'static str, String)>) -> Self {
        let mut text = String::with_capacity(entries.iter().map(|(_, v)| v.len()).sum());
        let mut cols = Vec::with_capacity(entries.len());
        for (c, v) in entries {
            text.push_str(&v);
            // A child's file fields are a few hundred bytes: far from 4 GB.
            cols.push((c, u32::try_from(text.len()).unwrap_or(u32::MAX)));
        }
        FileFields {
            text: text.into_boxed_str(),
            cols: cols.into_boxed_slice(),
        }
    }

    fn entries(&self) -> Vec<(&'static str, String)> {
        self.iter().map(|(c, v)| (c, v.to_owned())).collect()
    }

    /// The value of a column, when it holds one.
    pub fn get(&self, column: &str) -> Option<&str> {
        self.find(column).ok().map(|i| self.value(i))
    }

    /// Whether a column holds a value.
    pub fn contains_key(&self, column: &str) -> bool {
        self.find(column).is_ok()
    }

    /// Sets a column's value.
    pub fn insert(&mut self, column: &'static str, value: String) {
        let mut entries = self.entries();
        match self.find(column) {
            Ok(i) => entries[i].1 = value,
            Err(i) => entries.insert(i, (column, value)),
        }
        *self = Self::packed(entries);
    }

    /// Removes a column's value, giving it.
    pub fn remove(&mut self, column: &str) -> Option<String> {
        let i = self.find(column).ok()?;
        let mut entries = self.entries();
        let (_, v) = entries.remove(i);
        *self = Self::packed(entries);
        Some(v)
    }

    /// The columns that hold a value, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.cols.iter().map(|(c, _)| *c)
    }

    /// Columns and values, sorted by column.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        (0..self.cols.len()).map(|i| (self.cols[i].0, self.value(i)))
    }

    /// Number of columns that hold a value.
    pub fn len(&self) -> usize {
        self.cols.len()
    }

    /// Whether no column holds a value.
    pub fn is_empty(&self) -> bool {
        self.cols.is_empty()
    }

    /// As a map (for scripts).
    pub fn to_map(&self) -> std::collections::BTreeMap<String, String> {
        self.iter()
            .map(|(c, v)| (c.to_owned(), v.to_owned()))
            .collect()
    }
}

impl FromIterator<(&'static str, String)> for FileFields {
    /// The last value of a column given twice wins, as a map's `insert` does.
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(iter: I) -> Self {
        let mut entries: Vec<(&'static str, String)> = iter.into_iter().collect();
        // Stable: of a column given twice, the later value stays after the earlier.
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut kept: Vec<(&'static str, String)> = Vec::with_capacity(entries.len());
        for e in entries {
            match kept.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => kept.push(e),
            }
        }
        Self::packed(kept)
    }
}

impl std::ops::Index<&str> for FileFields {
    type Output = str;

    /// # Panics
    /// When the column holds no value, as a map's indexing does.
    fn index(&self, column: &str) -> &str {
        match self.get(column) {
            Some(v) => v,
            None => panic!("no child-file value for `{column}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_like_a_map() {
        let mut f: FileFields = [("gender", "F".to_owned()), ("birth_date", "x".to_owned())]
            .into_iter()
            .collect();
        f.insert("id_number", "1".to_owned());
        f.insert("gender", "M".to_owned());
        assert_eq!(
            f.keys().collect::<Vec<_>>(),
            ["birth_date", "gender", "id_number"]
        );
        assert_eq!(&f["gender"], "M");
        assert_eq!(f.remove("id_number"), Some("1".to_owned()));
        assert!(!f.contains_key("id_number"));
        assert_eq!(f.to_map().len(), 2);
        assert_eq!(
            f.iter().collect::<Vec<_>>(),
            [("birth_date", "x"), ("gender", "M")]
        );
        let twice: FileFields = [
            ("a", "1".to_owned()),
            ("b", String::new()),
            ("a", "2".to_owned()),
        ]
        .into_iter()
        .collect();
        assert_eq!(twice.iter().collect::<Vec<_>>(), [("a", "2"), ("b", "")]);
    }
}
