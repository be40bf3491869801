//! `crossings`: parse the command line, dispatch, map errors to an exit code.

// Input must never panic the program: errors carry context instead (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Nor may a closed terminal or pipe: `print!`/`eprint!` panic when the write fails.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

use crossings::commands::{self, Failure};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Parsed with `--help` in the interface language (see `cli::parse`).
    let cli = crossings::cli::parse();
    let lang = cli.language();
    crossings::i18n::set(lang);
    // Exercise text follows the interface language where a translation exists.
    let exercise_language = (lang != crossings::i18n::Lang::En).then(|| lang.code());
    match commands::dispatch_in(cli, exercise_language) {
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
    let prefix = crossings::tr!("cli.error_prefix");
    let _ = writeln!(std::io::stderr(), "{prefix}{message}");
}
