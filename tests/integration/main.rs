//! One integration-test binary (faster to build than one per file).

mod authoring;
mod balance;
mod check;
mod cli;
mod crash;
mod engine;
mod facilitation;
mod fuzz_regressions;
mod hostile;
mod i18n;
mod limits;
mod pack;
mod pty;
mod report;
mod resume;
mod translation;
mod ui;
