//! The command line: `crossings [COMMAND]`. Usage errors exit with 2 (clap's default).
//!
//! `--help` speaks the interface language: the language is read from the arguments (or the
//! environment) before clap parses them, and every `about` and `help` text is looked up in
//! the string tables under `clap.<command path>.<argument id>` (`clap.run.seed`), the
//! derive's English kept where a table has no entry. clap's own words (usage lines,
//! "[possible values: ...]", error messages) stay English: clap has no hook for them.

use crate::i18n::{self, Lang};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;

#[derive(Debug, Parser)]
#[command(
    name = "crossings",
    version,
    about = "Tabletop exercises on migration control and protection, in the terminal",
    long_about = "Crossings runs tabletop exercises on migration control and protection. \
        Delegations play an origin, a transit and a destination state; arrivals, lives \
        lost, protection gaps, public reaction, cost and cooperation unfold turn by turn.\n\n\
        Run it without a command to open the launcher."
)]
pub struct Cli {
    /// Interface language (default: from LC_ALL, LC_MESSAGES or LANG, else English)
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<crate::i18n::Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// The interface language: `--lang`, else the environment's, else English.
    pub fn language(&self) -> crate::i18n::Lang {
        self.lang.unwrap_or_else(crate::i18n::Lang::from_env)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open an exercise straight into setup in the terminal interface
    Play {
        /// A shipped exercise id (see `crossings list`) or a path to a .ron file
        exercise: String,
        /// Seed for chance events (the same seed replays the same draws)
        #[arg(long)]
        seed: Option<u64>,
        /// Who plays a role: ROLE=human or ROLE=PERSONA (control-first, protection-first,
        /// balanced, cooperative); may be repeated
        #[arg(long = "role", value_name = "ROLE=WHO")]
        roles: Vec<String>,
    },
    /// Continue a saved session in the terminal interface at the turn it stopped
    #[command(
        long_about = "Continue a saved session in the terminal interface at the turn it \
            stopped, with every action taken so far. Sessions are saved after every action \
            in the saves folder (CROSSINGS_HOME/saves when CROSSINGS_HOME is set, else the \
            platform's data folder). Without SAVE, the newest save is opened. A save that \
            cannot be read is reported and never changed."
    )]
    Resume {
        /// A save file; the newest in the saves folder if omitted
        save: Option<String>,
    },
    /// List the shipped exercises, one per line beginning with its id
    List {
        /// One JSON object with every exercise
        #[arg(long)]
        json: bool,
    },
    /// Validate exercise files or directories; problems as path:line:col
    Check {
        /// Files or directories (every .ron file inside, translations excepted)
        #[arg(required = true)]
        paths: Vec<String>,
        /// Treat warnings (content-shape rules) as errors
        #[arg(long)]
        deny_warnings: bool,
        /// Print the diagnostics as JSON
        #[arg(long, conflicts_with = "watch")]
        json: bool,
        /// Check again every time a file or a translation beside it is saved, printing only
        /// what changed (Ctrl-C stops)
        #[arg(long, conflicts_with = "deep")]
        watch: bool,
        /// Also play 10,000 random runs, then search for a way to reach every stage, option,
        /// event and ending they missed; print each as a script to replay with `run`
        #[arg(long, conflicts_with = "json")]
        deep: bool,
    },
    /// Write a commented starter exercise to a new file (never overwrites)
    New {
        /// The file to create, e.g. my-exercise.ron
        file: String,
    },
    /// Print the scenario graph: stages, transitions with their conditions, endings
    Graph {
        /// A shipped exercise id or a path to a .ron file
        exercise: String,
        /// dot (Graphviz) or mermaid (a flowchart for Markdown)
        #[arg(long, default_value = "dot")]
        format: String,
    },
    /// Play an exercise headless and print the turn-by-turn transcript
    Run {
        /// A shipped exercise id or a path to a .ron file
        exercise: String,
        /// Seed for chance events
        #[arg(long)]
        seed: u64,
        /// A RON script of decisions, offers and facilitator actions
        #[arg(long)]
        script: Option<String>,
        /// A computer persona for a role: ROLE=PERSONA; may be repeated
        #[arg(long = "role", value_name = "ROLE=PERSONA")]
        roles: Vec<String>,
        /// Print JSON lines (one action or event per line) instead of a transcript
        #[arg(long)]
        json: bool,
        /// Also write the session as a save file (for `report`, `compare`, `resume`)
        #[arg(long)]
        save: Option<String>,
    },
    /// Monte Carlo: play many seeded runs; endings, coverage, indicator ranges, personas
    Explore {
        /// A shipped exercise id or a path to a .ron file
        exercise: String,
        /// Number of playthroughs
        #[arg(long, default_value_t = 10_000)]
        runs: u64,
        /// Seed of the first run (run i is seeded from this and i)
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Worker threads (results are the same whatever this is)
        #[arg(long)]
        jobs: Option<usize>,
        /// How choices are made: uniform, least-used or persona
        #[arg(long, default_value = "uniform")]
        strategy: String,
        /// Exit with 1 if any stage, option, event or ending was never reached
        #[arg(long)]
        deny_unreached: bool,
        /// Print one JSON object
        #[arg(long)]
        json: bool,
    },
    /// Write the After-Action Report and Improvement Plan of a saved session
    Report {
        /// A save file (see `run --save`, or the saves directory)
        save: String,
        /// md, html (one self-contained file) or csv (values per turn)
        #[arg(long, default_value = "md")]
        format: String,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long)]
        output: Option<String>,
    },
    /// Compare several tables (saves) of the same exercise side by side
    Compare {
        /// Two or more save files of the same exercise
        #[arg(required = true, num_args = 2..)]
        saves: Vec<String>,
        /// text, md or html
        #[arg(long, default_value = "text")]
        format: String,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long)]
        output: Option<String>,
    },
    /// Write the print pack: Situation Manual, private briefs, facilitator guide, forms
    #[command(
        long_about = "Write the print pack of an exercise into a folder: the Situation \
            Manual for every participant, one private brief per delegation (with decision \
            slips), the facilitator guide (never for players), the knowledge check (before \
            and after) and a feedback form, each marked \"Exercise only\". HTML prints on A4 \
            from any browser without a network; Markdown is for editing."
    )]
    Pack {
        /// A shipped exercise id (see `crossings list`) or a path to a .ron file
        exercise: String,
        /// html (one file per document, for printing) or md (for editing)
        #[arg(long, default_value = "html")]
        format: String,
        /// The folder to write into (created if needed); default: <id>-pack
        #[arg(short = 'o', long, value_name = "DIR")]
        output: Option<String>,
        /// The session plan the agenda and run-sheet are timed for, in minutes
        #[arg(long, default_value = "90", value_parser = ["60", "90", "120"])]
        plan: String,
    },
    /// Translations of an exercise or of the glossary: extract texts, import a spreadsheet
    #[command(
        long_about = "Translations of an exercise or of the frameworks glossary, kept in \
            sidecar files beside the source (exercises/01-sea-rescue.fr.ron, \
            assets/glossary.es.ron). `extract` writes the sidecar brought up to date with the \
            English (or a CSV table for spreadsheets); `import` turns the CSV back into a \
            sidecar; `crossings check` reports missing, extra and stale entries. The workflow \
            is in docs/translation.md."
    )]
    Translate {
        #[command(subcommand)]
        action: TranslateCommand,
    },
    /// Record a delegation's knowledge-check scores (before and after) in a save
    #[command(
        long_about = "Record a delegation's knowledge-check scores in a save, for the \
            After-Action Report: --pre for the check before the session, --post for the one \
            after, each the number of questions answered correctly. The save is changed only \
            if it reads correctly; it is written atomically."
    )]
    Scores {
        /// The save file of the session
        save: String,
        /// The delegation's role id (e.g. origin, transit, destination)
        #[arg(long)]
        role: String,
        /// Questions answered correctly before the session
        #[arg(long)]
        pre: Option<u32>,
        /// Questions answered correctly after the session
        #[arg(long)]
        post: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write the sidecar brought up to date with the English: good entries kept, stale ones
    /// marked with the old English, missing ones added with an empty `text`
    Extract {
        /// A shipped exercise id, a path to a .ron file, or `glossary`
        exercise: String,
        /// The language to translate into, e.g. fr or es
        #[arg(long = "to", value_name = "CODE")]
        language: String,
        /// Write a CSV table for spreadsheets instead (key, source_hash, english,
        /// translation, status, previous_english)
        #[arg(long)]
        csv: bool,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<String>,
    },
    /// Turn a translated CSV table back into a sidecar, then check it
    Import {
        /// The shipped exercise id, .ron file or `glossary` the table translates
        exercise: String,
        /// The CSV table (as `extract --csv` wrote it; columns found by their header)
        table: String,
        /// The language of the translation, e.g. fr or es
        #[arg(long = "to", value_name = "CODE")]
        language: String,
        /// The sidecar to write, e.g. exercises/00-tutorial.fr.ron
        #[arg(short = 'o', long, value_name = "FILE")]
        output: String,
    },
}

