//! The command line: parses arguments, calls the library, renders, picks the exit code.

mod check;
mod common;
mod evaluate;
mod explain;
mod review;
mod watch;
mod whatif;

use clap::{Parser, Subcommand};
use std::io::Write;

/// Exit codes, for every command (design.md, "Exit codes").
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
#[command(name = "careplan", version, about)]
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
    Watch(watch::Args),
}

/// Parses the command line and runs the command; returns the exit code.
pub fn run() -> Exit {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
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
        Command::Watch(args) => watch::run(&args),
    }
}

/// Writes to stdout. A closed pipe (`careplan … | head`) is not an error; any other write
/// error (a full disk) ends the process with exit code 2, since the report was not written.
pub(crate) fn print_out(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            print_err(&format!("error: cannot write the report: {e}\n"));
            std::process::exit(Exit::Failed as i32);
        }
    }
}

/// Writes to stderr.
pub(crate) fn print_err(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}
