//! SIGTERM and SIGHUP while the interface runs, or its terminal vanishing: save, give
//! the terminal back, exit.
//!
//! A thread waits for the signals (signal-hook's iterator, no unsafe code) and another
//! (on Unix) for the terminal to hang up — a closed window does not always send SIGHUP,
//! e.g. when Crossings is not the terminal's session leader. Either raises a flag that the
//! event loop checks at every turn (at most `POLL` apart): the loop then ends, the
//! session is saved and the terminal restored as on a normal quit.
//!
//! When the terminal itself is gone, crossterm spins inside its read (a hung-up terminal
//! reads as end-of-file, forever) and never returns to the loop. So if the loop has not
//! finished within `GRACE`, the supervising thread restores what it can of the terminal
//! and exits the process itself. Nothing is lost that way: every action was already saved
//! when it was taken. A second signal ends the process at once.

#[cfg(unix)]
use signal_hook::iterator::{Handle, Signals};
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the event loop has to end by itself after a signal.
const GRACE: Duration = Duration::from_secs(2);

/// The signals that ask Crossings to save and stop.
#[cfg(unix)]
const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP];
#[cfg(not(unix))]
const STOP_SIGNALS: &[i32] = &[signal_hook::consts::SIGTERM];

/// Why the interface was asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    Signal,
    TerminalGone,
}

impl StopReason {
    /// How the error message puts it.
    pub fn describe(self) -> &'static str {
        match self {
            StopReason::Signal => "stopped by a signal",
            StopReason::TerminalGone => "stopped because the terminal closed",
        }
    }
}

/// What the supervising thread hears.
enum Event {
    // Elsewhere than on Unix, a signal raises the flag itself and nothing else stops.
    #[cfg_attr(not(unix), allow(dead_code))]
    Stop(StopReason),
    /// The interface saved and restored the terminal by itself.
    Done,
}

pub struct StopSignals {
    stop: Arc<AtomicBool>,
    terminal_gone: Arc<AtomicBool>,
    shutdowns: Vec<signal_hook::SigId>,
    #[cfg(unix)]
    handle: Handle,
    events: Sender<Event>,
    threads: Vec<JoinHandle<()>>,
    /// Closing it wakes the terminal watcher, so it ends with the interface.
    #[cfg(unix)]
    wake_watcher: Option<std::os::fd::OwnedFd>,
}

impl StopSignals {
    pub fn install() -> std::io::Result<StopSignals> {
        let stop = Arc::new(AtomicBool::new(false));
        let terminal_gone = Arc::new(AtomicBool::new(false));
        let mut shutdowns = Vec::new();
        for signal in STOP_SIGNALS {
            // Registered first, so it sees the flag as it was before this signal.
            shutdowns.push(signal_hook::flag::register_conditional_shutdown(
                *signal,
                1,
                stop.clone(),
            )?);
        }
        let (events, heard) = mpsc::channel::<Event>();
        let mut threads = Vec::new();
        #[cfg(unix)]
        let handle = {
            let mut signals = Signals::new(STOP_SIGNALS)?;
            let handle = signals.handle();
            let to_supervisor = events.clone();
            threads.push(std::thread::spawn(move || {
                // Ends when the handle is closed: the interface ended normally.
                for _ in signals.forever() {
                    if to_supervisor.send(Event::Stop(StopReason::Signal)).is_err() {
                        return;
                    }
                }
            }));
            handle
        };
        // Without signal-hook's iterator, a signal raises the flag directly.
        #[cfg(not(unix))]
        for signal in STOP_SIGNALS {
            shutdowns.push(signal_hook::flag::register(*signal, stop.clone())?);
        }
        let (flag, gone) = (stop.clone(), terminal_gone.clone());
        threads.push(std::thread::spawn(move || {
            let Ok(Event::Stop(reason)) = heard.recv() else {
                return; // the interface ended normally
            };
            gone.store(reason == StopReason::TerminalGone, Ordering::SeqCst);
            flag.store(true, Ordering::SeqCst);
            let deadline = Instant::now() + GRACE;
            loop {
                match heard.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                    Ok(Event::Done) | Err(RecvTimeoutError::Disconnected) => return,
                    Ok(Event::Stop(_)) => {}
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            super::terminal::restore();
            // Not `eprintln!`: it panics when the terminal is gone.
            let _ = writeln!(
                std::io::stderr(),
                "error: {}; every action was saved (continue with `crossings resume`)",
                reason.describe()
            );
            std::process::exit(1);
        }));
        #[cfg(unix)]
        let wake_watcher = match hangup::watch(events.clone())? {
            Some((wake, watcher)) => {
                threads.push(watcher);
                Some(wake)
            }
            None => None,
        };
        Ok(StopSignals {
            stop,
            terminal_gone,
            shutdowns,
            #[cfg(unix)]
            handle,
            events,
            threads,
            #[cfg(unix)]
            wake_watcher,
        })
    }

    /// Why a stop was asked for, if it was.
    pub fn reason(&self) -> Option<StopReason> {
        if !self.requested() {
            None
        } else if self.terminal_gone.load(Ordering::SeqCst) {
            Some(StopReason::TerminalGone)
        } else {
            Some(StopReason::Signal)
        }
    }

    /// Whether a stop signal has arrived.
    pub fn requested(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// The interface has saved and restored the terminal: stop watching.
    pub fn finish(mut self) {
        let _ = self.events.send(Event::Done);
        #[cfg(unix)]
        self.handle.close();
        #[cfg(unix)]
        drop(self.wake_watcher.take());
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
        for id in self.shutdowns.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Noticing that the terminal hung up, on Unix: `poll(2)` reports it on the terminal's
/// descriptors without reading (and so without taking keys from crossterm).
#[cfg(unix)]
mod hangup {
    use super::{Event, StopReason};
    use rustix::event::{PollFd, PollFlags, poll};
    use std::io::IsTerminal as _;
    use std::os::fd::OwnedFd;
    use std::sync::mpsc::Sender;
    use std::thread::JoinHandle;

    /// Watch standard input and output, where they are terminals. Returns the descriptor
    /// whose closing ends the watch, and the watching thread.
    pub fn watch(events: Sender<Event>) -> std::io::Result<Option<(OwnedFd, JoinHandle<()>)>> {
        let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
        if !stdin.is_terminal() && !stdout.is_terminal() {
            return Ok(None);
        }
        let (woken, wake) = rustix::pipe::pipe()?;
        let watcher = std::thread::spawn(move || {
            let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
            let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
            loop {
                // Asking for no event still reports hang-ups and errors.
                let mut fds = vec![PollFd::new(&woken, PollFlags::IN)];
                if stdin.is_terminal() {
                    fds.push(PollFd::new(&stdin, PollFlags::empty()));
                }
                if stdout.is_terminal() {
                    fds.push(PollFd::new(&stdout, PollFlags::empty()));
                }
                match poll(&mut fds, None) {
                    Ok(_) => {}
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(_) => return,
                }
                let Some((wake, terminal)) = fds.split_first() else {
                    return;
                };
                if !wake.revents().is_empty() {
                    return; // the interface ended
                }
                if terminal.iter().any(|fd| fd.revents().intersects(gone)) {
                    let _ = events.send(Event::Stop(StopReason::TerminalGone));
                    return;
                }
            }
        });
        Ok(Some((wake, watcher)))
    }
}