/// Parse the process's arguments with `--help` in the interface language; exits (as clap
/// does) on a usage error, `--help` or `--version`.
pub fn parse() -> Cli {
    parse_from(std::env::args_os().collect())
}

/// `parse` over given arguments (the first is the program's name).
pub fn parse_from(args: Vec<OsString>) -> Cli {
    let lang = lang_in_args(&args).unwrap_or_else(Lang::from_env);
    let matches = command_in(lang)
        .try_get_matches_from(args)
        .unwrap_or_else(|e| exit_with(e, lang));
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| exit_with(e, lang))
}

/// Print clap's help, version or usage error and exit; usage errors clap can name
/// precisely are worded in the interface language (clap's own words are English).
fn exit_with(error: clap::Error, lang: Lang) -> ! {
    // English keeps clap's own wording, which is the fuller one.
    let translated = (lang != Lang::En)
        .then(|| lang.with(|| usage_error_in_language(&error)))
        .flatten();
    match translated {
        Some(text) => {
            use std::io::Write as _;
            let _ = std::io::stderr().write_all(text.as_bytes());
            std::process::exit(2)
        }
        None => error.exit(),
    }
}

/// A usage error as `crossings` words it, or `None` for help, version and the rare
/// kinds left in clap's wording.
pub fn usage_error_in_language(error: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let text = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        _ => None,
    };
    let mut message = match error.kind() {
        ErrorKind::UnknownArgument => {
            crate::tr!(
                "cli.usage_error.unknown_argument",
                arg = text(ContextKind::InvalidArg)?
            )
        }
        ErrorKind::InvalidSubcommand => crate::tr!(
            "cli.usage_error.unknown_command",
            command = text(ContextKind::InvalidSubcommand)?
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut m = crate::tr!(
                "cli.usage_error.invalid_value",
                value = text(ContextKind::InvalidValue)?,
                arg = text(ContextKind::InvalidArg)?
            );
            if let Some(values) = text(ContextKind::ValidValue) {
                m = format!(
                    "{m} ({})",
                    crate::tr!("cli.usage_error.possible_values", values = values)
                );
            }
            m
        }
        ErrorKind::MissingRequiredArgument => {
            crate::tr!(
                "cli.usage_error.missing",
                args = text(ContextKind::InvalidArg)?
            )
        }
        ErrorKind::ArgumentConflict => crate::tr!(
            "cli.usage_error.conflict",
            arg = text(ContextKind::InvalidArg)?,
            other = text(ContextKind::PriorArg)?
        ),
        _ => return None,
    };
    let suggestion =
        text(ContextKind::SuggestedArg).or_else(|| text(ContextKind::SuggestedSubcommand));
    if let Some(suggestion) = suggestion {
        message = format!(
            "{message}; {}",
            crate::tr!("cli.usage_error.similar", suggestion = suggestion)
        );
    }
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => {
            let usage = usage.to_string();
            let line = usage.strip_prefix("Usage:").unwrap_or(&usage).trim_start();
            format!("\n{} {line}\n", crate::tr!("clap.heading.usage"))
        }
        _ => String::new(),
    };
    Some(format!(
        "{}{message}\n{usage}\n{}\n",
        crate::tr!("cli.error_prefix"),
        crate::tr!("cli.usage_error.more")
    ))
}

