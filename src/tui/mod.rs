//! The terminal interface: launcher → setup → briefing → turn loop (situation and
//! dashboard, decisions and agreements, resolution) → ending → debrief, with help and
//! quit overlays. `app` holds the state and update; `screens` draw it; `keymap` maps keys
//! to commands and generates help and hints; `theme` holds the styles.

pub mod app;
pub mod keymap;
pub mod screens;
pub mod theme;
pub mod widgets;

pub use app::App;
pub use theme::Theme;

use crate::exercises::Loaded;
use crate::session::Controller;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use std::time::Duration;

/// How long to wait for input before checking again (no timers yet, so this only bounds
/// how late a quit request from outside could be noticed).
const POLL: Duration = Duration::from_millis(250);

/// A seed for sessions started without one: short, so it is easy to note and replay.
fn time_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() % 100_000)
        .unwrap_or(1)
}

pub fn run_launcher() -> anyhow::Result<()> {
    let app = App::launcher(crate::exercises::shipped(), Theme::from_env(), time_seed());
    run(app)
}

pub fn run_exercise(
    loaded: Loaded,
    seed: Option<u64>,
    roles: Vec<(String, Controller)>,
) -> anyhow::Result<()> {
    let app = App::for_exercise(loaded, seed, roles, Theme::from_env(), time_seed());
    run(app)
}

/// Take the terminal, run the app, and give the terminal back (also on error; a panic
/// is handled by the hook `ratatui::init` installs).
fn run(mut app: App) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut DefaultTerminal, app: &mut App) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            terminal.draw(|frame| app.render(frame))?;
            dirty = false;
        }
        if event::poll(POLL)? {
            match event::read()? {
                Event::Key(key) => dirty |= app.handle_key(key),
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
        }
    }
    Ok(())
}
