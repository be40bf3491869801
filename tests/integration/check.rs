//! `crossings check`: one invalid fixture per error kind, each with its expected
//! `path:line:col` and message; bad files (empty, binary, huge, deeply nested); directories,
//! warnings, `--deny-warnings` and `--json`; and the complete example of the authoring
//! reference, which must pass.
//!
//! Every fixture in `tests/fixtures/invalid/` is a copy of `tests/fixtures/valid/minimal.ron`
//! with exactly one problem. Positions were counted by hand and point at the offending value.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of the real binary printed, and how it exited.
#[derive(Debug)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// stdout and stderr together, for messages whichever stream they go to.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// Asserts no panic and no backtrace reached the user.
    pub fn assert_no_panic(&self) {
        let all = self.all();
        assert!(
            !all.contains("panicked") && !all.contains("RUST_BACKTRACE"),
            "the binary panicked:\n{all}"
        );
    }
}

/// Run `crossings` with these arguments from the repository root.
pub fn crossings(args: &[&str]) -> Outcome {
    let output = Command::new(env!("CARGO_BIN_EXE_crossings"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        // English whatever the machine's locale (the i18n tests set their own).
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

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// (file in tests/fixtures/invalid, line, col, fragment of the error message).
const INVALID: &[(&str, usize, usize, &str)] = &[
    (
        "syntax-missing-comma.ron",
        6,
        5,
        "expected a comma between two items",
    ),
    (
        "syntax-unclosed-bracket.ron",
        67,
        7,
        "the file ends too early: a bracket or parenthesis is not closed",
    ),
    (
        "syntax-mismatched-bracket.ron",
        8,
        55,
        "this `)` does not match the bracket it should close",
    ),
    (
        "syntax-missing-paren.ron",
        36,
        14,
        "expected `Stage(` here: is the `(` missing?",
    ),
    (
        "quoted-choice.ron",
        10,
        34,
        "expected a name without quotes here, such as a field (`id:`) or a choice (`Control`)",
    ),
    (
        "unknown-field.ron",
        38,
        13,
        "unknown field `titel` in `Stage`; expected one of: id, title, situation, cue, decisions, transitions",
    ),
    (
        "unknown-field-in-effect.ron",
        42,
        110,
        "unknown field `rol` in `Add`; expected one of: id, role, by",
    ),
    (
        "missing-field.ron",
        49,
        9,
        "`Stage` is missing its field `title`",
    ),
    (
        "unknown-variant.ron",
        15,
        54,
        "`Finance` is not a valid choice for `Ledger`; expected one of: Control, Protection, Public, Resources",
    ),
    (
        "duplicate-stage-id.ron",
        51,
        19,
        "duplicate stage or ending id `talks`",
    ),
    (
        "duplicate-option-id.ron",
        43,
        40,
        "duplicate option id `help` in decision `talks-origin`",
    ),
    (
        "duplicate-indicator-id.ron",
        16,
        23,
        "duplicate indicator id `arrivals`",
    ),
    (
        "transition-to-missing-stage.ron",
        48,
        32,
        "transition to `harbour`, which is neither a stage nor an ending",
    ),
    (
        "unknown-indicator-in-effect.ron",
        26,
        43,
        "unknown indicator `arivals`",
    ),
    (
        "unknown-indicator-in-condition.ron",
        43,
        104,
        "unknown indicator `deaths`",
    ),
    (
        "unknown-role-in-decision.ron",
        41,
        52,
        "unknown role `destination`",
    ),
    (
        "unknown-role-in-effect.ron",
        42,
        116,
        "unknown role `destination`",
    ),
    ("unknown-inject.ron", 28, 41, "unknown inject `hurricane`"),
    (
        "unknown-agreement.ron",
        47,
        58,
        "unknown agreement `resettlement`",
    ),
    (
        "unknown-framework.ron",
        25,
        112,
        "unknown framework `made-up-treaty`",
    ),
    (
        "no-fallback-transition.ron",
        48,
        47,
        "stage `talks` has no fallback: its last transition must have no `when`",
    ),
    (
        "unreachable-stage.ron",
        51,
        19,
        "stage `island` can never be reached",
    ),
    (
        "unreachable-ending.ron",
        63,
        20,
        "ending `lost` can never be reached",
    ),
    (
        "all-options-gated.ron",
        41,
        101,
        "every option of decision `talks-origin` has a `when` gate",
    ),
    (
        "indicator-start-out-of-range.ron",
        14,
        96,
        "`start` (150) is outside the range 0..100 of `arrivals`",
    ),
    (
        "set-out-of-range.ron",
        53,
        125,
        "200 is outside the range 0..100 of `arrivals`",
    ),
    (
        "condition-out-of-range.ron",
        32,
        114,
        "500 is outside the range 0..100 of `arrivals`",
    ),
    (
        "per-role-without-role.ron",
        47,
        62,
        "indicator `cost` is per role; say which with `role: \"...\"`",
    ),
    (
        "knowledge-answer-out-of-range.ron",
        66,
        129,
        "`answer` is 2 but the question has 2 choices (answers count from 0)",
    ),
    (
        "one-option.ron",
        24,
        103,
        "decision `boat-transit` has 1 option; a decision has 2 to 5",
    ),
    (
        "random-percent-zero.ron",
        54,
        118,
        "`percent` is 0; it must be between 1 and 100",
    ),
];

/// Fixtures whose one problem is a warning, not an error.
const WARNING_ONLY: &[(&str, usize, usize, &str)] = &[
    (
        "unknown-flag.ron",
        43,
        95,
        "flag `storm-passed` is never set by any effect, so this never holds",
    ),
    (
        "delay-never-lands.ron",
        42,
        107,
        "this lands 2 turns after the choice, but stage `talks` always leads straight to an ending: it would never land",
    ),
    (
        "label-too-long.ron",
        15,
        38,
        "label is 27 characters; a per-role indicator label should be at most 12 to show in full on an 80×24 screen",
    ),
];

fn lines_with<'a>(text: &'a str, needle: &str) -> Vec<&'a str> {
    text.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn each_invalid_fixture_reports_its_one_error_at_its_place() {
    let mut failures = Vec::new();
    for &(file, line, col, fragment) in INVALID {
        let path = format!("tests/fixtures/invalid/{file}");
        let out = crossings(&["check", &path]);
        let expected = format!("{path}:{line}:{col}: error: ");
        let errors = lines_with(&out.stdout, ": error: ");
        let found = errors
            .iter()
            .any(|l| l.starts_with(&expected) && l.contains(fragment));
        if out.code != 1 || errors.len() != 1 || !found {
            failures.push(format!(
                "{file}: expected exit 1 and exactly one error `{expected}…{fragment}…`; got exit {} and:\n{}",
                out.code,
                out.all()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_invalid_fixture_is_in_a_table() {
    let listed: Vec<&str> = INVALID
        .iter()
        .chain(WARNING_ONLY)
        .map(|(file, ..)| *file)
        .collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(repo_path("tests/fixtures/invalid"))
        .expect("the invalid fixtures directory exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    for file in &on_disk {
        assert!(
            listed.contains(&file.as_str()),
            "{file} has no expected diagnostic in check.rs"
        );
    }
    for file in &listed {
        assert!(
            on_disk.iter().any(|f| f == file),
            "{file} is listed but missing"
        );
    }
}

#[test]
fn the_base_of_the_invalid_fixtures_is_clean() {
    let out = crossings(&["check", "tests/fixtures/valid/minimal.ron"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        lines_with(&out.stdout, ": error: ").is_empty(),
        "{}",
        out.all()
    );
    assert!(
        out.stdout.contains("checked 1 file: 0 errors"),
        "{}",
        out.stdout
    );
}

#[test]
fn parse_errors_speak_to_authors_not_programmers() {
    for file in [
        "unknown-field.ron",
        "unknown-field-in-effect.ron",
        "missing-field.ron",
        "unknown-variant.ron",
        "syntax-missing-comma.ron",
        "syntax-mismatched-bracket.ron",
        "syntax-unclosed-bracket.ron",
        "syntax-missing-paren.ron",
        "quoted-choice.ron",
    ] {
        let path = format!("tests/fixtures/invalid/{file}");
        let out = crossings(&["check", &path]);
        // The file names themselves say `field` and `variant`; look at the messages.
        let text = out.all().replace(&path, "").to_lowercase();
        for internal in [
            "serde",
            "struct",
            "variant",
            "identifier",
            "deserializ",
            "__",
        ] {
            assert!(
                !text.contains(internal),
                "{file}: the message mentions `{internal}`:\n{text}"
            );
        }
    }
}

#[test]
fn warning_fixtures_pass_check_and_fail_deny_warnings() {
    for &(file, line, col, fragment) in WARNING_ONLY {
        let path = format!("tests/fixtures/invalid/{file}");
        let expected = format!("{path}:{line}:{col}: warning: {fragment}");

        let out = crossings(&["check", &path]);
        assert_eq!(out.code, 0, "{}", out.all());
        assert!(
            out.stdout.lines().any(|l| l == expected),
            "expected `{expected}` in:\n{}",
            out.stdout
        );
        assert!(lines_with(&out.stdout, ": error: ").is_empty());

        let denied = crossings(&["check", "--deny-warnings", &path]);
        assert_eq!(denied.code, 1, "{}", denied.all());
        assert!(denied.stdout.lines().any(|l| l == expected));
    }
}

#[test]
fn a_directory_is_checked_file_by_file() {
    let out = crossings(&["check", "tests/fixtures/valid"]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(lines_with(&out.stdout, ": error: ").is_empty());
    let count = std::fs::read_dir(repo_path("tests/fixtures/valid"))
        .expect("valid fixtures")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".ron"))
        })
        .count();
    assert!(
        out.stdout
            .contains(&format!("checked {count} files: 0 errors")),
        "{}",
        out.stdout
    );
    // The fixtures are small, so content-shape warnings name each file.
    assert!(out.stdout.contains("tests/fixtures/valid/harbour.ron:"));
    assert!(out.stdout.contains("tests/fixtures/valid/minimal.ron:"));

    // Warnings do not fail a directory unless denied.
    let denied = crossings(&["check", "--deny-warnings", "tests/fixtures/valid"]);
    assert_eq!(denied.code, 1, "{}", denied.all());

    // A directory of broken files fails, and reports every file.
    let invalid = crossings(&["check", "tests/fixtures/invalid"]);
    assert_eq!(invalid.code, 1);
    for (file, ..) in INVALID {
        assert!(
            invalid
                .stdout
                .contains(&format!("tests/fixtures/invalid/{file}:")),
            "{file} missing from the directory check"
        );
    }
}

#[test]
fn json_output_parses_and_carries_every_diagnostic() {
    let out = crossings(&[
        "check",
        "--json",
        "tests/fixtures/invalid/one-option.ron",
        "tests/fixtures/valid/minimal.ron",
    ]);
    assert_eq!(out.code, 1, "{}", out.all());
    let value: serde_json::Value =
        serde_json::from_str(out.stdout.trim()).expect("check --json prints one JSON value");
    assert_eq!(value["errors"], 1);
    assert_eq!(value["warnings"], 4);
    let files = value["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], "tests/fixtures/invalid/one-option.ron");
    assert_eq!(files[0]["ok"], false);
    assert_eq!(files[1]["ok"], true);
    let diagnostics = value["diagnostics"].as_array().expect("diagnostics");
    let error = diagnostics
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("one error");
    assert_eq!(error["file"], "tests/fixtures/invalid/one-option.ron");
    assert_eq!(error["line"], 24);
    assert_eq!(error["col"], 103);
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("has 1 option"))
    );
    for d in diagnostics {
        for field in ["file", "line", "col", "severity", "message"] {
            assert!(!d[field].is_null(), "a diagnostic lacks `{field}`: {d}");
        }
    }

    let clean = crossings(&["check", "--json", "tests/fixtures/valid/minimal.ron"]);
    assert_eq!(clean.code, 0);
    let value: serde_json::Value = serde_json::from_str(clean.stdout.trim()).expect("JSON");
    assert_eq!(value["errors"], 0);
}

/// Write `bytes` to a file in a fresh temporary directory and check it.
fn check_bytes(name: &str, bytes: &[u8]) -> (tempfile::TempDir, String, Outcome) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write temp file");
    let path = path.to_string_lossy().into_owned();
    let out = crossings(&["check", &path]);
    (dir, path, out)
}

fn minimal_source() -> String {
    std::fs::read_to_string(repo_path("tests/fixtures/valid/minimal.ron")).expect("minimal.ron")
}

#[test]
fn empty_and_whitespace_files_are_refused() {
    for (name, bytes) in [("empty.ron", &b""[..]), ("blank.ron", &b"  \n\t\r\n  "[..])] {
        let (_dir, path, out) = check_bytes(name, bytes);
        assert_eq!(out.code, 1, "{}", out.all());
        assert!(
            out.stdout
                .contains(&format!("{path}: error: the file is empty")),
            "{}",
            out.all()
        );
    }
}

#[test]
fn a_binary_file_is_refused_at_its_first_nul_byte() {
    let mut bytes = b"Exercise(\n  id: \"x\",\n  ti".to_vec();
    bytes.push(0);
    bytes.extend_from_slice(b"tle: \"y\")\n");
    let (_dir, path, out) = check_bytes("binary.ron", &bytes);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains(&format!(
            "{path}:3:5: error: this is a binary file, not a RON text file"
        )),
        "{}",
        out.all()
    );
}

#[test]
fn invalid_utf8_is_refused_where_it_starts() {
    let source = minimal_source();
    // Line 4 is `    id: "minimal",`; break the text right after `id: "`.
    let at = source.find("\"minimal\"").expect("the id") + 1;
    let mut bytes = source.as_bytes().to_vec();
    bytes.insert(at, 0xff);
    let (_dir, path, out) = check_bytes("latin1.ron", &bytes);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains(&format!(
            "{path}:4:10: error: the file is not valid UTF-8 text (save it as UTF-8)"
        )),
        "{}",
        out.all()
    );
}

#[test]
fn ten_thousand_nested_conditions_are_refused_without_a_crash() {
    let depth = 10_000;
    let nested = format!(
        "when: {}Flag(\"rescued\"){}",
        "Not(".repeat(depth),
        ")".repeat(depth)
    );
    let source = minimal_source().replacen("when: Flag(\"rescued\")", &nested, 1);
    assert!(source.len() > 50_000);
    let (_dir, path, out) = check_bytes("deep.ron", source.as_bytes());
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains(&format!("{path}:32:")),
        "located on the transition's line:\n{}",
        out.all()
    );
    assert!(
        out.stdout
            .contains("the file nests too deeply (more than 64 levels of brackets)"),
        "{}",
        out.all()
    );
}

