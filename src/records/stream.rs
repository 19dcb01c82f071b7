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
///
/// A record on one line without a quote (nearly all) is split at its commas directly; any
/// other goes through `csv_core`, the parser of the `csv` crate, so that every row is exactly
/// what the `csv` crate reads (`flexible`, no headers, `"` quotes, `\r`, `\n` or `\r\n`
/// line ends, blank lines skipped). The input is checked to be UTF-8 once, a buffer at a time.
pub(super) struct CsvStream<R> {
    input: R,
    /// The current buffer: whole characters of the input.
    text: String,
    pos: usize,
    eof: bool,
    /// Bytes read and not yet in `text`: the start of a character cut by the read.
    carry: Vec<u8>,
    /// Where bytes are read to.
    scratch: Vec<u8>,
    /// Bytes read at a time.
    chunk: usize,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Line breaks consumed so far.
    newlines: usize,
    /// The bytes of the current record, for its quote run (records `csv_core` reads).
    raw: Vec<u8>,
    /// Bytes read so far (for a progress bar).
    consumed: u64,
    /// Where the commas of the current line are.
    commas: Vec<usize>,
    /// Whether the last row read is ASCII only (so it holds no full-width form).
    pub ascii: bool,
}

impl CsvStream<std::fs::File> {
    /// Opens a file; `Fallback::NotUtf8` when it starts with a UTF-16 byte order mark or is not
    /// UTF-8 in its first megabyte. A UTF-8 byte order mark is skipped, as decoding the file
    /// does.
    pub fn open(path: &Path) -> Result<Self, Fallback> {
        let mut file = std::fs::File::open(path)?;
        let mut head = [0u8; 3];
        let mut got = 0;
        while got < 3 {
            match file.read(&mut head[got..]) {
                Ok(0) => break,
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        let head = &head[..got];
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            return Err(Fallback::NotUtf8);
        }
        let mut s = CsvStream::new(file);
        if !head.starts_with(b"\xEF\xBB\xBF") {
            s.carry.extend_from_slice(head);
        }
        s.start()?;
        Ok(s)
    }
}

impl<R: Read> CsvStream<R> {
    fn new(input: R) -> Self {
        CsvStream {
            input,
            text: String::new(),
            pos: 0,
            eof: false,
            carry: Vec::new(),
            scratch: Vec::new(),
            chunk: BUFFER,
            core: csv_core::Reader::new(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            newlines: 0,
            raw: Vec::new(),
            consumed: 0,
            commas: Vec::new(),
            ascii: false,
        }
    }

    /// Before the first record: `csv_core` drops a UTF-8 byte order mark at the very start of
    /// its input (once); drop it here, then let `csv_core` know it has begun (a blank line,
    /// which it skips), so that it never drops one later.
    fn start(&mut self) -> Result<(), Fallback> {
        self.fill()?;
        if self.text[self.pos..].starts_with('\u{FEFF}') {
            self.pos += 3;
        }
        let (mut o, mut e) = ([0u8; 1], [0usize; 1]);
        let _ = self.core.read_record(b"\n", &mut o, &mut e);
        Ok(())
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Refills the buffer when it is used up; `Fallback::NotUtf8` at a byte that is not UTF-8.
    fn fill(&mut self) -> Result<(), Fallback> {
        while self.pos >= self.text.len() && !self.eof {
            // Zeroed once; the cut character carried over (at most 3 bytes) goes first.
            let at = self.carry.len();
            if self.scratch.len() < at + self.chunk {
                self.scratch.resize(at + self.chunk, 0);
            }
            self.scratch[..at].copy_from_slice(&self.carry);
            self.carry.clear();
            let n = loop {
                match self.input.read(&mut self.scratch[at..at + self.chunk]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e.into()),
                }
            };
            let scratch = &self.scratch[..at + n];
            self.consumed += n as u64;
            self.eof = n == 0;
            self.text.clear();
            self.pos = 0;
            match std::str::from_utf8(scratch) {
                Ok(text) => self.text.push_str(text),
                // A character cut by the end of the read: its start waits for the next read.
                Err(e) if e.error_len().is_none() && !self.eof => {
                    let valid = e.valid_up_to();
                    self.text
                        .push_str(std::str::from_utf8(&scratch[..valid]).unwrap_or_default());
                    self.carry.extend_from_slice(&scratch[valid..]);
                }
                Err(_) => return Err(Fallback::NotUtf8),
            }
        }
        Ok(())
    }

    /// Reads the next record into `row` (reusing its cells): `Ok(false)` at the end.
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool, Fallback> {
        // Blank lines before a record are skipped (as the CSV reader does); the record's line
        // is the one its first byte is on.
        loop {
            self.fill()?;
            let rest = &self.text.as_bytes()[self.pos..];
            let skip = rest
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
            self.newlines += rest[..skip].iter().filter(|b| **b == b'\n').count();
            self.pos += skip;
            if self.pos < self.text.len() || self.eof {
                break;
            }
        }
        if self.pos >= self.text.len() && self.eof {
            return Ok(false);
        }
        let line = self.newlines + 1;
        row.line = line;
        row.quote = None;
        // One line without a quote, whole in the buffer (or the file's last line): found with
        // its commas in one pass over its bytes.
        let rest = &self.text[self.pos..];
        self.commas.clear();
        let mut stop = None;
        let mut high = 0u8;
        for (k, &b) in rest.as_bytes().iter().enumerate() {
            high |= b;
            match CLASS[b as usize] {
                0 => {}
                1 => self.commas.push(k),
                _ => {
                    stop = Some(k);
                    break;
                }
            }
        }
        let bytes = rest.as_bytes();
        let (len, used) = match stop {
            Some(k) if bytes[k] == b'\n' => (k, k + 1),
            // A `\r\n` line end: the record ends at the `\r` (the `\n` is then a blank line).
            Some(k) if bytes[k] == b'\r' && bytes.get(k + 1) == Some(&b'\n') => (k, k + 2),
            None if self.eof => (bytes.len(), bytes.len()),
            _ => return self.next_quoted(row, line),
        };
        if used > len {
            self.newlines += 1;
        }
        self.ascii = high < 0x80;
        // The line ends at an ASCII byte, so it is whole characters.
        let text = &rest[..len];
        self.pos += used;
        let n = self.commas.len() + 1;
        row.cells.truncate(n);
        while row.cells.len() < n {
            row.cells.push(String::new());
        }
        let mut start = 0;
        for (i, cell) in row.cells.iter_mut().enumerate() {
            let end = self.commas.get(i).copied().unwrap_or(text.len());
            // Commas are ASCII: every field is whole characters.
            let field = text.get(start..end).unwrap_or_default();
            cell.clear();
            cell.push_str(trim(field));
            start = end + 1;
        }
        Ok(true)
    }

    /// Reads a record through `csv_core` (a record with a quote, or not whole in the buffer).
    fn next_quoted(&mut self, row: &mut Row, line: usize) -> Result<bool, Fallback> {
        use csv_core::ReadRecordResult as R;
        self.ascii = false;
        self.raw.clear();
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            self.fill()?;
            let input = &self.text.as_bytes()[self.pos..];
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
            // The input is UTF-8 and only ASCII quotes are taken out of it.
            let text = std::str::from_utf8(&self.out[start..end]).map_err(|_| Fallback::NotUtf8)?;
            start = end;
            cell.clear();
            cell.push_str(trim(text));
        }
        row.quote = if self.raw.trim_ascii_end().contains(&b'\n') {
            quote_run(&self.raw, 0, self.raw.len(), line)
        } else {
            None
        };
        Ok(true)
    }
}

/// Bytes that end the quick scan of a line: 1 for a comma, 2 for a line end or a quote.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    t[b',' as usize] = 1;
    t[b'\n' as usize] = 2;
    t[b'\r' as usize] = 2;
    t[b'"' as usize] = 2;
    t
};

