//! SIGTERM and SIGHUP while the interface runs: save, give the terminal back, exit.
//!
//! A thread waits for the signals (signal-hook's iterator, no unsafe code) and raises a
//! flag that the event loop checks at every turn (at most `POLL` apart): the loop then
//! ends, the session is saved and the terminal restored as on a normal quit.
//!
//! When the terminal itself is gone (a closed window sends SIGHUP), crossterm can spin
//! inside its read and never return to the loop. So if the loop has not finished within
//! `GRACE`, the thread restores what it can of the terminal and exits the process
//! itself. Nothing is lost that way: every action was already saved when it was taken.
//! A second signal ends the process at once.

use signal_hook::iterator::{Handle, Signals};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the event loop has to end by itself after a signal.
const GRACE: Duration = Duration::from_secs(2);

/// The signals that ask Crossings to save and stop.
#[cfg(unix)]
const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP];
#[cfg(not(unix))]
const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM];

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
                    "{}{}",
                    crate::tr!("cli.error_prefix"),
                    crate::tr!("signal.stopped_all_saved")
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
