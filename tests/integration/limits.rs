//! Limits on input (`src/limits.rs`, documented in docs/exercise-format.md "Limits"): each
//! is refused with a clear message, located where it can be, and input of a real size (a
//! synthetic 2,000-stage exercise) stays well inside them. File size and nesting depth are
//! tested with `check` in `check.rs`.

use super::check::{crossings, repo_path};
use crossings::engine::{Action, ActionError};
use crossings::exercises::load_source;
use crossings::limits::*;
use crossings::scenario::load::parse_exercise;
use crossings::scenario::model::Exercise;
use crossings::scenario::validate::validate;
use crossings::scenario::{Diagnostic, load_exercise};
use crossings::session::save::{SaveError, SaveFile};
use crossings::session::script::Script;
use crossings::session::{Controller, LogEntry, Session};

fn minimal() -> String {
    std::fs::read_to_string(repo_path("tests/fixtures/valid/minimal.ron")).expect("minimal.ron")
}

/// The errors of loading `source` as an exercise, as printed.
fn load_errors(source: &str) -> Vec<String> {
    match load_exercise("limits.ron", source.as_bytes()) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::to_string)
            .collect(),
    }
}

fn assert_has(errors: &[String], expected: &str) {
    assert!(
        errors.iter().any(|e| e.contains(expected)),
        "expected an error containing {expected:?}, got:\n{}",
        errors.join("\n")
    );
}

/// `minimal.ron` with `old` replaced by `new` (once; `old` must occur).
fn minimal_with(old: &str, new: &str) -> String {
    let source = minimal();
    assert!(source.contains(old), "minimal.ron has no {old:?}");
    source.replacen(old, new, 1)
}

/// The errors of validating an exercise built in memory from `minimal.ron`, located in
/// minimal's text (the lists grown in memory are located at their field).
fn validate_grown(grow: impl FnOnce(&mut Exercise)) -> Vec<String> {
    let text = minimal();
    let mut exercise = parse_exercise("limits.ron", &text).expect("minimal parses");
    grow(&mut exercise);
    validate(&exercise, "limits.ron", &text)
        .iter()
        .filter(|d| d.is_error())
        .map(Diagnostic::to_string)
        .collect()
}

#[test]
fn a_text_longer_than_the_limit_is_refused_where_it_starts() {
    let at_limit = minimal_with(
        "title: \"A boat\"",
        &format!("title: \"{}\"", "é".repeat(MAX_TEXT_CHARS)),
    );
    assert_eq!(load_errors(&at_limit), Vec::<String>::new());
    let over = minimal_with(
        "title: \"A boat\"",
        &format!("title: \"{}\"", "é".repeat(MAX_TEXT_CHARS + 1)),
    );
    assert_eq!(
        load_errors(&over),
        vec!["limits.ron:21:20: error: this text is 10,001 characters long; the limit is 10,000"]
    );
}

#[test]
fn more_roles_than_the_limit_are_refused_at_the_roles_field() {
    let errors = validate_grown(|ex| {
        let template = ex.roles[0].clone();
        ex.roles.extend((0..MAX_ROLES - 1).map(|i| {
            let mut role = template.clone();
            role.id = format!("extra-{i}");
            role
        }));
    });
    assert_has(&errors, "limits.ron:9:12: error: 33 roles; the limit is 32");
}

