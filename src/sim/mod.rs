//! Playing without a terminal interface: headless runs (and, later, explore).

pub mod explore;
pub mod run;
