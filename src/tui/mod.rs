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
pub mod terminal;
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
    let exercises = match crate::i18n::current() {
        crate::i18n::Lang::En => crate::exercises::shipped(),
        other => crate::exercises::shipped_in(other.code()),
    };
    let app = App::launcher(exercises, Theme::from_env(), time_seed());
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

/// Take the terminal, run the app, and give the terminal back — also on error, and on a
/// panic: then the session as it stands is written to a crash save beside its autosave
/// and the message says how to resume it. SIGTERM and SIGHUP (on Windows Ctrl-Break), or the terminal
/// closing,
/// end the loop: the session is saved and the terminal restored before exiting (see
/// `signals`).
fn run(mut app: App) -> anyhow::Result<()> {
    let signals = signals::StopSignals::install()?;
    let mut terminal = match terminal::enter() {
        Ok(terminal) => terminal,
        Err(e) => {
            signals.finish();
            return Err(anyhow::anyhow!(crate::tr!("tui.no_terminal", error = e)));
        }
    };
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let result = event_loop(&mut terminal, &mut app, &signals);
        app.sync_save();
        result
    }));
    terminal::leave(terminal);
    let stopped = signals.reason();
    signals.finish();
    let result = match outcome {
        Ok(result) => result,
        Err(_) => return Err(crashed(&mut app)),
    };
    if let Some(reason) = stopped {
        let why = reason.describe();
        return Err(match app.save_path() {
            Some(path) => anyhow::anyhow!(
                "{why}; the session is saved in {} (continue it with `crossings resume`)",
                path.display()
            ),
            None => anyhow::anyhow!("{why}"),
        });
    }
    result
}

/// After a panic (its message is already printed, the terminal restored): write the
/// session to a crash save and say where it is.
fn crashed(app: &mut App) -> anyhow::Error {
    const BUG: &str =
        "Crossings stopped on an internal error (a bug: the message above says where)";
    // The app may be half-way through a change; if writing panics too, say so plainly.
    let saved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app.crash_save()))
        .unwrap_or_else(|_| Some(Err("writing it failed too".into())));
    match saved {
        Some(Ok(path)) => anyhow::anyhow!(
            "{BUG}. The session, to its last action, is in the crash save {path}; continue it with: crossings resume \"{path}\"",
            path = path.display()
        ),
        Some(Err(why)) => anyhow::anyhow!(
            "{BUG}. No crash save could be written ({why}); the autosave has every action up to the last one saved: continue with `crossings resume`"
        ),
        None => anyhow::anyhow!("{BUG}. No session was in play, so nothing was lost"),
    }
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
            #[cfg(debug_assertions)]
            panic_if_asked(app);
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

/// For tests of the crash path, in debug builds only: `CROSSINGS_TEST_PANIC=after-first-decision`
/// panics once someone at the keyboard has made a decision (already autosaved).
#[cfg(debug_assertions)]
fn panic_if_asked(app: &App) {
    let asked =
        std::env::var_os("CROSSINGS_TEST_PANIC").is_some_and(|v| v == "after-first-decision");
    let decided = app.session().is_some_and(|s| {
        s.log.iter().any(|e| {
            matches!(
                e.action,
                crate::engine::Action::Decide { persona: None, .. }
            )
        })
    });
    if asked && decided {
        panic!("CROSSINGS_TEST_PANIC: a panic on purpose, after the first decision");
    }
}