#[test]
fn more_indicators_stages_injects_agreements_or_endings_than_the_limits_are_refused() {
    let errors = validate_grown(|ex| {
        let indicator = ex.indicators[0].clone();
        ex.indicators.extend((0..MAX_INDICATORS).map(|i| {
            let mut extra = indicator.clone();
            extra.id = format!("indicator-{i}");
            extra
        }));
    });
    assert_has(
        &errors,
        "limits.ron:13:17: error: 1,002 indicators; the limit is 1,000",
    );

    // Stages in a chain from `start`, so that every one is reachable.
    let errors = validate_grown(|ex| {
        let template = ex.stages[1].clone();
        let first = ex.start.clone();
        ex.start = "chain-0".into();
        ex.stages.extend((0..MAX_STAGES).map(|i| {
            let mut stage = template.clone();
            stage.id = format!("chain-{i}").into();
            stage.decisions.clear();
            stage.transitions.truncate(1);
            stage.transitions[0].when = None;
            stage.transitions[0].to = if i + 1 < MAX_STAGES {
                format!("chain-{}", i + 1).into()
            } else {
                first.as_str().into()
            };
            stage
        }));
    });
    assert_has(
        &errors,
        "limits.ron:18:13: error: 10,002 stages; the limit is 10,000",
    );

    let errors = validate_grown(|ex| {
        let inject = ex.injects[0].clone();
        ex.injects.extend((0..MAX_INJECTS).map(|i| {
            let mut extra = inject.clone();
            extra.id = format!("inject-{i}").into();
            extra
        }));
    });
    assert_has(
        &errors,
        "limits.ron:52:14: error: 10,002 injects; the limit is 10,000",
    );

    let errors = validate_grown(|ex| {
        let agreement = ex.agreements[0].clone();
        ex.agreements.extend((0..MAX_AGREEMENTS).map(|i| {
            let mut extra = agreement.clone();
            extra.id = format!("agreement-{i}");
            extra
        }));
    });
    assert_has(
        &errors,
        "limits.ron:56:17: error: 1,001 agreements; the limit is 1,000",
    );

    let errors = validate_grown(|ex| {
        let ending = ex.endings[0].clone();
        ex.endings.extend((0..MAX_ENDINGS).map(|i| {
            let mut extra = ending.clone();
            extra.id = format!("ending-{i}");
            extra
        }));
    });
    assert_has(
        &errors,
        "limits.ron:60:14: error: 1,002 endings; the limit is 1,000",
    );
}

#[test]
fn more_transitions_or_effects_than_the_limits_are_refused() {
    let errors = validate_grown(|ex| {
        let transitions = &mut ex.stages[1].transitions;
        let fallback = transitions[1].clone();
        transitions.splice(
            0..0,
            std::iter::repeat_n(transitions[0].clone(), MAX_TRANSITIONS),
        );
        transitions.push(fallback);
    });
    assert_has(
        &errors,
        "limits.ron:46:26: error: 1,003 transitions; the limit is 1,000",
    );

    let effects = vec!["Add(id: \"arrivals\", by: 1)"; MAX_EFFECTS + 1].join(", ");
    let source = minimal_with(
        "effects: [Raise(\"storm\")]",
        &format!("effects: [{effects}]"),
    );
    assert_has(
        &load_errors(&source),
        "limits.ron:28:34: error: 201 effects in one list; the limit is 200",
    );
}

#[test]
fn decisions_with_more_than_five_options_are_refused() {
    let extra: String = (0..4)
        .map(|i| format!("DecisionOption(id: \"extra-{i}\", label: \"Extra\", tags: [Control]), "))
        .collect();
    let source = minimal_with(
        "DecisionOption(id: \"wait\"",
        &format!("{extra}DecisionOption(id: \"wait\""),
    );
    assert_has(
        &load_errors(&source),
        "decision `boat-transit` has 6 options; a decision has 2 to 5",
    );
}

#[test]
fn long_delays_cooldowns_and_huge_indicator_ranges_are_refused() {
    let source = minimal_with(
        "effects: [Raise(\"storm\")]",
        "effects: [After(turns: 1001, effects: [Raise(\"storm\")])]",
    );
    assert_has(
        &load_errors(&source),
        "error: `After` waits 1001 turns; the limit is 1000",
    );
    let source = minimal_with("once: true", "once: true, cooldown: 4000000000");
    assert_has(
        &load_errors(&source),
        "error: `cooldown` is 4000000000 turns; the limit is 1000",
    );
    let source = minimal_with(
        "min: 0, max: 100, start: 0),\n        Indicator(id: \"cost\"",
        "min: -2000000000, max: 2000000000, start: 0),\n        Indicator(id: \"cost\"",
    );
    let errors = load_errors(&source);
    assert_has(
        &errors,
        "limits.ron:14:76: error: `min` (-2000000000) is too large; indicator values lie within ±1,000,000,000",
    );
    assert_has(
        &errors,
        "limits.ron:14:94: error: `max` (2000000000) is too large",
    );
}

#[test]
fn a_synthetic_exercise_of_2000_stages_loads() {
    let source = crossings::sim::synth::synth(2_000);
    let loaded = load_source("synth-2000.ron", &source, false);
    assert!(loaded.is_ok(), "{:?}", loaded.err().map(|e| e.to_string()));
}

