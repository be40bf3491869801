//! `crossings`: parse the command line, dispatch, map errors to an exit code.

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
            eprintln!("{}{message}", crossings::tr!("cli.error_prefix"));
            ExitCode::from(2)
        }
        Err(Failure::Runtime(error)) => {
            eprintln!("{}{error:#}", crossings::tr!("cli.error_prefix"));
            ExitCode::from(1)
        }
    }
}
