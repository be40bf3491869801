//! The command line: `crossings [COMMAND]`. Usage errors exit with 2 (clap's default).

use clap::{Parser, Subcommand};

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
        /// Check again every time a file is saved, printing only what changed (Ctrl-C stops)
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
