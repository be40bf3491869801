//! Crossings: a terminal tabletop-exercise simulator for training on migration control and
//! protection.
//!
//! - `scenario`: the exercise format (RON), loading and validation with located errors.
//! - `engine`: the pure core — compiled exercise, state, actions, the step function.
//! - `session`: who plays which role, the action log, undo and rewind, personas, scripts.
//! - `sim`: headless play (transcripts).
//! - `report`: the After-Action Report (md, html, csv) and the comparison of tables.
//! - `tui`: the terminal interface.
//! - `commands`: what each subcommand does, for `main.rs` to dispatch.

pub mod cli;
pub mod commands;
pub mod describe;
pub mod engine;
pub mod exercises;
pub mod report;
pub mod scenario;
pub mod session;
pub mod sim;
pub mod text;
pub mod tui;
