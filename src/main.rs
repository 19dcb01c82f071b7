//! The `careplan` binary: a thin shell over the library (see `src/cli/`).

mod cli;

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(cli::run() as u8)
}
