//! Crossings: a terminal tabletop-exercise simulator for training on migration control and
//! protection.
//!
//! - `scenario`: the exercise format (RON), loading and validation with located errors.
//! - `engine`: the pure core — compiled exercise, state, actions, the step function.
//! - `session`: who plays which role, the action log, undo and rewind, personas, scripts.
//! - `sim`: headless play (transcripts), explore, the reachability search.
//! - `authoring`: the scenario graph, the starter exercise, the live re-check.
//! - `report`: the After-Action Report (md, html, csv) and the comparison of tables.
//! - `pack`: the print pack (Situation Manual, private briefs, facilitator guide, forms).
//! - `translation`: exercise and glossary translations in sidecar files; extract, check, CSV.
//! - `tui`: the terminal interface.
//! - `i18n`: the interface's string tables (English, French, Spanish) and the language.
//! - `commands`: what each subcommand does, for `main.rs` to dispatch.
//! - `limits`: every hard limit on input, in one place.
//! - `fuzzing`: the fuzz harnesses, shared by `fuzz/` and the property tests.

// Input must never panic the program: errors carry context instead (tests may unwrap).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// Nor may a closed terminal or pipe: `print!`/`eprint!` panic when the write fails.
#![cfg_attr(not(test), deny(clippy::print_stdout, clippy::print_stderr))]

pub mod authoring;
pub mod cli;
pub mod commands;
pub mod describe;
pub mod engine;
pub mod exercises;
pub mod fuzzing;
pub mod i18n;
pub mod limits;
pub mod pack;
pub mod report;
pub mod scenario;
pub mod session;
pub mod sim;
pub mod text;
pub mod translation;
pub mod tui;