/// A cell trimmed of white space and byte order marks (an ASCII cell quickly).
fn trim(field: &str) -> &str {
    let b = field.as_bytes();
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if f.is_ascii_graphic() && l.is_ascii_graphic() => field,
        _ => field.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{FEFF}'),
    }
}

/// The rows of CSV text (its BOM already removed by decoding), blank ones included, with
/// their physical lines and quote runs: what [`super::csv_file::csv_rows`] gives.
pub(super) fn text_rows(text: &str) -> Vec<Row> {
    // The whole text is the buffer: nothing to read or check.
    let mut s = CsvStream::new(&b""[..]);
    s.text = text.to_owned();
    s.eof = true;
    rows_of(s)
}

/// CSV text read row by row, as [`text_rows`] reads it, without holding every row.
pub(super) fn text_stream(text: &str) -> CsvStream<&[u8]> {
    let mut s = CsvStream::new(text.as_bytes());
    s.chunk = 1 << 20;
    // Text is UTF-8 and reading a slice cannot fail.
    let _ = s.start();
    s
}

/// The first rows of CSV text that are not blank, as many as the header is searched in: what
/// [`build_table`] needs to find the header and its problems.
pub(super) fn first_rows(text: &str) -> Vec<Row> {
    let mut s = CsvStream::new(text.as_bytes());
    s.chunk = 1 << 16;
    let mut rows = Vec::new();
    if s.start().is_err() {
        return rows;
    }
    while rows.len() < HEADER_SEARCH_ROWS {
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
            quote: None,
        };
        match s.next_row(&mut row) {
            Ok(true) if row.cells.iter().all(String::is_empty) => {}
            Ok(true) => rows.push(row),
            _ => break,
        }
    }
    rows
}

