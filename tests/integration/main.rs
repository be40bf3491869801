//! One integration-test binary (faster to build than one per file).

mod check;
mod cli;
mod engine;
mod pty;
mod report;
mod ui;
