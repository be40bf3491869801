//! Saves and resume: atomic autosave after every action, resume at the same turn, bad
//! saves refused without being touched, a changed exercise stopping replay at the first
//! action that no longer applies, the launcher's "Continue" list, the report from the
//! debrief, and — in a real pseudo-terminal — SIGKILL and SIGTERM mid-game.

use super::check::{Outcome, repo_path};
use crossings::engine::Action;
use crossings::exercises::{self, Loaded};
use crossings::session::save::{self, Meta, SaveFile};
use crossings::session::{Controller, Persona, Session};
use crossings::tui::Theme;
use crossings::tui::app::{App, Screen, View};
use crossings::tui::autosave;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::process::Command;

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";

fn harbour() -> Loaded {
    exercises::find(HARBOUR).expect("the harbour fixture loads")
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("a test terminal");
    terminal
        .draw(|frame| app.render(frame))
        .expect("drawing never fails on a TestBackend");
    terminal.backend().to_string()
}

fn view(app: &App) -> Option<View> {
    match app.screen() {
        Screen::Play(p) => Some(p.view),
        _ => None,
    }
}

/// Solo as Alda against balanced personas, seed 7, straight past setup.
fn solo_roles() -> Vec<(String, Controller)> {
    vec![
        ("origin".into(), Controller::Human),
        ("transit".into(), Controller::Persona(Persona::Balanced)),
        ("destination".into(), Controller::Persona(Persona::Balanced)),
    ]
}

fn solo_app(dir: &Path) -> App {
    App::for_exercise(harbour(), Some(7), solo_roles(), Theme::colours(), 7)
        .with_saves(dir.to_path_buf())
}

/// The save files in a folder, sorted.
fn saves_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn read_save(path: &Path) -> SaveFile {
    SaveFile::read(path).expect("the save reads back")
}

/// Run `crossings` with a private saves folder.
pub fn crossings_at(home: &Path, args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_crossings"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CROSSINGS_HOME", home)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the crossings binary runs");
    let outcome = Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    outcome.assert_no_panic();
    outcome
}

/// The harbour, seed 7, solo as Alda against balanced personas, played as the TUI plays
/// it through turn 1: personas move, Alda sends consular staff (with `reason`), personas
/// finish the turn. The session waits at the start of turn 2.
fn turn_one(reason: Option<&str>) -> Session {
    let loaded = harbour();
    let controllers = vec![
        Controller::Human,
        Controller::Persona(Persona::Balanced),
        Controller::Persona(Persona::Balanced),
    ];
    let mut session = Session::new(loaded.compiled.clone(), 7, controllers);
    let personas_in_turn_one = |session: &mut Session| {
        while session.state.turn == 1 {
            let Some(action) = session.next_persona_action() else {
                break;
            };
            session.apply(action).expect("a persona's move applies");
        }
    };
    personas_in_turn_one(&mut session);
    session
        .apply(Action::Decide {
            role: "origin".into(),
            option: "consular".into(),
            reason: reason.map(str::to_string),
            persona: None,
        })
        .expect("Alda can decide");
    personas_in_turn_one(&mut session);
    session
}

/// `turn_one` written as a save with fixed times and a roster label.
fn turn_one_save(path: &Path, updated: u64) -> Session {
    let loaded = harbour();
    let session = turn_one(Some("our citizens first"));
    let meta = Meta {
        started: updated - 600,
        updated,
        roster: vec![save::Delegation {
            role: "origin".into(),
            label: "Table A".into(),
            ..save::Delegation::default()
        }],
        ..Meta::default()
    };
    let file = SaveFile::from_session(&session, &loaded, meta);
    save::write_atomic(path, &file.to_text()).expect("the save is written");
    session
}

