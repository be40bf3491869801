//! Taking the terminal and giving it back. On the way in: raw mode and the alternate
//! screen. On the way out — a normal quit, a signal, or a panic — raw mode off, the main
//! screen back and the cursor shown, ignoring errors: the terminal may already be gone.

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, execute, terminal};
use ratatui::{DefaultTerminal, Terminal};
use std::io;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the terminal is taken. Giving it back twice would leave the alternate screen
/// twice, and the second time the cursor jumps back over what was printed in between
/// (a panic's message, say).
static TAKEN: AtomicBool = AtomicBool::new(false);

/// Take the terminal. A panic from here on gives it back before its message is printed.
pub fn enter() -> io::Result<DefaultTerminal> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    TAKEN.store(true, Ordering::SeqCst);
    let taken = execute!(io::stdout(), terminal::EnterAlternateScreen)
        .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
    if taken.is_err() {
        restore();
    }
    taken
}

/// Give the terminal back, if it is taken.
pub fn restore() {
    if !TAKEN.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = terminal::disable_raw_mode();
    let _ = execute!(io::stdout(), terminal::LeaveAlternateScreen, cursor::Show);
}

/// Give the terminal back and drop `terminal`.
pub fn leave(mut terminal: DefaultTerminal) {
    restore();
    if terminal.show_cursor().is_err() {
        // The terminal is gone. Dropping would try again and print the failure to the
        // dead terminal, which panics; nothing is left to release but memory.
        std::mem::forget(terminal);
    }
}

/// Once per process: restore the terminal, then report the panic as usual.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let report = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            report(info);
        }));
    });
}
