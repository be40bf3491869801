//! Playing without a terminal interface: headless runs, Monte Carlo explore, the
//! reachability search, and synthetic exercises for benchmarks.

pub mod explore;
pub mod run;
pub mod search;
pub mod synth;
