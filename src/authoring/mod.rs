//! Tools for exercise authors: the scenario graph (`crossings graph`), the starter
//! exercise (`crossings new`) and the live re-check (`crossings check --watch`).
//!
//! The reachability search behind `crossings check --deep` is engine work and lives in
//! `sim::search`.

pub mod graph;
pub mod starter;
pub mod watch;
