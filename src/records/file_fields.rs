//! The child-file columns of a student that hold a value: a small sorted list keyed by the
//! canonical column name, with the read API of a `BTreeMap<String, String>`.
//!
//! A county has hundreds of thousands of children with about fourteen such fields each; a map
//! with an allocated key per field made the children the largest part of the records after
//! the contacts.

/// Child-file fields by canonical column name (`guardian_phone`, `home_address`, …), sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFields {
    entries: Vec<(&'static str, String)>,
}

impl FileFields {
    fn find(&self, column: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(c, _)| (*c).cmp(column))
    }

    /// The value of a column, when it holds one.
    pub fn get(&self, column: &str) -> Option<&String> {
        self.find(column).ok().map(|i| &self.entries[i].1)
    }

    /// Whether a column holds a value.
    pub fn contains_key(&self, column: &str) -> bool {
        self.find(column).is_ok()
    }

    /// Sets a column's value.
    pub fn insert(&mut self, column: &'static str, value: String) {
        match self.find(column) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (column, value)),
        }
    }

    /// Removes a column's value, giving it.
    pub fn remove(&mut self, column: &str) -> Option<String> {
        self.find(column).ok().map(|i| self.entries.remove(i).1)
    }

    /// The columns that hold a value, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|(c, _)| *c)
    }

    /// Columns and values, sorted by column.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &String)> + '_ {
        self.entries.iter().map(|(c, v)| (*c, v))
    }

    /// Number of columns that hold a value.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no column holds a value.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// As a map (for scripts).
    pub fn to_map(&self) -> std::collections::BTreeMap<String, String> {
        self.iter()
            .map(|(c, v)| (c.to_owned(), v.clone()))
            .collect()
    }
}

impl FromIterator<(&'static str, String)> for FileFields {
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(iter: I) -> Self {
        let mut f = FileFields::default();
        for (c, v) in iter {
            f.insert(c, v);
        }
        f.entries.shrink_to_fit();
        f
    }
}

impl std::ops::Index<&str> for FileFields {
    type Output = String;

    /// # Panics
    /// When the column holds no value, as a map's indexing does.
    fn index(&self, column: &str) -> &String {
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
        assert_eq!(f["gender"], "M");
        assert_eq!(f.remove("id_number"), Some("1".to_owned()));
        assert!(!f.contains_key("id_number"));
        assert_eq!(f.to_map().len(), 2);
    }
}