/// The `--lang` the arguments give (`--lang fr` or `--lang=fr`), if a valid one does,
/// before a `--` that ends the options. An invalid value is clap's to report.
pub fn lang_in_args(args: &[OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_string),
            None => continue,
        };
        if let Some(lang) = value.as_deref().and_then(Lang::from_code) {
            found = Some(lang);
        }
    }
    found
}

/// The clap command with its help texts in `lang`.
pub fn command_in(lang: Lang) -> clap::Command {
    let mut command = Cli::command();
    // Built first, so the `--help`, `--version` and `help` clap adds can be worded too.
    command.build();
    localise(command, "crossings", lang)
}

/// The table's text for a help key in `lang`, if it has one.
fn help_text(lang: Lang, key: &str) -> Option<&'static str> {
    i18n::table(lang)
        .get(key)
        .or_else(|| i18n::table(Lang::En).get(key))
        .map(String::as_str)
}

/// The key of an argument's help: shared for the arguments clap or `global` puts on every
/// command, else under the command's path. `english` is the help as clap has it: its
/// `--help` says "see more" on commands with a long help.
pub fn arg_help_key(path: &str, id: &str, english: &str) -> String {
    match id {
        "help" if english.contains("see more") => "clap.arg.help_more".into(),
        "lang" | "help" | "version" => format!("clap.arg.{id}"),
        _ => format!("clap.{path}.{id}"),
    }
}