#[test]
fn deeply_nested_lists_are_refused_without_a_crash() {
    let depth = 10_000;
    let nested = format!(
        "when: All({}Flag(\"rescued\"){})",
        "[All(".repeat(depth),
        ")]".repeat(depth)
    );
    let source = minimal_source().replacen("when: Flag(\"rescued\")", &nested, 1);
    let (_dir, _path, out) = check_bytes("deep-lists.ron", source.as_bytes());
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(out.stdout.contains("nests too deeply"), "{}", out.all());
}

#[test]
fn a_60_megabyte_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("huge.ron");
    let mut text = minimal_source();
    let padding = format!("// {}\n", "padding ".repeat(12));
    let target = 60 * 1024 * 1024;
    text.reserve(target);
    while text.len() < target {
        text.push_str(&padding);
    }
    std::fs::write(&path, &text).expect("write 60 MB");
    let path = path.to_string_lossy().into_owned();
    let out = crossings(&["check", &path]);
    assert_eq!(out.code, 1, "{}", out.all());
    assert!(
        out.stdout.contains(&format!(
            "{path}: error: the file is too large (60.0 MB; the limit is 16 MB)"
        )),
        "{}",
        out.all()
    );
}

#[test]
fn a_missing_file_is_an_error_not_a_crash() {
    let out = crossings(&["check", "tests/fixtures/valid/no-such-file.ron"]);
    assert_eq!(out.code, 1);
    assert!(
        out.all()
            .contains("tests/fixtures/valid/no-such-file.ron: error: no such file"),
        "{}",
        out.all()
    );
}

