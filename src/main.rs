//! `crossings`: parse the command line, dispatch, map errors to an exit code.

// Input must never panic the program: errors carry context instead (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

use clap::Parser;
use crossings::cli::Cli;
use crossings::commands::{self, Failure};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    crossings::i18n::set(cli.language());
    match commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Usage(message)) => {
            report(&message);
            ExitCode::from(2)
        }
        Err(Failure::Runtime(error)) => {
            report(&format!("{error:#}"));
            ExitCode::from(1)
        }
    }
}

/// One error on stderr. Messages may quote file contents or arguments, so they are made
/// safe for the terminal; a closed stderr (the terminal is gone) is no reason to panic.
fn report(message: &str) {
    use std::io::Write as _;
    let message = crossings::text::terminal_safe(message);
    let _ = writeln!(std::io::stderr(), "error: {message}");
}
