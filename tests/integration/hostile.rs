//! Hostile files: a shipped exercise, a script and a save laced with terminal escape
//! sequences (CSI, OSC), BEL, backspaces, carriage returns, bidirectional overrides and
//! HTML. They still load, check and play; nothing of the payload reaches a terminal (the
//! transcript, the interface) and no markup of it is live in a report or print pack.
//! Names from files (exercise ids, save names) never lead a write out of its folder.

use super::check::repo_path;
use super::resume::crossings_at as crossings;
use crossings::exercises::{self, Loaded};
use crossings::scenario::Exercise;
use crossings::session::save::{Delegation, SaveFile, WORDING_KEYS};
use crossings::tui::Theme;
use crossings::tui::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};

const SHIPPED: &str = "exercises/01-sea-rescue.ron";
const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";

/// Everything a hostile file might try on a terminal or a browser.
const PAYLOAD: &str = concat!(
    " \u{1b}]0;pwned\u{7}",              // OSC: retitle the window, ended by BEL
    "\u{1b}]8;;http://evil\u{1b}\\link", // OSC 8 hyperlink, ended by ST
    "\u{1b}[2J\u{1b}[1;31m",             // CSI: clear the screen, go red
    "\u{9b}1m",                          // C1 CSI
    "\u{7}ding\u{8}\u{8}\u{8}\u{8}",     // BEL, backspaces over what was shown
    "shown\rhidden",                     // a carriage return that overwrites
    "\u{202E}txt.exe\u{202C}\u{2066}\u{2069}", // bidirectional overrides and isolates
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
);

/// The first character that must never reach a terminal, and where, if any.
fn live_control(text: &str) -> Option<(usize, char)> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let bare_cr = c == '\r' && chars.peek().map(|&(_, n)| n) != Some('\n');
        let control = matches!(
            c,
            '\u{1b}'
                | '\u{7}'
                | '\u{8}'
                | '\u{7f}'..='\u{9f}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        );
        if bare_cr || control {
            return Some((at, c));
        }
    }
    None
}

fn assert_inert(what: &str, text: &str) {
    if let Some((at, c)) = live_control(text) {
        let before: Vec<char> = text[..at].chars().rev().take(40).collect();
        let before: String = before.into_iter().rev().collect();
        let after: String = text[at..].chars().take(40).collect();
        panic!("{what}: {c:?} at byte {at}: {before:?} ‸ {after:?}");
    }
}

/// No live markup in an HTML document: no script or embedding element, no event
/// handler attribute, no `javascript:` URL; the payload shows as text.
fn assert_no_live_html(what: &str, html: &str) {
    assert_inert(what, html);
    let dom = tl::parse(html, tl::ParserOptions::default())
        .unwrap_or_else(|e| panic!("{what} parses as HTML: {e}"));
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        let name = tag.name().as_utf8_str().to_lowercase();
        assert!(
            !matches!(
                name.as_str(),
                "script" | "img" | "iframe" | "object" | "embed" | "link"
            ),
            "{what}: a live <{name}>"
        );
        for (attribute, value) in tag.attributes().iter() {
            let value = value.unwrap_or_default().to_lowercase();
            assert!(
                !attribute.to_lowercase().starts_with("on"),
                "{what}: an event handler {attribute}=\"{value}\" on <{name}>"
            );
            assert!(
                !value.contains("javascript:"),
                "{what}: {attribute}={value}"
            );
        }
    }
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{what}: the payload shows as text"
    );
}

/// Markdown viewers pass HTML through: none of the payload's may be left live.
fn assert_inert_markdown(what: &str, md: &str) {
    assert_inert(what, md);
    assert!(!md.contains("<script") && !md.contains("<img"), "{what}");
    assert!(
        md.contains("&lt;script&gt;"),
        "{what}: the payload shows as text"
    );
}

