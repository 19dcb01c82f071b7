//! The floor of a whole evaluation: the time the `csv` crate alone takes to parse every CSV file
//! of a records directory with one reused `ByteRecord` (no decoding, no allocation per row).
//!
//! ```sh
//! cargo run --release --example csv_floor -- RECORDS_DIR [RUNS]
//! ```
//!
//! Prints one line: `rows <n> bytes <n> seconds <best of RUNS (default 3)>`, which
//! `benches/scale.py` divides the evaluation's wall time by.

use std::path::Path;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: csv_floor RECORDS_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect(),
        Err(e) => {
            eprintln!("cannot read `{dir}`: {e}");
            std::process::exit(2);
        }
    };
    files.sort();
    let mut best = f64::INFINITY;
    let (mut rows, mut bytes) = (0u64, 0u64);
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        (rows, bytes) = (0, 0);
        for f in &files {
            let (r, b) = parse(f);
            rows += r;
            bytes += b;
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("rows {rows} bytes {bytes} seconds {best:.4}");
}

/// Rows and bytes of one file, every field touched (its length summed) so nothing is skipped.
fn parse(path: &Path) -> (u64, u64) {
    let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot read `{}`: {e}", path.display());
            std::process::exit(2);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut field_bytes) = (0u64, 0u64);
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        rows += 1;
        field_bytes += record.iter().map(|f| f.len() as u64).sum::<u64>();
    }
    std::hint::black_box(field_bytes);
    (rows, reader.position().byte())
}
