//! One integration-test binary (faster to build than one per file).

mod authoring;
mod balance;
mod check;
mod cli;
mod engine;
mod facilitation;
mod fuzz_regressions;
mod limits;
mod pack;
mod pty;
mod report;
mod resume;
mod ui;
