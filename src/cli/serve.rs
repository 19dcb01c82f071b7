//! `careplan serve <POLICY_DIR> <RECORDS_DIR>`: the local web dashboard (see
//! [`careplan::serve`]).

use super::common::EvalArgs;
use super::{Exit, print_err, print_out};
use careplan::privacy::Masker;
use careplan::serve::{Config, Log, Server};
use careplan::watch::Outcome;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Policy package directory (holds plan.ron).
    policy: PathBuf,
    /// Records directory (calendar.csv, students.csv, …, or one workbook).
    records: PathBuf,
    /// Port to listen on; 0 picks a free one (the URL is printed).
    #[arg(long, value_name = "N", default_value_t = 8080)]
    port: u16,
    /// Address to listen on. Any address but loopback needs --token.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// A secret every request must carry (at least 16 characters of A-Z a-z 0-9 . _ ~ -);
    /// default: the CAREPLAN_TOKEN environment variable (not shown by `ps`). Sign in once
    /// at /login?token=…, or send `Authorization: Bearer …`.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Quiet period: a changed file is read once no event touched it and its size and
    /// modification time stayed the same for this long.
    #[arg(long, value_name = "MS", default_value_t = 300)]
    debounce_ms: u64,
    #[command(flatten)]
    eval: EvalArgs,
}

pub(crate) fn run(args: &Args) -> Exit {
    for dir in [&args.policy, &args.records] {
        if !dir.is_dir() {
            print_err(&format!(
                "error: `{}` is not a directory\n",
                careplan::paths::shown(dir)
            ));
            return Exit::Failed;
        }
    }
    let token = args.token.clone().or_else(|| {
        std::env::var("CAREPLAN_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
    });
    let signed = token.is_some();
    // The as-of date is the day the server starts unless given, as for `watch`.
    let config = Config {
        request: args.eval.request(&args.policy, &args.records),
        lang: args.eval.lang(),
        addr: SocketAddr::new(args.bind, args.port),
        token,
        debounce: Duration::from_millis(args.debounce_ms),
    };
    let server = match Server::bind(config) {
        Ok(s) => s,
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            return Exit::Failed;
        }
    };
    if let Some(reload) = server.first_reload()
        && let Outcome::Failed { error, .. } = &reload.outcome
    {
        print_err(&format!(
            "not loaded yet (the dashboard shows why until a save fixes it):\n{error}"
        ));
    }
    let numbers = Masker::numbers_only();
    // Tests and scripts read this line for the port: keep it stable.
    print_out(&numbers, &format!("serving on {}\n", server.url()));
    if signed {
        print_out(
            &numbers,
            &format!(
                "sign in once at {}login?token=<the token>, or send `Authorization: Bearer <the token>`\n",
                server.url()
            ),
        );
    }
    // Method, route template and status only (print_err masks ID and phone numbers besides).
    let log: Log = Arc::new(|line: &str| {
        print_err(&format!(
            "{} {line}\n",
            chrono::Local::now().format("%H:%M:%S")
        ));
    });
    match server.run(log) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            print_err(&format!("error: {e}\n"));
            Exit::Failed
        }
    }
}
