//! The terminal interface: launcher → setup → briefing → turn loop (situation and
//! dashboard, decisions and agreements, resolution) → ending → debrief, with help and
//! quit overlays. `app` holds the state and update; `screens` draw it; `keymap` maps keys
//! to commands and generates help and hints; `theme` holds the styles.

pub mod app;
pub mod autosave;
pub mod facilitation;
pub mod keymap;
pub mod screens;
pub mod signals;
pub mod theme;
pub mod timer;
pub mod widgets;

pub use app::App;
pub use theme::Theme;

use crate::exercises::Loaded;
use crate::session::Controller;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use std::time::Duration;

/// How long to wait for input before checking again: the timers' tick, so a time box
/// on screen is never more than a quarter of a second behind.
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
    run(app.with_saves(crate::session::save::save_dir()))
}

pub fn run_exercise(
    loaded: Loaded,
    seed: Option<u64>,
    roles: Vec<(String, Controller)>,
) -> anyhow::Result<()> {
    let app = App::for_exercise(loaded, seed, roles, Theme::from_env(), time_seed());
    run(app.with_saves(crate::session::save::save_dir()))
}

/// `crossings resume [SAVE]`: the save named, else the newest. A save that cannot be
/// read is an error before the terminal is touched, and is never written to.
pub fn run_resume(save: Option<&str>) -> anyhow::Result<()> {
    let dir = crate::session::save::save_dir();
    let path = autosave::save_to_resume(save, &dir).map_err(anyhow::Error::msg)?;
    let opened = autosave::open(&path)?;
    let app = App::resumed(opened, Vec::new(), Theme::from_env(), time_seed());
    run(app.with_saves(dir))
}

/// Take the terminal, run the app, and give the terminal back (also on error; a panic
/// is handled by the hook `ratatui::init` installs). SIGTERM and SIGHUP end the loop:
/// the session is saved and the terminal restored before exiting (see `signals`).
fn run(mut app: App) -> anyhow::Result<()> {
    let signals = signals::StopSignals::install()?;
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app, &signals);
    app.sync_save();
    ratatui::restore();
    let stopped = signals.requested();
    signals.finish();
    if stopped {
        return Err(match app.save_path() {
            Some(path) => {
                anyhow::anyhow!(crate::tr!("signal.stopped_saved", path = path.display()))
            }
            None => anyhow::anyhow!(crate::tr!("signal.stopped")),
        });
    }
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    signals: &signals::StopSignals,
) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.should_quit() && !signals.requested() {
        if dirty {
            terminal.draw(|frame| app.render(frame))?;
            dirty = false;
        }
        if event::poll(POLL)? {
            // The clock first, so a key acts on the time box as it now stands.
            dirty |= app.tick(std::time::Instant::now());
            match event::read()? {
                Event::Key(key) => dirty |= app.handle_key(key),
                Event::Resize(_, _) => dirty = true,
                _ => {}
            }
        }
        // Timers redraw when their second changes; time running out rings once.
        dirty |= app.tick(std::time::Instant::now());
        if app.take_bell() {
            use std::io::Write as _;
            let mut out = std::io::stdout();
            let _ = out.write_all(b"\x07").and_then(|()| out.flush());
        }
    }
    Ok(())
}
