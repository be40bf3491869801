//! End to end: the real binary in a pseudo-terminal at 80×24, played from setup to the
//! debrief with key presses, then quit; the terminal must be restored and the exit
//! status 0. Each key is sent only once the screen it belongs to is drawn.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);

/// The screen as the terminal shows it, fed by a reader thread.
struct Screen {
    parser: Mutex<(vt100::Parser, bool)>,
    changed: Condvar,
}

/// A running TUI; dropping it kills and reaps the child.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Screen>,
    reader: Option<JoinHandle<()>>,
    _master: Box<dyn MasterPty + Send>,
    _home: tempfile::TempDir,
}

impl Tui {
    fn start(args: &[&str]) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let home = tempfile::tempdir().expect("a temporary directory");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_crossings"));
        cmd.args(args);
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("LC_ALL", "C");
        cmd.env_remove("NO_COLOR");
        cmd.env("CROSSINGS_HOME", home.path());
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        // Only the child holds the terminal's other end, so reads end when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let writer = pair.master.take_writer().expect("a writer");
        let screen = Arc::new(Screen {
            parser: Mutex::new((vt100::Parser::new(non_zero(24), non_zero(80), 0), false)),
            changed: Condvar::new(),
        });
        let feed = screen.clone();
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let mut guard = feed
                    .parser
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if n == 0 {
                    guard.1 = true;
                    feed.changed.notify_all();
                    return;
                }
                guard.0.process(&buf[..n]);
                feed.changed.notify_all();
            }
        });
        Tui {
            child,
            writer,
            screen,
            reader: Some(reader),
            _master: pair.master,
            _home: home,
        }
    }

    /// Wait until every one of `texts` is on screen (a frame may arrive in pieces);
    /// return the screen.
    fn wait_for(&self, texts: &[&str]) -> String {
        let end = Instant::now() + DEADLINE;
        let mut guard = self.screen.parser.lock().expect("the screen lock");
        loop {
            let contents = guard.0.screen().contents();
            if texts.iter().all(|t| contents.contains(t)) {
                return contents;
            }
            let now = Instant::now();
            assert!(
                now < end && !guard.1,
                "{texts:?} never all appeared; the screen was:\n{contents}"
            );
            guard = self
                .screen
                .changed
                .wait_timeout(guard, end - now)
                .expect("the screen lock")
                .0;
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("the terminal takes keys");
        self.writer.flush().expect("the terminal takes keys");
    }

    /// Send a key, then wait for what it should bring.
    fn key(&mut self, bytes: &str, expect: &[&str]) -> String {
        self.send(bytes);
        self.wait_for(expect)
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

fn non_zero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size above zero")
}

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";
const TAB: &str = "\t";

#[test]
fn play_the_harbour_from_setup_to_the_debrief() {
    let mut tui = Tui::start(&["play", "tests/fixtures/valid/harbour.ron", "--seed", "7"]);
    tui.wait_for(&[
        "Who plays — The Harbour Test",
        "‹ solo ›",
        "Seed         7",
        "Enter start",
    ]);
    tui.key(
        ENTER,
        &[
            "Briefing — The Harbour Test",
            "Alda (origin) — you",
            "ALDA-SECRET",
        ],
    );
    let situation = tui.key(
        ENTER,
        &[
            "Turn 1 · Day 1: a boat in distress",
            "To decide: Alda (you)",
            "Protection needs unmet   unknown",
        ],
    );
    assert!(!situation.contains("BRINN-SECRET"), "{situation}");
    let decision = tui.key(
        ENTER,
        &[
            "Alda (you) decides",
            "› Step up coastal patrols",
            "Enter choose",
        ],
    );
    assert!(
        !decision.contains("Tags:"),
        "tags stay hidden while choosing:\n{decision}"
    );
    tui.key(DOWN, &["› Send consular staff"]);
    tui.key("r", &["Enter keep the reason"]);
    tui.key("our citizens first", &["Reason: our citizens first"]);
    tui.key(ENTER, &["Enter choose"]);
    tui.key(
        ENTER,
        &[
            "Turn 1 resolved",
            "Alda (you): Send consular staff",
            "reason: our citizens first",
            "Arrivals 0 → 130 (+130)",
        ],
    );
    tui.key(
        ENTER,
        &[
            "Turn 2 · Day 2: survivors ashore",
            "Nobody at this keyboard decides this turn",
        ],
    );
    tui.key(
        ENTER,
        &["Turn 2 resolved", "Ending reached: Responsibility shared"],
    );
    tui.key(
        ENTER,
        &[
            "How the story closed",
            "The survivors are screened and some relocate.",
        ],
    );
    tui.key(ENTER, &["Trajectory — ended at turn 2", "0 → 160 people"]);
    tui.key(
        TAB,
        &[
            "Hidden — ended at turn 2",
            "unknown until it was revealed in turn 1",
        ],
    );
    tui.key("q", &["Quit Crossings?", "y quit"]);
    tui.send("y");

    let status = tui.child.wait().expect("the binary exits");
    assert!(status.success(), "exit status {status:?}");
    if let Some(reader) = tui.reader.take() {
        reader.join().expect("the reader thread ends");
    }
    let guard = tui.screen.parser.lock().expect("the screen lock");
    let screen = guard.0.screen();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
}