#[test]
fn an_atomic_save_resumes_at_the_same_turn_with_the_same_state() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("nested").join("table.save.ron");
    let session = turn_one_save(&path, 1_700_000_000);
    assert_eq!(session.state.turn, 2, "turn 1 resolved");
    // Only the save is left: the temporary file was renamed over it.
    assert_eq!(saves_in(&path.with_file_name("")), vec![path.clone()]);

    let resumed = save::resume(&path).expect("the save resumes");
    assert!(resumed.stopped_at.is_none());
    assert!(!resumed.structure_changed);
    assert_eq!(resumed.session.log, session.log);
    assert_eq!(resumed.session.state.turn, session.state.turn);
    assert_eq!(resumed.session.state.stage, session.state.stage);
    assert_eq!(resumed.session.state.values(), session.state.values());
    assert_eq!(resumed.meta.roster[0].label, "Table A");

    // Writing again replaces the file whole.
    let again = SaveFile::from_session(&resumed.session, &resumed.loaded, resumed.meta.clone());
    save::write_atomic(&path, &again.to_text()).expect("rewritten");
    assert_eq!(read_save(&path), again);
}

#[test]
fn every_committed_action_is_on_disk_after_the_key_that_made_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut app = solo_app(dir.path());
    // The session got its save when it started, before any key.
    let files = saves_in(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let path = files[0].clone();
    assert!(path.to_string_lossy().ends_with(".save.ron"));
    let first = read_save(&path);
    assert!(first.log.is_empty());
    assert_eq!(first.meta.mode, save::Mode::Solo);
    assert!(first.source.is_some(), "a path-based exercise is embedded");

    let keys = [
        KeyCode::Enter, // briefing → situation
        KeyCode::Enter, // → decision (personas offer and answer first)
        KeyCode::Down,
        KeyCode::Enter, // Alda decides; the turn resolves
        KeyCode::Enter, // → turn 2
        KeyCode::Enter, // turn 2 resolves (personas only)
        KeyCode::Enter, // → ending
        KeyCode::Enter, // → debrief
    ];
    for key in keys {
        press(&mut app, key);
        let session = app.session().expect("a session");
        let on_disk = read_save(&path);
        assert_eq!(on_disk.log, session.log, "after {key:?}");
        assert!(on_disk.meta.updated >= on_disk.meta.started);
    }
    assert_eq!(view(&app), Some(View::Debrief));
    let log = &read_save(&path).log;
    assert!(log.iter().any(|e| matches!(
        &e.action,
        Action::Decide { role, option, persona: None, .. } if role == "origin" && option == "consular"
    )));
    assert!(log.iter().any(|e| e.turn == 2), "turn 2 is saved too");
    assert_eq!(saves_in(dir.path()), vec![path], "one file, no leftovers");
}

#[test]
fn a_failed_write_warns_once_and_play_goes_on() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // A file where the saves folder should be: the folder cannot be made.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "not a folder").expect("written");
    let mut app = solo_app(&blocker.join("saves"));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Decision));
    press(&mut app, KeyCode::Enter);
    let text = screen(&app);
    assert!(text.contains("Autosave failed"), "{text}");
    assert_eq!(view(&app), Some(View::Resolution { turn: 1 }));
    press(&mut app, KeyCode::Enter);
    assert!(
        !screen(&app).contains("Autosave failed"),
        "no new action, no new warning"
    );
    assert!(app.save_path().is_none());
}

#[test]
fn leaving_a_session_before_any_action_removes_its_empty_save() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut app =
        App::launcher(vec![harbour()], Theme::colours(), 7).with_saves(dir.path().to_path_buf());
    press(&mut app, KeyCode::Enter); // setup
    press(&mut app, KeyCode::Enter); // start: briefing
    assert_eq!(saves_in(dir.path()).len(), 1);
    press(&mut app, KeyCode::Esc); // back to setup
    assert!(saves_in(dir.path()).is_empty(), "the empty save is gone");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter); // Alda decides
    press(&mut app, KeyCode::Esc);
    let files = saves_in(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(!read_save(&files[0]).log.is_empty());

    // Opening an exercise to read its briefing and quitting leaves no save behind.
    let other = tempfile::tempdir().expect("a temporary directory");
    let mut app = solo_app(other.path());
    assert_eq!(saves_in(other.path()).len(), 1);
    press(&mut app, KeyCode::Char('q'));
    let text = screen(&app);
    assert!(text.contains("not saved"), "{text}");
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit());
    assert!(saves_in(other.path()).is_empty());
}