fn s(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Append the payload to every string under a wording key; returns how many.
fn inject(value: &mut serde_json::Value, key: Option<&str>) -> usize {
    match value {
        serde_json::Value::String(text) if key.is_some_and(|k| WORDING_KEYS.contains(&k)) => {
            text.push_str(PAYLOAD);
            1
        }
        serde_json::Value::Array(items) => items.iter_mut().map(|v| inject(v, key)).sum(),
        serde_json::Value::Object(map) => map
            .iter_mut()
            .map(|(k, v)| inject(v, Some(k.as_str())))
            .sum(),
        _ => 0,
    }
}

/// The shipped sea-rescue exercise with the payload in every text (titles, situations,
/// options, briefs, agreements, role names, the debrief, sources): some escaped, as RON
/// writes it, some raw, as a hand-edited file could carry it.
fn hostile_exercise(dir: &Path) -> PathBuf {
    let source = std::fs::read_to_string(repo_path(SHIPPED)).expect("the shipped exercise");
    let exercise = crossings::scenario::load::parse_exercise(SHIPPED, &source).expect("parses");
    let mut value = serde_json::to_value(&exercise).expect("an exercise serialises");
    let injected = inject(&mut value, None);
    assert!(injected > 200, "only {injected} texts took the payload");
    let hostile: Exercise = serde_json::from_value(value).expect("still an exercise");
    let text = ron::ser::to_string_pretty(&hostile, ron::ser::PrettyConfig::new())
        .expect("the exercise writes as RON");
    let raw = text
        .replace("\\u{1b}", "\u{1b}")
        .replace("\\u{7}", "\u{7}")
        .replace("\\u{202e}", "\u{202E}");
    assert!(
        raw.contains('\u{1b}') && raw.contains('\\'),
        "raw and escaped"
    );
    let path = dir.join("hostile.ron");
    std::fs::write(&path, raw).expect("write the exercise");
    path
}

fn load(path: &Path) -> Loaded {
    exercises::find(s(path)).unwrap_or_else(|e| panic!("the hostile exercise loads: {e}"))
}

/// Every cell of a frame, as the terminal would be sent it.
fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).expect("a test terminal");
    terminal
        .draw(|frame| app.render(frame))
        .expect("drawing never fails on a TestBackend");
    terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|cell| cell.symbol())
        .collect()
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

