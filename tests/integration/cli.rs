//! The command line contract: every subcommand, its exit codes (0 success, 1 errors or
//! runtime failure, 2 usage), `--help` snapshots, and the shipped exercises.
//!
//! Runs use the harbour fixture by path; shipped content is being rewritten, so tests
//! assert nothing about its text.

use super::check::{Outcome, crossings, repo_path};
use crossings::engine::Action;
use crossings::exercises::SHIPPED;
use crossings::session::{Controller, Persona, Session};

const HARBOUR: &str = "tests/fixtures/valid/harbour.ron";

fn run_harbour(extra: &[&str]) -> Outcome {
    let mut args = vec!["run", HARBOUR];
    args.extend_from_slice(extra);
    crossings(&args)
}

/// Ids of the shipped exercises that load, in file order (the ones `list` shows). That
/// every one loads is `every_shipped_exercise_is_embedded_and_passes_check`.
fn shipped_ids() -> Vec<String> {
    crossings::exercises::shipped()
        .iter()
        .map(|l| l.compiled.exercise.id.clone())
        .collect()
}

#[test]
fn help_is_stable() {
    let out = crossings(&["--help"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!("help", out.stdout);
}

#[test]
fn run_help_is_stable() {
    let out = crossings(&["run", "--help"]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!("run_help", out.stdout);
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["frobnicate"][..],
        &["check"],
        &["check", "--no-such-flag", HARBOUR],
        &["run", HARBOUR],
        &["run", HARBOUR, "--seed", "many"],
        &["list", "extra"],
    ] {
        let out = crossings(args);
        assert_eq!(
            out.code,
            2,
            "`crossings {}`:\n{}",
            args.join(" "),
            out.all()
        );
        assert!(out.stdout.is_empty(), "usage errors go to stderr");
        assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    }
}

#[test]
fn list_prints_one_line_per_shipped_exercise_beginning_with_its_id() {
    let ids = shipped_ids();
    let out = crossings(&["list"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), ids.len(), "{}", out.stdout);
    for (line, id) in lines.iter().zip(&ids) {
        assert!(line.starts_with(&format!("{id}: ")), "{line}");
    }

    let json = crossings(&["list", "--json"]);
    assert_eq!(json.code, 0);
    let value: serde_json::Value =
        serde_json::from_str(json.stdout.trim()).expect("list --json prints JSON");
    let items = value["exercises"].as_array().expect("an `exercises` array");
    assert_eq!(items.len(), ids.len());
    for (item, id) in items.iter().zip(&ids) {
        assert_eq!(item["id"], id.as_str());
        for field in ["title", "context", "roles", "duration_minutes"] {
            assert!(!item[field].is_null(), "{id} lacks `{field}`");
        }
    }
}

#[test]
fn check_exits_0_when_clean_and_1_on_errors() {
    let clean = crossings(&["check", HARBOUR]);
    assert_eq!(clean.code, 0, "{}", clean.all());
    let broken = crossings(&["check", "tests/fixtures/invalid/unknown-inject.ron"]);
    assert_eq!(broken.code, 1, "{}", broken.all());
    // One bad file among good ones fails the whole check.
    let mixed = crossings(&[
        "check",
        HARBOUR,
        "tests/fixtures/invalid/unknown-inject.ron",
    ]);
    assert_eq!(mixed.code, 1);
    assert!(mixed.stdout.contains("checked 2 files: 1 error"));
}

#[test]
fn run_plays_harbour_to_an_ending() {
    let out = run_harbour(&["--seed", "7", "--role", "origin=control-first"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stderr.is_empty(), "{}", out.stderr);
    let text = &out.stdout;
    assert!(text.starts_with("Crossings — The Harbour Test (harbour)\n"));
    assert!(text.contains("Seed 7 · Alda: control-first · Brinn: balanced · Corva: balanced"));
    assert!(text.contains("── Turn 1 · Day 1: a boat in distress ──"));
    assert!(text.contains("Alda [control-first] chooses: Step up coastal patrols"));
    assert!(text.contains("── Debrief: true values after"));
    let ending = text
        .lines()
        .find_map(|l| l.strip_prefix("  Ending: "))
        .expect("an ending line");
    assert!(
        ["Responsibility shared", "Strained relations"].contains(&ending),
        "{ending}"
    );
}

/// A transcript without its second line, which names the seed.
fn without_seed_line(text: &str) -> String {
    text.lines()
        .enumerate()
        .filter(|(i, _)| *i != 1)
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_same_seed_gives_a_byte_identical_transcript() {
    for seed in ["1", "7", "18446744073709551615"] {
        let a = run_harbour(&["--seed", seed]);
        let b = run_harbour(&["--seed", seed]);
        assert_eq!(a.code, 0, "{}", a.all());
        assert_eq!(a.stdout, b.stdout, "seed {seed}");
        let a = run_harbour(&["--seed", seed, "--json"]);
        let b = run_harbour(&["--seed", seed, "--json"]);
        assert_eq!(a.stdout, b.stdout, "seed {seed}, JSON");
    }
}

#[test]
fn another_seed_changes_what_chance_decides() {
    // Harbour's second boat comes with a 40% chance each session.
    let mut transcripts: Vec<String> = (1..=8)
        .map(|seed| without_seed_line(&run_harbour(&["--seed", &seed.to_string()]).stdout))
        .collect();
    let happened = transcripts
        .iter()
        .filter(|t| t.contains("A second boat — about as likely as not (40%): it happened"))
        .count();
    assert!(happened > 0 && happened < 8, "{happened} of 8");
    transcripts.sort();
    transcripts.dedup();
    assert!(transcripts.len() > 1);
}

#[test]
fn run_json_prints_json_lines_only() {
    let out = run_harbour(&["--seed", "7", "--json"]);
    assert_eq!(out.code, 0, "{}", out.all());
    let values: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line ({e}): {line:?}\n{}", out.stdout))
        })
        .collect();
    let first = values.first().expect("some output");
    assert_eq!(first["event"], "session_started");
    assert_eq!(first["exercise"], "harbour");
    assert_eq!(first["seed"], 7);
    // Turn 1 opens with its scheduled inject, as an event like any other.
    assert!(
        values
            .iter()
            .any(|v| v["event"] == "turn_started" && v["turn"] == 1),
        "{}",
        out.stdout
    );
    assert!(values.iter().any(|v| v["event"] == "inject_fired"
        && v["inject"] == "ship-master"
        && v["cause"] == "stage"));
    let last = values.last().expect("some output");
    assert_eq!(last["event"], "session_ended");
    assert!(last["ending"].is_string());
    assert!(last["indicators"]["cost.transit"].is_number());
}

#[test]
fn run_refuses_bad_roles_as_usage_errors() {
    for (role, says) in [
        ("nobody=balanced", "`nobody` is not a role of harbour"),
        ("origin=wizard", "unknown persona `wizard`"),
        ("origin", "--role takes ROLE=WHO"),
        ("origin=human", "`run` plays without people"),
    ] {
        let out = run_harbour(&["--seed", "1", "--role", role]);
        assert_eq!(out.code, 2, "--role {role}: {}", out.all());
        assert!(out.stdout.is_empty());
        assert!(out.stderr.contains(says), "--role {role}: {}", out.stderr);
    }
}

#[test]
fn run_of_an_unknown_exercise_id_says_so() {
    let out = crossings(&["run", "no-such-exercise", "--seed", "1"]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .contains("no shipped exercise has the id `no-such-exercise`"),
        "{}",
        out.stderr
    );
}

#[test]
fn run_of_an_invalid_file_prints_its_diagnostics() {
    let out = crossings(&[
        "run",
        "tests/fixtures/invalid/unknown-inject.ron",
        "--seed",
        "1",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains(
            "tests/fixtures/invalid/unknown-inject.ron:28:41: error: unknown inject `hurricane`"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_script_with_a_syntax_error_is_located() {
    let out = run_harbour(&[
        "--seed",
        "1",
        "--script",
        "tests/fixtures/scripts/bad-syntax.ron",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains(
            "tests/fixtures/scripts/bad-syntax.ron:5:9: error: expected a comma between two items"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_script_deciding_a_missing_option_is_located_at_that_action() {
    let out = run_harbour(&[
        "--seed",
        "1",
        "--script",
        "tests/fixtures/scripts/no-such-option.ron",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stderr.contains(
            "tests/fixtures/scripts/no-such-option.ron:5:9: error: `sink-the-boat` is not an option open to Brinn this turn (turn 1)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn a_script_for_another_exercise_is_refused() {
    let out = run_harbour(&[
        "--seed",
        "1",
        "--script",
        "tests/fixtures/scripts/other-exercise.ron",
    ]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr
            .contains("this script was written for `sea-rescue`, not `harbour`"),
        "{}",
        out.stderr
    );
    let missing = run_harbour(&["--seed", "1", "--script", "tests/fixtures/scripts/nope.ron"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no such file"),
        "{}",
        missing.stderr
    );
}

#[test]
fn a_script_plays_its_roles_and_the_transcript_shows_every_action() {
    let out = run_harbour(&[
        "--seed",
        "7",
        "--script",
        "tests/fixtures/scripts/harbour.ron",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    let text = &out.stdout;
    assert!(text.contains("Seed 7 · Alda: human · Brinn: human · Corva: human"));
    assert!(text.contains("    reason: Our citizens come first"));
    assert!(text.contains("Facilitator note: Brinn asked who pays for the patrol vessel."));
    assert!(text.contains("Facilitator undo: the last decision is withdrawn"));
    assert!(text.contains("Facilitator rewind to turn 1: a new branch starts (branch 1)"));
    assert!(text.ends_with(
        "  Ending: Responsibility shared\n    The survivors are screened and some relocate.\n"
    ));
}

#[test]
fn script_actions_after_an_ending_are_played_not_dropped() {
    // A facilitator may rewind after an ending ("what if we had rescued at once?"), and
    // rate objectives after it. The script's last five actions come after the first
    // ending; they must be applied (or refused with a located error), never ignored.
    let out = run_harbour(&[
        "--seed",
        "7",
        "--script",
        "tests/fixtures/scripts/after-the-ending.ron",
    ]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        out.stdout
            .contains("Facilitator rewind to turn 1: a new branch starts (branch 1)"),
        "the rewind after the ending was dropped:\n{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("  Ending: Responsibility shared"),
        "{}",
        out.stdout
    );
}

/// Shipped exercises, with their files on disk and in the binary agreeing.
fn shipped_files_on_disk() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(repo_path("exercises"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ron") && n.matches('.').count() == 1)
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_shipped_exercise_is_embedded_and_passes_check() {
    let on_disk = shipped_files_on_disk();
    let embedded: Vec<&str> = SHIPPED.iter().map(|(f, _)| *f).collect();
    assert_eq!(on_disk, embedded, "exercises/ and the embedded list differ");
    if on_disk.is_empty() {
        return;
    }
    let out = crossings(&["check", "exercises"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(out.stdout.contains(&format!(
        "checked {} file{}: 0 errors",
        on_disk.len(),
        if on_disk.len() == 1 { "" } else { "s" }
    )));
    // A shipped id runs by name from any directory (the exercises are embedded).
    for id in shipped_ids().into_iter().take(1) {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_crossings"))
            .args(["run", &id, "--seed", "1"])
            .current_dir(dir.path())
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "run {id}");
    }
}

/// Every assignment of the four personas to the roles of an exercise.
fn persona_combinations(roles: usize) -> Vec<Vec<Controller>> {
    let mut all = vec![Vec::new()];
    for _ in 0..roles {
        all = all
            .into_iter()
            .flat_map(|prefix: Vec<Controller>| {
                Persona::ALL.into_iter().map(move |p| {
                    let mut next = prefix.clone();
                    next.push(Controller::Persona(p));
                    next
                })
            })
            .collect();
    }
    all
}

#[test]
fn every_exercise_plays_to_an_ending_under_every_persona_combination() {
    let mut sources: Vec<(String, String)> = SHIPPED
        .iter()
        .map(|(f, s)| (format!("exercises/{f}"), (*s).to_string()))
        .collect();
    for fixture in [
        "tests/fixtures/valid/harbour.ron",
        "tests/fixtures/valid/minimal.ron",
    ] {
        let source = std::fs::read_to_string(repo_path(fixture)).expect("fixture");
        sources.push((fixture.to_string(), source));
    }
    for (origin, source) in &sources {
        // A shipped exercise that does not load fails the check test instead.
        let Ok(loaded) = crossings::exercises::load_source(origin, source, false) else {
            continue;
        };
        let compiled = loaded.compiled;
        for controllers in persona_combinations(compiled.role_count) {
            for seed in [1, 42] {
                let mut session = Session::new(compiled.clone(), seed, controllers.clone());
                // Personas act until nobody can; a stage without decisions then moves on.
                while !session.state.is_ended() && session.state.turn <= 1_000 {
                    if session.play_personas().is_empty() {
                        session.apply(Action::Continue).unwrap_or_else(|e| {
                            panic!("{origin}, seed {seed}, {controllers:?}: stuck: {e}")
                        });
                    }
                }
                assert!(
                    session.state.ending.is_some(),
                    "{origin}, seed {seed}, {controllers:?}: concluded without an ending"
                );
            }
        }
    }
}

#[test]
fn explore_draws_no_progress_bar_when_standard_error_is_not_a_terminal() {
    // Long enough that a bar would be drawn (it redraws every 100 ms) were stderr a
    // terminal; here stderr is a pipe, as in scripts and CI.
    for json in [false, true] {
        let mut args = vec!["explore", "sea-rescue", "--runs", "15000", "--jobs", "2"];
        if json {
            args.push("--json");
        }
        let out = crossings(&args);
        assert_eq!(out.code, 0, "{}", out.all());
        assert_eq!(out.stderr, "", "json: {json}");
        assert!(!out.stdout.contains('\r'), "json: {json}");
    }
}

// ------------------------------------------------- closed streams: quiet, never a panic

/// Which standard stream of the child is a pipe nobody reads.
#[derive(Clone, Copy, Debug)]
enum Gone {
    Stdout,
    Stderr,
}

/// Run `crossings` with one stream a pipe whose reader is closed before it starts (as
/// `crossings list | head -0`, or a terminal that went away): (exit code, the other
/// stream's text).
fn crossings_with(gone: Gone, args: &[&str]) -> (Option<i32>, String) {
    use std::process::{Command, Stdio};
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let mut command = Command::new(env!("CARGO_BIN_EXE_crossings"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C")
        .env_remove("RUST_BACKTRACE");
    match gone {
        Gone::Stdout => command.stdout(writer).stderr(Stdio::piped()),
        Gone::Stderr => command.stderr(writer).stdout(Stdio::piped()),
    };
    let output = command.output().expect("the crossings binary runs");
    let other = match gone {
        Gone::Stdout => output.stderr,
        Gone::Stderr => output.stdout,
    };
    (
        output.status.code(),
        String::from_utf8_lossy(&other).into_owned(),
    )
}

#[test]
fn output_to_a_closed_pipe_ends_quietly() {
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["run", HARBOUR, "--seed", "1"],
        &["run", HARBOUR, "--seed", "1", "--json"],
        &["check", HARBOUR],
        &["explore", HARBOUR, "--runs", "20"],
        &["graph", HARBOUR],
        &["--help"],
    ] {
        let (code, stderr) = crossings_with(Gone::Stdout, args);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn diagnostics_to_a_closed_stderr_do_not_panic() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let script = dir.path().join("bad.script.ron");
    std::fs::write(&script, "not a script").expect("write the script");
    let invalid = "tests/fixtures/invalid/syntax-missing-comma.ron";
    let other_exercise = dir.path().join("other.script.ron");
    std::fs::write(
        &other_exercise,
        "Script(exercise: \"elsewhere\", actions: [])",
    )
    .expect("write the script");
    for args in [
        vec![
            "run",
            HARBOUR,
            "--seed",
            "1",
            "--script",
            script.to_str().unwrap(),
        ],
        vec![
            "run",
            HARBOUR,
            "--seed",
            "1",
            "--script",
            other_exercise.to_str().unwrap(),
        ],
        vec!["run", invalid, "--seed", "1"],
        vec!["check", invalid],
        vec!["report", "no-such.save.ron"],
        vec!["run", HARBOUR, "--seed", "x"],
    ] {
        let (code, stdout) = crossings_with(Gone::Stderr, &args);
        assert!(matches!(code, Some(1 | 2)), "{args:?}: {code:?} {stdout}");
    }
}