/// (fixture under tests/fixtures/saves, or another path; what stderr must say)
const BAD_SAVES: &[(&str, &str)] = &[
    (
        "tests/fixtures/saves/truncated.save.ron",
        "it may be truncated or damaged",
    ),
    (
        "tests/fixtures/saves/random-bytes.save.ron",
        "not a Crossings save",
    ),
    (
        "tests/fixtures/saves/newer-format.save.ron",
        "written by a newer Crossings (format 7",
    ),
    (
        "tests/fixtures/saves/other-program.save.ron",
        "not a Crossings save",
    ),
    ("tests/fixtures/saves/empty.save.ron", "the file is empty"),
    (HARBOUR, "this is an exercise file, not a save"),
];

#[test]
fn bad_saves_exit_1_with_one_sentence_and_are_never_touched() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let work = tempfile::tempdir().expect("a temporary directory");
    for (fixture, expected) in BAD_SAVES {
        let name = Path::new(fixture).file_name().expect("a file name");
        let path = work.path().join(name);
        std::fs::copy(repo_path(fixture), &path).expect("copied");
        let before = std::fs::read(&path).expect("read");
        let out = crossings_at(home.path(), &["resume", &path.display().to_string()]);
        assert_eq!(out.code, 1, "{fixture}: {}", out.all());
        assert!(out.stdout.is_empty(), "{fixture}: {}", out.stdout);
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains(expected), "{fixture}: {}", out.stderr);
        assert!(
            out.stderr.contains(&path.display().to_string()),
            "names the file: {}",
            out.stderr
        );
        assert_eq!(std::fs::read(&path).expect("read"), before, "{fixture}");
    }
    let folder = work.path().join("folder.save.ron");
    std::fs::create_dir(&folder).expect("a folder");
    let missing = work.path().join("missing.save.ron");
    for (path, expected) in [(&folder, "is a directory"), (&missing, "no such file")] {
        let out = crossings_at(home.path(), &["resume", &path.display().to_string()]);
        assert_eq!(out.code, 1, "{}", out.all());
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
        assert!(out.stderr.contains(expected), "{}", out.stderr);
    }
    assert!(!missing.exists(), "nothing is created");
    assert_eq!(saves_in(work.path()).len(), BAD_SAVES.len() + 1);
    assert!(!home.path().join("saves").exists(), "no save was started");
}