/// The key of a command's `about` (`long` for `long_about`). clap's `help` command shares
/// one, and the commands it lists under it (`help run`) are the commands themselves.
pub fn about_key(path: &str, long: bool) -> String {
    let suffix = if long { "long_about" } else { "about" };
    let segments: Vec<&str> = path.split('.').collect();
    if segments.last() == Some(&"help") {
        return format!("clap.help_command.{suffix}");
    }
    let path: Vec<&str> = segments.into_iter().filter(|s| *s != "help").collect();
    format!("clap.{}.{suffix}", path.join("."))
}

/// An argument's possible and default values appended to its help texts in `lang`.
fn with_values_in_help(mut arg: clap::Arg, lang: Lang) -> clap::Arg {
    let mut notes = Vec::new();
    if arg.get_action().takes_values() {
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && !arg.is_hide_possible_values_set() {
            let values = values.join(", ");
            notes
                .push(lang.with(|| crate::tr!("cli.usage_error.possible_values", values = values)));
            arg = arg.hide_possible_values(true);
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && !arg.is_hide_default_value_set() {
            let value = defaults.join(", ");
            notes.push(lang.with(|| crate::tr!("clap.default", value = value)));
            arg = arg.hide_default_value(true);
        }
    }
    if notes.is_empty() {
        return arg;
    }
    let notes = format!("[{}]", notes.join("] ["));
    let help = arg.get_help().map(|h| h.to_string());
    let long_help = arg.get_long_help().map(|h| h.to_string());
    arg = arg.help(match help {
        Some(help) => format!("{help} {notes}"),
        None => notes.clone(),
    });
    match long_help {
        Some(long_help) => arg.long_help(format!("{long_help}\n\n{notes}")),
        None => arg,
    }
}

fn localise(mut command: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let lookup = |key: String| help_text(lang, &key);
    if command.get_about().is_some()
        && let Some(about) = lookup(about_key(path, false))
    {
        command = command.about(about);
    }
    if command.get_long_about().is_some()
        && let Some(long_about) = lookup(about_key(path, true))
    {
        command = command.long_about(long_about);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let arguments = lookup("clap.heading.arguments".into());
    let options = lookup("clap.heading.options".into());
    for id in ids {
        let english = command
            .get_arguments()
            .find(|a| a.get_id() == id.as_str())
            .and_then(|a| a.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let key = arg_help_key(path, &id, &english);
        let help = lookup(key.clone());
        let long_help = lookup(format!("{key}.long"));
        command = command.mut_arg(id, |arg| {
            let mut arg = arg;
            if let Some(help) = help
                && arg.get_help().is_some()
            {
                arg = arg.help(help);
            }
            if let Some(long_help) = long_help
                && arg.get_long_help().is_some()
            {
                arg = arg.long_help(long_help);
            }
            // clap writes "[possible values: …]" and "[default: …]" in English: hidden
            // and written into the help text instead.
            if lang != Lang::En {
                arg = with_values_in_help(arg, lang);
            }
            // clap writes its "Arguments" and "Options" headings in English; a heading set
            // on each argument replaces them.
            let heading = if arg.is_positional() {
                arguments
            } else {
                options
            };
            match heading {
                Some(heading) if lang != Lang::En => arg.help_heading(heading),
                _ => arg,
            }
        });
    }
    if lang != Lang::En {
        if let Some(commands) = lookup("clap.heading.commands".into()) {
            command = command.subcommand_help_heading(commands);
        }
        if let Some(usage) = lookup("clap.heading.usage".into()) {
            command = command.help_template(format!(
                "{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
            ));
        }
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path == "crossings" {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        command = command.mut_subcommand(name, |sub| localise(sub, &sub_path, lang));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_language_is_read_from_the_arguments_before_parsing() {
        assert_eq!(
            lang_in_args(&args(&["x", "--lang", "fr", "list"])),
            Some(Lang::Fr)
        );
        assert_eq!(
            lang_in_args(&args(&["x", "run", "--lang=es"])),
            Some(Lang::Es)
        );
        assert_eq!(lang_in_args(&args(&["x", "--lang", "xx"])), None);
        assert_eq!(lang_in_args(&args(&["x", "--", "--lang", "fr"])), None);
        assert_eq!(lang_in_args(&args(&["x", "--lang"])), None);
        assert_eq!(lang_in_args(&args(&["x", "--language", "fr"])), None);
    }

    /// Every command and argument help has its English in the table, word for word as
    /// the derive has it: the tables are where the French and Spanish start from.
    #[test]
    fn the_english_table_has_every_help_text_as_the_derive_writes_it() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let mut check = |key: String, english: Option<String>| {
                if let Some(english) = english {
                    match i18n::table(Lang::En).get(&key) {
                        Some(text) if *text == english => {}
                        Some(text) => missing.push(format!("{key}: {text:?} ≠ {english:?}")),
                        None => missing.push(format!("{key}: {english:?}")),
                    }
                }
            };
            check(
                about_key(path, false),
                command.get_about().map(|s| s.to_string()),
            );
            check(
                about_key(path, true),
                command.get_long_about().map(|s| s.to_string()),
            );
            for arg in command.get_arguments() {
                let english = arg.get_help().map(|s| s.to_string()).unwrap_or_default();
                let key = arg_help_key(path, arg.get_id().as_str(), &english);
                check(key.clone(), arg.get_help().map(|s| s.to_string()));
                check(
                    format!("{key}.long"),
                    arg.get_long_help().map(|s| s.to_string()),
                );
            }
            for sub in command.get_subcommands() {
                let sub_path = if path == "crossings" {
                    sub.get_name().to_string()
                } else {
                    format!("{path}.{}", sub.get_name())
                };
                walk(sub, &sub_path, missing);
            }
        }
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, "crossings", &mut missing);
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }
}
