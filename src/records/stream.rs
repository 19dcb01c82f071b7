//! Reading a large CSV file row by row from disk, for `contacts.csv` (a county's is several
//! hundred megabytes): one reused row, no per-row allocation, and never the whole file in memory.
//!
//! It gives exactly the rows [`super::csv_file::csv_rows`] gives for the file's text: the same
//! physical lines, trimmed cells and quote runs. It reads UTF-8 (with or without a BOM) only;
//! when a file is anything else (a UTF-16 BOM, a byte that is not UTF-8, an unnamed header
//! column whose warning depends on every row) the caller reads it the ordinary way instead.

use super::Finding;
use super::csv_file::{FileSpec, HEADER_SEARCH_ROWS, Row, Source, Table, build_table, quote_run};
use super::schema::FileLayout;
use std::io::Read;
use std::path::Path;

/// Why a stream cannot go on: the file must be read the ordinary way.
#[derive(Debug)]
pub(super) enum Fallback {
    /// Not UTF-8 (or UTF-16 with a BOM): decoding needs the whole file.
    NotUtf8,
    /// The file could not be read.
    Io(std::io::Error),
}

impl From<std::io::Error> for Fallback {
    fn from(e: std::io::Error) -> Self {
        Fallback::Io(e)
    }
}

const BUFFER: usize = 1 << 20;

/// A CSV file being read record by record.
pub(super) struct CsvStream {
    file: std::fs::File,
    buf: Vec<u8>,
    pos: usize,
    len: usize,
    eof: bool,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Line breaks consumed so far.
    newlines: usize,
    /// The bytes of the current record, for its quote run.
    raw: Vec<u8>,
    /// Bytes consumed so far (for a progress bar).
    consumed: u64,
}

impl CsvStream {
    /// Opens a file; `Fallback::NotUtf8` when it starts with a UTF-16 byte order mark.
    pub fn open(path: &Path) -> Result<CsvStream, Fallback> {
        let file = std::fs::File::open(path)?;
        let mut s = CsvStream {
            file,
            buf: vec![0; BUFFER],
            pos: 0,
            len: 0,
            eof: false,
            core: csv_core::Reader::new(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            newlines: 0,
            raw: Vec::new(),
            consumed: 0,
        };
        s.fill()?;
        let head = &s.buf[..s.len];
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            return Err(Fallback::NotUtf8);
        }
        if head.starts_with(b"\xEF\xBB\xBF") {
            s.pos = 3;
        }
        Ok(s)
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Refills the buffer when it is used up.
    fn fill(&mut self) -> std::io::Result<()> {
        while self.pos >= self.len && !self.eof {
            self.pos = 0;
            self.len = 0;
            let n = match self.file.read(&mut self.buf) {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            self.len = n;
            self.consumed += n as u64;
            self.eof = n == 0;
        }
        Ok(())
    }

    /// Reads the next record into `row` (reusing its cells): `Ok(false)` at the end.
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool, Fallback> {
        use csv_core::ReadRecordResult as R;
        // Blank lines before a record are skipped (as the CSV reader does); the record's line
        // is the one its first byte is on.
        loop {
            self.fill()?;
            let rest = &self.buf[self.pos..self.len];
            let skip = rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            self.newlines += rest[..skip].iter().filter(|b| **b == b'\n').count();
            self.pos += skip;
            if self.pos < self.len || self.eof {
                break;
            }
        }
        let line = self.newlines + 1;
        self.raw.clear();
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            self.fill()?;
            let input = &self.buf[self.pos..self.len];
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.out[outlen..], &mut self.ends[endlen..]);
            let used = &input[..nin];
            self.raw.extend_from_slice(used);
            self.newlines += used.iter().filter(|b| **b == b'\n').count();
            self.pos += nin;
            outlen += nout;
            endlen += nend;
            match res {
                R::InputEmpty => {}
                R::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                R::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                R::Record => break,
                R::End => return Ok(false),
            }
        }
        let fields = &self.ends[..endlen];
        row.cells.truncate(fields.len());
        while row.cells.len() < fields.len() {
            row.cells.push(String::new());
        }
        let mut start = 0;
        for (cell, &end) in row.cells.iter_mut().zip(fields) {
            let text = std::str::from_utf8(&self.out[start..end]).map_err(|_| Fallback::NotUtf8)?;
            start = end;
            cell.clear();
            cell.push_str(text.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{FEFF}'));
        }
        row.line = line;
        row.quote = if self.raw.trim_ascii_end().contains(&b'\n') {
            quote_run(&self.raw, 0, self.raw.len(), line)
        } else {
            None
        };
        Ok(true)
    }
}

/// A CSV file opened for streaming, its header read: the table (holding the data rows found
/// among the rows searched for the header) and the rest of the file.
pub(super) struct Pending {
    pub table: Table,
    pub stream: CsvStream,
}

/// Opens a canonical file for streaming and reads its header as [`build_table`] does.
///
/// `Ok(Err(problems))` when the table cannot be built (missing required columns …), as the
/// ordinary reading would report; `Err(fallback)` when the file must be read the ordinary way.
pub(super) fn open_table(
    path: &Path,
    spec: &FileSpec,
    layout: &FileLayout,
    required: bool,
    source: Source,
) -> Result<Result<(Pending, Vec<Finding>), Vec<Finding>>, Fallback> {
    let mut stream = CsvStream::open(path)?;
    let mut rows = Vec::new();
    let mut row = Row {
        line: 0,
        cells: Vec::new(),
        quote: None,
    };
    while rows.len() < HEADER_SEARCH_ROWS && stream.next_row(&mut row)? {
        if !row.cells.iter().all(String::is_empty) {
            rows.push(row.clone());
        }
    }
    let (table, warnings) = match build_table(rows, spec, layout, required, source) {
        Ok(t) => t,
        Err(problems) => return Ok(Err(problems)),
    };
    // Whether an unnamed column is warned about depends on every row: read it the usual way.
    if table.has_unnamed_column() {
        return Err(Fallback::NotUtf8);
    }
    Ok(Ok((Pending { table, stream }, warnings)))
}

impl Pending {
    /// Calls `each` for every data row: those already in the table, then the rest of the file,
    /// blank rows skipped and words mapped as [`build_table`] does.
    pub fn for_each_row(
        mut self,
        layout: &FileLayout,
        mut each: impl FnMut(&Table, &Row),
        mut progress: impl FnMut(u64),
    ) -> Result<Table, Fallback> {
        let rows = std::mem::take(&mut self.table.rows);
        for r in &rows {
            each(&self.table, r);
        }
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
            quote: None,
        };
        let mut n = 0u32;
        while self.stream.next_row(&mut row)? {
            if row.cells.iter().all(String::is_empty) {
                continue;
            }
            self.table.normalize(layout, &mut row);
            each(&self.table, &row);
            n = n.wrapping_add(1);
            if n % 65_536 == 0 {
                progress(self.stream.consumed());
            }
        }
        progress(self.stream.consumed());
        Ok(self.table)
    }
}