#[test]
fn resume_without_a_save_says_there_is_none() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let out = crossings_at(home.path(), &["resume"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("there is no save to resume"),
        "{}",
        out.stderr
    );
    let saves = home.path().join("saves");
    std::fs::create_dir_all(&saves).expect("made");
    std::fs::copy(
        repo_path("tests/fixtures/saves/truncated.save.ron"),
        saves.join("old.save.ron"),
    )
    .expect("copied");
    let out = crossings_at(home.path(), &["resume"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains("1 unreadable save was skipped"),
        "{}",
        out.stderr
    );
}

/// A copy of the save whose embedded exercise sends the boat to the standoff even after a
/// rescue: turn 2 is a different stage, so turn 2's decisions no longer apply.
fn rewired(path: &Path, to: &Path) {
    let text = std::fs::read_to_string(path).expect("read");
    let from = r#"Transition(to: \"standoff\", when: Not(Flag(\"rescued\")))"#;
    assert!(text.contains(from), "the fixture's wiring is as expected");
    let text = text.replace(
        from,
        r#"Transition(to: \"standoff\", when: Flag(\"rescued\"))"#,
    );
    std::fs::write(to, text).expect("written");
}

/// A harbour save played to its end by personas (seed 7).
fn finished_save(dir: &Path) -> PathBuf {
    let path = dir.join("finished.save.ron");
    let out = crossings_at(
        dir,
        &[
            "run",
            HARBOUR,
            "--seed",
            "7",
            "--save",
            &path.display().to_string(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    path
}

#[test]
fn a_changed_exercise_stops_replay_at_the_first_action_that_no_longer_applies() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let original = finished_save(dir.path());
    let changed = dir.path().join("changed.save.ron");
    rewired(&original, &changed);
    let log = read_save(&changed).log;
    let first_of_turn_two = log
        .iter()
        .position(|e| e.turn == 2)
        .expect("the save reaches turn 2");

    let opened = autosave::open(&changed).expect("the save opens");
    let stopped = opened.stopped.clone().expect("replay stops early");
    assert_eq!(stopped.index, first_of_turn_two);
    assert_eq!(stopped.turn, 2);
    assert!(stopped.action.contains("Brinn chose"), "{}", stopped.action);
    assert!(
        stopped.why.contains("not an option open to Brinn"),
        "{}",
        stopped.why
    );
    assert_eq!(opened.resumed.session.log.len(), first_of_turn_two);

    // In the TUI: the notice names the action; going back writes nothing.
    let before = std::fs::read(&changed).expect("read");
    let saves = tempfile::tempdir().expect("a temporary directory");
    let mut app = App::resumed(opened, Vec::new(), Theme::colours(), 7)
        .with_saves(saves.path().to_path_buf());
    let text = screen(&app);
    assert!(text.contains("Replay stopped at action"), "{text}");
    assert!(text.contains("It no longer applies"), "{text}");
    assert!(text.contains("Enter continue from there"), "{text}");
    assert!(saves_in(saves.path()).is_empty(), "nothing written yet");
    press(&mut app, KeyCode::Esc);
    assert!(app.should_quit(), "going back from the command line quits");
    assert!(saves_in(saves.path()).is_empty());

    // Continuing goes on in a new save; the original is left as it was.
    let opened = autosave::open(&changed).expect("the save opens");
    let mut app = App::resumed(opened, Vec::new(), Theme::colours(), 7)
        .with_saves(saves.path().to_path_buf());
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Situation));
    assert_eq!(app.session().map(|s| s.state.turn), Some(2));
    let files = saves_in(saves.path());
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(read_save(&files[0]).log, log[..first_of_turn_two].to_vec());
    assert_eq!(std::fs::read(&changed).expect("read"), before);
}

#[test]
fn a_changed_hash_with_every_action_still_applying_is_said_briefly() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("table.save.ron");
    turn_one_save(&path, 1_700_000_000);
    let text = std::fs::read_to_string(&path).expect("read");
    let save = read_save(&path);
    let edited = text.replace(&save.structure, "0123456789abcdef");
    std::fs::write(&path, edited).expect("written");
    let before = std::fs::read(&path).expect("read");

    let opened = autosave::open(&path).expect("opens");
    assert!(opened.stopped.is_none());
    let mut app =
        App::resumed(opened, Vec::new(), Theme::colours(), 7).with_saves(dir.path().to_path_buf());
    let text = screen(&app);
    assert!(
        text.contains("Resumed at turn 2. The exercise changed since this save, but all"),
        "{text}"
    );
    assert_eq!(view(&app), Some(View::Situation));
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "resuming alone writes nothing"
    );
    // The next action goes to the same file, with the exercise's current hash.
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    let after = read_save(&path);
    assert!(after.log.len() > save.log.len());
    assert_ne!(after.structure, "0123456789abcdef");
}

#[test]
fn the_continue_list_shows_saves_newest_first_and_counts_unreadable_ones() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let saves = dir.path().join("saves");
    turn_one_save(&saves.join("harbour-1700000000.save.ron"), 1_700_000_000);
    turn_one_save(&saves.join("harbour-1700100000.save.ron"), 1_700_100_000);
    std::fs::copy(
        repo_path("tests/fixtures/saves/truncated.save.ron"),
        saves.join("broken.save.ron"),
    )
    .expect("copied");
    std::fs::write(saves.join("notes.txt"), "not a save, not counted").expect("written");

    let mut app = App::launcher(vec![harbour()], Theme::colours(), 7).with_saves(saves.clone());
    // Starting counts the save files without reading them (so it stays quick however
    // many there are); opening the tab reads them, and the broken one drops out.
    let launcher = screen(&app);
    assert!(launcher.contains("Continue (3)"), "{launcher}");
    press(&mut app, KeyCode::Tab);
    // The temporary folder, masked to the same width so the frame stays aligned.
    let folder = saves.display().to_string();
    let text = screen(&app).replace(&folder, &format!("{:<1$}", "[SAVES]", folder.len()));
    insta::assert_snapshot!("continue_list", text);
    assert!(text.contains("1 unreadable save skipped"), "{text}");

    // Enter resumes the newest at its turn.
    press(&mut app, KeyCode::Enter);
    assert_eq!(view(&app), Some(View::Situation));
    assert_eq!(app.session().map(|s| s.state.turn), Some(2));
    assert_eq!(
        app.save_path(),
        Some(saves.join("harbour-1700100000.save.ron").as_path())
    );
}

