//! Stop signals while the interface runs: save, give the terminal back, exit.
//!
//! On Unix these are SIGTERM and SIGHUP. A thread waits for them (signal-hook's iterator, no
//! unsafe code) and raises a flag that the event loop checks at every turn (at most `POLL`
//! apart): the loop then ends, the session is saved and the terminal restored as on a
//! normal quit.
//!
//! When the terminal itself is gone (a closed window sends SIGHUP), crossterm can spin
//! inside its read and never return to the loop. So if the loop has not finished within
//! `GRACE`, the thread restores what it can of the terminal and exits the process
//! itself. Nothing is lost that way: every action was already saved when it was taken.
//! A second signal ends the process at once.
//!
//! Windows has no SIGHUP and signal-hook no iterator there. In raw mode Ctrl-C is a key
//! (it asks to quit, as `q` does); Ctrl-Break still arrives as the C runtime's SIGBREAK and,
//! with SIGTERM, only raises the flag. Closing the console window ends the process without
//! a signal the runtime passes on, which loses nothing for the same reason as above.

#[cfg(unix)]
pub use unix::StopSignals;
#[cfg(windows)]
pub use windows::StopSignals;

#[cfg(unix)]
mod unix {
    use signal_hook::iterator::{Handle, Signals};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc::{self, RecvTimeoutError, Sender};
    use std::thread::JoinHandle;
    use std::time::Duration;

    /// How long the event loop has to end by itself after a signal.
    const GRACE: Duration = Duration::from_secs(2);

    /// The signals that ask Crossings to save and stop.
    const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP];

    pub struct StopSignals {
        stop: Arc<AtomicBool>,
        shutdowns: Vec<signal_hook::SigId>,
        handle: Handle,
        done: Sender<()>,
        watcher: Option<JoinHandle<()>>,
    }

    impl StopSignals {
        pub fn install() -> std::io::Result<StopSignals> {
            let stop = Arc::new(AtomicBool::new(false));
            let mut shutdowns = Vec::new();
            for signal in STOP_SIGNALS {
                // Registered first, so it sees the flag as it was before this signal.
                shutdowns.push(signal_hook::flag::register_conditional_shutdown(
                    *signal,
                    1,
                    stop.clone(),
                )?);
            }
            let mut signals = Signals::new(STOP_SIGNALS)?;
            let handle = signals.handle();
            let (done, finished) = mpsc::channel::<()>();
            let flag = stop.clone();
            let watcher = std::thread::spawn(move || {
                if signals.forever().next().is_none() {
                    return; // closed: the interface ended normally
                }
                flag.store(true, Ordering::SeqCst);
                if let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(GRACE) {
                    ratatui::restore();
                    eprintln!(
                        "error: stopped by a signal; every action was saved (continue with `crossings resume`)"
                    );
                    std::process::exit(1);
                }
            });
            Ok(StopSignals {
                stop,
                shutdowns,
                handle,
                done,
                watcher: Some(watcher),
            })
        }

        /// Whether a stop signal has arrived.
        pub fn requested(&self) -> bool {
            self.stop.load(Ordering::SeqCst)
        }

        /// The interface has saved and restored the terminal: stop watching.
        pub fn finish(mut self) {
            let _ = self.done.send(());
            self.handle.close();
            if let Some(watcher) = self.watcher.take() {
                let _ = watcher.join();
            }
            for id in self.shutdowns.drain(..) {
                signal_hook::low_level::unregister(id);
            }
        }
    }
}

#[cfg(windows)]
mod windows {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    /// SIGBREAK in the C runtime's `signal.h` (Ctrl-Break); the libc crate does not name it.
    const SIGBREAK: i32 = 21;

    /// The signals that ask Crossings to save and stop.
    const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM, SIGBREAK];

    pub struct StopSignals {
        stop: Arc<AtomicBool>,
        ids: Vec<signal_hook::SigId>,
    }

    impl StopSignals {
        pub fn install() -> std::io::Result<StopSignals> {
            let stop = Arc::new(AtomicBool::new(false));
            let mut ids = Vec::new();
            for signal in STOP_SIGNALS {
                // As on Unix: a second signal ends the process at once.
                ids.push(signal_hook::flag::register_conditional_shutdown(
                    *signal,
                    1,
                    stop.clone(),
                )?);
                ids.push(signal_hook::flag::register(*signal, stop.clone())?);
            }
            Ok(StopSignals { stop, ids })
        }

        /// Whether a stop signal has arrived.
        pub fn requested(&self) -> bool {
            self.stop.load(Ordering::SeqCst)
        }

        /// The interface has saved and restored the terminal: stop watching.
        pub fn finish(mut self) {
            for id in self.ids.drain(..) {
                signal_hook::low_level::unregister(id);
            }
        }
    }
}
