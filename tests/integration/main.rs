//! One integration-test binary (faster to build than one per file).

mod authoring;
mod balance;
mod check;
mod cli;
mod crash;
mod engine;
mod facilitation;
mod hostile;
mod i18n;
mod pack;
mod pty;
mod report;
mod resume;
mod translation;
mod ui;
