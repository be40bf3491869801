//! The terminal interface (being built).

use crate::exercises::Loaded;
use crate::session::Controller;

pub fn run_launcher() -> anyhow::Result<()> {
    anyhow::bail!("the terminal interface is not built yet")
}

pub fn run_exercise(
    _loaded: Loaded,
    _seed: Option<u64>,
    _roles: Vec<(String, Controller)>,
) -> anyhow::Result<()> {
    anyhow::bail!("the terminal interface is not built yet")
}