#[test]
fn a_hostile_exercise_still_checks_and_runs_and_nothing_of_it_reaches_the_terminal() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let exercise = hostile_exercise(dir.path());
    let path = s(&exercise);

    let check = crossings(dir.path(), &["check", path]);
    assert_eq!(check.code, 0, "{}", check.all());
    assert_inert("check", &check.all());

    let save = dir.path().join("hostile.save.ron");
    let run = crossings(
        dir.path(),
        &["run", path, "--seed", "3", "--save", s(&save)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.lines().count() > 20, "a whole transcript");
    assert!(
        run.stdout.contains("alert(1)"),
        "the text is there, cleaned"
    );
    assert_inert("transcript", &run.all());
    let json = crossings(dir.path(), &["run", path, "--seed", "3", "--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert_inert("JSON transcript", &json.all());
    let graph = crossings(dir.path(), &["graph", path]);
    assert_eq!(graph.code, 0, "{}", graph.stderr);
    assert_inert("graph", &graph.all());

    let html = crossings(dir.path(), &["report", s(&save), "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert_no_live_html("HTML report", &html.stdout);
    let md = crossings(dir.path(), &["report", s(&save), "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert_inert_markdown("Markdown report", &md.stdout);
    let csv = crossings(dir.path(), &["report", s(&save), "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert_inert("CSV report", &csv.all());

    for format in ["html", "md"] {
        let pack = dir.path().join(format!("pack-{format}"));
        let out = crossings(
            dir.path(),
            &["pack", path, "--format", format, "-o", s(&pack)],
        );
        assert_eq!(out.code, 0, "{}", out.all());
        assert_inert("pack listing", &out.all());
        let files: Vec<PathBuf> = std::fs::read_dir(&pack)
            .expect("the pack folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        assert!(files.len() >= 6, "{files:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a pack file");
            let what = file.display().to_string();
            if format == "html" {
                assert_no_live_html(&what, &text);
            } else {
                assert_inert_markdown(&what, &text);
            }
        }
    }
}

#[test]
fn the_interface_draws_a_hostile_exercise_without_any_of_its_controls() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let loaded = load(&hostile_exercise(dir.path()));
    let roles = super::i18n::first_role_human(&loaded);

    let launcher = App::launcher(vec![loaded.clone()], Theme::colours(), 7);
    let screen = draw(&launcher);
    assert_inert("launcher", &screen);
    assert!(screen.contains("alert(1)"), "{screen}");

    let mut app = App::for_exercise(loaded, Some(7), roles, Theme::colours(), 7);
    assert_inert("the first screen", &draw(&app));
    // Briefing, situation, decision, the help overlay, resolution, the next turn.
    for (step, key) in [
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Char('?'),
        KeyCode::Esc,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Enter,
    ]
    .into_iter()
    .enumerate()
    {
        press(&mut app, key);
        assert_inert(&format!("the screen after key {step}"), &draw(&app));
    }
    assert!(
        app.session().is_some_and(|s| !s.log.is_empty()),
        "the session was played"
    );
}

/// Every action a script may carry text in, with the payload; for `exercise`.
fn hostile_script(exercise: &str) -> String {
    let p = PAYLOAD.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"Script(exercise: "{exercise}", actions: [
    Note(text: "{p}"),
    Decide(role: "origin", option: "consular", reason: "{p}"),
    Inject(text: "{p}"),
    Adjust(indicator: "confidence", by: -5, reason: "{p}"),
    Decide(role: "transit", option: "rescue", reason: "{p}"),
    Decide(role: "destination", option: "screen", reason: "{p}"),
    Rate(objective: "obj-rescue", rating: S, comment: "{p}"),
])"#
    )
}

#[test]
fn a_hostile_script_and_save_leave_nothing_live_in_transcripts_reports_or_the_interface() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = dir.path().join("hostile.script.ron");
    // A script naming its exercise with the payload is refused, and the message is inert.
    let named = format!("harbour{}", PAYLOAD.replace(['\\', '"'], ""));
    std::fs::write(&script, hostile_script(&named)).expect("write the script");
    let refused = crossings(
        dir.path(),
        &["run", HARBOUR, "--seed", "1", "--script", s(&script)],
    );
    assert_eq!(refused.code, 1, "{}", refused.all());
    assert!(
        refused.stderr.contains("was written for"),
        "{}",
        refused.stderr
    );
    assert_inert("script refusal", &refused.all());

    std::fs::write(&script, hostile_script("harbour")).expect("write the script");
    let save = dir.path().join("hostile.save.ron");
    let scripted = ["run", HARBOUR, "--seed", "5", "--script", s(&script)];
    let run = crossings(dir.path(), &[&scripted[..], &["--save", s(&save)]].concat());
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("alert(1)"), "{}", run.stdout);
    assert_inert("scripted transcript", &run.all());
    let json = crossings(dir.path(), &[&scripted[..], &["--json"]].concat());
    assert_eq!(json.code, 0, "{}", json.all());
    assert_inert("scripted JSON", &json.all());

    // The save's own texts: roster names, members, agencies, observers.
    let mut file = SaveFile::read(&save).expect("the save reads");
    file.meta.roster = vec![Delegation {
        role: "origin".into(),
        label: format!("Alda{PAYLOAD}"),
        members: vec![format!("Ana{PAYLOAD}")],
        agency: Some(format!("Ministry{PAYLOAD}")),
    }];
    file.meta.observers = vec![format!("Observer{PAYLOAD}")];
    // RON escapes what it writes; a hand-edited save carries the bytes raw.
    let text = file
        .to_text()
        .replace("\\u{1b}", "\u{1b}")
        .replace("\\u{7}", "\u{7}");
    assert!(text.contains('\u{1b}'));
    std::fs::write(&save, &text).expect("write the hostile save");

    let html = crossings(dir.path(), &["report", s(&save), "--format", "html"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    assert_no_live_html("HTML report of the hostile save", &html.stdout);
    assert!(html.stdout.contains("Ana"), "the roster is in the report");
    let md = crossings(dir.path(), &["report", s(&save)]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert_inert_markdown("Markdown report of the hostile save", &md.stdout);
    let other = dir.path().join("other.save.ron");
    std::fs::copy(&save, &other).expect("a second table");
    for format in ["text", "md", "html"] {
        let out = crossings(
            dir.path(),
            &["compare", s(&save), s(&other), "--format", format],
        );
        assert_eq!(out.code, 0, "{}", out.all());
        assert_inert(&format!("comparison ({format})"), &out.all());
    }

    // The interface: the save resumed, and listed under "Continue" with a hostile name.
    let opened = crossings::tui::autosave::open(&save).expect("the save opens");
    let app = App::resumed(opened, Vec::new(), Theme::colours(), 7);
    assert_inert("resumed session", &draw(&app));
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).expect("a saves folder");
    let hostile_name = saves.join("\u{1b}]0;pwned\u{7}\u{202E}x.save.ron");
    std::fs::copy(&save, hostile_name).expect("copy the save");
    let mut launcher = App::launcher(exercises::shipped(), Theme::colours(), 7).with_saves(saves);
    assert_inert("the launcher", &draw(&launcher));
    press(&mut launcher, KeyCode::Tab);
    let listed = draw(&launcher);
    assert_inert("the launcher's saves", &listed);
    assert!(
        listed.contains("x.save.ron"),
        "the save is listed:\n{listed}"
    );
    press(&mut launcher, KeyCode::Enter);
    assert!(launcher.session().is_some(), "the listed save opens");
    assert_inert("the session opened from the list", &draw(&launcher));
}

#[test]
fn errors_quoting_hostile_names_are_inert() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let name = dir.path().join("\u{1b}]0;pwned\u{7}\u{202E}.ron");
    std::fs::write(&name, "Exercise(id: \"\u{1b}[2J\")").expect("write");
    let out = crossings(dir.path(), &["check", s(&name)]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_inert("check of a hostile file", &out.all());
    let out = crossings(dir.path(), &["run", s(&name), "--seed", "1"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert_inert("run of a hostile file", &out.all());
    let out = crossings(
        dir.path(),
        &[
            "run",
            HARBOUR,
            "--seed",
            "1",
            "--role",
            "\u{1b}]0;x\u{7}=balanced",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.all());
    assert_inert("a hostile --role", &out.all());
}

/// Every file under `root`, relative to it.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn names_from_files_never_lead_a_write_out_of_its_folder() {
    use crossings::tui::autosave::{crash_path, fresh_path};
    let sandbox = tempfile::tempdir().expect("a temporary directory");
    let home = sandbox.path().join("home");
    let saves = home.join("saves");
    for id in [
        "../../etc/passwd",
        "..\\..\\windows\\system32",
        "/abs/olute",
        "nul\0byte",
        "CON",
        "lpt1",
        "..",
        "",
        "\u{1b}]0;x\u{7}",
    ] {
        for path in [fresh_path(&saves, id, 17), crash_path(None, &saves, id)] {
            assert_eq!(path.parent(), Some(saves.as_path()), "{id:?} → {path:?}");
            let name = path.file_name().and_then(|n| n.to_str()).expect("UTF-8");
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{id:?} → {name}"
            );
            assert!(!name.starts_with('.'), "{name}");
            let stem = name.split('.').next().unwrap_or_default().to_uppercase();
            assert!(!["CON", "NUL", "LPT1", "PRN", "AUX"].contains(&stem.as_str()));
        }
        let pack = crossings::pack::default_dir(id);
        assert!(
            pack.components()
                .all(|c| !matches!(c, std::path::Component::ParentDir)),
            "{id:?} → {pack:?}"
        );
    }

    // A save whose exercise field tries to climb out, reported on and scored by the real
    // binary: everything written stays where the user said, or in the data folder.
    let work = sandbox.path().join("work");
    std::fs::create_dir_all(&work).expect("a working folder");
    let save = work.join("given.save.ron");
    let out = crossings(&home, &["run", HARBOUR, "--seed", "3", "--save", s(&save)]);
    assert_eq!(out.code, 0, "{}", out.all());
    let source = std::fs::read_to_string(HARBOUR).expect("the fixture");
    let mut file = SaveFile::read(&save).expect("the save reads");
    file.exercise = "../../../escaped".into();
    file.source = Some(source);
    std::fs::write(&save, file.to_text()).expect("write the save");
    let report = work.join("report.md");
    let out = crossings(&home, &["report", s(&save), "-o", s(&report)]);
    assert_eq!(out.code, 0, "{}", out.all());
    let out = crossings(
        &home,
        &["scores", s(&save), "--role", "origin", "--pre", "1"],
    );
    assert_eq!(out.code, 0, "{}", out.all());
    let pack = work.join("pack");
    let out = crossings(&home, &["pack", HARBOUR, "-o", s(&pack)]);
    assert_eq!(out.code, 0, "{}", out.all());
    let written = files_under(sandbox.path());
    assert!(
        written
            .iter()
            .all(|f| f.starts_with("work") || f.starts_with("home")),
        "{written:?}"
    );
    assert!(
        written.contains(&PathBuf::from("work/report.md")),
        "{written:?}"
    );
}
