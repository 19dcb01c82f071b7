//! The command line: parses arguments, calls the library, renders, picks the exit code.

mod check;
mod common;
mod county;
mod evaluate;
mod explain;
mod init;
mod review;
mod schedule;
#[cfg(feature = "serve")]
mod serve;
#[cfg(feature = "watch")]
mod watch;
mod whatif;

use careplan::privacy::Masker;
use clap::{CommandFactory, Parser, Subcommand};
use std::io::Write;

/// Exit codes, for every command (`docs/src/administrators/commands.md`, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Ran, nothing to report.
    Ok = 0,
    /// Ran and found something the user must look at.
    Found = 1,
    /// Could not run: bad arguments, an invalid policy, unreadable records.
    Failed = 2,
}

/// careplan: evaluate a care plan for left-behind children against a school's records.
#[derive(Debug, Parser)]
#[command(name = "careplan", bin_name = "careplan", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a policy package, and how it meets a records directory.
    Check(check::Args),
    /// Evaluate a policy package over a records directory as of a date.
    Evaluate(evaluate::Args),
    /// Explain every figure of one student, helper or rule, in plain words.
    Explain(explain::Args),
    /// Compare the decision with the package's approved snapshot; --accept approves it.
    Review(review::Args),
    /// Compare two schemes (or one with --set edits) on the same records.
    Whatif(whatif::Args),
    /// Print the report, then re-evaluate and print what changed on every save.
    #[cfg(feature = "watch")]
    Watch(watch::Args),
    /// Serve a local web dashboard of the plan that changes as the files are saved.
    #[cfg(feature = "serve")]
    Serve(serve::Args),
    /// List every due item per staff member and per child between two days (text, JSON, ICS).
    Schedule(schedule::Args),
    /// Write blank record templates (CSV and a workbook, Chinese headers, schema.ron) and a
    /// starter policy package into a new directory.
    Init(init::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) to stdout.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff, for `man -l -`) to stdout.
    Man,
}

/// Parses the command line and runs the command; returns the exit code.
pub fn run() -> Exit {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // The parser echoes the values it refuses (`--as-of 13912345678`): masked too.
            let text = e.render().to_string();
            if e.use_stderr() {
                print_err(&text);
            } else {
                print_out(&Masker::numbers_only(), &text);
            }
            return if e.use_stderr() {
                Exit::Failed
            } else {
                Exit::Ok
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Whatif(args) => whatif::run(&args),
        #[cfg(feature = "watch")]
        Command::Watch(args) => watch::run(&args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::run(&args),
        Command::Schedule(args) => schedule::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions { shell } => {
            let mut text = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "careplan", &mut text);
            print_generated(&text)
        }
        Command::Man => {
            let mut text = Vec::new();
            if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut text) {
                print_err(&format!("error: cannot render the manual page: {e}\n"));
                return Exit::Failed;
            }
            print_generated(&text)
        }
    }
}

/// Writes text generated from the command definition (a completion script, the manual page)
/// to stdout as it is: it holds no records, so nothing to mask, and its control characters
/// (tabs, escapes of a shell script) are meant. A closed pipe is not an error.
fn print_generated(text: &[u8]) -> Exit {
    let mut out = std::io::stdout().lock();
    match out.write_all(text).and_then(|()| out.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            print_err(&format!("error: cannot write to stdout: {e}\n"));
            Exit::Failed
        }
    }
}

/// `text` as `masker` shows it; control characters from the records (an escape sequence in
/// an id) never reach the terminal.
pub(crate) fn masked(masker: &Masker, text: &str) -> String {
    let text = careplan::privacy::escape_controls(text);
    masker.apply(&text).into_owned()
}

/// Writes to stdout, masked by the run's `masker`. A closed pipe (`careplan … | head`) is not an
/// error; any other write error (a full disk) ends the process with exit code 2, since the
/// report was not written.
pub(crate) fn print_out(masker: &Masker, text: &str) {
    let text = masked(masker, text);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        print_err(&format!("error: cannot write the report: {e}\n"));
        std::process::exit(Exit::Failed as i32);
    }
}

/// Streams a report to stdout (or to `path`), masked line by line as [`print_out`] masks it:
/// a county's JSON is hundreds of megabytes, never held whole. The report is serialised on
/// this thread and masked and written on a second one, a chunk of whole lines at a time. A
/// closed pipe is not an error; any other write error is returned as the message to print.
pub(crate) fn stream_out(
    masker: &Masker,
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), String> {
    let (sink, what): (Box<dyn Write + Send>, String) = match path {
        None => (Box::new(std::io::stdout()), "the report".to_owned()),
        Some(path) => {
            let what = format!("`{}`", careplan::paths::shown(path));
            let file =
                std::fs::File::create(path).map_err(|e| format!("cannot write {what}: {e}"))?;
            (Box::new(file), what)
        }
    };
    let written = std::thread::scope(|scope| {
        let (chunks, received) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let writer = scope.spawn(move || -> std::io::Result<()> {
            let mut out = std::io::BufWriter::with_capacity(ChunkWriter::CHUNK, sink);
            for chunk in received {
                let text = String::from_utf8_lossy(&chunk);
                let text = careplan::privacy::escape_controls(&text);
                let shown = masker.apply(&text);
                out.write_all(shown.as_bytes())?;
            }
            out.flush()
        });
        let mut out = ChunkWriter {
            chunks: Some(chunks),
            pending: Vec::with_capacity(ChunkWriter::CHUNK + 4096),
        };
        let made = write(&mut out).and_then(|()| out.finish());
        drop(out);
        let wrote = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The writer's error (a full disk, a closed pipe) is the cause of any on this side.
        wrote.and(made)
    });
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write {what}: {e}"))
        }
        _ => Ok(()),
    }
}

/// Hands what is written to it on in chunks of whole lines (numbers and names never span a
/// line break, so masking chunk by chunk masks exactly what masking the whole text would).
struct ChunkWriter {
    /// Where chunks go; `None` once finished.
    chunks: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    pending: Vec<u8>,
}

impl ChunkWriter {
    const CHUNK: usize = 1 << 20;

    /// Sends `pending` up to its last line break (all of it when `all`).
    fn send(&mut self, all: bool) -> std::io::Result<()> {
        let end = if all {
            self.pending.len()
        } else {
            match self.pending.iter().rposition(|b| *b == b'\n') {
                Some(i) => i + 1,
                None => return Ok(()),
            }
        };
        let rest = self.pending.split_off(end);
        let chunk = std::mem::replace(&mut self.pending, rest);
        let stopped = || std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the writer stopped");
        match &self.chunks {
            Some(chunks) => chunks.send(chunk).map_err(|_| stopped()),
            None => Err(stopped()),
        }
    }

    /// Sends the rest and closes the channel.
    fn finish(&mut self) -> std::io::Result<()> {
        let sent = self.send(true);
        self.chunks = None;
        sent
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= Self::CHUNK {
            self.send(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes to stderr with ID and phone numbers masked (a message about the inputs may quote
/// them, before or after the records are read).
pub(crate) fn print_err(text: &str) {
    let text = masked(&Masker::numbers_only(), text);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}