#[test]
fn the_debrief_writes_the_report_beside_the_save() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut app = solo_app(dir.path());
    for _ in 0..7 {
        press(&mut app, KeyCode::Enter);
    }
    assert_eq!(view(&app), Some(View::Debrief));
    let save = app.save_path().expect("saved").to_path_buf();
    press(&mut app, KeyCode::Char('e'));
    let (html, md) = autosave::report_paths(&save);
    let markdown = std::fs::read_to_string(&md).expect("the Markdown report is written");
    assert!(markdown.contains("After-Action Report"), "{markdown}");
    assert!(markdown.contains("Improvement Plan"));
    let page = std::fs::read_to_string(&html).expect("the HTML report is written");
    assert!(page.contains("<svg"), "charts are inline");
    let text = screen(&app);
    assert!(text.contains("After-Action Report written"), "{text}");
    let name = md.file_name().map(|n| n.to_string_lossy().into_owned());
    assert!(
        name.is_some_and(|n| text.contains(&n)),
        "the path is shown:\n{text}"
    );
    press(&mut app, KeyCode::Esc);
    assert!(app.notice().is_none());
}

/// The real binary in a pseudo-terminal at 80×24 (the pattern of `pty.rs`), with a
/// saves folder that outlives it so a second run can resume. Also used by `crash`.
pub mod terminal {
    use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
    use std::io::{Read, Write};
    use std::path::Path;
    use std::sync::{Arc, Condvar, Mutex};
    use std::thread::JoinHandle;
    use std::time::{Duration, Instant};

    const DEADLINE: Duration = Duration::from_secs(20);

    struct Screen {
        /// The parsed screen, and whether the program's side of the terminal closed.
        parser: Mutex<(vt100::Parser, bool)>,
        changed: Condvar,
    }

    /// A running TUI; dropping it kills and reaps the child.
    pub struct Tui {
        pub child: Box<dyn Child + Send + Sync>,
        writer: Box<dyn Write + Send>,
        screen: Arc<Screen>,
        reader: Option<JoinHandle<()>>,
        _master: Box<dyn MasterPty + Send>,
    }

    impl Tui {
        pub fn start(args: &[&str], home: &Path) -> Tui {
            Tui::start_with(args, home, &[])
        }

