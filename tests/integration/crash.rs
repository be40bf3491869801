//! The terminal is never left broken and no session is lost: a panic restores the
//! terminal and leaves a crash save that resumes; Ctrl-C asks before quitting, with the
//! session saved either way; a terminal that vanishes without SIGHUP ends the program
//! instead of leaving it spinning. All with the real binary in a pseudo-terminal.

use super::resume::terminal::Tui;
use crossings::engine::Action;
use crossings::session::save::SaveFile;
use std::path::{Path, PathBuf};

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";
const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const CTRL_C: &str = "\x03";

const SOLO: &[&str] = &[
    "play",
    HARBOUR,
    "--seed",
    "7",
    "--role",
    "origin=human",
    "--role",
    "transit=balanced",
    "--role",
    "destination=balanced",
];

fn saves(home: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(home.join("saves"))
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Whether Alda's decision (consular staff, made at the keyboard) is in a save.
fn holds_the_decision(path: &Path) -> bool {
    let save = SaveFile::read(path).expect("the save reads");
    save.log.iter().any(|e| {
        matches!(
            &e.action,
            Action::Decide { role, option, persona: None, .. }
                if role == "origin" && option == "consular"
        )
    })
}

/// From the briefing to Alda choosing consular staff.
fn decide(tui: &mut Tui) {
    tui.wait_for(&["Briefing — The Harbour Test"]);
    tui.key(ENTER, &["Turn 1 · Day 1: a boat in distress"]);
    tui.key(ENTER, &["› Step up coastal patrols"]);
    tui.key(DOWN, &["› Send consular staff"]);
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "CROSSINGS_TEST_PANIC is honoured by debug builds only"
)]
fn a_panic_restores_the_terminal_and_leaves_a_crash_save_that_resumes() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let mut tui = Tui::start_with(
        SOLO,
        home.path(),
        &[("CROSSINGS_TEST_PANIC", "after-first-decision")],
    );
    decide(&mut tui);
    tui.key(ENTER, &[]);
    let (code, screen) = tui.finish();
    assert_eq!(code, Some(1), "a crash is a failure");
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    let text = screen.contents();
    assert!(
        text.contains("a panic on purpose"),
        "the panic is reported:\n{text}"
    );
    assert!(text.contains("crash save"), "{text}");
    assert!(text.contains("crossings resume"), "{text}");
    drop(tui);

    let files = saves(home.path());
    let crash: Vec<&PathBuf> = files
        .iter()
        .filter(|p| p.to_string_lossy().ends_with("-crash.save.ron"))
        .collect();
    assert_eq!(
        crash.len(),
        1,
        "one crash save beside the autosave: {files:?}"
    );
    let crash = crash[0];
    assert_eq!(files.len(), 2, "the autosave is kept too: {files:?}");
    let name = crash.file_name().map(|n| n.to_string_lossy().into_owned());
    assert!(
        text.replace('\n', "")
            .contains(name.as_deref().unwrap_or("?")),
        "the message names the crash save:\n{text}"
    );
    assert!(holds_the_decision(crash), "the crash save has the decision");

    let crash = crash.to_str().expect("a UTF-8 path");
    let mut tui = Tui::start(&["resume", crash], home.path());
    tui.wait_for(&["Resumed at turn", "every saved action"]);
    tui.key("q", &["Quit Crossings?"]);
    tui.key("y", &[]);
    let (code, screen) = tui.finish();
    assert_eq!(code, Some(0));
    assert!(!screen.alternate_screen());
}

#[test]
fn ctrl_c_asks_before_quitting_and_the_session_is_saved_either_way() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let mut tui = Tui::start(SOLO, home.path());
    decide(&mut tui);
    tui.key(
        ENTER,
        &["Turn 1 resolved", "Alda (you): Send consular staff"],
    );
    tui.key(CTRL_C, &["Quit Crossings?", "The session is saved"]);
    let files = saves(home.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(holds_the_decision(&files[0]), "saved before any answer");

    tui.key("n", &[]);
    tui.wait_gone("Quit Crossings?");
    tui.wait_for(&["Turn 1 resolved"]);
    tui.key(CTRL_C, &["Quit Crossings?"]);
    tui.key("y", &[]);
    let (code, screen) = tui.finish();
    assert_eq!(code, Some(0), "quitting when asked is no failure");
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    assert_eq!(saves(home.path()), files, "the same save, nothing else");
    assert!(holds_the_decision(&files[0]));
}

/// A pseudo-terminal that is nobody's controlling terminal: closing its master end
/// hangs it up without any SIGHUP, as when a terminal emulator dies on a machine whose
/// shell setup detached Crossings from it.
#[cfg(unix)]
mod detached {
    use rustix::event::{PollFd, PollFlags, poll};
    use rustix::fs::{Mode, OFlags};
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use std::os::fd::OwnedFd;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// The child, and the master end of its terminal.
    pub struct Detached {
        pub child: Child,
        pub master: Option<OwnedFd>,
    }

    impl Drop for Detached {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    /// Every descriptor is close-on-exec: a child started meanwhile by another test must
    /// not keep the terminal open.
    pub fn start(args: &[&str], home: &Path) -> Detached {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
            .expect("a pseudo-terminal");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("the terminal's name");
        let slave = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .expect("the terminal opens");
        let size = rustix::termios::Winsize {
            ws_row: 24,
            ws_col: 80,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        rustix::termios::tcsetwinsize(&slave, size).expect("a size");
        let end = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("a descriptor"));
        let child = Command::new(env!("CARGO_BIN_EXE_crossings"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .env("CROSSINGS_HOME", home)
            .stdin(end(&slave))
            .stdout(end(&slave))
            .stderr(end(&slave))
            .spawn()
            .expect("the binary starts");
        drop(slave);
        Detached {
            child,
            master: Some(master),
        }
    }

    /// Read the terminal until `text` has been drawn and the program has gone quiet,
    /// waiting for a key: the state in which a vanished terminal used to leave it
    /// spinning. (Closing the terminal in mid-frame fails a write instead, a different
    /// and easier path.)
    pub fn read_until_idle(master: &OwnedFd, text: &str) {
        let mut all = Vec::new();
        let mut buf = [0u8; 4096];
        let quiet = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 300_000_000,
        };
        let end = Instant::now() + Duration::from_secs(20);
        loop {
            assert!(Instant::now() < end, "{text:?} was never drawn");
            let mut fds = [PollFd::new(master, PollFlags::IN)];
            let ready = poll(&mut fds, Some(&quiet)).expect("poll");
            if ready == 0 {
                if String::from_utf8_lossy(&all).contains(text) {
                    return;
                }
                continue;
            }
            let n = rustix::io::read(master, &mut buf).expect("the terminal reads");
            all.extend_from_slice(&buf[..n]);
        }
    }

    /// Wait for the child to exit, for at most `limit`.
    pub fn exits_within(child: &mut Child, limit: Duration) -> Option<std::process::ExitStatus> {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

#[cfg(unix)]
#[test]
fn a_terminal_that_vanishes_without_sighup_ends_the_program() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let mut tui = detached::start(SOLO, home.path());
    let master = tui.master.take().expect("the master end");
    detached::read_until_idle(&master, "Briefing");
    drop(master);
    let status = detached::exits_within(&mut tui.child, std::time::Duration::from_secs(20));
    let status = status.expect("Crossings exits once its terminal is gone, instead of spinning");
    assert_eq!(status.code(), Some(1), "stopped, not finished: {status:?}");
}