/// [`text_rows`], reading `chunk` bytes at a time.
#[cfg(test)]
fn text_rows_by(text: &str, chunk: usize) -> Vec<Row> {
    let mut s = CsvStream::new(text.as_bytes());
    s.chunk = chunk;
    rows_of(s)
}

/// Every row of a stream.
fn rows_of<R: Read>(mut s: CsvStream<R>) -> Vec<Row> {
    let mut rows = Vec::new();
    // Text is UTF-8 and reading a slice cannot fail.
    if s.start().is_err() {
        return rows;
    }
    loop {
        let mut row = Row {
            line: 0,
            cells: Vec::new(),
            quote: None,
        };
        match s.next_row(&mut row) {
            Ok(true) => rows.push(row),
            _ => return rows,
        }
    }
}

/// A CSV file opened for streaming, its header read: the table (holding the data rows found
/// among the rows searched for the header) and the rest of the file.
pub(super) struct Pending {
    pub table: Table,
    pub stream: CsvStream<std::fs::File>,
}

/// Opens a canonical file for streaming and reads its header as [`build_table`] does.
///
/// A table opened for streaming with its findings so far, or the problems that stop it.
pub(super) type Opened = Result<(Pending, Vec<Finding>), Vec<Finding>>;

/// `Ok(Err(problems))` when the table cannot be built (missing required columns …), as the
/// ordinary reading would report; `Err(fallback)` when the file must be read the ordinary way.
pub(super) fn open_table(
    path: &Path,
    spec: &FileSpec,
    layout: &FileLayout,
    required: bool,
    source: Source,
) -> Result<Opened, Fallback> {
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
    /// blank rows skipped and words mapped as [`build_table`] does. The file is parsed on a
    /// second thread, in batches of rows (reused); on this thread `prepare` runs on each batch
    /// (pushing one value per row), then `each` on each row with what `prepare` gave. (The
    /// parse is the longer half: the lookups of `prepare` balance the two threads.)
    pub fn for_each_row<P>(
        mut self,
        layout: &FileLayout,
        mut prepare: impl FnMut(&Table, &[Row], &mut Vec<P>),
        mut each: impl FnMut(&Table, &Row, P),
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<Table, Fallback> {
        const BATCH: usize = 1024;
        let rows = std::mem::take(&mut self.table.rows);
        let mut first = Vec::new();
        prepare(&self.table, &rows, &mut first);
        for (r, p) in rows.iter().zip(first) {
            each(&self.table, r, p);
        }
        let plan = self.table.normalize_plan(layout);
        let words = plan.iter().any(|(_, _, w)| *w);
        let mut stream = self.stream;
        let table = &self.table;
        let (full, filled) =
            std::sync::mpsc::sync_channel::<Result<(Vec<Row>, usize), Fallback>>(4);
        let (empty, emptied) = std::sync::mpsc::channel::<Vec<Row>>();
        std::thread::scope(|s| {
            s.spawn(move || {
                let blank = || Row {
                    line: 0,
                    cells: Vec::new(),
                    quote: None,
                };
                // Batches in flight at most: then each one comes back to be refilled (its rows
                // and cells reused, no allocation per row).
                let mut fresh = 6;
                loop {
                    let mut batch = if fresh > 0 {
                        fresh -= 1;
                        Vec::new()
                    } else {
                        match emptied.recv() {
                            Ok(batch) => batch,
                            Err(_) => return,
                        }
                    };
                    let mut n = 0;
                    let mut end = false;
                    while n < BATCH {
                        if batch.len() <= n {
                            batch.push(blank());
                        }
                        match stream.next_row(&mut batch[n]) {
                            Ok(true) => {}
                            Ok(false) => {
                                end = true;
                                break;
                            }
                            Err(e) => {
                                let _ = full.send(Err(e));
                                return;
                            }
                        }
                        let row = &mut batch[n];
                        if row.cells.iter().all(String::is_empty) {
                            continue;
                        }
                        // An ASCII row has no full-width form to fold.
                        if words || !stream.ascii {
                            Table::normalize_by(&plan, layout, row);
                        }
                        n += 1;
                    }
                    progress(stream.consumed());
                    if full.send(Ok((batch, n))).is_err() || end {
                        return;
                    }
                }
            });
            let mut prepared = Vec::with_capacity(BATCH);
            for got in filled {
                let (batch, n) = got?;
                prepare(table, &batch[..n], &mut prepared);
                for (row, p) in batch[..n].iter().zip(prepared.drain(..)) {
                    each(table, row, p);
                }
                let _ = empty.send(batch);
            }
            Ok::<(), Fallback>(())
        })?;
        Ok(self.table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows as the `csv` crate reads them, with lines counted from the record offsets and
    /// quote runs as `csv_file::quote_run` finds them: what `csv_rows` gave before this module.
    fn reference(
        text: &str,
    ) -> Vec<(usize, Vec<String>, Option<super::super::csv_file::QuoteRun>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).expect("csv") {
            let offset = record.position().map_or(0, |p| p.byte() as usize);
            let end = reader.position().byte() as usize;
            let mut start = offset;
            while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let line = bytes[..start].iter().filter(|b| **b == b'\n').count() + 1;
            let cells = record
                .iter()
                .map(|c| {
                    c.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{FEFF}')
                        .to_owned()
                })
                .collect();
            out.push((line, cells, quote_run(bytes, offset, end, line)));
        }
        out
    }

    #[test]
    fn rows_are_what_the_csv_crate_reads() {
        let texts = [
            "a,b\n1,2\n",
            "a,b\r\n1,2\r\n\r\n3,4",
            "a,b\r1,2\r3,4\r",
            "\n\n a , b \n\t1\u{3000},2 \n,\n , \n",
            "a,b\n\"x,\"\"y\",z\n5\",6\n",
            "a,b\n3,\"x\ny\"\n5,6\n",
            "a,b,c\n\"x\ny\",\"p\nq\"r,s\n",
            "a,b\n1,\"never closed\n2,3\n",
            "\u{FEFF}a,b\n1,2",
            "\u{FEFF}\"a\",b\n1,2",
            "学号,姓名\n25070101,张三\n25070102,李四，备注\n",
            "a,b\n1,2\r\n\"q\"\r\n,\r\nx,\u{FEFF}y\u{FEFF}\n",
            "a,b\n1,2,3,4\n5\n\n\n6,7",
            "",
            "\n\r\n",
            "only",
        ];
        for text in texts {
            let want = reference(text);
            for chunk in [1, 2, 3, 5, 7, 64, BUFFER] {
                let got: Vec<_> = text_rows_by(text, chunk)
                    .into_iter()
                    .map(|r| (r.line, r.cells, r.quote))
                    .collect();
                assert_eq!(got, want, "{text:?} in chunks of {chunk}");
            }
        }
    }
}