        /// `start`, with more environment variables.
        pub fn start_with(args: &[&str], home: &Path, env: &[(&str, &str)]) -> Tui {
            let pair = native_pty_system()
                .openpty(PtySize {
                    rows: 24,
                    cols: 80,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .expect("a pseudo-terminal");
            let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_crossings"));
            cmd.args(args);
            cmd.cwd(env!("CARGO_MANIFEST_DIR"));
            cmd.env("TERM", "xterm-256color");
            cmd.env("LANG", "C.UTF-8");
            cmd.env("LC_ALL", "C");
            cmd.env("NO_COLOR", "1");
            cmd.env("CROSSINGS_HOME", home);
            cmd.env_remove("RUST_BACKTRACE");
            for (name, value) in env {
                cmd.env(name, value);
            }
            let child = pair.slave.spawn_command(cmd).expect("the binary starts");
            drop(pair.slave);
            let mut reader = pair.master.try_clone_reader().expect("a reader");
            let writer = pair.master.take_writer().expect("a writer");
            let screen = Arc::new(Screen {
                parser: Mutex::new((vt100::Parser::new(size(24), size(80), 0), false)),
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
            }
        }

        /// Wait until every one of `texts` is on screen; return the screen.
        pub fn wait_for(&self, texts: &[&str]) -> String {
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

        /// Wait until `text` is no longer on screen; return the screen.
        pub fn wait_gone(&self, text: &str) -> String {
            let end = Instant::now() + DEADLINE;
            let mut guard = self.screen.parser.lock().expect("the screen lock");
            loop {
                let contents = guard.0.screen().contents();
                if !contents.contains(text) {
                    return contents;
                }
                let now = Instant::now();
                assert!(
                    now < end && !guard.1,
                    "{text:?} never went; the screen was:\n{contents}"
                );
                guard = self
                    .screen
                    .changed
                    .wait_timeout(guard, end - now)
                    .expect("the screen lock")
                    .0;
            }
        }

        /// Send one key, then wait for what it should bring.
        pub fn key(&mut self, bytes: &str, expect: &[&str]) -> String {
            self.writer
                .write_all(bytes.as_bytes())
                .expect("the terminal takes keys");
            self.writer.flush().expect("the terminal takes keys");
            self.wait_for(expect)
        }

        /// Send a signal with the system's `kill`, as an operator (or the OOM killer)
        /// would; portable-pty's own `kill` sends SIGHUP first.
        pub fn signal(&mut self, signal: &str) {
            let pid = self.child.process_id().expect("the child has a pid");
            let status = std::process::Command::new("kill")
                .args([signal, &pid.to_string()])
                .status()
                .expect("kill runs");
            assert!(status.success(), "kill {signal} {pid}");
        }

        /// Wait for the child to exit and the terminal to drain; return the exit code
        /// (None when a signal ended it) and the last screen.
        pub fn finish(&mut self) -> (Option<u32>, vt100::Screen) {
            let status = self.child.wait().expect("the child exits");
            if let Some(reader) = self.reader.take() {
                reader.join().expect("the reader thread ends");
            }
            let code = status.signal().is_none().then(|| status.exit_code());
            let guard = self.screen.parser.lock().expect("the screen lock");
            (code, guard.0.screen().clone())
        }
    }

    fn size(n: u16) -> std::num::NonZeroU16 {
        std::num::NonZeroU16::new(n).expect("a size above zero")
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
}

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";

/// Start the harbour solo as Alda and play turn 1 (consular staff) to its resolution.
fn play_turn_one(home: &Path) -> terminal::Tui {
    let mut tui = terminal::Tui::start(
        &[
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
        ],
        home,
    );
    tui.wait_for(&["Briefing — The Harbour Test"]);
    tui.key(ENTER, &["Turn 1 · Day 1: a boat in distress"]);
    tui.key(ENTER, &["› Step up coastal patrols"]);
    tui.key(DOWN, &["› Send consular staff"]);
    tui.key(
        ENTER,
        &["Turn 1 resolved", "Alda (you): Send consular staff"],
    );
    tui
}

fn only_save(home: &Path) -> PathBuf {
    let files = saves_in(&home.join("saves"));
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_session_killed_with_sigkill_resumes_at_the_same_turn() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let mut tui = play_turn_one(home.path());
    tui.key(ENTER, &["Turn 2 · Day 2: survivors ashore"]);
    tui.signal("-KILL");
    let (code, _) = tui.finish();
    assert_eq!(code, None, "SIGKILL ended it");
    drop(tui);
    let save = read_save(&only_save(home.path()));
    assert_eq!(save.log, turn_one(None).log, "every committed action");

    let mut tui = terminal::Tui::start(&["resume"], home.path());
    // All five actions of turn 1 replayed, Alda's among them; the agreement made then
    // still decides how turn 2 ends.
    tui.wait_for(&[
        "Turn 2 · Day 2: survivors ashore",
        "Resumed at turn 2 with every saved action (5)",
        "In force: \"Shared disembarkation\"",
    ]);
    tui.key(
        ENTER,
        &["Turn 2 resolved", "Ending reached: Responsibility shared"],
    );
    tui.key("q", &["Quit Crossings?", "The session is saved"]);
    tui.key("y", &[]);
    let (code, screen) = tui.finish();
    assert_eq!(code, Some(0));
    assert!(!screen.alternate_screen(), "the terminal is restored");
}

#[test]
fn sigterm_saves_restores_the_terminal_and_says_where_the_save_is() {
    let home = tempfile::tempdir().expect("a temporary directory");
    let mut tui = play_turn_one(home.path());
    tui.signal("-TERM");
    let (code, screen) = tui.finish();
    assert_eq!(code, Some(1), "asked to stop, not finished");
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is visible again");
    let text = screen.contents();
    assert!(text.contains("stopped by a signal"), "{text}");
    assert!(text.contains("crossings resume"), "{text}");
    let save = read_save(&only_save(home.path()));
    assert_eq!(save.log, turn_one(None).log, "every action is saved");
}