#[test]
fn the_library_loader_reports_the_same_located_diagnostics() {
    for &(file, line, col, fragment) in INVALID {
        let name = format!("tests/fixtures/invalid/{file}");
        let bytes = std::fs::read(repo_path(&name)).expect("fixture");
        let err = crossings::scenario::load_exercise(&name, &bytes)
            .expect_err("an invalid fixture does not load");
        let hit = err
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .any(|d| d.line == line && d.col == col && d.message.contains(fragment));
        assert!(hit, "{file}: {err}");
    }
}

#[test]
fn a_line_break_inside_quoted_text_becomes_a_space() {
    // Exercise text is lists of lines; a raw line break inside quotes must not reach the
    // screen, where it would break the layout.
    let source = minimal_source().replacen(
        "summary: \"Two states and one boat.\"",
        "summary: \"Two states\nand one boat.\"",
        1,
    );
    let (exercise, _) =
        crossings::scenario::load_exercise("x.ron", source.as_bytes()).expect("it loads");
    assert_eq!(exercise.summary, "Two states and one boat.");
}

/// Every fenced ```ron block of the authoring reference.
fn reference_blocks() -> Vec<String> {
    let doc = std::fs::read_to_string(repo_path("docs/exercise-format.md"))
        .expect("docs/exercise-format.md exists");
    let mut blocks = Vec::new();
    let mut block: Option<String> = None;
    for line in doc.lines() {
        match &mut block {
            None if line.trim_start().starts_with("```ron") => block = Some(String::new()),
            Some(text) if line.trim_start().starts_with("```") => {
                blocks.push(std::mem::take(text));
                block = None;
            }
            Some(text) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// The first line of a block that is not blank or a comment.
fn first_code_line(block: &str) -> &str {
    block
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .unwrap_or("")
}

/// The one block of the authoring reference that is a whole exercise.
fn reference_example() -> String {
    let mut examples: Vec<String> = reference_blocks()
        .into_iter()
        .filter(|b| first_code_line(b).starts_with("Exercise("))
        .collect();
    assert_eq!(
        examples.len(),
        1,
        "the reference has exactly one complete example exercise"
    );
    examples.remove(0)
}

#[test]
fn the_snippets_of_the_authoring_reference_parse_as_what_they_show() {
    use crossings::scenario::load::parse_ron;
    use crossings::scenario::model::*;
    let mut checked = 0;
    for block in reference_blocks() {
        // Fragments with `...` leave parts out on purpose.
        if block.contains("...") {
            continue;
        }
        let item = block.trim_end().trim_end_matches(',');
        let kind = first_code_line(&block).split('(').next().unwrap_or("");
        let parsed = match kind {
            "Indicator" => parse_ron::<Indicator>("doc", item).map(drop),
            "Objective" => parse_ron::<Objective>("doc", item).map(drop),
            "Role" => parse_ron::<Role>("doc", item).map(drop),
            "ObligationsRow" => parse_ron::<ObligationsRow>("doc", item).map(drop),
            "Stage" => parse_ron::<Stage>("doc", item).map(drop),
            "DecisionOption" => parse_ron::<DecisionOption>("doc", item).map(drop),
            "Transition" => parse_ron::<Transition>("doc", item).map(drop),
            "Inject" => parse_ron::<Inject>("doc", item).map(drop),
            "AgreementTemplate" => parse_ron::<AgreementTemplate>("doc", item).map(drop),
            "Ending" => parse_ron::<Ending>("doc", item).map(drop),
            "Question" => parse_ron::<Question>("doc", item).map(drop),
            _ => continue,
        };
        if let Err(e) = parsed {
            panic!("a `{kind}` snippet does not parse: {e}\n{block}");
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} snippets were checked");
}

#[test]
fn the_complete_example_in_the_authoring_reference_passes_check() {
    let example = reference_example();
    let (_dir, path, out) = check_bytes("example.ron", example.as_bytes());
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(
        lines_with(&out.stdout, ": error: ").is_empty(),
        "{}",
        out.stdout
    );
    // It also plays to an ending.
    let run = crossings(&["run", &path, "--seed", "1"]);
    assert_eq!(run.code, 0, "{}", run.all());
    assert!(run.stdout.contains("Ending: "), "{}", run.stdout);
}

/// An exercise edited on Windows (Notepad saves CRLF line endings) checks as it does with
/// Unix ones: the same verdict, the same line and column for each problem.
#[test]
fn windows_line_endings_check_the_same() {
    for fixture in [
        "tests/fixtures/valid/minimal.ron",
        "tests/fixtures/invalid/syntax-missing-comma.ron",
        "tests/fixtures/invalid/unknown-indicator-in-effect.ron",
        "tests/fixtures/invalid/one-option.ron",
    ] {
        let unix = std::fs::read_to_string(repo_path(fixture)).expect("fixture");
        let windows = unix.replace('\n', "\r\n");
        let (_unix_dir, unix_path, unix_out) = check_bytes("exercise.ron", unix.as_bytes());
        let (_windows_dir, windows_path, windows_out) =
            check_bytes("exercise.ron", windows.as_bytes());
        windows_out.assert_no_panic();
        assert_eq!(
            windows_out.code,
            unix_out.code,
            "{fixture}: {}",
            windows_out.all()
        );
        assert_eq!(
            windows_out.all().replace(&windows_path, "FILE"),
            unix_out.all().replace(&unix_path, "FILE"),
            "{fixture}"
        );
    }
}