#[test]
fn a_script_with_too_many_actions_or_too_long_a_text_is_refused() {
    let notes = vec!["Note(text: \"x\")"; MAX_SCRIPT_ACTIONS + 1].join(",\n");
    let text = format!("Script(actions: [\n{notes}\n])");
    let e = Script::parse("long.script.ron", text.as_bytes()).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "long.script.ron: error: the script has 10,001 actions; the limit is 10,000"
    );
    let text = format!(
        "Script(actions: [\n  Note(text: \"{}\"),\n])",
        "x".repeat(MAX_TEXT_CHARS + 1)
    );
    let e = Script::parse("note.script.ron", text.as_bytes()).expect_err("refused");
    assert_eq!(
        e.to_string(),
        "note.script.ron:2:14: error: this text is 10,001 characters long; the limit is 10,000"
    );
}

/// A save of a fresh session on `minimal.ron`, embedding its source.
fn minimal_save() -> (Session, SaveFile) {
    let source = minimal();
    let loaded = load_source("minimal.ron", &source, false).expect("minimal loads");
    let session = Session::new(loaded.compiled.clone(), 1, vec![Controller::Human; 2]);
    let save = SaveFile::from_session(&session, &loaded, Default::default());
    (session, save)
}

fn unreadable_message(result: Result<SaveFile, SaveError>) -> String {
    match result {
        Err(SaveError::Unreadable { message, .. }) => message,
        Err(other) => panic!("expected an unreadable save, got: {other}"),
        Ok(_) => panic!("expected the save to be refused"),
    }
}

#[test]
fn a_save_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.save.ron");
    let file = std::fs::File::create(&path).expect("create");
    // Sparse: no disk space is used, and the size is all `read` looks at first.
    file.set_len(MAX_SAVE_BYTES as u64 + 1024 * 1024)
        .expect("set length");
    assert_eq!(
        unreadable_message(SaveFile::read(&path)),
        "the file is too large to be a save (65 MB)"
    );
    let bytes = vec![b' '; MAX_SAVE_BYTES + 1];
    assert!(unreadable_message(SaveFile::parse("s", &bytes)).contains("the limit is 64 MB"));
}

#[test]
fn a_save_with_too_many_actions_or_too_long_a_text_is_refused() {
    let (_, mut save) = minimal_save();
    let entry = LogEntry {
        action: Action::Note { text: "x".into() },
        branch: 0,
        turn: 1,
    };
    save.log = vec![entry.clone(); MAX_LOGGED_ACTIONS + 1];
    assert_eq!(
        unreadable_message(SaveFile::parse("s", save.to_text().as_bytes())),
        "the save logs 20,001 actions; the limit is 20,000"
    );

    save.log = vec![LogEntry {
        action: Action::Note {
            text: "y".repeat(MAX_TEXT_CHARS + 1),
        },
        ..entry
    }];
    let message = unreadable_message(SaveFile::parse("s", save.to_text().as_bytes()));
    assert!(
        message.contains("this text is 10,001 characters long; the limit is 10,000"),
        "{message}"
    );

    // The embedded exercise is exempt: it is checked as an exercise when it loads.
    let (_, mut save) = minimal_save();
    let source = save
        .source
        .take()
        .expect("a path-based exercise is embedded");
    save.source = Some(format!("// {}\n{source}", "z".repeat(MAX_TEXT_CHARS * 2)));
    let read = SaveFile::parse("s", save.to_text().as_bytes()).expect("the save reads");
    assert!(read.exercise("s").is_ok());
}

#[test]
fn a_session_refuses_actions_beyond_its_log_limit() {
    let (mut session, _) = minimal_save();
    let note = Action::Note { text: "n".into() };
    for _ in 0..MAX_LOGGED_ACTIONS {
        session.apply(note.clone()).expect("within the limit");
    }
    assert_eq!(
        session.apply(note),
        Err(ActionError::LogFull(MAX_LOGGED_ACTIONS))
    );
    assert_eq!(session.log.len(), MAX_LOGGED_ACTIONS);
}

#[test]
fn explore_refuses_more_runs_than_the_limit() {
    let out = crossings(&["explore", "tutorial", "--runs", "100000001"]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(
        out.stderr
            .contains("--runs must be between 1 and 100,000,000"),
        "{}",
        out.all()
    );
}
