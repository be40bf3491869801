//! Playing without a terminal interface: headless runs, Monte Carlo explore, and
//! synthetic exercises for benchmarks.

pub mod explore;
pub mod run;
pub mod synth;
